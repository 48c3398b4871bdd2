/*
 * seed_catalog.c - the generator's frame (world, transactions) and the
 * catalog's skeleton: the four retailers, brands, the category tree and
 * the stores of the city with their hours and holidays (see seed_gen.h).
 * Written through the catalog's own rule functions.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "catalog/hours.h"
#include "catalog/publish.h"
#include "catalog/retailers.h"
#include "catalog/stores.h"
#include "core/limits.h"
#include "core/mem.h"
#include "seed/seed_gen.h"
#include "json/js.h"

static double seed_clock(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void seed_progress(const struct seed_plan *p, const struct seed_world *w, const char *fmt, ...)
{
    if (!p->progress)
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("  ", p->progress);
    vfprintf(p->progress, fmt, ap);
    va_end(ap);
    fprintf(p->progress, " (%.1f s)\n", seed_clock() - w->started);
    fflush(p->progress);
}

void seed_world_init(struct seed_world *w, const struct seed_plan *p)
{
    memset(w, 0, sizeof *w);
    w->started = seed_clock();
    seed_rng_init(&w->rng, p->seed);
    w->stores = mem_calloc((size_t)SEED_NKINDS * (size_t)p->stores_per_retailer, sizeof *w->stores);
    idmap_init(&w->titles);
}

void seed_world_free(struct seed_world *w)
{
    mem_free(w->stores);
    mem_free(w->shoppers);
    w->stores = w->shoppers = NULL;
    idmap_free(&w->titles);
}

int seed_fail(store_conn *db, const char *what)
{
    fprintf(stderr, "agora: seed: %s: %s\n", what, store_errmsg(db));
    return -1;
}

int seed_tx_begin(store_conn *db)
{
    if (store_begin(db, STORE_TX_WRITE) != STORE_OK)
        return seed_fail(db, "cannot begin a transaction");
    /* New products are indexed for search in one pass at commit. */
    if (publish_search_defer(db) != STORE_DONE) {
        store_rollback(db);
        return seed_fail(db, "cannot defer search indexing");
    }
    return 0;
}

int seed_tx_commit(store_conn *db)
{
    if (publish_search_flush(db) != STORE_DONE) {
        store_rollback(db);
        return seed_fail(db, "cannot index products for search");
    }
    if (store_commit(db) != STORE_OK)
        return seed_fail(db, "cannot commit");
    return 0;
}

int seed_tick(store_conn *db, const struct seed_plan *p, struct seed_world *w, int64_t n)
{
    w->rows += n;
    if (p->commit_rows <= 0 || w->rows < p->commit_rows)
        return 0;
    w->rows = 0;
    return seed_tx_commit(db) == 0 ? seed_tx_begin(db) : -1;
}

/* The id of the category name under parent, created when new (the demo
 * may be loaded into a database that already has the tree). */
static int seed_category_id(store_conn *db, const char *name, int64_t parent, int64_t now,
                            int64_t *id)
{
    json_t *out = NULL, *errors = NULL;
    enum errcode e = catalog_category_create(db, name, parent, 0, now, &out, &errors);
    if (e == ERR_OK) {
        int rc = js_parse_id(json_string_value(json_object_get(out, "id")), id);
        json_decref(out);
        return rc == 0 ? 0 : -1;
    }
    json_decref(errors);
    if (e != ERR_ALREADY_EXISTS)
        return -1;
    return catalog_category_find(db, name, parent, id) == STORE_ROW ? 0 : -1;
}

static int seed_tree(store_conn *db, const struct seed_plan *p, struct seed_world *w)
{
    int64_t brand_time = p->now - 400 * 86400;
    for (size_t t = 0; t < seed_ntops && t < SEED_MAX_TOPS; t++) {
        const struct seed_top *top = &seed_tops[t];
        if (seed_category_id(db, top->name, 0, brand_time, &w->top[t]) != 0)
            return seed_fail(db, "cannot create a category");
        for (size_t l = 0; l < top->nleaves && l < SEED_MAX_LEAVES; l++)
            if (seed_category_id(db, top->leaves[l].name, w->top[t], brand_time, &w->leaf[t][l]) !=
                0)
                return seed_fail(db, "cannot create a category");
        for (size_t b = 0; b < top->nbrands && b < SEED_MAX_BRANDS; b++)
            if (catalog_brand_ensure(db, top->brands[b], brand_time, &w->brand[t][b]) != STORE_DONE)
                return seed_fail(db, "cannot create a brand");
    }
    return 0;
}

/* Public holidays after today (local dates): closed on 25 December,
 * 1 January and 1 May; short hours on 24 December. */
static size_t seed_holidays(int64_t now, struct hours_exception *exc)
{
    char today[11];
    hours_format_date(now / 86400, today);
    int year =
        (today[0] - '0') * 1000 + (today[1] - '0') * 100 + (today[2] - '0') * 10 + (today[3] - '0');
    static const struct {
        const char *md;
        int opens, closes;
        const char *note;
    } days[] = {{"12-24", 540, 1080, "Christmas Eve: closes at 18:00"},
                {"12-25", -1, -1, "Christmas Day"},
                {"01-01", -1, -1, "New Year's Day"},
                {"05-01", -1, -1, "Labour Day"}};
    size_t n = 0;
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
        char date[16];
        int64_t day = 0;
        for (int y = year; y <= year + 1; y++) {
            snprintf(date, sizeof date, "%04d-%s", y, days[i].md);
            if (hours_parse_date(date, &day) == 0 && day >= now / 86400)
                break;
        }
        exc[n++] = (struct hours_exception){day, days[i].opens, days[i].closes, days[i].note};
    }
    return n;
}

