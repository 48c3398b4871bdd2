/*
 * cmd_seed.c - `agora seed --demo`: load the demo data set (what `make run`
 * does for a new database); `--logins` prints the demo logins only.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "seed/seed.h"
#include "store/store.h"

struct seed_opts {
    int demo;
    int logins;
};

static const struct setting_def seed_opt_defs[] = {
    {"demo", NULL, SET_BOOL, offsetof(struct seed_opts, demo), "false", 0, 0, CMD_SEED,
     "Load the demo data set (skipped when already loaded)"},
    {"logins", NULL, SET_BOOL, offsetof(struct seed_opts, logins), "false", 0, 0, CMD_SEED,
     "Print the demo logins and exit"},
};

int cmd_seed(int argc, char **argv, int first)
{
    struct config cfg;
    struct seed_opts opts;
    char *pos[1];
    int npos;
    int rc = settings_parse(&cfg, CMD_SEED, seed_opt_defs,
                            sizeof seed_opt_defs / sizeof seed_opt_defs[0], &opts,
                            "usage: agora seed --demo | --logins [settings]", argc, argv, first,
                            pos, 0, &npos);
    if (rc != 0)
        return CLI_PARSE_EXIT(rc);
    if (opts.logins) {
        seed_print_logins(stdout);
        return 0;
    }
    if (!opts.demo) {
        fprintf(stderr, "agora: say what to seed: --demo (see --help)\n");
        return 2;
    }
    if (cli_init(&cfg) != 0 || cli_open_store(&cfg) != 0)
        return 1;
    rc = seed_demo(store_conn_get(), stdout);
    store_close();
    if (rc != 0)
        return 1;
    seed_print_logins(stdout);
    return 0;
}
