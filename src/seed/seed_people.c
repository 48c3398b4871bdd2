/*
 * seed_people.c - generated shoppers: an account sharing one password
 * hash, a coarse home somewhere in the city, interests (categories, a
 * brand, maybe a tag), follows (a retailer, a brand) and friendships (see
 * seed_gen.h).
 *
 * Friendships: plan->friendships pairs, each stored in both directions as
 * the people module does, written set-based.  Pair j joins shopper
 * i = j mod M with shopper (i + d[j / M]) mod M, where the distances d are
 * distinct and below M/2, so no pair repeats and each shopper has about
 * 2 * friendships / M friends (M shoppers, consecutive ids).
 */
#include <stdio.h>
#include <string.h>

#include "catalog/catalog.h"
#include "core/buf.h"
#include "core/limits.h"
#include "core/mem.h"
#include "people/area.h"
#include "seed/seed_gen.h"

#define DAY 86400

/* Builds "(0, x0), (1, x1), ..." of n ids into b; BUF_OK or BUF_FULL. */
static int seed_values_ids(struct buf *b, const int64_t *ids, size_t n)
{
    int rc = BUF_OK;
    for (size_t i = 0; i < n; i++)
        rc |= buf_printf(b, "%s(%zu, %lld)", i ? ", " : "", i, (long long)ids[i]);
    return rc;
}

/* Same with quoted strings (quotes doubled). */
static int seed_values_text(struct buf *b, const struct seed_list *l)
{
    int rc = BUF_OK;
    for (size_t i = 0; i < l->n; i++) {
        rc |= buf_printf(b, "%s(%zu, '", i ? ", " : "", i);
        for (const char *c = l->w[i]; *c; c++)
            rc |= *c == '\'' ? buf_puts(b, "''") : buf_putc(b, *c);
        rc |= buf_puts(b, "')");
    }
    return rc;
}

/* For every shopper a (id above floor) where cond holds, inserts into
 * table (account_id, cols) the values sel, where v is the row of the
 * VALUES list whose index is (expr) mod n.  Returns the rows written, or
 * -1. */
static int64_t seed_assign(store_conn *db, int64_t floor, const char *table, const char *cols,
                           const char *sel, const struct buf *values, size_t n, const char *expr,
                           const char *cond)
{
    struct buf sql;
    buf_init(&sql, AG_SQL_TEXT_MAX);
    int full = buf_printf(&sql,
                          "INSERT INTO %s (account_id, %s) SELECT a.id, %s FROM accounts a "
                          "JOIN (VALUES %s) v ON v.column1 = (%s) %% %zu WHERE a.id > $1 AND "
                          "%s ORDER BY a.id",
                          table, cols, sel, values->data, expr, n, cond);
    int64_t rc = -1;
    store_stmt *st = full == BUF_OK ? store_prepare(db, sql.data) : NULL;
    if (st) {
        store_bind_i64(st, 1, floor);
        if (store_run(st) == STORE_DONE)
            rc = store_changes(db);
    }
    buf_free(&sql);
    if (rc < 0)
        seed_fail(db, "cannot write the shoppers' profiles");
    return rc;
}

/* The accounts of the shoppers, numbered from 1, with names from the
 * lists; *floor gets the highest account id before them. */
static int seed_accounts(store_conn *db, const struct seed_plan *p, struct seed_world *w,
                         int64_t *floor)
{
    store_stmt *st = store_prepare(db, "SELECT COALESCE(MAX(id), 0) FROM accounts");
    if (!st || store_step(st) != STORE_ROW)
        return seed_fail(db, "cannot read accounts");
    *floor = store_col_i64(st, 0);
    store_reset(st);
    struct buf first, last, sql;
    buf_init(&first, 4096);
    buf_init(&last, 4096);
    buf_init(&sql, AG_SQL_TEXT_MAX);
    int full = seed_values_text(&first, &seed_first_names);
    full |= seed_values_text(&last, &seed_last_names);
    full |= buf_printf(
        &sql,
        "WITH RECURSIVE n(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT i + 1 FROM n "
        "WHERE i + 1 < CAST($1 AS BIGINT)) INSERT INTO accounts (email, password_hash, "
        "display_name, role, created_at, updated_at) SELECT 'shopper' || CAST(n.i + 1 AS TEXT) "
        "|| '@' || CAST($2 AS TEXT), CAST($3 AS TEXT), f.column2 || ' ' || l.column2, "
        "'shopper', CAST($4 AS BIGINT) - (n.i * 7919 %% 670 + 30) * 86400, "
        "CAST($4 AS BIGINT) - (n.i * 7919 %% 670 + 30) * 86400 FROM n "
        "JOIN (VALUES %s) f ON f.column1 = n.i %% %zu "
        "JOIN (VALUES %s) l ON l.column1 = (n.i * 7 + n.i / %zu) %% %zu ORDER BY n.i",
        first.data, seed_first_names.n, last.data, seed_first_names.n, seed_last_names.n);
    int rc = -1;
    st = full == BUF_OK ? store_prepare(db, sql.data) : NULL;
    if (st) {
        store_bind_i64(st, 1, p->shoppers);
        store_bind_text(st, 2, p->shopper_domain);
        store_bind_text(st, 3, p->shopper_hash);
        store_bind_i64(st, 4, p->now);
        if (store_run(st) == STORE_DONE && store_changes(db) == p->shoppers)
            rc = 0;
    }
    buf_free(&first);
    buf_free(&last);
    buf_free(&sql);
    if (rc != 0)
        return seed_fail(db, "cannot create the shoppers");
    /* Their ids: consecutive, as one statement in one transaction wrote them. */
    st = store_prepare(db, "SELECT MIN(id), MAX(id) FROM accounts WHERE id > $1");
    if (!st)
        return seed_fail(db, "cannot read accounts");
    store_bind_i64(st, 1, *floor);
    int64_t lo = 0, hi = -1;
    if (store_step(st) == STORE_ROW) {
        lo = store_col_i64(st, 0);
        hi = store_col_i64(st, 1);
    }
    store_reset(st);
    if (hi - lo + 1 != p->shoppers) {
        fprintf(stderr, "agora: seed: the shoppers' ids are not consecutive\n");
        return -1;
    }
    for (int64_t i = 0; i < p->shoppers; i++)
        w->shoppers[i] = lo + i;
    w->nshoppers = p->shoppers;
    return seed_tick(db, p, w, p->shoppers);
}

