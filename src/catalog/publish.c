/*
 * publish.c - the rules of publishing retailer items (see publish.h):
 * what each queued item changes, decided in queue order against the state
 * of its batch (publish_batch.h); publish_load.c reads that state and
 * publish_write.c writes the result.
 */
#include "catalog/publish.h"

#include <stdio.h>
#include <string.h>

#include "catalog/catalog.h"
#include "catalog/idmap.h"
#include "catalog/publish_batch.h"
#include "catalog/retailers.h"
#include "core/limits.h"
#include "core/mem.h"
#include "core/text.h"

struct publish_cache {
    struct idmap brands, categories;
};

void publish_begin(struct publish_ctx *c, store_conn *db, int64_t retailer_id, int64_t now,
                   int64_t run_id)
{
    memset(c, 0, sizeof *c);
    c->db = db;
    c->retailer_id = retailer_id;
    c->now = now;
    c->run_id = run_id;
    c->cache = mem_calloc(1, sizeof *c->cache);
    idmap_init(&c->cache->brands);
    idmap_init(&c->cache->categories);
}

static void batch_free(struct publish_batch *b);

void publish_end(struct publish_ctx *c)
{
    batch_free(c->batch);
    c->batch = NULL;
    if (!c->cache)
        return;
    idmap_free(&c->cache->brands);
    idmap_free(&c->cache->categories);
    mem_free(c->cache);
    c->cache = NULL;
}

static int publish_brand(struct publish_ctx *c, const char *name, int64_t *id)
{
    *id = 0;
    if (!name || !name[0])
        return STORE_DONE;
    if (idmap_get(&c->cache->brands, name, id))
        return STORE_DONE;
    int rc = catalog_brand_ensure(c->db, name, c->now, id);
    if (rc == STORE_DONE)
        idmap_put(&c->cache->brands, name, *id);
    return rc;
}

/* The category named by google_product_category (a numeric Google id) or
 * by the last segment of a "A > B > C" path (matched by slug); 0 when
 * none is known.  Categories are admin-owned: feeds never create them. */
static int publish_category(struct publish_ctx *c, const char *google, const char *type,
                            int64_t *id)
{
    *id = 0;
    const char *text = google && google[0] ? google : type;
    if (!text || !text[0])
        return STORE_DONE;
    if (idmap_get(&c->cache->categories, text, id))
        return STORE_DONE;
    int64_t num;
    store_stmt *st;
    if (text_parse_i64(text, strlen(text), &num) == 0) {
        st = store_prepare(c->db, "SELECT id FROM categories WHERE google_category_id = $1");
        if (!st)
            return STORE_ERR;
        store_bind_i64(st, 1, num);
    } else {
        const char *last = text, *gt;
        while ((gt = strchr(last, '>')))
            last = gt + 1;
        char slug[AG_SLUG_MAX + 1], legacy[AG_SLUG_MAX + 1]; /* older rows: catalog.h */
        catalog_slugify(last, slug, sizeof slug);
        catalog_slugify_legacy(last, legacy, sizeof legacy);
        st = store_prepare(c->db, "SELECT id FROM categories WHERE slug IN ($1, $2) OR "
                                  "slug LIKE '%-' || $1 OR slug LIKE '%-' || $2 "
                                  "ORDER BY length(slug) LIMIT 1");
        if (!st)
            return STORE_ERR;
        store_bind_text(st, 1, slug);
        store_bind_text(st, 2, legacy);
    }
    int rc = store_step(st);
    if (rc == STORE_ROW)
        *id = store_col_i64(st, 0);
    store_reset(st);
    if (rc != STORE_ROW && rc != STORE_DONE)
        return rc;
    idmap_put(&c->cache->categories, text, *id);
    return STORE_DONE;
}

/* Batches ---------------------------------------------------------------- */

static struct publish_batch *batch_get(struct publish_ctx *c)
{
    if (!c->batch) {
        c->batch = mem_calloc(1, sizeof *c->batch);
        c->batch->arena = arena_new();
        idmap_init(&c->batch->listing_ix);
        idmap_init(&c->batch->offer_ix);
        idmap_init(&c->batch->gtins);
    }
    return c->batch;
}

