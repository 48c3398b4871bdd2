/*
 * publish_write.c - writing one decided batch (see publish_batch.h): new
 * products, listings, offers and their first price history with
 * multi-row INSERTs under reserved ids; changed listings, changed offers
 * and changed prices with multi-row UPDATEs (WITH v AS (VALUES ..)
 * UPDATE .. FROM v); offers only seen with one UPDATE per chunk.  Order
 * (write_steps): products, listings, offers, history, then changed
 * prices, so that each row's foreign keys exist before it.
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "catalog/publish_batch.h"
#include "core/mem.h"

int pb_chunk(int left)
{
    int k = 1;
    while (k * 2 <= left && k * 2 <= AG_PUBLISH_ROWS_MAX)
        k *= 2;
    return k;
}

int pb_sql_rows(struct buf *b, const struct pb_shape *s)
{
    int bad = buf_puts(b, s->head);
    for (int r = 0; r < s->nrows; r++) {
        bad = bad || buf_puts(b, r ? ", (" : "(");
        for (int k = 0; k < s->ncols; k++) {
            bad = bad || (k && buf_puts(b, ", "));
            bad = bad || buf_printf(b, s->param, s->first + r * s->ncols + k);
        }
        bad = bad || buf_putc(b, ')');
    }
    bad = bad || buf_puts(b, s->tail);
    return bad ? -1 : 0;
}

store_stmt *pb_prepare(struct publish_ctx *c, const struct pb_shape *s, bool replan)
{
    struct publish_batch *b = c->batch;
    for (int i = 0; i < b->nsql; i++) {
        const struct pb_shape *q = &b->sql[i].shape;
        if (q->head == s->head && q->param == s->param && q->tail == s->tail &&
            q->first == s->first && q->ncols == s->ncols && q->nrows == s->nrows &&
            b->sql[i].replan == replan)
            return b->sql[i].st;
    }
    struct buf sql;
    buf_init(&sql, 256u * 1024u);
    store_stmt *st = NULL;
    if (pb_sql_rows(&sql, s) == 0)
        st = replan ? store_prepare_replan(c->db, sql.data) : store_prepare(c->db, sql.data);
    buf_free(&sql);
    if (st && b->nsql < PB_SQL_CACHE)
        b->sql[b->nsql++] = (struct pb_sql){*s, replan, st};
    return st;
}

static const char *nz(const char *s)
{
    return s && s[0] ? s : NULL;
}

#define HISTORY_INSERT                                                                             \
    "INSERT INTO price_history (offer_id, recorded_at, currency, price, sale_price, "             \
    "sale_start, sale_end) VALUES "

/* Binds one row at parameter p (its first column).  Text is bound without
 * a copy: it lives in the batch's entries until the batch is written. */
typedef void bind_row_fn(struct publish_ctx *c, store_stmt *st, int p, const void *row);

/* Writes n rows of size bytes each with "head (..), (..) tail" by chunks
 * of ncols-parameter groups. */
static int write_rows(struct publish_ctx *c, const char *head, const char *tail, int ncols,
                      const void *rows, size_t size, int n, bind_row_fn *bind)
{
    int rc = STORE_DONE;
    for (int i = 0; i < n && rc == STORE_DONE;) {
        int k = pb_chunk(n - i);
        struct pb_shape shape = {head, "$%d", tail, 1, ncols, k};
        store_stmt *st = pb_prepare(c, &shape, false);
        if (!st)
            return STORE_ERR;
        for (int r = 0; r < k; r++)
            bind(c, st, 1 + r * ncols, (const char *)rows + (size_t)(i + r) * size);
        rc = store_run(st);
        i += k;
    }
    return rc;
}

