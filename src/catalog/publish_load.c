/*
 * publish_load.c - what the database holds for one batch of items (see
 * publish_batch.h): the retailer's listings of the batch's item ids with
 * their online offers, their offers at the batch's stores, and the
 * products of the batch's new GTINs, each read with IN-list queries over
 * sorted keys instead of one look-up per line.
 */
#include <stdlib.h>
#include <string.h>

#include "catalog/publish_batch.h"
#include "core/mem.h"
#include "core/text.h"

#define OFFER_COLS                                                                                 \
    "o.id, o.currency, o.price, o.sale_price, o.sale_start, o.sale_end, o.availability, "          \
    "o.unit_measure, o.unit_measure_unit, o.unit_base, o.unit_base_unit, o.sale_since, "           \
    "o.feed_seen"

static const char *col_dup(struct arena *a, store_stmt *st, int col)
{
    const char *s = store_col_text(st, col);
    return s ? arena_strdup(a, s) : NULL;
}

/* Reads OFFER_COLS from column col into the batch under (listing, store). */
static void load_offer(struct publish_batch *b, store_stmt *st, int col, int64_t listing_id,
                       int64_t store_id)
{
    struct pb_offer *o = &b->offers[b->noffers];
    memset(o, 0, sizeof *o);
    o->id = store_col_i64(st, col);
    o->listing_id = listing_id;
    o->store_id = store_id;
    text_copy(o->prices.currency, sizeof o->prices.currency, store_col_text(st, col + 1));
    o->prices.s.price = store_col_i64(st, col + 2);
    o->prices.s.sale_price = store_col_is_null(st, col + 3) ? -1 : store_col_i64(st, col + 3);
    o->prices.s.sale_start = catalog_col_opt(st, col + 4);
    o->prices.s.sale_end = catalog_col_opt(st, col + 5);
    o->availability = col_dup(b->arena, st, col + 6);
    o->measure = store_col_is_null(st, col + 7) ? 0 : store_col_double(st, col + 7);
    o->measure_unit = col_dup(b->arena, st, col + 8);
    o->base = store_col_is_null(st, col + 9) ? 0 : store_col_double(st, col + 9);
    o->base_unit = col_dup(b->arena, st, col + 10);
    o->sale_since = catalog_col_opt(st, col + 11);
    o->feed_seen = catalog_col_opt(st, col + 12);
    char key[48];
    pb_offer_key(listing_id, store_id, key, sizeof key);
    idmap_put(&b->offer_ix, key, b->noffers++);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorts keys and drops repeats; returns how many are left. */
static int unique_str(const char **keys, int n)
{
    qsort(keys, (size_t)n, sizeof *keys, cmp_str);
    int m = 0;
    for (int i = 0; i < n; i++)
        if (!m || strcmp(keys[m - 1], keys[i]) != 0)
            keys[m++] = keys[i];
    return m;
}

/* A look-up joining "(VALUES (..), ..) AS k" of nrows groups of ncols
 * parameters from first, planned at every execution (the tables grow
 * during an import). */
static store_stmt *prepare_values(struct publish_ctx *c, const char *head, const char *param,
                                  int first, int ncols, int nrows, const char *tail)
{
    struct pb_shape shape = {head, param, tail, first, ncols, nrows};
    return pb_prepare(c, &shape, true);
}

/* The listings of keys[0..n) with their online offers. */
static int load_listings(struct publish_ctx *c, const char **keys, int n)
{
    struct publish_batch *b = c->batch;
    /* The retailer goes with each key, not as "l.retailer_id = $1": without
     * statistics (a table growing in this transaction) PostgreSQL takes
     * such a restriction for selective and scans the retailer's listings. */
    store_stmt *st = prepare_values(
        c,
        "SELECT l.id, l.item_id, l.product_id, p.gtin, l.title, l.description, l.link, "
        "l.image_link, l.mpn, l.product_type, l.google_product_category, " OFFER_COLS
        " FROM (VALUES ",
        "$%d", 1, 2, n,
        ") AS k JOIN listings l ON l.retailer_id = CAST(k.column1 AS BIGINT) AND "
        "l.item_id = k.column2 JOIN products p ON p.id = l.product_id LEFT JOIN offers o ON "
        "o.listing_id = l.id AND o.store_id IS NULL");
    if (!st)
        return STORE_ERR;
    for (int i = 0; i < n; i++) {
        store_bind_i64(st, 1 + 2 * i, c->retailer_id);
        store_bind_text(st, 2 + 2 * i, keys[i]);
    }
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        struct pb_listing *l = &b->listings[b->nlistings];
        struct arena *a = b->arena;
        l->id = store_col_i64(st, 0);
        l->product_id = store_col_i64(st, 2);
        l->gtin = col_dup(a, st, 3);
        l->title = col_dup(a, st, 4);
        l->description = col_dup(a, st, 5);
        l->link = col_dup(a, st, 6);
        l->image_link = col_dup(a, st, 7);
        l->mpn = col_dup(a, st, 8);
        l->product_type = col_dup(a, st, 9);
        l->google_category = col_dup(a, st, 10);
        idmap_put(&b->listing_ix, store_col_text(st, 1), b->nlistings++);
        if (!store_col_is_null(st, 11))
            load_offer(b, st, 11, l->id, 0);
    }
    store_reset(st);
    return rc == STORE_DONE ? STORE_DONE : rc;
}

/* A (listing, store) pair some entry asks for. */
struct pair {
    int64_t listing_id, store_id;
};

