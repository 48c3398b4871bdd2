/*
 * cmd_seed.c - `agora seed --demo`: load the demo city (what `make run`
 * does for a new database); `--scale N`: the deterministic benchmark data
 * set of N offers into an empty database; `--logins` prints the demo
 * logins only.  What each contains: docs/demo.md.
 */
#include <stdint.h>
#include <stdio.h>

#include "cli/cli.h"
#include "seed/seed.h"
#include "store/store.h"

struct seed_opts {
    int demo;
    int logins;
    int64_t scale;
};

static const struct setting_def seed_opt_defs[] = {
    {"demo", NULL, SET_BOOL, offsetof(struct seed_opts, demo), "false", 0, 0, CMD_SEED,
     "Load the demo city: 4 retailers, 20 stores in Lyon, 2,000 products, 20,000 offers, "
     "500 shoppers and the demo logins (skipped when already loaded)"},
    {"scale", NULL, SET_INT, offsetof(struct seed_opts, scale), "0", 0, INT64_MAX, CMD_SEED,
     "Load N offers (1000 to 5000000) with N/10 products and shoppers and N friendships "
     "into an empty database, the same data for the same N (benchmarks; password agora-demo)"},
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
                            "usage: agora seed --demo | --scale N | --logins [settings]", argc,
                            argv, first, pos, 0, &npos);
    if (rc != 0)
        return CLI_PARSE_EXIT(rc);
    if (opts.logins) {
        seed_print_logins(stdout);
        return 0;
    }
    if (opts.demo == (opts.scale != 0)) {
        fprintf(stderr, "agora: say what to seed: --demo or --scale N (see --help)\n");
        return 2;
    }
    if (opts.scale && (opts.scale < SEED_SCALE_MIN || opts.scale > SEED_SCALE_MAX)) {
        fprintf(stderr, "agora: --scale must be between %d and %d offers, not %lld\n",
                SEED_SCALE_MIN, SEED_SCALE_MAX, (long long)opts.scale);
        return 2;
    }
    if (cli_init(&cfg) != 0 || cli_open_store(&cfg) != 0)
        return 1;
    if (opts.scale)
        rc = seed_scale(store_conn_get(), opts.scale, stdout);
    else
        rc = seed_demo(store_conn_get(), stdout);
    store_close();
    if (rc != 0)
        return 1;
    if (opts.demo)
        seed_print_logins(stdout);
    return 0;
}