static void bind_product(struct publish_ctx *c, store_stmt *st, int p, const void *row)
{
    const struct pb_product_row *r = row;
    const struct publish_item *it = r->it;
    store_bind_i64(st, p, r->id);
    store_bind_text_static(st, p + 1, it->gtin);
    catalog_bind_opt(st, p + 2, it->gtin ? 0 : c->retailer_id);
    store_bind_text_static(st, p + 3, it->title);
    store_bind_text_static(st, p + 4, it->description ? it->description : "");
    catalog_bind_opt(st, p + 5, r->brand_id);
    catalog_bind_opt(st, p + 6, r->category_id);
    store_bind_text_static(st, p + 7, nz(it->image_link));
    store_bind_i64(st, p + 8, c->now);
    store_bind_i64(st, p + 9, c->now);
}

/* The listing's text columns from it, at p. */
static void bind_listing_text(store_stmt *st, int p, const struct publish_item *it)
{
    store_bind_text_static(st, p, it->title);
    store_bind_text_static(st, p + 1, it->description ? it->description : "");
    store_bind_text_static(st, p + 2, nz(it->link));
    store_bind_text_static(st, p + 3, nz(it->image_link));
    store_bind_text_static(st, p + 4, nz(it->mpn));
    store_bind_text_static(st, p + 5, nz(it->product_type));
    store_bind_text_static(st, p + 6, nz(it->google_category));
}

static void bind_listing(struct publish_ctx *c, store_stmt *st, int p, const void *row)
{
    const struct pb_listing_row *r = row;
    store_bind_i64(st, p, r->id);
    store_bind_i64(st, p + 1, c->retailer_id);
    store_bind_text_static(st, p + 2, r->it->item_id);
    store_bind_i64(st, p + 3, r->product_id);
    bind_listing_text(st, p + 4, r->it);
    store_bind_i64(st, p + 11, c->now);
    store_bind_i64(st, p + 12, c->now);
}

static void bind_measures(store_stmt *st, int col, const struct publish_item *it)
{
    if (it->has_measure) {
        store_bind_double(st, col, it->measure.value);
        store_bind_text_static(st, col + 1, it->measure.unit);
    } else {
        store_bind_null(st, col);
        store_bind_null(st, col + 1);
    }
    if (it->has_base) {
        store_bind_double(st, col + 2, it->base.value);
        store_bind_text_static(st, col + 3, it->base.unit);
    } else {
        store_bind_null(st, col + 2);
        store_bind_null(st, col + 3);
    }
}

/* currency, price, sale_price, sale_start, sale_end at p. */
static void bind_prices(store_stmt *st, int p, const struct offer_prices *pr)
{
    store_bind_text_static(st, p, pr->currency);
    store_bind_i64(st, p + 1, pr->s.price);
    if (pr->s.sale_price >= 0)
        store_bind_i64(st, p + 2, pr->s.sale_price);
    else
        store_bind_null(st, p + 2);
    catalog_bind_opt(st, p + 3, pr->s.sale_start);
    catalog_bind_opt(st, p + 4, pr->s.sale_end);
}

static void bind_offer(struct publish_ctx *c, store_stmt *st, int p, const void *row)
{
    const struct pb_offer_row *r = row;
    const struct publish_item *it = r->it;
    store_bind_i64(st, p, r->id);
    store_bind_i64(st, p + 1, r->listing_id);
    store_bind_i64(st, p + 2, c->retailer_id);
    store_bind_i64(st, p + 3, r->product_id);
    catalog_bind_opt(st, p + 4, it->store_id);
    bind_prices(st, p + 5, &it->prices);
    bind_measures(st, p + 10, it);
    store_bind_text_static(st, p + 14, it->availability ? it->availability : "in_stock");
    store_bind_i64(st, p + 15, c->now);
    catalog_bind_opt(st, p + 16, c->run_id);
    catalog_bind_opt(st, p + 17, r->sale_since);
    if (r->has_ref)
        store_bind_i64(st, p + 18, r->ref_price);
    else
        store_bind_null(st, p + 18);
    store_bind_i64(st, p + 19, r->reduction_bp);
}