static int cmp_pair(const void *a, const void *b)
{
    const struct pair *x = a, *y = b;
    if (x->listing_id != y->listing_id)
        return x->listing_id < y->listing_id ? -1 : 1;
    return x->store_id < y->store_id ? -1 : x->store_id > y->store_id;
}

/* The offers of pairs[0..n) at stores. */
static int load_store_offers(struct publish_ctx *c, const struct pair *pairs, int n)
{
    struct publish_batch *b = c->batch;
    store_stmt *st = prepare_values(
        c, "SELECT " OFFER_COLS ", o.listing_id, o.store_id FROM (VALUES ", "CAST($%d AS BIGINT)",
        1, 2, n,
        ") AS k JOIN offers o ON o.listing_id = k.column1 AND o.store_id = k.column2 "
        "AND o.store_id IS NOT NULL");
    if (!st)
        return STORE_ERR;
    for (int i = 0; i < n; i++) {
        store_bind_i64(st, 1 + 2 * i, pairs[i].listing_id);
        store_bind_i64(st, 2 + 2 * i, pairs[i].store_id);
    }
    int rc;
    while ((rc = store_step(st)) == STORE_ROW)
        load_offer(b, st, 0, store_col_i64(st, 13), store_col_i64(st, 14));
    store_reset(st);
    return rc == STORE_DONE ? STORE_DONE : rc;
}

/* Offers at stores: the (listing, store) pairs of the entries whose
 * listing exists, sorted, by chunks. */
static int load_all_store_offers(struct publish_ctx *c)
{
    struct publish_batch *b = c->batch;
    struct pair *pairs = mem_calloc((size_t)b->n, sizeof *pairs);
    int n = 0;
    for (int i = 0; i < b->n; i++) {
        const struct publish_item *it = &b->entries[i].it;
        int64_t ix;
        if (it->store_id && idmap_get(&b->listing_ix, it->item_id, &ix))
            pairs[n++] = (struct pair){b->listings[ix].id, it->store_id};
    }
    qsort(pairs, (size_t)n, sizeof *pairs, cmp_pair);
    int m = 0;
    for (int i = 0; i < n; i++)
        if (!m || cmp_pair(&pairs[m - 1], &pairs[i]) != 0)
            pairs[m++] = pairs[i];
    int rc = STORE_DONE;
    for (int i = 0; i < m && rc == STORE_DONE;) {
        int k = pb_chunk(m - i);
        rc = load_store_offers(c, pairs + i, k);
        i += k;
    }
    mem_free(pairs);
    return rc;
}

/* The products of keys[0..n) (GTINs); those without are remembered as 0. */
static int load_gtins(struct publish_ctx *c, const char **keys, int n)
{
    struct publish_batch *b = c->batch;
    store_stmt *st = prepare_values(c, "SELECT p.id, p.gtin FROM (VALUES ", "$%d", 1, 1, n,
                                    ") AS k JOIN products p ON p.gtin = k.column1");
    if (!st)
        return STORE_ERR;
    for (int i = 0; i < n; i++) {
        store_bind_text(st, 1 + i, keys[i]);
        idmap_put(&b->gtins, keys[i], 0);
    }
    int rc;
    while ((rc = store_step(st)) == STORE_ROW)
        idmap_put(&b->gtins, store_col_text(st, 1), store_col_i64(st, 0));
    store_reset(st);
    return rc == STORE_DONE ? STORE_DONE : rc;
}

/* Runs fn over keys[0..n) by chunks. */
static int by_chunks(struct publish_ctx *c, const char **keys, int n,
                     int (*fn)(struct publish_ctx *, const char **, int))
{
    int rc = STORE_DONE;
    for (int i = 0; i < n && rc == STORE_DONE;) {
        int k = pb_chunk(n - i);
        rc = fn(c, keys + i, k);
        i += k;
    }
    return rc;
}

int pb_load(struct publish_ctx *c)
{
    struct publish_batch *b = c->batch;
    const char **keys = mem_calloc((size_t)b->n, sizeof *keys);
    bool stores = false;
    for (int i = 0; i < b->n; i++) {
        keys[i] = b->entries[i].it.item_id;
        stores = stores || b->entries[i].it.store_id;
    }
    int rc = by_chunks(c, keys, unique_str(keys, b->n), load_listings);
    if (rc == STORE_DONE && stores)
        rc = load_all_store_offers(c);
    /* GTINs of items new to the retailer or moving to another product. */
    int n = 0;
    for (int i = 0; i < b->n && rc == STORE_DONE; i++) {
        const struct publish_item *it = &b->entries[i].it;
        int64_t ix;
        if (!it->gtin)
            continue;
        if (idmap_get(&b->listing_ix, it->item_id, &ix) && b->listings[ix].gtin &&
            strcmp(b->listings[ix].gtin, it->gtin) == 0)
            continue;
        keys[n++] = it->gtin;
    }
    if (rc == STORE_DONE)
        rc = by_chunks(c, keys, unique_str(keys, n), load_gtins);
    mem_free(keys);
    return rc;
}

int pb_load_gtin(struct publish_ctx *c, const char *gtin, int64_t *id)
{
    *id = 0;
    store_stmt *st = store_prepare(c->db, "SELECT id FROM products WHERE gtin = $1");
    if (!st)
        return STORE_ERR;
    store_bind_text(st, 1, gtin);
    int rc = store_step(st);
    if (rc == STORE_ROW)
        *id = store_col_i64(st, 0);
    store_reset(st);
    return rc == STORE_ROW || rc == STORE_DONE ? STORE_DONE : rc;
}