static int seed_store(store_conn *db, const struct seed_plan *p, struct seed_world *w,
                      enum seed_kind k, int i, int64_t *id)
{
    const struct seed_retailer_def *r = &seed_retailers[k];
    struct seed_rng *g = &w->rng;
    char code[32], name[160], address[200], phone[32];
    snprintf(code, sizeof code, "%s-%03d", r->store_prefix, i + 1);
    const struct seed_quarter *quarter = &seed_quarters[(size_t)(i + 5 * (int)k) % seed_nquarters];
    int round = (i + 5 * (int)k) / (int)seed_nquarters;
    if (round == 0)
        snprintf(name, sizeof name, "%s %s", r->name, quarter->name);
    else
        snprintf(name, sizeof name, "%s %s %d", r->name, quarter->name, round + 1);
    snprintf(address, sizeof address, "%d %s", (int)seed_rng_range(g, 1, 180),
             seed_rng_pick(g, quarter->streets, 3));
    snprintf(phone, sizeof phone, "+33 4 7%d %02d %02d %02d", (int)seed_rng_range(g, 2, 8),
             (int)seed_rng_range(g, 0, 99), (int)seed_rng_range(g, 0, 99),
             (int)seed_rng_range(g, 0, 99));
    struct catalog_store_in in = {
        .code = code,
        .name = name,
        .address = address,
        .city = SEED_CITY_NAME,
        .postal_code = quarter->postcode,
        .country = SEED_CITY_COUNTRY,
        .time_zone = SEED_CITY_ZONE,
        .phone = phone,
        .location = 1,
        /* Within about 200 m of the quarter's centre. */
        .lat = quarter->lat + 0.0036 * (seed_rng_unit(g) - 0.5),
        .lon = quarter->lon + 0.0050 * (seed_rng_unit(g) - 0.5),
    };
    struct catalog_actor admin = {.admin = true};
    if (catalog_store_create(db, &admin, w->retailer[k], &in, p->now - 500 * 86400, id) != ERR_OK)
        return seed_fail(db, "cannot create a store");
    struct hours_interval week[8];
    for (size_t d = 0; d < r->nweek; d++)
        week[d] = (struct hours_interval){r->week[d].weekday, r->week[d].opens, r->week[d].closes};
    struct hours_exception exc[4];
    size_t nexc = seed_holidays(p->now, exc);
    if (catalog_store_set_hours(db, *id, week, r->nweek) != ERR_OK ||
        catalog_store_set_exceptions(db, *id, exc, nexc) != ERR_OK)
        return seed_fail(db, "cannot write opening hours");
    return seed_tick(db, p, w, 12);
}

int seed_catalog_base(store_conn *db, const struct seed_plan *p, struct seed_world *w)
{
    for (int k = 0; k < SEED_NKINDS; k++) {
        const struct seed_retailer_def *r = &seed_retailers[k];
        json_t *out = NULL;
        if (catalog_retailer_create(db, r->name, r->kind, r->website, p->now - 500 * 86400, &out) !=
            ERR_OK)
            return seed_fail(db, "cannot create a retailer");
        int rc = js_parse_id(json_string_value(json_object_get(out, "id")), &w->retailer[k]);
        json_decref(out);
        if (rc != 0)
            return seed_fail(db, "cannot read a retailer's id");
    }
    if (seed_tree(db, p, w) != 0)
        return -1;
    for (int k = 0; k < SEED_NKINDS; k++)
        for (int i = 0; i < p->stores_per_retailer; i++)
            if (seed_store(db, p, w, (enum seed_kind)k, i,
                           &w->stores[k * p->stores_per_retailer + i]) != 0)
                return -1;
    seed_progress(p, w, "%d retailers, %d stores in %s", SEED_NKINDS,
                  SEED_NKINDS * p->stores_per_retailer, SEED_CITY_NAME);
    return 0;
}

int seed_generate(store_conn *db, const struct seed_plan *p,
                  int (*extra)(store_conn *db, const struct seed_plan *p,
                               const struct seed_world *w, void *ctx),
                  void *ctx)
{
    struct seed_world w;
    seed_world_init(&w, p);
    int rc = seed_tx_begin(db);
    if (rc == 0)
        rc = seed_catalog_base(db, p, &w);
    if (rc == 0)
        rc = seed_offers(db, p, &w);
    if (rc == 0)
        rc = seed_people(db, p, &w);
    if (rc == 0 && extra)
        rc = extra(db, p, &w, ctx);
    if (rc == 0)
        rc = seed_tx_commit(db);
    else if (store_in_tx(db))
        store_rollback(db);
    seed_world_free(&w);
    return rc;
}
