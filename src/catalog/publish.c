/*
 * publish.c - writing one retailer item (see publish.h).
 */
#include "catalog/publish.h"

#include <string.h>

#include "catalog/catalog.h"
#include "catalog/idmap.h"
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

void publish_end(struct publish_ctx *c)
{
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
        char slug[AG_SLUG_MAX + 1];
        catalog_slugify(last, slug, sizeof slug);
        st = store_prepare(c->db, "SELECT id FROM categories WHERE slug = $1 OR "
                                  "slug LIKE '%-' || $1 ORDER BY length(slug) LIMIT 1");
        if (!st)
            return STORE_ERR;
        store_bind_text(st, 1, slug);
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

/* Creates a product from the item's content; *id gets it. */
static int publish_product_create(struct publish_ctx *c, const struct publish_item *it,
                                  int64_t *id)
{
    int64_t brand = 0, category = 0;
    int rc = publish_brand(c, it->brand, &brand);
    if (rc == STORE_DONE)
        rc = publish_category(c, it->google_category, it->product_type, &category);
    if (rc != STORE_DONE)
        return rc;
    store_stmt *st = store_prepare(
        c->db, "INSERT INTO products (gtin, local_retailer_id, title, description, brand_id, "
               "category_id, image_url, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, "
               "$7, $8, $8) RETURNING id");
    if (!st)
        return STORE_ERR;
    store_bind_text(st, 1, it->gtin);
    catalog_bind_opt(st, 2, it->gtin ? 0 : c->retailer_id);
    store_bind_text(st, 3, it->title);
    store_bind_text(st, 4, it->description ? it->description : "");
    catalog_bind_opt(st, 5, brand);
    catalog_bind_opt(st, 6, category);
    store_bind_text(st, 7, it->image_link && it->image_link[0] ? it->image_link : NULL);
    store_bind_i64(st, 8, c->now);
    rc = store_step(st);
    if (rc == STORE_ROW)
        *id = store_col_i64(st, 0);
    store_reset(st);
    return rc == STORE_ROW ? STORE_DONE : rc;
}

/* The global product of a GTIN, created when new. */
static int publish_product_by_gtin(struct publish_ctx *c, const struct publish_item *it,
                                   int64_t *id)
{
    store_stmt *st = store_prepare(c->db, "SELECT id FROM products WHERE gtin = $1");
    if (!st)
        return STORE_ERR;
    store_bind_text(st, 1, it->gtin);
    int rc = store_step(st);
    if (rc == STORE_ROW)
        *id = store_col_i64(st, 0);
    store_reset(st);
    if (rc == STORE_ROW)
        return STORE_DONE;
    if (rc != STORE_DONE)
        return rc;
    return publish_product_create(c, it, id);
}

/* What we know of the existing listing and offer. */
struct publish_found {
    int64_t listing_id, product_id, old_product_id;
    bool product_global;
    char *title, *description, *link, *image_link, *mpn, *product_type, *google_category;
    int64_t offer_id, sale_since, feed_seen;
    struct offer_prices prices;
    char *availability;
    double measure, base;
    char *measure_unit, *base_unit;
};

static void found_free(struct publish_found *f)
{
    mem_free(f->title);
    mem_free(f->description);
    mem_free(f->link);
    mem_free(f->image_link);
    mem_free(f->mpn);
    mem_free(f->product_type);
    mem_free(f->google_category);
    mem_free(f->availability);
    mem_free(f->measure_unit);
    mem_free(f->base_unit);
}

static char *dup_col(store_stmt *st, int col)
{
    const char *s = store_col_text(st, col);
    return s ? mem_strdup(s) : NULL;
}

static int publish_find(struct publish_ctx *c, const struct publish_item *it,
                        struct publish_found *f)
{
    store_stmt *st = store_prepare(
        c->db, "SELECT l.id, l.product_id, p.gtin, l.title, l.description, l.link, "
               "l.image_link, l.mpn, l.product_type, l.google_product_category FROM listings l "
               "JOIN products p ON p.id = l.product_id WHERE l.retailer_id = $1 AND "
               "l.item_id = $2");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, c->retailer_id);
    store_bind_text(st, 2, it->item_id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        f->listing_id = store_col_i64(st, 0);
        f->product_id = store_col_i64(st, 1);
        f->old_product_id = f->product_id;
        const char *g = store_col_text(st, 2);
        f->product_global = g != NULL;
        /* A listing whose GTIN changed moves to the other product. */
        if (it->gtin_given &&
            ((it->gtin && (!g || strcmp(g, it->gtin) != 0)) || (!it->gtin && g)))
            f->product_id = 0;
        f->title = dup_col(st, 3);
        f->description = dup_col(st, 4);
        f->link = dup_col(st, 5);
        f->image_link = dup_col(st, 6);
        f->mpn = dup_col(st, 7);
        f->product_type = dup_col(st, 8);
        f->google_category = dup_col(st, 9);
    }
    store_reset(st);
    if (rc != STORE_ROW)
        return rc;
    st = store_prepare(c->db, it->store_id
                                  ? "SELECT id, currency, price, sale_price, sale_start, sale_end, "
                                    "availability, unit_measure, unit_measure_unit, unit_base, "
                                    "unit_base_unit, sale_since, feed_seen FROM offers "
                                    "WHERE listing_id = $1 AND store_id = $2"
                                  : "SELECT id, currency, price, sale_price, sale_start, sale_end, "
                                    "availability, unit_measure, unit_measure_unit, unit_base, "
                                    "unit_base_unit, sale_since, feed_seen FROM offers "
                                    "WHERE listing_id = $1 AND store_id IS NULL AND $2 = 0");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, f->listing_id);
    store_bind_i64(st, 2, it->store_id);
    int orc = store_step(st);
    if (orc == STORE_ROW) {
        f->offer_id = store_col_i64(st, 0);
        text_copy(f->prices.currency, sizeof f->prices.currency, store_col_text(st, 1));
        f->prices.s.price = store_col_i64(st, 2);
        f->prices.s.sale_price = store_col_is_null(st, 3) ? -1 : store_col_i64(st, 3);
        f->prices.s.sale_start = catalog_col_opt(st, 4);
        f->prices.s.sale_end = catalog_col_opt(st, 5);
        f->availability = dup_col(st, 6);
        f->measure = store_col_is_null(st, 7) ? 0 : store_col_double(st, 7);
        f->measure_unit = dup_col(st, 8);
        f->base = store_col_is_null(st, 9) ? 0 : store_col_double(st, 9);
        f->base_unit = dup_col(st, 10);
        f->sale_since = catalog_col_opt(st, 11);
        f->feed_seen = catalog_col_opt(st, 12);
    }
    store_reset(st);
    return orc == STORE_ROW || orc == STORE_DONE ? STORE_ROW : orc;
}

