/*
 * cmd_migrate.c - `agora migrate`: apply pending migrations and exit, the
 * explicit step before a rolling upgrade on PostgreSQL.  `--check` only
 * reports what is pending.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "store/migrate.h"
#include "store/store.h"

struct migrate_opts {
    int check;
};

static const struct setting_def migrate_opt_defs[] = {
    {"check", NULL, SET_BOOL, offsetof(struct migrate_opts, check), "false", 0, 0, CMD_MIGRATE,
     "Only report pending migrations; apply nothing"},
};

int cmd_migrate(int argc, char **argv, int first)
{
    struct config cfg;
    struct migrate_opts opts;
    char *pos[1];
    int npos;
    int rc = settings_parse(&cfg, CMD_MIGRATE, migrate_opt_defs, 1, &opts,
                            "usage: agora migrate [--check] [settings]", argc, argv, first, pos,
                            0, &npos);
    if (rc != 0)
        return CLI_PARSE_EXIT(rc);
    if (cli_init(&cfg) != 0)
        return 1;
    char err[512];
    struct store_options so = {.busy_timeout_ms = (int)cfg.busy_timeout_ms};
    if (store_open(cfg.db, &so, err, sizeof err) != 0) {
        fprintf(stderr, "agora: %s\n", err);
        return 1;
    }
    int n = 0;
    if (opts.check)
        rc = migrate_check(store_conn_get(), &n, err, sizeof err);
    else
        rc = migrate_apply(store_conn_get(), &n, err, sizeof err);
    store_close();
    if (rc != 0) {
        fprintf(stderr, "agora: %s\n", err);
        return 1;
    }
    printf(opts.check ? "%d migration(s) pending; schema version %d in this binary\n"
                      : "%d migration(s) applied; schema version %d\n",
           n, migrate_latest());
    return 0;
}