/* Forgets everything the batch held, keeping its tables. */
static void batch_clear(struct publish_batch *b)
{
    arena_free(b->arena);
    b->arena = arena_new();
    idmap_clear(&b->listing_ix);
    idmap_clear(&b->offer_ix);
    idmap_clear(&b->gtins);
    b->n = b->nlistings = b->noffers = 0;
    memset(b->nids, 0, sizeof b->nids);
    memset(b->used, 0, sizeof b->used);
    b->nproducts = b->nnew_listings = b->nchanged_listings = b->nnew_offers = 0;
    b->nchanged_offers = b->nseen = b->nprices = 0;
}

static void batch_free(struct publish_batch *b)
{
    if (!b)
        return;
    arena_free(b->arena);
    idmap_free(&b->listing_ix);
    idmap_free(&b->offer_ix);
    idmap_free(&b->gtins);
    mem_free(b);
}

static const char *adup(struct arena *a, const char *s)
{
    return s ? arena_strdup(a, s) : NULL;
}

/* The next reserved id of table t.  The first time in a batch, reserves
 * as many as entries are left to decide (each creates at most one row of
 * a table), so that PostgreSQL's sequences lose few ids; never twice in a
 * batch, since SQLite reserves above the highest id written. */
static int batch_new_id(struct publish_ctx *c, enum pb_table t, int64_t *id)
{
    static const char *const tables[PB_NTABLES] = {"products", "listings", "offers"};
    struct publish_batch *b = c->batch;
    if (b->used[t] == b->nids[t]) {
        if (b->nids[t])
            return STORE_ERR;
        int rc = store_reserve_ids(c->db, tables[t], b->n - b->cur, b->ids[t]);
        if (rc != STORE_DONE)
            return rc;
        b->nids[t] = b->n - b->cur;
    }
    *id = b->ids[t][b->used[t]++];
    return STORE_DONE;
}

void pb_offer_key(int64_t listing_id, int64_t store_id, char *out, size_t outlen)
{
    snprintf(out, outlen, "%lld:%lld", (long long)listing_id, (long long)store_id);
}

static struct pb_listing *batch_listing(struct publish_batch *b, const char *item_id)
{
    int64_t ix;
    return idmap_get(&b->listing_ix, item_id, &ix) ? &b->listings[ix] : NULL;
}

static struct pb_offer *batch_offer(struct publish_batch *b, int64_t listing_id, int64_t store_id)
{
    char key[48];
    int64_t ix;
    pb_offer_key(listing_id, store_id, key, sizeof key);
    return idmap_get(&b->offer_ix, key, &ix) ? &b->offers[ix] : NULL;
}

/* Queues a new product for it; *id gets its reserved id. */
static int rule_product_create(struct publish_ctx *c, const struct publish_item *it, int64_t *id)
{
    struct publish_batch *b = c->batch;
    struct pb_product_row *p = &b->products[b->nproducts];
    int rc = publish_brand(c, it->brand, &p->brand_id);
    if (rc == STORE_DONE)
        rc = publish_category(c, it->google_category, it->product_type, &p->category_id);
    if (rc == STORE_DONE)
        rc = batch_new_id(c, PB_PRODUCTS, id);
    if (rc != STORE_DONE)
        return rc;
    p->it = it;
    p->id = *id;
    b->nproducts++;
    if (it->gtin)
        idmap_put(&b->gtins, it->gtin, *id);
    return STORE_DONE;
}

/* The global product of a GTIN, created when new. */
static int rule_product_by_gtin(struct publish_ctx *c, const struct publish_item *it, int64_t *id)
{
    *id = 0;
    int rc = STORE_DONE;
    if (!idmap_get(&c->batch->gtins, it->gtin, id)) {
        rc = pb_load_gtin(c, it->gtin, id);
        if (rc == STORE_DONE && *id)
            idmap_put(&c->batch->gtins, it->gtin, *id);
    }
    if (rc != STORE_DONE || *id)
        return rc;
    return rule_product_create(c, it, id);
}

static bool same(const char *a, const char *b)
{
    if (!a || !a[0])
        return !b || !b[0];
    return b && strcmp(a, b) == 0;
}

/* The listing's new text (from the entry, which outlives the batch's
 * decisions). */
static void listing_take(struct pb_listing *l, const struct publish_item *it)
{
    l->title = it->title;
    l->description = it->description;
    l->link = it->link;
    l->image_link = it->image_link;
    l->mpn = it->mpn;
    l->product_type = it->product_type;
    l->google_category = it->google_category;
}