static bool same(const char *a, const char *b)
{
    if (!a || !a[0])
        return !b || !b[0];
    return b && strcmp(a, b) == 0;
}

static const char *nz(const char *s)
{
    return s && s[0] ? s : NULL;
}

static int publish_listing(struct publish_ctx *c, const struct publish_item *it,
                           struct publish_found *f, int64_t product_id, bool *changed)
{
    *changed = false;
    if (f->listing_id && f->product_id == product_id && same(f->title, it->title) &&
        same(f->description, it->description) && same(f->link, it->link) &&
        same(f->image_link, it->image_link) && same(f->mpn, it->mpn) &&
        same(f->product_type, it->product_type) && same(f->google_category, it->google_category))
        return STORE_DONE;
    *changed = true;
    store_stmt *st = store_prepare(
        c->db, f->listing_id
                   ? "UPDATE listings SET product_id = $3, title = $4, description = $5, "
                     "link = $6, image_link = $7, mpn = $8, product_type = $9, "
                     "google_product_category = $10, updated_at = $11 "
                     "WHERE retailer_id = $1 AND item_id = $2 RETURNING id"
                   : "INSERT INTO listings (retailer_id, item_id, product_id, title, description, "
                     "link, image_link, mpn, product_type, google_product_category, created_at, "
                     "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) "
                     "RETURNING id");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, c->retailer_id);
    store_bind_text(st, 2, it->item_id);
    store_bind_i64(st, 3, product_id);
    store_bind_text(st, 4, it->title);
    store_bind_text(st, 5, it->description ? it->description : "");
    store_bind_text(st, 6, nz(it->link));
    store_bind_text(st, 7, nz(it->image_link));
    store_bind_text(st, 8, nz(it->mpn));
    store_bind_text(st, 9, nz(it->product_type));
    store_bind_text(st, 10, nz(it->google_category));
    store_bind_i64(st, 11, c->now);
    int rc = store_step(st);
    if (rc == STORE_ROW)
        f->listing_id = store_col_i64(st, 0);
    store_reset(st);
    return rc == STORE_ROW ? STORE_DONE : rc;
}

