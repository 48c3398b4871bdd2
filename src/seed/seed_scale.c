/*
 * seed_scale.c - `agora seed --scale N`: a deterministic data set of N
 * offers for benchmarks (see seed.h).  The same N gives the same rows on
 * every run and engine; times are relative to the start of the current
 * UTC day (so that sales are running "now"), the only input besides N.
 * Written in transactions of about 100,000 rows.
 */
#include <stdio.h>
#include <time.h>

#include "core/timeutil.h"
#include "seed/seed.h"
#include "seed/seed_gen.h"

/* 1 when the database has no accounts, retailers or products; 0 when it
 * has some; -1 on error. */
static int seed_db_empty(store_conn *db)
{
    store_stmt *st = store_prepare(db, "SELECT (SELECT COUNT(*) FROM accounts) + (SELECT "
                                       "COUNT(*) FROM retailers) + (SELECT COUNT(*) FROM "
                                       "products)");
    if (!st)
        return -1;
    int rc = store_step(st);
    int64_t n = rc == STORE_ROW ? store_col_i64(st, 0) : -1;
    store_reset(st);
    return n < 0 ? -1 : n == 0;
}

int seed_scale(store_conn *db, int64_t n, FILE *report)
{
    if (n < SEED_SCALE_MIN || n > SEED_SCALE_MAX) {
        fprintf(stderr, "agora: --scale must be between %d and %d offers, not %lld\n",
                SEED_SCALE_MIN, SEED_SCALE_MAX, (long long)n);
        return -1;
    }
    int empty = seed_db_empty(db);
    if (empty < 0)
        return seed_fail(db, "cannot read the database");
    if (!empty) {
        fprintf(stderr, "agora: --scale needs an empty database (this one has accounts, "
                        "retailers or products); use a new --db\n");
        return -1;
    }
    int64_t now = time_now();
    struct seed_plan p = {
        .now = now - now % 86400,
        .stores_per_retailer = n / 4000 > 5 ? (int)(n / 4000) : 5,
        .products = n / 10,
        .offers = n,
        .sale_percent = 20,
        .fake_percent = 5,
        .shoppers = n / 10,
        .friendships = n,
        .shopper_domain = "scale.agora.test",
        .shopper_hash = seed_password_hash,
        .commit_rows = 100000,
        .seed = 0x5CA1E5EEDull,
        .progress = report,
    };
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    fprintf(report, "scale data set of %lld offers:\n", (long long)n);
    /* SQLite's default page cache (2 MB) thrashes on the offers' indexes
     * once they outgrow it (1M offers: 94 s instead of about 30 s); a
     * connection setting for this load only, no schema or data change. */
    if (store_conn_engine(db) == STORE_SQLITE && store_exec(db, "PRAGMA cache_size = -262144"))
        fprintf(stderr, "agora: warning: cannot enlarge the page cache: %s\n", store_errmsg(db));
    int rc = seed_generate(db, &p, NULL, NULL);
    if (rc != 0) {
        fprintf(stderr, "agora: the scale data set is incomplete; start again on a new "
                        "database\n");
        return -1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    fprintf(report, "loaded in %.1f s (shoppers' password: %s)\n",
            (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
            SEED_DEMO_PASSWORD);
    return 0;
}