static void bind_history(struct publish_ctx *c, store_stmt *st, int p, const void *row)
{
    const struct pb_offer_row *r = row;
    store_bind_i64(st, p, r->id);
    store_bind_i64(st, p + 1, c->now);
    bind_prices(st, p + 2, &r->it->prices);
}

/* Keeps, of n rows of size bytes each, the last one of each id (an
 * int64_t at offset off), in their order; returns how many are left.  A
 * batch may decide twice for one row (an item's listing text from two of
 * its store lines, say): one multi-row UPDATE must not write a row twice,
 * and the last line wins as if applied one by one. */
static int keep_last(void *rows, size_t size, size_t off, int n)
{
    char *r = rows;
    int kept = 0;
    for (int i = 0; i < n; i++) {
        int64_t id;
        memcpy(&id, r + (size_t)i * size + off, sizeof id);
        bool later = false;
        for (int j = i + 1; j < n && !later; j++) {
            int64_t other;
            memcpy(&other, r + (size_t)j * size + off, sizeof other);
            later = other == id;
        }
        if (!later && kept++ != i)
            memmove(r + (size_t)(kept - 1) * size, r + (size_t)i * size, size);
    }
    return kept;
}

static void bind_changed_listing(struct publish_ctx *c, store_stmt *st, int p, const void *row)
{
    const struct pb_listing_row *r = row;
    store_bind_i64(st, p, r->id);
    store_bind_i64(st, p + 1, r->product_id);
    bind_listing_text(st, p + 2, r->it);
    store_bind_i64(st, p + 9, c->now);
}

static void bind_changed_offer(struct publish_ctx *c, store_stmt *st, int p, const void *row)
{
    const struct pb_offer_row *r = row;
    const struct publish_item *it = r->it;
    store_bind_i64(st, p, r->id);
    store_bind_text_static(st, p + 1, it->availability ? it->availability : "in_stock");
    bind_measures(st, p + 2, it);
    store_bind_i64(st, p + 6, r->product_id);
    catalog_bind_opt(st, p + 7, c->run_id);
    store_bind_i64(st, p + 8, c->now);
}

/* feed_seen of the offers that did not change. */
static int write_seen(struct publish_ctx *c)
{
    struct publish_batch *b = c->batch;
    int rc = STORE_DONE;
    for (int i = 0; i < b->nseen && rc == STORE_DONE;) {
        int k = pb_chunk(b->nseen - i);
        struct pb_shape shape = {
            "UPDATE offers SET feed_seen = $1 WHERE id IN ", "$%d", "", 2, k, 1};
        store_stmt *st = pb_prepare(c, &shape, false);
        if (!st)
            return STORE_ERR;
        store_bind_i64(st, 1, c->run_id);
        for (int r = 0; r < k; r++)
            store_bind_i64(st, 2 + r, b->seen[i + r]);
        rc = store_run(st);
        i += k;
    }
    return rc;
}

static void bind_change_history(struct publish_ctx *c, store_stmt *st, int p, const void *row)
{
    const struct pb_price_change *r = row;
    store_bind_i64(st, p, r->offer_id);
    store_bind_i64(st, p + 1, c->now);
    bind_prices(st, p + 2, &r->it->prices);
}

static void bind_change_offer(struct publish_ctx *c, store_stmt *st, int p, const void *row)
{
    const struct pb_price_change *r = row;
    const struct offer_prices *np = &r->it->prices;
    store_bind_i64(st, p, r->offer_id);
    bind_prices(st, p + 1, np);
    catalog_bind_opt(st, p + 6, np->s.sale_price >= 0 ? r->sale_since : 0);
    if (r->has_ref)
        store_bind_i64(st, p + 7, r->ref_price);
    else
        store_bind_null(st, p + 7);
    store_bind_i64(st, p + 8, r->reduction_bp);
    store_bind_i64(st, p + 9, c->now);
}