/* Creates or updates the listing when its text or product changed. */
static int rule_listing(struct publish_ctx *c, const struct publish_item *it,
                        struct pb_listing **lp, int64_t kept_product, int64_t product_id,
                        const char *product_gtin, bool *changed)
{
    struct publish_batch *b = c->batch;
    struct pb_listing *l = *lp;
    *changed = false;
    if (l && kept_product == product_id && same(l->title, it->title) &&
        same(l->description, it->description) && same(l->link, it->link) &&
        same(l->image_link, it->image_link) && same(l->mpn, it->mpn) &&
        same(l->product_type, it->product_type) && same(l->google_category, it->google_category))
        return STORE_DONE;
    *changed = true;
    struct pb_listing_row *row;
    if (l) {
        row = &b->changed_listings[b->nchanged_listings++];
        row->id = l->id;
        row->old_product_id = l->product_id;
    } else {
        int64_t id;
        int rc = batch_new_id(c, PB_LISTINGS, &id);
        if (rc != STORE_DONE)
            return rc;
        l = &b->listings[b->nlistings];
        memset(l, 0, sizeof *l);
        l->id = id;
        idmap_put(&b->listing_ix, it->item_id, b->nlistings++);
        row = &b->new_listings[b->nnew_listings++];
        row->id = id;
        *lp = l;
    }
    row->it = it;
    row->product_id = product_id;
    l->product_id = product_id;
    l->gtin = product_gtin;
    listing_take(l, it);
    return STORE_DONE;
}

/* The first prices of a new offer: its reference, computed here from its
 * one history row (recorded now) as catalog_offer_set_prices computes it
 * from the stored history: the sale begins at its start, never before
 * now, and the reference is the lowest price applied in the 30 days
 * before, when the history covers them (a sale starting 30 days or more
 * from now). */
static void rule_first_reference(struct publish_ctx *c, const struct publish_item *it,
                                 struct pb_offer_row *o)
{
    const struct pricing_state *s = &it->prices.s;
    o->sale_since = 0;
    o->has_ref = false;
    o->reduction_bp = 0;
    if (s->sale_price < 0)
        return;
    o->sale_since = catalog_offer_sale_since(&it->prices, &it->prices, 0, c->now); /* new */
    struct pricing_point h = {.at = c->now, .s = *s};
    int64_t low;
    size_t n = c->now < o->sale_since ? 1 : 0;
    if (pricing_lowest(&h, n, o->sale_since - PRICING_REFERENCE_WINDOW, o->sale_since, &low)) {
        o->has_ref = true;
        o->ref_price = low;
        o->reduction_bp = pricing_reduction_bp(low, s->sale_price);
    }
}

static int rule_offer_create(struct publish_ctx *c, const struct publish_item *it,
                             const struct pb_listing *l, int64_t product_id, int64_t *offer_id)
{
    struct publish_batch *b = c->batch;
    int rc = batch_new_id(c, PB_OFFERS, offer_id);
    if (rc != STORE_DONE)
        return rc;
    struct pb_offer_row *row = &b->new_offers[b->nnew_offers++];
    row->it = it;
    row->id = *offer_id;
    row->listing_id = l->id;
    row->product_id = product_id;
    rule_first_reference(c, it, row);
    struct pb_offer *o = &b->offers[b->noffers];
    memset(o, 0, sizeof *o);
    o->id = *offer_id;
    o->listing_id = l->id;
    o->store_id = it->store_id;
    o->feed_seen = c->run_id;
    char key[48];
    pb_offer_key(l->id, it->store_id, key, sizeof key);
    idmap_put(&b->offer_ix, key, b->noffers++);
    return STORE_DONE;
}

/* The non-price fields of an existing offer, and marking it seen;
 * *changed says whether a visible field changed. */
