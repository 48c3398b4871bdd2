/*
 * search.c - product search (see search.h).
 */
#include "catalog/search.h"

#include <stdio.h>
#include <string.h>

#include "catalog/offers.h"
#include "core/buf.h"
#include "core/limits.h"
#include "json/js.h"

int search_match_expr(const char *q, char *out, size_t outlen)
{
    size_t o = 0;
    int words = 0;
    out[0] = '\0';
    const unsigned char *p = (const unsigned char *)q;
    while (*p && words < AG_SEARCH_TERMS) {
        while (*p && *p < 0x80 && !((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
                                    (*p >= 'A' && *p <= 'Z')))
            p++;
        const unsigned char *w = p;
        while (*p && (*p >= 0x80 || (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
                      (*p >= 'A' && *p <= 'Z')))
            p++;
        size_t n = (size_t)(p - w);
        if (n == 0)
            break;
        if (o + n + 5 >= outlen)
            break;
        o += (size_t)snprintf(out + o, outlen - o, "%s\"%.*s\"*", words ? " " : "", (int)n,
                              (const char *)w);
        words++;
    }
    return words;
}

void search_product_ids_sql(struct buf *sql, int param)
{
    /* The low 32 bits of a full-text key are the product id (migration 5). */
    buf_printf(sql, "(SELECT f.rowid %% 4294967296 FROM product_fts($%d) f)", param);
}

/* Parameters of a statement built piece by piece, numbered in order. */
struct search_sql {
    struct buf text;
    int n;
    enum { P_I64, P_DBL, P_TEXT } kind[24];
    int64_t i[24];
    double d[24];
    const char *s[24];
};

static int sp_i64(struct search_sql *q, int64_t v)
{
    q->kind[q->n] = P_I64;
    q->i[q->n] = v;
    return ++q->n;
}

static int sp_dbl(struct search_sql *q, double v)
{
    q->kind[q->n] = P_DBL;
    q->d[q->n] = v;
    return ++q->n;
}

static int sp_text(struct search_sql *q, const char *v)
{
    q->kind[q->n] = P_TEXT;
    q->s[q->n] = v;
    return ++q->n;
}

static void sp_bind(const struct search_sql *q, store_stmt *st)
{
    for (int k = 0; k < q->n; k++) {
        if (q->kind[k] == P_I64)
            store_bind_i64(st, k + 1, q->i[k]);
        else if (q->kind[k] == P_DBL)
            store_bind_double(st, k + 1, q->d[k]);
        else
            store_bind_text(st, k + 1, q->s[k]);
    }
}

/* One hit: the product's summary and its best offer. */
static int search_hit(store_conn *db, int64_t product_id, double rank, int64_t offer_id,
                      const struct catalog_near *near, int64_t now, json_t *items)
{
    store_stmt *st = store_prepare(db, "SELECT p.id, p.gtin, p.title, p.brand_id, b.name, "
                                       "p.category_id, p.image_url FROM products p "
                                       "LEFT JOIN brands b ON b.id = p.brand_id WHERE p.id = $1");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, product_id);
    int rc = store_step(st);
    json_t *hit = NULL;
    if (rc == STORE_ROW) {
        json_t *p = json_object();
        json_object_set_new(p, "id", js_id(store_col_i64(st, 0)));
        json_object_set_new(p, "gtin", catalog_col_json_text(st, 1));
        json_object_set_new(p, "title", json_string(store_col_text(st, 2)));
        json_object_set_new(p, "brand", store_col_is_null(st, 3)
                                            ? json_null()
                                            : json_pack("{s:o,s:s}", "id",
                                                        js_id(store_col_i64(st, 3)), "name",
                                                        store_col_text(st, 4)));
        json_object_set_new(p, "category_id", catalog_col_json_id(st, 5));
        json_object_set_new(p, "image_url", catalog_col_json_text(st, 6));
        hit = json_pack("{s:o,s:f}", "product", p, "score", -rank);
    }
    store_reset(st);
    if (rc != STORE_ROW)
        return rc == STORE_DONE ? STORE_DONE : rc;
    json_t *offer = json_null();
    if (offer_id) {
        json_t *o = NULL;
        enum errcode e = catalog_offer_get(db, offer_id, now, &o);
        if (e != ERR_OK) {
            json_decref(hit);
            return STORE_ERR;
        }
        offer = o;
        if (near->on && !json_is_true(json_object_get(o, "online"))) {
            store_stmt *d = store_prepare(db, "SELECT latitude, longitude FROM stores "
                                              "WHERE id = $1");
            int64_t sid = 0;
            js_parse_id(js_get_str(o, "store_id"), &sid);
            if (d) {
                store_bind_i64(d, 1, sid);
                if (store_step(d) == STORE_ROW && !store_col_is_null(d, 0))
                    json_object_set_new(o, "distance_km",
                                        json_real(catalog_near_km(near, store_col_double(d, 0),
                                                                  store_col_double(d, 1))));
                store_reset(d);
            }
        }
    }
    json_object_set_new(hit, "offer", offer);
    json_array_append_new(items, hit);
    return STORE_DONE;
}

/* Appends text (NULL: nothing) to b with each "@ID" replaced by id (the
 * product id's expression where the text is used). */
static void search_put_with_id(struct buf *b, const char *text, const char *id)
{
    if (!text)
        return;
    const char *at;
    while ((at = strstr(text, "@ID"))) {
        buf_printf(b, "%.*s%s", (int)(at - text), text, id);
        text = at + 3;
    }
    buf_puts(b, text);
}

/* The price filter, [min_price, max_price] on an offer's effective price
 * (the sale price while its sale runs, else the price), as two
 * conditions on offer o, either of which passes it:
 *   p1: the price in range, and no sale running or the sale price not
 *       below min_price;
 *   p2 (only with max_price): a running sale whose price is in range on
 *       an offer priced above it.
 * Exact because a sale price never exceeds the price (checked on every
 * write), and each is a range of an offers index (migration 5: by price,
 * and by sale price for offers with one), so a product whose offers are
 * all out of range is passed over without reading them. */
struct search_price {
    char p1[320], p2[320]; /* p2 empty: not needed */
};

static void search_price_probes(struct search_sql *s, const struct search_query *q,
                                const char *running, struct search_price *out)
{
    /* Parameter numbers of the bounds; 0: no such bound. */
    int lo = q->has_min ? sp_i64(s, q->min_price) : 0;
    int hi = q->has_max ? sp_i64(s, q->max_price) : 0;
    out->p2[0] = '\0';
    if (lo && hi)
        snprintf(out->p1, sizeof out->p1,
                 "o.price >= $%d AND o.price <= $%d AND (o.sale_price >= $%d OR NOT (%s))", lo,
                 hi, lo, running);
    else if (lo)
        snprintf(out->p1, sizeof out->p1, "o.price >= $%d AND (o.sale_price >= $%d OR NOT (%s))",
                 lo, lo, running);
    else
        snprintf(out->p1, sizeof out->p1, "o.price <= $%d", hi);
    if (hi && lo)
        snprintf(out->p2, sizeof out->p2,
                 "o.sale_price <= $%d AND o.sale_price >= $%d AND o.price > $%d AND %s", hi, lo,
                 hi, running);
    else if (hi)
        snprintf(out->p2, sizeof out->p2, "o.sale_price <= $%d AND o.price > $%d AND %s", hi, hi,
                 running);
}

/* The filters of a candidate product @ID, as conditions each starting
 * with AND: brand and category (an index read of products), and with a
 * price filter or near= an offer that passes (base: the offer conditions
 * but price; scalar subqueries, never joins, so that the candidates keep
 * their order). */
static void search_filters(struct buf *b, struct search_sql *s, const struct search_query *q,
                           const char *base, const struct search_price *price)
{
    if (q->brand_id || q->category_id) {
        buf_puts(b, "AND (SELECT 1 FROM products p WHERE p.id = @ID ");
        if (q->brand_id)
            buf_printf(b, "AND p.brand_id = $%d ", sp_i64(s, q->brand_id));
        if (q->category_id)
            buf_printf(b,
                       "AND p.category_id IN (WITH RECURSIVE sub(id) AS (SELECT c0.id "
                       "FROM categories c0 WHERE c0.id = $%d UNION ALL SELECT c.id FROM "
                       "categories c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub) ",
                       sp_i64(s, q->category_id));
        buf_puts(b, ") IS NOT NULL ");
    }
    if (q->has_min || q->has_max) {
        buf_printf(b, "AND ((SELECT 1 %s AND %s LIMIT 1) IS NOT NULL", base, price->p1);
        if (price->p2[0])
            buf_printf(b, " OR (SELECT 1 %s AND %s LIMIT 1) IS NOT NULL", base, price->p2);
        buf_puts(b, ") ");
    } else if (q->near.on) {
        buf_printf(b, "AND (SELECT 1 %s LIMIT 1) IS NOT NULL ", base);
    }
}

enum errcode search_run(store_conn *db, const struct search_query *q, json_t *items, bool *more,
                        double *last_rank, int64_t *last_id)
{
    char match[SEARCH_MATCH_MAX];
    int words = q->q ? search_match_expr(q->q, match, sizeof match) : 0;
    struct search_sql s;
    memset(&s, 0, sizeof s);
    buf_init(&s.text, AG_SQL_TEXT_MAX);
    /* The conditions of an offer that may be shown (currency, in stock,
     * near=) over the product @ID, and the price filter's: together they
     * serve the best-offer subquery and, with filters, the checks that
     * keep products without such an offer off the page. */
    struct buf cond;
    buf_init(&cond, AG_SQL_TEXT_MAX);
    int now = sp_i64(&s, q->now);
    int cur = sp_text(&s, q->currency);
    /* Offer o's sale runs now; its effective price. */
    char running[200], eff[300];
    snprintf(running, sizeof running,
             "o.sale_price IS NOT NULL AND (o.sale_start IS NULL OR o.sale_start <= $%d) AND "
             "(o.sale_end IS NULL OR o.sale_end > $%d)",
             now, now);
    snprintf(eff, sizeof eff, "(CASE WHEN %s THEN o.sale_price ELSE o.price END)", running);
    buf_printf(&cond,
               "FROM offers o %s WHERE o.product_id = @ID AND o.currency = $%d "
               "AND o.availability <> 'out_of_stock' ",
               q->near.on ? "LEFT JOIN stores s ON s.id = o.store_id" : "", cur);
    if (q->near.on) {
        double v[CATALOG_NEAR_PARAMS];
        catalog_near_values(&q->near, v);
        buf_puts(&cond, "AND (o.store_id IS NULL OR ");
        catalog_near_sql(&cond, "s", s.n + 1);
        for (int i = 0; i < CATALOG_NEAR_PARAMS; i++)
            sp_dbl(&s, v[i]);
        buf_puts(&cond, ") ");
    }
    struct search_price price = {"", ""};
    if (q->has_min || q->has_max)
        search_price_probes(&s, q, running, &price);
    struct buf filters;
    buf_init(&filters, AG_SQL_TEXT_MAX);
    search_filters(&filters, &s, q, cond.data, &price);
    /* One statement, from the inside out:
     * - the window: with words, the matches in full-text key order (the
     *   shortest titles first, migration 5) among the first
     *   AG_SEARCH_CANDIDATES, that pass the filters, at most
     *   AG_SEARCH_RANKED of them; the filters are checked before the rank
     *   is computed, so only rows that pass are ranked.  Without words,
     *   the products after the cursor in id order;
     * - the page: the window after the cursor in rank order, LIMIT;
     * - the best offer of each row of the page only.
     * The outer query has no ORDER BY: it scans the sorted page in order. */
    buf_printf(&s.text, "SELECT w.id, w.k, w.rank, (SELECT o.id ");
    search_put_with_id(&s.text, cond.data, "w.id");
    if (price.p2[0])
        buf_printf(&s.text, "AND ((%s) OR (%s)) ", price.p1, price.p2);
    else if (price.p1[0])
        buf_printf(&s.text, "AND %s ", price.p1);
    buf_printf(&s.text, "ORDER BY %s, o.id LIMIT 1) AS best FROM (", eff);
    if (words) {
        int m = sp_text(&s, match);
        buf_printf(&s.text,
                   "SELECT id, k, rank FROM (SELECT f.rowid %% 4294967296 AS id, f.rowid AS k, "
                   "f.rank AS rank FROM product_fts($%d) f WHERE f.rowid <= (SELECT "
                   "COALESCE((SELECT rowid FROM product_fts($%d) ORDER BY rowid LIMIT 1 "
                   "OFFSET $%d), 9223372036854775807)) ",
                   m, m, sp_i64(&s, AG_SEARCH_CANDIDATES - 1));
        search_put_with_id(&s.text, filters.data, "(f.rowid % 4294967296)");
        buf_printf(&s.text, "ORDER BY f.rowid LIMIT $%d) c ", sp_i64(&s, AG_SEARCH_RANKED));
        if (q->has_cursor) {
            int r = sp_dbl(&s, q->cursor_rank);
            buf_printf(&s.text, "WHERE rank > $%d OR (rank = $%d AND k > $%d) ", r, r,
                       sp_i64(&s, q->cursor_id));
        }
        buf_printf(&s.text, "ORDER BY rank, k LIMIT $%d", sp_i64(&s, q->limit + 1));
    } else {
        buf_printf(&s.text,
                   "SELECT f.id, f.id AS k, 0.0 AS rank FROM (SELECT id FROM products "
                   "WHERE id > $%d ORDER BY id LIMIT $%d) f WHERE f.id > 0 ",
                   sp_i64(&s, q->has_cursor ? q->cursor_id : 0),
                   sp_i64(&s, AG_SEARCH_CANDIDATES));
        search_put_with_id(&s.text, filters.data, "f.id");
        buf_printf(&s.text, "ORDER BY f.id LIMIT $%d", sp_i64(&s, q->limit + 1));
    }
    buf_puts(&s.text, ") w");
    buf_free(&filters);
    buf_free(&cond);
    store_stmt *st = store_prepare(db, s.text.data);
    buf_free(&s.text);
    if (!st)
        return ERR_INTERNAL;
    /* Collect the page first: the per-hit reads below use other statements. */
    int64_t ids[AG_PAGE_MAX + 1], keys[AG_PAGE_MAX + 1], offers[AG_PAGE_MAX + 1];
    double ranks[AG_PAGE_MAX + 1];
    int n = 0, rc;
    sp_bind(&s, st);
    *more = false;
    while ((rc = store_step(st)) == STORE_ROW) {
        if (n == q->limit) {
            *more = true;
            break;
        }
        ids[n] = store_col_i64(st, 0);
        keys[n] = store_col_i64(st, 1);
        ranks[n] = store_col_double(st, 2);
        offers[n] = catalog_col_opt(st, 3);
        n++;
    }
    store_reset(st);
    if (rc != STORE_ROW && rc != STORE_DONE)
        return catalog_store_err(rc);
    for (int i = 0; i < n; i++) {
        rc = search_hit(db, ids[i], ranks[i], offers[i], &q->near, q->now, items);
        if (rc != STORE_DONE)
            return catalog_store_err(rc);
        *last_rank = ranks[i];
        *last_id = keys[i];
    }
    return ERR_OK;
}