/* The coarse homes: the grid nodes of the city (people/area.h). */
static size_t seed_homes(struct buf *b)
{
    size_t n = 0;
    double last_lat = 1e9, last_lon = 1e9;
    for (double lat = SEED_CITY_LAT_MIN; lat <= SEED_CITY_LAT_MAX; lat += 0.01)
        for (double lon = SEED_CITY_LON_MIN; lon <= SEED_CITY_LON_MAX; lon += 0.01) {
            struct people_area a;
            if (people_area_round(lat, lon, &a) != 0 || (a.lat == last_lat && a.lon == last_lon))
                continue;
            last_lat = a.lat;
            last_lon = a.lon;
            if (buf_printf(b, "%s(%zu, %.15g, %.15g)", n ? ", " : "", n, a.lat, a.lon) != BUF_OK)
                return 0;
            n++;
        }
    return n;
}

static int seed_friendships(store_conn *db, const struct seed_plan *p, struct seed_world *w)
{
    int64_t m = w->nshoppers;
    if (p->friendships <= 0 || m < 3)
        return 0;
    int64_t first = w->shoppers[0], rounds = (p->friendships + m - 1) / m, maxd = (m - 1) / 2;
    if (w->shoppers[m - 1] - first != m - 1 || rounds > 64 || rounds > maxd) {
        fprintf(stderr, "agora: seed: too many friendships for the shoppers\n");
        return -1;
    }
    /* Distinct distances: the first few short (neighbours), then any. */
    int64_t d[64];
    char values[64 * 32] = "";
    size_t used = 0;
    for (int64_t k = 0; k < rounds; k++) {
        int dup;
        do {
            d[k] = k < 3 ? k + 1 : seed_rng_range(&w->rng, 1, maxd);
            dup = 0;
            for (int64_t i = 0; i < k; i++)
                dup |= d[i] == d[k];
        } while (dup);
        used += (size_t)snprintf(values + used, sizeof values - used, "%s(%lld, %lld)",
                                 k ? ", " : "", (long long)k, (long long)d[k]);
    }
    /* Shopper i (ids first .. first + m - 1) befriends i + d[k] mod m for
     * every k with k * m + i < friendships: exactly that many pairs. */
    char sql[sizeof values + 1024];
    snprintf(sql, sizeof sql,
             "INSERT INTO friendships (account_id, friend_id, since) "
             "SELECT a.id, CAST($1 AS BIGINT) + (a.id - CAST($1 AS BIGINT) + d.column2) %% "
             "CAST($2 AS BIGINT), CAST($4 AS BIGINT) - ((a.id * 7919 + d.column1 * 104729) "
             "%% 600 + 1) * 86400 FROM accounts a, (VALUES %s) d WHERE a.id BETWEEN "
             "CAST($1 AS BIGINT) AND CAST($1 AS BIGINT) + CAST($2 AS BIGINT) - 1 AND "
             "d.column1 * CAST($2 AS BIGINT) + a.id - CAST($1 AS BIGINT) < CAST($3 AS BIGINT) "
             "ORDER BY d.column1, a.id",
             values);
    store_stmt *st = store_prepare(db, sql);
    if (!st)
        return seed_fail(db, "cannot prepare friendships");
    store_bind_i64(st, 1, first);
    store_bind_i64(st, 2, m);
    store_bind_i64(st, 3, p->friendships);
    store_bind_i64(st, 4, p->now);
    if (store_run(st) != STORE_DONE)
        return seed_fail(db, "cannot insert friendships");
    if (store_changes(db) != p->friendships) {
        fprintf(stderr, "agora: seed: %lld friendships written instead of %lld\n",
                (long long)store_changes(db), (long long)p->friendships);
        return -1;
    }
    /* The other direction of each, as the people module stores them. */
    st = store_prepare(db, "INSERT INTO friendships (account_id, friend_id, since) "
                           "SELECT friend_id, account_id, since FROM friendships "
                           "WHERE account_id BETWEEN $1 AND $2 ORDER BY account_id, friend_id");
    if (!st)
        return seed_fail(db, "cannot prepare friendships");
    store_bind_i64(st, 1, first);
    store_bind_i64(st, 2, first + m - 1);
    if (store_run(st) != STORE_DONE)
        return seed_fail(db, "cannot insert friendships");
    return seed_tick(db, p, w, 2 * p->friendships);
}

