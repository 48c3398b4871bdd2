/*
 * search.c - product search (see search.h): the match expression, the
 * cursor's text, and search_run, which walks the matches window by window,
 * one statement a window, then reads the page's products and offers.
 */
#include "catalog/search.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "catalog/offers.h"
#include "core/buf.h"
#include "core/limits.h"
#include "core/text.h"
#include "json/js.h"

/* A byte of a word: an ASCII letter or digit, or any non-ASCII byte. */
static bool search_word_byte(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z');
}

int search_match_expr(const char *q, char *out, size_t outlen)
{
    size_t o = 0;
    int words = 0;
    out[0] = '\0';
    const unsigned char *p = (const unsigned char *)q;
    while (*p && words < AG_SEARCH_TERMS) {
        while (*p && !search_word_byte(*p))
            p++;
        const unsigned char *w = p;
        while (*p && search_word_byte(*p))
            p++;
        size_t n = (size_t)(p - w);
        /* " AND " + ("w" OR "w"*) is 2n + 16 bytes. */
        if (n == 0 || o + 2 * n + 16 >= outlen)
            break;
        o += (size_t)snprintf(out + o, outlen - o, "%s(\"%.*s\" OR \"%.*s\"*)",
                              words ? " AND " : "", (int)n, (const char *)w, (int)n,
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

int search_cursor_parse(const char *raw, struct search_cursor *out)
{
    struct search_cursor c = {0};
    const char *c1 = strchr(raw, ':');
    const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    int rc;
    if (!c1) {
        rc = text_parse_i64(raw, strlen(raw), &c.start);
    } else if (!c2) { /* RANK:KEY, the first window */
        c.at = true;
        rc = text_parse_double(raw, (size_t)(c1 - raw), &c.rank) != 0 ||
             text_parse_i64(c1 + 1, strlen(c1 + 1), &c.key) != 0;
    } else {
        c.at = true;
        rc = text_parse_i64(raw, (size_t)(c1 - raw), &c.start) != 0 ||
             text_parse_double(c1 + 1, (size_t)(c2 - c1 - 1), &c.rank) != 0 ||
             text_parse_i64(c2 + 1, strlen(c2 + 1), &c.key) != 0;
    }
    if (rc != 0 || c.start < 0 || (c.at && c.key < 1))
        return -1;
    *out = c;
    return 0;
}

void search_cursor_format(const struct search_cursor *c, char out[SEARCH_CURSOR_MAX])
{
    if (c->at)
        snprintf(out, SEARCH_CURSOR_MAX, "%lld:%.17g:%lld", (long long)c->start, c->rank,
                 (long long)c->key);
    else
        snprintf(out, SEARCH_CURSOR_MAX, "%lld", (long long)c->start);
}

/* A statement built piece by piece: its text, and its parameters numbered
 * in order (21 at most: 2 for the offers, 8 for near=, 4 for the filters,
 * 7 for the window and the page).  full: a piece did not fit, the
 * statement must not run. */
#define SEARCH_PARAMS_MAX 24

struct search_sql {
    struct buf text;
    bool full;
    int n;
    enum { P_I64, P_DBL, P_TEXT } kind[SEARCH_PARAMS_MAX];
    int64_t i[SEARCH_PARAMS_MAX];
    double d[SEARCH_PARAMS_MAX];
    const char *s[SEARCH_PARAMS_MAX];
};

/* Appends to b (the statement's text or one of its pieces). */
static void sq_add(struct search_sql *s, struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void sq_add(struct search_sql *s, struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (buf_vprintf(b, fmt, ap) != BUF_OK)
        s->full = true;
    va_end(ap);
}

/* Adds a parameter; returns its number. */
static int sp_add(struct search_sql *q, int kind)
{
    if (q->n == SEARCH_PARAMS_MAX) {
        q->full = true;
        return q->n;
    }
    q->kind[q->n] = kind;
    return ++q->n;
}

static int sp_i64(struct search_sql *q, int64_t v)
{
    int k = sp_add(q, P_I64);
    q->i[k - 1] = v;
    return k;
}

static int sp_dbl(struct search_sql *q, double v)
{
    int k = sp_add(q, P_DBL);
    q->d[k - 1] = v;
    return k;
}

static int sp_text(struct search_sql *q, const char *v)
{
    int k = sp_add(q, P_TEXT);
    q->s[k - 1] = v;
    return k;
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
        json_object_set_new(p, "brand", catalog_col_json_brand(st, 3));
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
static void search_put_with_id(struct search_sql *s, struct buf *b, const char *text,
                               const char *id)
{
    if (!text)
        return;
    const char *at;
    while ((at = strstr(text, "@ID"))) {
        sq_add(s, b, "%.*s%s", (int)(at - text), text, id);
        text = at + 3;
    }
    sq_add(s, b, "%s", text);
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
        sq_add(s, b, "AND (SELECT 1 FROM products p WHERE p.id = @ID ");
        if (q->brand_id) {
            int brand = sp_i64(s, q->brand_id);
            sq_add(s, b, "AND p.brand_id = $%d ", brand);
        }
        if (q->category_id) {
            int category = sp_i64(s, q->category_id);
            sq_add(s, b,
                   "AND p.category_id IN (WITH RECURSIVE sub(id) AS (SELECT c0.id "
                   "FROM categories c0 WHERE c0.id = $%d UNION ALL SELECT c.id FROM "
                   "categories c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub) ",
                   category);
        }
        sq_add(s, b, ") IS NOT NULL ");
    }
    if (q->has_min || q->has_max) {
        sq_add(s, b, "AND ((SELECT 1 %s AND %s LIMIT 1) IS NOT NULL", base, price->p1);
        if (price->p2[0])
            sq_add(s, b, " OR (SELECT 1 %s AND %s LIMIT 1) IS NOT NULL", base, price->p2);
        sq_add(s, b, ") ");
    } else if (q->near.on) {
        sq_add(s, b, "AND (SELECT 1 %s LIMIT 1) IS NOT NULL ", base);
    }
}

/* The pieces of a window's statement that come from the query: cond, the
 * conditions of an offer of product @ID that may be shown (currency, in
 * stock, near=) but price; the price filter's conditions on such an
 * offer; filters, the checks of a candidate product @ID; eff, offer o's
 * effective price.  cond and price serve the best-offer subquery, all
 * three the checks that keep products without such an offer off the
 * page. */
struct search_parts {
    struct buf cond, filters;
    struct search_price price;
    char eff[300];
};

static void search_parts_build(struct search_sql *s, const struct search_query *q,
                               struct search_parts *p)
{
    buf_init(&p->cond, AG_SQL_TEXT_MAX);
    buf_init(&p->filters, AG_SQL_TEXT_MAX);
    int now = sp_i64(s, q->now);
    int cur = sp_text(s, q->currency);
    /* Offer o's sale runs now; its effective price. */
    char running[200];
    snprintf(running, sizeof running,
             "o.sale_price IS NOT NULL AND (o.sale_start IS NULL OR o.sale_start <= $%d) AND "
             "(o.sale_end IS NULL OR o.sale_end > $%d)",
             now, now);
    snprintf(p->eff, sizeof p->eff, "(CASE WHEN %s THEN o.sale_price ELSE o.price END)",
             running);
    sq_add(s, &p->cond,
           "FROM offers o %s WHERE o.product_id = @ID AND o.currency = $%d "
           "AND o.availability <> 'out_of_stock' ",
           q->near.on ? "LEFT JOIN stores s ON s.id = o.store_id" : "", cur);
    if (q->near.on) {
        double v[CATALOG_NEAR_PARAMS];
        catalog_near_values(&q->near, v);
        sq_add(s, &p->cond, "AND (o.store_id IS NULL OR ");
        catalog_near_sql(&p->cond, "s", s->n + 1);
        for (int i = 0; i < CATALOG_NEAR_PARAMS; i++)
            sp_dbl(s, v[i]);
        sq_add(s, &p->cond, ") ");
    }
    p->price.p1[0] = p->price.p2[0] = '\0';
    if (q->has_min || q->has_max)
        search_price_probes(s, q, running, &p->price);
    search_filters(&p->filters, s, q, p->cond.data, &p->price);
}

static void search_parts_free(struct search_parts *p)
{
    buf_free(&p->cond);
    buf_free(&p->filters);
}

/* The window's candidates that pass the filters (id, k, rank), with
 * words: the matches after key start up to the AG_SEARCH_CANDIDATES-th,
 * in key order (the shortest titles first, migration 5), at most
 * AG_SEARCH_RANKED of them; the filters are checked before the rank is
 * computed, so only rows that pass are ranked. */
static void search_text_hits_sql(struct search_sql *s, const struct search_parts *p, int match,
                                 int start)
{
    int offset = sp_i64(s, AG_SEARCH_CANDIDATES - 1);
    int ranked = sp_i64(s, AG_SEARCH_RANKED);
    sq_add(s, &s->text,
           "SELECT f.rowid %% 4294967296 AS id, f.rowid AS k, f.rank AS rank FROM "
           "product_fts($%d) f WHERE f.rowid > $%d AND f.rowid <= (SELECT COALESCE((SELECT "
           "rowid FROM product_fts($%d) WHERE rowid > $%d ORDER BY rowid LIMIT 1 OFFSET $%d), "
           "9223372036854775807)) ",
           match, start, match, start, offset);
    search_put_with_id(s, &s->text, p->filters.data, "(f.rowid % 4294967296)");
    sq_add(s, &s->text, "ORDER BY f.rowid LIMIT $%d", ranked);
}

/* The same without words: the products among the AG_SEARCH_CANDIDATES ids
 * after start that pass the filters, in id order, the first need of them
 * (the page is in id order: no more are needed). */
static void search_id_hits_sql(struct search_sql *s, const struct search_parts *p, int start,
                               int need)
{
    int candidates = sp_i64(s, AG_SEARCH_CANDIDATES);
    sq_add(s, &s->text,
           "SELECT f.id AS id, f.id AS k, 0.0 AS rank FROM (SELECT id FROM products WHERE "
           "id > $%d ORDER BY id LIMIT $%d) f WHERE f.id > 0 ",
           start, candidates);
    search_put_with_id(s, &s->text, p->filters.data, "f.id");
    sq_add(s, &s->text, "ORDER BY f.id LIMIT $%d", need);
}

/* The id of the best offer of product w.id, as a subquery. */
static void search_best_offer_sql(struct search_sql *s, const struct search_parts *p)
{
    sq_add(s, &s->text, "(SELECT o.id ");
    search_put_with_id(s, &s->text, p->cond.data, "w.id");
    if (p->price.p2[0])
        sq_add(s, &s->text, "AND ((%s) OR (%s)) ", p->price.p1, p->price.p2);
    else if (p->price.p1[0])
        sq_add(s, &s->text, "AND %s ", p->price.p1);
    sq_add(s, &s->text, "ORDER BY %s, o.id LIMIT 1)", p->eff);
}

/* A window's statement, rows (id, k, rank, best offer): the window's hits
 * in rank order, need at most, each with its best offer (looked up for
 * the page's rows only: the outer query has no ORDER BY, it scans the
 * sorted page in order).  With a cursor position at (with words only),
 * the hits after it, and on every row, even on the one all-NULL row when
 * none is left, two more columns: how many hits the window has and the
 * last key among them (where a window of AG_SEARCH_RANKED hits ends). */
static void search_window_sql(struct search_sql *s, const struct search_parts *p, int match,
                              int start, const struct search_cursor *at, int need)
{
    if (!match) {
        sq_add(s, &s->text, "SELECT w.id, w.k, w.rank, ");
        search_best_offer_sql(s, p);
        sq_add(s, &s->text, " FROM (");
        search_id_hits_sql(s, p, start, need);
        sq_add(s, &s->text, ") w");
    } else if (!at) {
        sq_add(s, &s->text, "SELECT w.id, w.k, w.rank, ");
        search_best_offer_sql(s, p);
        sq_add(s, &s->text, " FROM (SELECT id, k, rank FROM (");
        search_text_hits_sql(s, p, match, start);
        sq_add(s, &s->text, ") c ORDER BY rank, k LIMIT $%d) w", need);
    } else {
        sq_add(s, &s->text, "WITH hits AS MATERIALIZED (");
        search_text_hits_sql(s, p, match, start);
        sq_add(s, &s->text, ") SELECT w.id, w.k, w.rank, ");
        search_best_offer_sql(s, p);
        int r = sp_dbl(s, at->rank);
        int k = sp_i64(s, at->key);
        sq_add(s, &s->text,
               ", x.n, x.e FROM (SELECT count(*) AS n, max(k) AS e FROM hits) x LEFT JOIN "
               "(SELECT id, k, rank FROM hits WHERE rank > $%d OR (rank = $%d AND k > $%d) "
               "ORDER BY rank, k LIMIT $%d) w ON 1 = 1 ORDER BY w.rank, w.k",
               r, r, k, need);
    }
}

/* The hits of the page being gathered, in order, each with the window
 * (its start) it came from; one more than the page when there are more. */
struct search_page {
    int n;
    int64_t id[AG_PAGE_MAX + 1], key[AG_PAGE_MAX + 1], offer[AG_PAGE_MAX + 1];
    int64_t start[AG_PAGE_MAX + 1];
    double rank[AG_PAGE_MAX + 1];
};

/* What a window's statement with a cursor position tells besides its
 * hits: how many hits the whole window has, and its last key. */
struct search_window_hits {
    int64_t n, last_key;
};

/* Runs a window's statement: appends its rows to page (up to limit + 1,
 * from the window of key start); with a cursor position (summary), reads
 * the window's count and last key into w. */
static enum errcode search_window_rows(store_conn *db, const struct search_sql *s, int64_t start,
                                       bool summary, int limit, struct search_page *page,
                                       struct search_window_hits *w)
{
    store_stmt *st = store_prepare(db, s->text.data);
    if (!st)
        return ERR_INTERNAL;
    sp_bind(s, st);
    int rc, rows = 0;
    while ((rc = store_step(st)) == STORE_ROW) {
        if (summary && rows++ == 0) {
            w->n = store_col_i64(st, 4);
            w->last_key = store_col_i64(st, 5);
        }
        if (store_col_is_null(st, 0) || page->n > limit)
            continue;
        int i = page->n++;
        page->id[i] = store_col_i64(st, 0);
        page->key[i] = store_col_i64(st, 1);
        page->rank[i] = store_col_double(st, 2);
        page->offer[i] = catalog_col_opt(st, 3);
        page->start[i] = start;
    }
    store_reset(st);
    return rc == STORE_DONE ? ERR_OK : catalog_store_err(rc);
}

/* Where a window ends: last, no match is left after it; else end, the key
 * after which the next window starts. */
struct search_edge {
    bool last;
    int64_t end;
};

/* The end of the window after key start, when it did not end at its
 * AG_SEARCH_RANKED-th hit: the key of its AG_SEARCH_CANDIDATES-th
 * candidate, if it has that many (match: with words, the expression). */
static enum errcode search_window_end(store_conn *db, const char *match, int64_t start,
                                      struct search_edge *edge)
{
    store_stmt *st = store_prepare(
        db, match ? "SELECT rowid FROM product_fts($3) WHERE rowid > $1 ORDER BY rowid "
                    "LIMIT 1 OFFSET $2"
                  : "SELECT id FROM products WHERE id > $1 ORDER BY id LIMIT 1 OFFSET $2");
    if (!st)
        return ERR_INTERNAL;
    store_bind_i64(st, 1, start);
    store_bind_i64(st, 2, AG_SEARCH_CANDIDATES - 1);
    if (match)
        store_bind_text(st, 3, match);
    int rc = store_step(st);
    edge->last = rc != STORE_ROW;
    edge->end = rc == STORE_ROW ? store_col_i64(st, 0) : 0;
    store_reset(st);
    return rc == STORE_ROW || rc == STORE_DONE ? ERR_OK : catalog_store_err(rc);
}

/* One window: the one after key at->start (with at->at, its hits after
 * that position), with words the match expression match, else NULL.
 * Appends to page, and unless the page is full, learns where the window
 * ends: at its AG_SEARCH_RANKED-th hit, else at its last candidate.  A
 * window read from its start that leaves the page short has fewer than
 * need hits, so fewer than AG_SEARCH_RANKED: only a window read from a
 * cursor position needs its count. */
static enum errcode search_window(store_conn *db, const struct search_query *q, const char *match,
                                  const struct search_cursor *at, struct search_page *page,
                                  struct search_edge *edge)
{
    struct search_sql s;
    memset(&s, 0, sizeof s);
    buf_init(&s.text, AG_SQL_TEXT_MAX);
    struct search_parts p;
    search_parts_build(&s, q, &p);
    int start = sp_i64(&s, at->start);
    int need = sp_i64(&s, q->limit + 1 - page->n);
    int m = match ? sp_text(&s, match) : 0;
    bool summary = match && at->at;
    search_window_sql(&s, &p, m, start, summary ? at : NULL, need);
    search_parts_free(&p);
    struct search_window_hits w = {0, 0};
    enum errcode e = s.full ? ERR_INTERNAL
                            : search_window_rows(db, &s, at->start, summary, q->limit, page, &w);
    buf_free(&s.text);
    if (e != ERR_OK || page->n > q->limit)
        return e;
    if (match && w.n == AG_SEARCH_RANKED) {
        *edge = (struct search_edge){false, w.last_key};
        return ERR_OK;
    }
    return search_window_end(db, match, at->start, edge);
}

/* Where the next page starts: with a hit left over, after the page's last
 * hit (without words the next id; with words its window and position, or
 * the left-over hit's window from its start when the last hit ended its
 * own); when the request's windows ran out first, the next window; after
 * the last window, nowhere. */
static void search_next(const struct search_page *page, int limit, bool words, bool last,
                        const struct search_cursor *window, bool *more, struct search_cursor *next)
{
    *more = true;
    if (page->n > limit) {
        int i = limit - 1;
        if (!words)
            *next = (struct search_cursor){.start = page->key[i]};
        else if (page->start[limit] != page->start[i])
            *next = (struct search_cursor){.start = page->start[limit]};
        else
            *next = (struct search_cursor){
                .start = page->start[i], .at = true, .rank = page->rank[i], .key = page->key[i]};
    } else if (!last) {
        *next = *window;
    } else {
        *more = false;
    }
}

enum errcode search_run(store_conn *db, const struct search_query *q, json_t *items, bool *more,
                        struct search_cursor *next)
{
    char match[SEARCH_MATCH_MAX];
    int words = q->q ? search_match_expr(q->q, match, sizeof match) : 0;
    struct search_cursor at = q->cursor;
    /* Without words the order is the id's: a position is a start. */
    if (!words && at.at)
        at = (struct search_cursor){.start = at.key > at.start ? at.key : at.start};
    struct search_page page;
    page.n = 0;
    struct search_edge edge = {false, 0};
    for (int w = 0; w < AG_SEARCH_WINDOWS && page.n <= q->limit && !edge.last; w++) {
        enum errcode e = search_window(db, q, words ? match : NULL, &at, &page, &edge);
        if (e != ERR_OK)
            return e;
        at = (struct search_cursor){.start = edge.end};
    }
    search_next(&page, q->limit, words > 0, edge.last, &at, more, next);
    /* The page's products and offers, read after the window statements. */
    for (int i = 0; i < page.n && i < q->limit; i++) {
        int rc = search_hit(db, page.id[i], page.rank[i], page.offer[i], &q->near, q->now, items);
        if (rc != STORE_DONE)
            return catalog_store_err(rc);
    }
    return ERR_OK;
}