static void bind_measures(store_stmt *st, int col, const struct publish_item *it)
{
    if (it->has_measure) {
        store_bind_double(st, col, it->measure.value);
        store_bind_text(st, col + 1, it->measure.unit);
    } else {
        store_bind_null(st, col);
        store_bind_null(st, col + 1);
    }
    if (it->has_base) {
        store_bind_double(st, col + 2, it->base.value);
        store_bind_text(st, col + 3, it->base.unit);
    } else {
        store_bind_null(st, col + 2);
        store_bind_null(st, col + 3);
    }
}

static int publish_offer_insert(struct publish_ctx *c, const struct publish_item *it,
                                int64_t listing_id, int64_t product_id, int64_t *offer_id)
{
    store_stmt *st = store_prepare(
        c->db, "INSERT INTO offers (listing_id, retailer_id, product_id, store_id, currency, "
               "price, sale_price, sale_start, sale_end, unit_measure, unit_measure_unit, "
               "unit_base, unit_base_unit, availability, updated_at, feed_seen) VALUES ($1, $2, "
               "$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id");
    if (!st)
        return STORE_ERR;
    const struct pricing_state *s = &it->prices.s;
    store_bind_i64(st, 1, listing_id);
    store_bind_i64(st, 2, c->retailer_id);
    store_bind_i64(st, 3, product_id);
    catalog_bind_opt(st, 4, it->store_id);
    store_bind_text(st, 5, it->prices.currency);
    store_bind_i64(st, 6, s->price);
    if (s->sale_price >= 0)
        store_bind_i64(st, 7, s->sale_price);
    else
        store_bind_null(st, 7);
    catalog_bind_opt(st, 8, s->sale_start);
    catalog_bind_opt(st, 9, s->sale_end);
    bind_measures(st, 10, it);
    store_bind_text(st, 14, it->availability ? it->availability : "in_stock");
    store_bind_i64(st, 15, c->now);
    catalog_bind_opt(st, 16, c->run_id);
    int rc = store_step(st);
    if (rc == STORE_ROW)
        *offer_id = store_col_i64(st, 0);
    store_reset(st);
    if (rc != STORE_ROW)
        return rc;
    return catalog_offer_first_prices(c->db, *offer_id, &it->prices, c->now);
}

/* Updates the non-price fields of an existing offer when they differ, and
 * marks it seen.  *changed says whether a visible field changed. */