static void rule_offer_rest(struct publish_ctx *c, const struct publish_item *it,
                            struct pb_offer *o, int64_t kept_product, int64_t product_id,
                            bool *changed)
{
    struct publish_batch *b = c->batch;
    const char *avail = it->availability ? it->availability : "in_stock";
    bool m_same = it->has_measure ? (o->measure_unit && o->measure == it->measure.value &&
                                     strcmp(o->measure_unit, it->measure.unit) == 0)
                                  : !o->measure_unit;
    bool b_same = it->has_base ? (o->base_unit && o->base == it->base.value &&
                                  strcmp(o->base_unit, it->base.unit) == 0)
                               : !o->base_unit;
    *changed = !same(o->availability, avail) || !m_same || !b_same || kept_product != product_id;
    if (*changed) {
        struct pb_offer_row *row = &b->changed_offers[b->nchanged_offers++];
        memset(row, 0, sizeof *row);
        row->it = it;
        row->id = o->id;
        row->product_id = product_id;
    } else if (c->run_id) {
        b->seen[b->nseen++] = o->id;
    }
    if (c->run_id)
        o->feed_seen = c->run_id;
    o->availability = avail;
    o->measure = it->has_measure ? it->measure.value : 0;
    o->measure_unit = it->has_measure ? it->measure.unit : NULL;
    o->base = it->has_base ? it->base.value : 0;
    o->base_unit = it->has_base ? it->base.unit : NULL;
}

/* Decides one entry: what it writes, and its publish_result (> 0) or a
 * store error. */
static int rule_entry(struct publish_ctx *c, const struct publish_item *it, int64_t *offer_id)
{
    struct publish_batch *b = c->batch;
    *offer_id = 0;
    struct pb_listing *l = batch_listing(b, it->item_id);
    struct pb_offer *o = l ? batch_offer(b, l->id, it->store_id) : NULL;
    if (o && c->run_id && o->feed_seen == c->run_id)
        return PUBLISH_DUPLICATE;
    if (!it->title && !l)
        return PUBLISH_NO_LISTING;
    /* A listing whose GTIN changed moves to the other product. */
    int64_t kept = l ? l->product_id : 0;
    const char *kept_gtin = l ? l->gtin : NULL;
    if (l && it->gtin_given &&
        ((it->gtin && (!l->gtin || strcmp(l->gtin, it->gtin) != 0)) || (!it->gtin && l->gtin)))
        kept = 0;
    int64_t product_id = kept;
    if (!it->title) /* a local inventory line: the listing stays as it is */
        product_id = kept ? kept : l->product_id;
    int rc;
    if (!product_id) {
        rc = it->gtin ? rule_product_by_gtin(c, it, &product_id)
                      : rule_product_create(c, it, &product_id);
        if (rc != STORE_DONE)
            return rc;
        kept_gtin = it->gtin;
    }
    bool listing_changed = false, rest_changed = false, prices_changed = false;
    if (it->title) {
        rc = rule_listing(c, it, &l, kept, product_id, kept_gtin, &listing_changed);
        if (rc != STORE_DONE)
            return rc;
    }
    if (!o) {
        rc = rule_offer_create(c, it, l, product_id, offer_id);
        if (rc != STORE_DONE)
            return rc;
        c->created++;
        c->price_changes++;
        return PUBLISH_CREATED;
    }
    *offer_id = o->id;
    rule_offer_rest(c, it, o, kept, product_id, &rest_changed);
    if (!catalog_offer_prices_equal(&o->prices, &it->prices)) {
        struct pb_price_change *p = &b->prices[b->nprices++];
        p->it = it;
        p->offer_id = o->id;
        p->old = o->prices;
        p->old_sale_since = o->sale_since;
        o->prices = it->prices;
        prices_changed = true;
        c->price_changes++;
    }
    if (listing_changed || rest_changed || prices_changed) {
        c->updated++;
        return PUBLISH_UPDATED;
    }
    c->unchanged++;
    return PUBLISH_UNCHANGED;
}

/* Copies it into the entry (strings into the batch's arena). */
static void entry_copy(struct publish_batch *b, struct pb_entry *e, const struct publish_item *it,
                       long tag)
{
    struct arena *a = b->arena;
    e->it = *it;
    e->tag = tag;
    e->it.item_id = adup(a, it->item_id);
    e->it.title = adup(a, it->title);
    e->it.description = adup(a, it->description);
    e->it.link = adup(a, it->link);
    e->it.image_link = adup(a, it->image_link);
    e->it.brand = adup(a, it->brand);
    e->it.mpn = adup(a, it->mpn);
    e->it.product_type = adup(a, it->product_type);
    e->it.google_category = adup(a, it->google_category);
    e->it.gtin = adup(a, it->gtin);
    e->it.availability = adup(a, it->availability);
}

