/*
 * seed_people.c - generated shoppers: an account sharing one password
 * hash, a coarse home somewhere in the city, interests (categories, a
 * brand, maybe a tag), follows (a retailer, a brand) and friendships (see
 * seed_gen.h).
 *
 * Friendships: plan->friendships pairs, each stored in both directions as
 * the people module does.  Pair j joins shopper i = j mod M with shopper
 * (i + d[j / M]) mod M, where the distances d are distinct and below M/2,
 * so no pair repeats and each shopper has about 2 * friendships / M
 * friends (M shoppers).
 */
#include <stdio.h>
#include <string.h>

#include "catalog/catalog.h"
#include "core/mem.h"
#include "people/area.h"
#include "people/profile.h"
#include "platform/accounts.h"
#include "seed/seed_gen.h"

#define DAY 86400

static int seed_interest(store_conn *db, int64_t account, int64_t category, int64_t brand,
                         const char *tag, int64_t now)
{
    store_stmt *st = store_prepare(db, "INSERT INTO interests (account_id, category_id, "
                                       "brand_id, tag, created_at) VALUES ($1, $2, $3, $4, $5)");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, account);
    catalog_bind_opt(st, 2, category);
    catalog_bind_opt(st, 3, brand);
    store_bind_text(st, 4, tag);
    store_bind_i64(st, 5, now);
    return store_run(st);
}

static int seed_follow(store_conn *db, int64_t account, int64_t retailer, int64_t brand,
                       int64_t now)
{
    store_stmt *st = store_prepare(db, "INSERT INTO follows (account_id, retailer_id, brand_id, "
                                       "created_at) VALUES ($1, $2, $3, $4)");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, account);
    catalog_bind_opt(st, 2, retailer);
    catalog_bind_opt(st, 3, brand);
    store_bind_i64(st, 4, now);
    return store_run(st);
}

static int seed_shopper(store_conn *db, const struct seed_plan *p, struct seed_world *w, int64_t n,
                        int64_t *id)
{
    struct seed_rng *g = &w->rng;
    char email[AG_EMAIL_MAX + 1], name[128];
    snprintf(email, sizeof email, "shopper%lld@%s", (long long)(n + 1), p->shopper_domain);
    snprintf(name, sizeof name, "%s %s", seed_rng_pick(g, seed_first_names.w, seed_first_names.n),
             seed_rng_pick(g, seed_last_names.w, seed_last_names.n));
    int64_t joined = p->now - seed_rng_range(g, 30, 700) * DAY;
    if (acct_create(db, email, p->shopper_hash, name, ROLE_SHOPPER, 0, joined, id) != STORE_DONE)
        return seed_fail(db, "cannot create a shopper");
    struct people_profile prof = {.activity = PEOPLE_VIS_FRIENDS, .area = PEOPLE_VIS_FRIENDS};
    double lat = SEED_CITY_LAT_MIN + (SEED_CITY_LAT_MAX - SEED_CITY_LAT_MIN) * seed_rng_unit(g);
    double lon = SEED_CITY_LON_MIN + (SEED_CITY_LON_MAX - SEED_CITY_LON_MIN) * seed_rng_unit(g);
    prof.has_home = people_area_round(lat, lon, &prof.home) == 0;
    if (people_profile_save(db, *id, &prof, joined) != STORE_DONE)
        return seed_fail(db, "cannot write a profile");
    /* A top category, a leaf of another one, a brand, maybe a tag. */
    size_t t1 = (size_t)seed_rng_below(g, seed_ntops);
    size_t t2 = (t1 + 1 + (size_t)seed_rng_below(g, seed_ntops - 1)) % seed_ntops;
    size_t l2 = (size_t)seed_rng_below(g, seed_tops[t2].nleaves);
    size_t bt = seed_rng_chance(g, 50) ? t1 : t2;
    size_t b = (size_t)seed_rng_below(g, seed_tops[bt].nbrands);
    int rows = 3;
    if (seed_interest(db, *id, w->top[t1], 0, NULL, joined) != STORE_DONE ||
        seed_interest(db, *id, w->leaf[t2][l2], 0, NULL, joined) != STORE_DONE ||
        seed_interest(db, *id, 0, w->brand[bt][b], NULL, joined) != STORE_DONE)
        return seed_fail(db, "cannot write interests");
    if (seed_rng_chance(g, 50)) {
        rows++;
        if (seed_interest(db, *id, 0, 0, seed_rng_pick(g, seed_tags.w, seed_tags.n), joined) !=
            STORE_DONE)
            return seed_fail(db, "cannot write interests");
    }
    int r1 = (int)seed_rng_below(g, SEED_NKINDS);
    if (seed_follow(db, *id, w->retailer[r1], 0, joined) != STORE_DONE ||
        seed_follow(db, *id, 0, w->brand[bt][b], joined) != STORE_DONE)
        return seed_fail(db, "cannot write follows");
    if (seed_rng_chance(g, 40)) {
        rows++;
        int r2 = (r1 + 1 + (int)seed_rng_below(g, SEED_NKINDS - 1)) % SEED_NKINDS;
        if (seed_follow(db, *id, w->retailer[r2], 0, joined) != STORE_DONE)
            return seed_fail(db, "cannot write follows");
    }
    return seed_tick(db, p, w, 4 + rows);
}

static int seed_friendships(store_conn *db, const struct seed_plan *p, struct seed_world *w)
{
    int64_t m = w->nshoppers;
    if (p->friendships <= 0 || m < 3)
        return 0;
    int64_t rounds = (p->friendships + m - 1) / m;
    int64_t maxd = (m - 1) / 2;
    int64_t *d = mem_calloc((size_t)rounds, sizeof *d);
    for (int64_t k = 0; k < rounds; k++) {
        /* Distinct distances: the first few short (neighbours), then any. */
        int64_t v;
        int dup;
        do {
            v = k < 3 && k + 1 <= maxd ? k + 1 : seed_rng_range(&w->rng, 1, maxd);
            dup = 0;
            for (int64_t i = 0; i < k; i++)
                dup |= d[i] == v;
        } while (dup);
        d[k] = v;
    }
    store_stmt *st = store_prepare(db, "INSERT INTO friendships (account_id, friend_id, since) "
                                       "VALUES ($1, $2, $3), ($2, $1, $3)");
    int rc = st ? 0 : seed_fail(db, "cannot prepare friendships");
    for (int64_t j = 0; j < p->friendships && rc == 0; j++) {
        int64_t i = j % m, k = j / m;
        store_bind_i64(st, 1, w->shoppers[i]);
        store_bind_i64(st, 2, w->shoppers[(i + d[k]) % m]);
        store_bind_i64(st, 3, p->now - seed_rng_range(&w->rng, 1, 600) * DAY);
        if (store_run(st) != STORE_DONE)
            rc = seed_fail(db, "cannot insert a friendship");
        else
            rc = seed_tick(db, p, w, 2);
    }
    mem_free(d);
    return rc;
}

int seed_people(store_conn *db, const struct seed_plan *p, struct seed_world *w)
{
    w->shoppers = mem_calloc((size_t)(p->shoppers > 0 ? p->shoppers : 1), sizeof *w->shoppers);
    for (int64_t n = 0; n < p->shoppers; n++) {
        if (seed_shopper(db, p, w, n, &w->shoppers[n]) != 0)
            return -1;
        w->nshoppers++;
    }
    if (seed_friendships(db, p, w) != 0)
        return -1;
    if (p->progress)
        fprintf(p->progress, "  %lld shoppers, %lld friendships\n", (long long)w->nshoppers,
                (long long)p->friendships);
    return 0;
}