static int publish_offer_rest(struct publish_ctx *c, const struct publish_item *it,
                              const struct publish_found *f, int64_t product_id, bool *changed)
{
    const char *avail = it->availability ? it->availability : "in_stock";
    bool m_same = it->has_measure ? (f->measure_unit && f->measure == it->measure.value &&
                                     strcmp(f->measure_unit, it->measure.unit) == 0)
                                  : !f->measure_unit;
    bool b_same = it->has_base ? (f->base_unit && f->base == it->base.value &&
                                  strcmp(f->base_unit, it->base.unit) == 0)
                               : !f->base_unit;
    *changed = !same(f->availability, avail) || !m_same || !b_same || f->product_id != product_id;
    store_stmt *st;
    if (!*changed) {
        if (!c->run_id)
            return STORE_DONE;
        st = store_prepare(c->db, "UPDATE offers SET feed_seen = $2 WHERE id = $1");
        if (!st)
            return STORE_ERR;
        store_bind_i64(st, 1, f->offer_id);
        store_bind_i64(st, 2, c->run_id);
        return store_run(st);
    }
    st = store_prepare(c->db, "UPDATE offers SET availability = $2, unit_measure = $3, "
                              "unit_measure_unit = $4, unit_base = $5, unit_base_unit = $6, "
                              "product_id = $7, feed_seen = COALESCE($8, feed_seen), "
                              "updated_at = $9 WHERE id = $1");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, f->offer_id);
    store_bind_text(st, 2, avail);
    bind_measures(st, 3, it);
    store_bind_i64(st, 7, product_id);
    catalog_bind_opt(st, 8, c->run_id);
    store_bind_i64(st, 9, c->now);
    return store_run(st);
}

int publish_item(struct publish_ctx *c, const struct publish_item *it, int64_t *offer_id)
{
    struct publish_found f;
    memset(&f, 0, sizeof f);
    int rc = publish_find(c, it, &f);
    int result = rc;
    if (rc != STORE_ROW && rc != STORE_DONE)
        goto out;
    if (f.offer_id && c->run_id && f.feed_seen == c->run_id) {
        result = PUBLISH_DUPLICATE;
        goto out;
    }
    if (!it->title && !f.listing_id) {
        result = PUBLISH_NO_LISTING;
        goto out;
    }
    int64_t product_id = f.product_id;
    if (!it->title) /* a local inventory line: the listing stays as it is */
        product_id = f.product_id ? f.product_id : f.old_product_id;
    if (!product_id) {
        rc = it->gtin ? publish_product_by_gtin(c, it, &product_id)
                      : publish_product_create(c, it, &product_id);
        if (rc != STORE_DONE) {
            result = rc;
            goto out;
        }
    }
    bool listing_changed = false, rest_changed = false, prices_changed = false;
    rc = it->title ? publish_listing(c, it, &f, product_id, &listing_changed) : STORE_DONE;
    if (rc != STORE_DONE) {
        result = rc;
        goto out;
    }
    if (!f.offer_id) {
        rc = publish_offer_insert(c, it, f.listing_id, product_id, offer_id);
        result = rc == STORE_DONE ? PUBLISH_CREATED : rc;
        if (rc == STORE_DONE) {
            c->created++;
            c->price_changes++;
        }
        goto out;
    }
    *offer_id = f.offer_id;
    rc = publish_offer_rest(c, it, &f, product_id, &rest_changed);
    if (rc == STORE_DONE)
        rc = catalog_offer_set_prices(c->db, f.offer_id, &f.prices, &it->prices, f.sale_since,
                                      c->now, &prices_changed);
    if (rc != STORE_DONE) {
        result = rc;
        goto out;
    }
    if (prices_changed)
        c->price_changes++;
    if (listing_changed || rest_changed || prices_changed) {
        c->updated++;
        result = PUBLISH_UPDATED;
    } else {
        c->unchanged++;
        result = PUBLISH_UNCHANGED;
    }
out:
    found_free(&f);
    return result;
}

int publish_mark_seen(struct publish_ctx *c, const char *item_id, int64_t store_id)
{
    store_stmt *st = store_prepare(
        c->db, "UPDATE offers SET feed_seen = $3 WHERE listing_id = "
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