/* The history rows that decide the references of sales (k: change index,
 * offer, currency, sale beginning): for each, its rows before the sale
 * began from the last one at or before the 30-day window opened
 * ($1: the window), newest first, as catalog_offer_reference reads them. */
#define REFERENCE_ROWS_HEAD "WITH k (i, offer_id, currency, since) AS (VALUES "
#define REFERENCE_ROWS_TAIL                                                                        \
    "), b AS (SELECT k.i, CAST(k.offer_id AS BIGINT) AS offer_id, k.currency, "                    \
    "CAST(k.since AS BIGINT) AS since, COALESCE((SELECT h2.recorded_at "                          \
    "FROM price_history h2 WHERE h2.offer_id = CAST(k.offer_id AS BIGINT) AND "                   \
    "h2.currency = k.currency AND h2.recorded_at <= CAST(k.since AS BIGINT) - "                   \
    "CAST($1 AS BIGINT) ORDER BY h2.recorded_at DESC LIMIT 1), 0) AS lo FROM k) "                  \
    "SELECT CAST(b.i AS BIGINT), h.recorded_at, h.price, h.sale_price, h.sale_start, "             \
    "h.sale_end FROM b JOIN price_history h ON h.offer_id = b.offer_id AND "                      \
    "h.currency = b.currency AND h.recorded_at < b.since AND h.recorded_at >= b.lo "               \
    "ORDER BY 1, h.recorded_at DESC, h.id DESC"

/* Reads the references of the k sales listed in sale[] (indexes in the
 * batch's prices) with one statement. */
static int read_references(struct publish_ctx *c, const int *sale, int k,
                           struct catalog_reference_scan *scan)
{
    struct pb_price_change *prices = c->batch->prices;
    struct pb_shape shape = {REFERENCE_ROWS_HEAD, "$%d", REFERENCE_ROWS_TAIL, 2, 4, k};
    store_stmt *st = pb_prepare(c, &shape, true);
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, PRICING_REFERENCE_WINDOW);
    for (int r = 0; r < k; r++) {
        const struct pb_price_change *p = &prices[sale[r]];
        store_bind_i64(st, 2 + 4 * r, sale[r]);
        store_bind_i64(st, 3 + 4 * r, p->offer_id);
        store_bind_text_static(st, 4 + 4 * r, p->it->prices.currency);
        store_bind_i64(st, 5 + 4 * r, p->sale_since);
    }
    int rc, cur = -1;
    bool more = false;
    while ((rc = store_step(st)) == STORE_ROW) {
        int i = (int)store_col_i64(st, 0);
        if (i != cur) {
            if (cur >= 0)
                prices[cur].has_ref = catalog_reference_low(scan, &prices[cur].ref_price) == 1;
            cur = i;
            catalog_reference_start(scan, prices[i].sale_since);
            more = true;
        }
        if (more)
            more = catalog_reference_add(scan, st, 1);
    }
    store_reset(st);
    if (rc != STORE_DONE)
        return rc;
    if (cur >= 0)
        prices[cur].has_ref = catalog_reference_low(scan, &prices[cur].ref_price) == 1;
    return STORE_DONE;
}

/* The new sale beginning and reference of each change, from the history
 * (which holds the changes' own rows by now, as in
 * catalog_offer_set_prices), read for many sales at once. */
static int price_references(struct publish_ctx *c, int n)
{
    struct pb_price_change *prices = c->batch->prices;
    int sale[AG_PUBLISH_BATCH], nsale = 0;
    for (int i = 0; i < n; i++) {
        struct pb_price_change *p = &prices[i];
        p->sale_since = catalog_offer_sale_since(&p->old, &p->it->prices, p->old_sale_since, c->now);
        p->has_ref = false;
        if (p->it->prices.s.sale_price >= 0)
            sale[nsale++] = i;
    }
    struct catalog_reference_scan *scan = nsale ? mem_calloc(1, sizeof *scan) : NULL;
    int rc = STORE_DONE;
    for (int i = 0; i < nsale && rc == STORE_DONE;) {
        int k = pb_chunk(nsale - i);
        rc = read_references(c, sale + i, k, scan);
        i += k;
    }
    mem_free(scan);
    for (int i = 0; i < n; i++) {
        struct pb_price_change *p = &prices[i];
        p->reduction_bp =
            p->has_ref ? pricing_reduction_bp(p->ref_price, p->it->prices.s.sale_price) : 0;
    }
    return rc;
}

