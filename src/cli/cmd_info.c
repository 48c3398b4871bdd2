/*
 * cmd_info.c - the informational commands: version, routes (the route
 * table, read by the OpenAPI test) and settings (docs/configuration.md).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "http/server.h"
#include "store/migrate.h"

#ifndef AGORA_VERSION
#define AGORA_VERSION "0.1.0"
#endif

int cmd_version(int argc, char **argv, int first)
{
    if (first < argc && strcmp(argv[first], "--help") == 0) {
        printf("usage: agora version\n\nPrints the version of agora and the newest database "
               "schema version it knows.\n");
        return 0;
    }
    printf("agora %s (schema %d)\n", AGORA_VERSION, migrate_latest());
    return 0;
}

int cmd_routes(int argc, char **argv, int first)
{
    if (first < argc && strcmp(argv[first], "--help") == 0) {
        printf("usage: agora routes\n\nPrints METHOD PATH ACCESS SUMMARY for every route, "
               "tab-separated.\n");
        return 0;
    }
    static const char *const access[] = {"public", "user", "staff", "admin"};
    for (size_t i = 0; i < app_routes_count; i++)
        printf("%s\t%s\t%s\t%s\n", app_routes[i].method, app_routes[i].pattern,
               access[app_routes[i].access], app_routes[i].summary);
    return 0;
}

int cmd_settings(int argc, char **argv, int first)
{
    if (first < argc && strcmp(argv[first], "--markdown") == 0) {
        settings_print_markdown(stdout);
        return 0;
    }
    printf("usage: agora settings [--markdown]\n");
    settings_print_help(stdout, CMD_ALL, NULL, 0);
    return 0;
}
