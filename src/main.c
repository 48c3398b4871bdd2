/*
 * main.c - the agora binary: picks the subcommand; nothing else.
 *
 * argv -> config -> storage -> http happens inside each command (src/cli/).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const struct {
    const char *name;
    int (*run)(int argc, char **argv, int first);
    const char *help;
} commands[] = {
    {"serve", cmd_serve, "serve the API and the web UI"},
    {"migrate", cmd_migrate, "apply pending database migrations"},
    {"seed", cmd_seed, "load demo data (--demo) or benchmark data (--scale N)"},
    {"backup", cmd_backup, "copy the live SQLite database to FILE"},
    {"user", cmd_user, "manage accounts: user add"},
    {"import", cmd_import, "import a product feed or stores: import feed|stores --retailer ID FILE"},
    {"version", cmd_version, "print the version"},
    {"routes", cmd_routes, "print the route table"},
    {"settings", cmd_settings, "print every setting (--markdown for the docs)"},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: agora COMMAND [options]   (agora COMMAND --help for more)\n\n"
                 "Commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].help);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0)
        return cmd_version(argc, argv, 2);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc, argv, 2);
    fprintf(stderr, "agora: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return 2;
}