/* Changed prices: every change's history row (a line each, as before),
 * then each offer's last change with its reference. */
static int write_prices(struct publish_ctx *c)
{
    struct publish_batch *b = c->batch;
    int rc = write_rows(c, HISTORY_INSERT, "", 7, b->prices, sizeof b->prices[0], b->nprices,
                        bind_change_history);
    int n = keep_last(b->prices, sizeof b->prices[0], offsetof(struct pb_price_change, offer_id),
                      b->nprices);
    if (rc == STORE_DONE)
        rc = price_references(c, n);
    if (rc == STORE_DONE)
        rc = write_rows(c,
                        "WITH v (id, currency, price, sale_price, sale_start, sale_end, "
                        "sale_since, ref_price, reduction_bp, updated_at) AS (VALUES ",
                        ") UPDATE offers SET currency = v.currency, "
                        "price = CAST(v.price AS BIGINT), "
                        "sale_price = CAST(v.sale_price AS BIGINT), "
                        "sale_start = CAST(v.sale_start AS BIGINT), "
                        "sale_end = CAST(v.sale_end AS BIGINT), "
                        "sale_since = CAST(v.sale_since AS BIGINT), "
                        "ref_price = CAST(v.ref_price AS BIGINT), "
                        "reduction_bp = CAST(v.reduction_bp AS BIGINT), "
                        "updated_at = CAST(v.updated_at AS BIGINT) "
                        "FROM v WHERE offers.id = CAST(v.id AS BIGINT)",
                        10, b->prices, sizeof b->prices[0], n, bind_change_offer);
    return rc;
}

/* The row writes of a batch, in order: multi-row INSERTs ("head (..),
 * (..)"), and UPDATEs of many rows at once ("head (..), (..) tail": a
 * WITH v (..) AS (VALUES ..) UPDATE; parameters are cast where SQL needs
 * a type, as PostgreSQL reads VALUES of untyped parameters as text), each
 * of the last row of an id (id_off). */
struct write_step {
    const char *head, *tail;
    int ncols;
    size_t rows, count, size; /* offsets in struct publish_batch, row size */
    bind_row_fn *bind;
    size_t id_off; /* 0: INSERT, every row; else UPDATE, the last row of an id */
};

#define STEP_ROWS(array, count)                                                                    \
    offsetof(struct publish_batch, array), offsetof(struct publish_batch, count),                  \
        sizeof((struct publish_batch *)0)->array[0]