int seed_people(store_conn *db, const struct seed_plan *p, struct seed_world *w)
{
    w->shoppers = mem_calloc((size_t)(p->shoppers > 0 ? p->shoppers : 1), sizeof *w->shoppers);
    int64_t floor = 0;
    if (p->shoppers <= 0)
        return 0;
    if (seed_accounts(db, p, w, &floor) != 0)
        return -1;
    int64_t leaves[SEED_MAX_TOPS * SEED_MAX_LEAVES], brands[SEED_MAX_TOPS * SEED_MAX_BRANDS];
    size_t nleaves = 0, nbrands = 0;
    for (size_t t = 0; t < seed_ntops; t++) {
        for (size_t l = 0; l < seed_tops[t].nleaves; l++)
            leaves[nleaves++] = w->leaf[t][l];
        for (size_t b = 0; b < seed_tops[t].nbrands; b++)
            brands[nbrands++] = w->brand[t][b];
    }
    struct buf homes, tops, leafs, brandv, tags, rets;
    buf_init(&homes, AG_SQL_TEXT_MAX);
    buf_init(&tops, 4096);
    buf_init(&leafs, 4096);
    buf_init(&brandv, 4096);
    buf_init(&tags, 4096);
    buf_init(&rets, 4096);
    size_t nhomes = seed_homes(&homes);
    int full = seed_values_ids(&tops, w->top, seed_ntops);
    full |= seed_values_ids(&leafs, leaves, nleaves);
    full |= seed_values_ids(&brandv, brands, nbrands);
    full |= seed_values_text(&tags, &seed_tags);
    full |= seed_values_ids(&rets, w->retailer, SEED_NKINDS);
    /* Each shopper: a home, a top category, a leaf, a brand (also
     * followed), a tag for one in two, a retailer followed, a second for
     * two in five.  The mixing constants spread the choices. */
    const struct {
        const char *table, *cols, *sel;
        const struct buf *values;
        size_t n;
        const char *expr, *cond;
    } steps[] = {
        {"profiles", "home_lat, home_lon, activity_visibility, area_visibility, updated_at",
         "v.column2, v.column3, 'friends', 'friends', a.created_at", &homes, nhomes,
         "a.id * 13 + 5", "1 = 1"},
        {"interests", "category_id, created_at", "v.column2, a.created_at", &tops, seed_ntops,
         "a.id", "1 = 1"},
        {"interests", "category_id, created_at", "v.column2, a.created_at", &leafs, nleaves,
         "a.id * 7 + 3", "1 = 1"},
        {"interests", "brand_id, created_at", "v.column2, a.created_at", &brandv, nbrands,
         "a.id * 11 + 5", "1 = 1"},
        {"interests", "tag, created_at", "v.column2, a.created_at", &tags, seed_tags.n, "a.id / 2",
         "a.id % 2 = 0"},
        {"follows", "brand_id, created_at", "v.column2, a.created_at", &brandv, nbrands,
         "a.id * 11 + 5", "1 = 1"},
        {"follows", "retailer_id, created_at", "v.column2, a.created_at", &rets, SEED_NKINDS,
         "a.id", "1 = 1"},
        {"follows", "retailer_id, created_at", "v.column2, a.created_at", &rets, SEED_NKINDS,
         "a.id + 1 + a.id / 5 % 3", "a.id % 5 < 2"},
    };
    int rc = full == BUF_OK && nhomes > 0 ? 0 : seed_fail(db, "the value lists are too long");
    for (size_t i = 0; i < sizeof steps / sizeof steps[0] && rc == 0; i++) {
        int64_t n = seed_assign(db, floor, steps[i].table, steps[i].cols, steps[i].sel,
                                steps[i].values, steps[i].n, steps[i].expr, steps[i].cond);
        rc = n < 0 ? -1 : seed_tick(db, p, w, n);
    }
    buf_free(&homes);
    buf_free(&tops);
    buf_free(&leafs);
    buf_free(&brandv);
    buf_free(&tags);
    buf_free(&rets);
    if (rc != 0)
        return -1;
    seed_progress(p, w, "%lld shoppers", (long long)w->nshoppers);
    if (seed_friendships(db, p, w) != 0)
        return -1;
    seed_progress(p, w, "%lld friendships", (long long)p->friendships);
    return 0;
}