int publish_queue(struct publish_ctx *c, const struct publish_item *it, long tag)
{
    struct publish_batch *b = batch_get(c);
    entry_copy(b, &b->entries[b->n++], it, tag);
    return b->n == AG_PUBLISH_BATCH ? publish_flush(c) : STORE_DONE;
}

int publish_flush(struct publish_ctx *c)
{
    struct publish_batch *b = c->batch;
    if (!b || !b->n)
        return STORE_DONE;
    int rc = pb_load(c);
    for (int i = 0; i < b->n && rc == STORE_DONE; i++) {
        const struct publish_item *it = &b->entries[i].it;
        int64_t offer_id;
        b->cur = i;
        int result = rule_entry(c, it, &offer_id);
        if (result < 0) {
            rc = result;
            break;
        }
        if (c->on_result)
            c->on_result(c->on_result_arg, b->entries[i].tag, it->store_id, result, offer_id);
    }
    if (rc == STORE_DONE)
        rc = pb_write(c);
    batch_clear(b);
    return rc;
}

/* publish_item's outcome, caught from the callback. */
struct item_outcome {
    int result;
    int64_t offer_id;
};

static void item_caught(void *arg, long tag, int64_t store_id, int result, int64_t offer_id)
{
    (void)tag;
    (void)store_id;
    struct item_outcome *out = arg;
    out->result = result;
    out->offer_id = offer_id;
}

int publish_item(struct publish_ctx *c, const struct publish_item *it, int64_t *offer_id)
{
    int rc = publish_flush(c);
    if (rc != STORE_DONE)
        return rc;
    publish_result_fn *fn = c->on_result;
    void *arg = c->on_result_arg;
    struct item_outcome out = {STORE_ERR, 0};
    c->on_result = item_caught;
    c->on_result_arg = &out;
    rc = publish_queue(c, it, 0);
    if (rc == STORE_DONE)
        rc = publish_flush(c);
    c->on_result = fn;
    c->on_result_arg = arg;
    if (rc != STORE_DONE)
        return rc;
    *offer_id = out.offer_id;
    return out.result;
}

int publish_mark_seen(struct publish_ctx *c, const char *item_id, int64_t store_id)
{
    int rc = publish_flush(c);
    if (rc != STORE_DONE)
        return rc;
    store_stmt *st =
        store_prepare(c->db, "UPDATE offers SET feed_seen = $3 WHERE listing_id = "
                             "(SELECT id FROM listings WHERE retailer_id = $1 AND item_id = $2) "
                             "AND (store_id = $4 OR (store_id IS NULL AND $4 = 0))");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, c->retailer_id);
    store_bind_text(st, 2, item_id);
    store_bind_i64(st, 3, c->run_id);
    store_bind_i64(st, 4, store_id);
    return store_run(st);
}

int publish_absent_out_of_stock(struct publish_ctx *c, int64_t store_id, long *n)
{
    store_stmt *st = store_prepare(
        c->db, store_id ? "UPDATE offers SET availability = 'out_of_stock', updated_at = $1 "
                          "WHERE retailer_id = $2 AND store_id = $4 AND "
                          "(feed_seen IS NULL OR feed_seen <> $3) AND "
                          "availability <> 'out_of_stock'"
                        : "UPDATE offers SET availability = 'out_of_stock', updated_at = $1 "
                          "WHERE retailer_id = $2 AND store_id IS NULL AND $4 = 0 AND "
                          "(feed_seen IS NULL OR feed_seen <> $3) AND "
                          "availability <> 'out_of_stock'");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, c->now);
    store_bind_i64(st, 2, c->retailer_id);
    store_bind_i64(st, 3, c->run_id);
    store_bind_i64(st, 4, store_id);
    int rc = store_run(st);
    if (rc == STORE_DONE)
        *n += (long)store_changes(c->db);
    return rc;
}

int publish_search_defer(store_conn *db)
{
    store_stmt *st = store_prepare(db, "INSERT INTO search_defer (flag, from_id) "
                                       "SELECT 1, COALESCE(MAX(id), 0) FROM products");
    return st ? store_run(st) : STORE_ERR;
}

int publish_search_flush(store_conn *db)
{
    store_stmt *st = store_prepare(db, "DELETE FROM search_defer");
    return st ? store_run(st) : STORE_ERR;
}