static const struct write_step write_steps[] = {
    {"INSERT INTO products (id, gtin, local_retailer_id, title, description, brand_id, "
     "category_id, image_url, created_at, updated_at) VALUES ",
     "", 10, STEP_ROWS(products, nproducts), bind_product, 0},
    {"INSERT INTO listings (id, retailer_id, item_id, product_id, title, description, link, "
     "image_link, mpn, product_type, google_product_category, created_at, updated_at) VALUES ",
     "", 13, STEP_ROWS(new_listings, nnew_listings), bind_listing, 0},
    {"WITH v (id, product_id, title, description, link, image_link, mpn, product_type, "
     "google_product_category, updated_at) AS (VALUES ",
     ") UPDATE listings SET product_id = CAST(v.product_id AS BIGINT), title = v.title, "
     "description = v.description, link = v.link, image_link = v.image_link, mpn = v.mpn, "
     "product_type = v.product_type, google_product_category = v.google_product_category, "
     "updated_at = CAST(v.updated_at AS BIGINT) FROM v WHERE listings.id = CAST(v.id AS BIGINT)",
     10, STEP_ROWS(changed_listings, nchanged_listings), bind_changed_listing,
     offsetof(struct pb_listing_row, id)},
    {"INSERT INTO offers (id, listing_id, retailer_id, product_id, store_id, currency, price, "
     "sale_price, sale_start, sale_end, unit_measure, unit_measure_unit, unit_base, "
     "unit_base_unit, availability, updated_at, feed_seen, sale_since, ref_price, "
     "reduction_bp) VALUES ",
     "", 20, STEP_ROWS(new_offers, nnew_offers), bind_offer, 0},
    {"WITH v (id, availability, unit_measure, unit_measure_unit, unit_base, unit_base_unit, "
     "product_id, feed_seen, updated_at) AS (VALUES ",
     ") UPDATE offers SET availability = v.availability, "
     "unit_measure = CAST(v.unit_measure AS DOUBLE PRECISION), "
     "unit_measure_unit = v.unit_measure_unit, "
     "unit_base = CAST(v.unit_base AS DOUBLE PRECISION), unit_base_unit = v.unit_base_unit, "
     "product_id = CAST(v.product_id AS BIGINT), "
     "feed_seen = COALESCE(CAST(v.feed_seen AS BIGINT), offers.feed_seen), "
     "updated_at = CAST(v.updated_at AS BIGINT) FROM v WHERE offers.id = CAST(v.id AS BIGINT)",
     9, STEP_ROWS(changed_offers, nchanged_offers), bind_changed_offer,
     offsetof(struct pb_offer_row, id)},
    {HISTORY_INSERT, "", 7, STEP_ROWS(new_offers, nnew_offers), bind_history, 0},
};

/* Products that listings of the batch left and nothing points at any
 * more (an item given another GTIN), unless an admin curated them: gone,
 * so that search does not show a product nobody sells. */
static int drop_orphans(struct publish_ctx *c)
{
    struct publish_batch *b = c->batch;
    int64_t left[AG_PUBLISH_BATCH];
    int n = 0;
    for (int i = 0; i < b->nchanged_listings; i++)
        if (b->changed_listings[i].old_product_id != b->changed_listings[i].product_id)
            left[n++] = b->changed_listings[i].old_product_id;
    int rc = STORE_DONE;
    for (int i = 0; i < n && rc == STORE_DONE;) {
        int k = pb_chunk(n - i);
        struct pb_shape shape = {"DELETE FROM products WHERE content_locked = 0 "
                                 "AND NOT EXISTS (SELECT 1 FROM listings l WHERE "
                                 "l.product_id = products.id) AND NOT EXISTS (SELECT 1 FROM "
                                 "offers o WHERE o.product_id = products.id) AND id IN ",
                                 "$%d", "", 1, k, 1};
        store_stmt *st = pb_prepare(c, &shape, false);
        if (!st)
            return STORE_ERR;
        for (int r = 0; r < k; r++)
            store_bind_i64(st, 1 + r, left[i + r]);
        rc = store_run(st);
        i += k;
    }
    return rc;
}

int pb_write(struct publish_ctx *c)
{
    struct publish_batch *b = c->batch;
    int rc = STORE_DONE;
    for (size_t i = 0; i < sizeof write_steps / sizeof write_steps[0] && rc == STORE_DONE; i++) {
        const struct write_step *w = &write_steps[i];
        void *rows = (char *)b + w->rows;
        int n = *(const int *)(const void *)((const char *)b + w->count);
        if (w->id_off)
            n = keep_last(rows, w->size, w->id_off, n);
        rc = write_rows(c, w->head, w->tail, w->ncols, rows, w->size, n, w->bind);
    }
    if (rc == STORE_DONE)
        rc = write_seen(c);
    if (rc == STORE_DONE)
        rc = write_prices(c);
    if (rc == STORE_DONE)
        rc = drop_orphans(c);
    return rc;
}
