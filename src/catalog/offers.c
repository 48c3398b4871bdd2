/*
 * offers.c - offers, the price history and the reference price (see
 * offers.h).
 */
#include "catalog/offers.h"

#include <stdio.h>
#include <string.h>

#include "catalog/search.h"
#include "core/buf.h"
#include "core/limits.h"
#include "core/mem.h"
#include "core/money.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "json/js.h"
#include "json/validate.h"

const char *const catalog_availability[] = {"in_stock", "out_of_stock", "preorder", "backorder",
                                            NULL};

/* History and the reference -------------------------------------------- */

static int offer_history_append(store_conn *db, int64_t id, const struct offer_prices *p,
                                int64_t now)
{
    store_stmt *st = store_prepare(db, "INSERT INTO price_history (offer_id, recorded_at, "
                                       "currency, price, sale_price, sale_start, sale_end) "
                                       "VALUES ($1, $2, $3, $4, $5, $6, $7)");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, id);
    store_bind_i64(st, 2, now);
    store_bind_text(st, 3, p->currency);
    store_bind_i64(st, 4, p->s.price);
    if (p->s.sale_price >= 0)
        store_bind_i64(st, 5, p->s.sale_price);
    else
        store_bind_null(st, 5);
    catalog_bind_opt(st, 6, p->s.sale_start);
    catalog_bind_opt(st, 7, p->s.sale_end);
    return store_run(st);
}

void catalog_reference_start(struct catalog_reference_scan *s, int64_t since)
{
    s->since = since;
    s->n = 0;
}

bool catalog_reference_add(struct catalog_reference_scan *s, store_stmt *st, int col)
{
    struct pricing_point *p = &s->h[s->n++];
    p->at = store_col_i64(st, col);
    p->s.price = store_col_i64(st, col + 1);
    p->s.sale_price = store_col_is_null(st, col + 2) ? -1 : store_col_i64(st, col + 2);
    p->s.sale_start = catalog_col_opt(st, col + 3);
    p->s.sale_end = catalog_col_opt(st, col + 4);
    /* Enough once the point in force when the window opened is in. */
    return p->at > s->since - PRICING_REFERENCE_WINDOW && s->n < AG_HISTORY_SCAN_MAX;
}

int catalog_reference_low(struct catalog_reference_scan *s, int64_t *low)
{
    struct pricing_point *h = s->h;
    size_t n = s->n;
    for (size_t i = 0; i < n / 2; i++) { /* oldest first */
        struct pricing_point t = h[i];
        h[i] = h[n - 1 - i];
        h[n - 1 - i] = t;
    }
    return pricing_lowest(h, n, s->since - PRICING_REFERENCE_WINDOW, s->since, low);
}

int catalog_offer_reference(store_conn *db, int64_t id, const char *currency, int64_t since,
                            int64_t *low)
{
    store_stmt *st = store_prepare(
        db, "SELECT recorded_at, price, sale_price, sale_start, sale_end FROM price_history "
            "WHERE offer_id = $1 AND currency = $2 AND recorded_at < $3 "
            "ORDER BY recorded_at DESC, id DESC LIMIT $4");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, id);
    store_bind_text(st, 2, currency);
    store_bind_i64(st, 3, since);
    store_bind_i64(st, 4, AG_HISTORY_SCAN_MAX);
    struct catalog_reference_scan *s = mem_calloc(1, sizeof *s);
    catalog_reference_start(s, since);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW && catalog_reference_add(s, st, 0))
        ;
    store_reset(st);
    int result = rc == STORE_ROW || rc == STORE_DONE ? catalog_reference_low(s, low) : rc;
    mem_free(s);
    return result;
}

/* Recomputes sale_since, ref_price and reduction_bp of offer id. */
static int offer_update_reference(store_conn *db, int64_t id, const struct offer_prices *p,
                                  int64_t sale_since)
{
    int64_t ref = 0;
    int has = 0;
    if (p->s.sale_price >= 0) {
        has = catalog_offer_reference(db, id, p->currency, sale_since, &ref);
        if (has < 0)
            return has;
    }
    store_stmt *st = store_prepare(db, "UPDATE offers SET sale_since = $2, ref_price = $3, "
                                       "reduction_bp = $4 WHERE id = $1");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, id);
    if (p->s.sale_price >= 0)
        store_bind_i64(st, 2, sale_since);
    else
        store_bind_null(st, 2);
    if (has)
        store_bind_i64(st, 3, ref);
    else
        store_bind_null(st, 3);
    store_bind_i64(st, 4, has ? pricing_reduction_bp(ref, p->s.sale_price) : 0);
    return store_run(st);
}

bool catalog_offer_prices_equal(const struct offer_prices *a, const struct offer_prices *b)
{
    return strcmp(a->currency, b->currency) == 0 && a->s.price == b->s.price &&
           a->s.sale_price == b->s.sale_price && a->s.sale_start == b->s.sale_start &&
           a->s.sale_end == b->s.sale_end;
}

int catalog_offer_set_prices(store_conn *db, int64_t id, const struct offer_prices *old,
                             const struct offer_prices *np, int64_t old_sale_since,
                             int64_t now, bool *changed)
{
    *changed = false;
    if (catalog_offer_prices_equal(old, np))
        return STORE_DONE;
    *changed = true;
    store_stmt *st = store_prepare(db, "UPDATE offers SET currency = $2, price = $3, "
                                       "sale_price = $4, sale_start = $5, sale_end = $6, "
                                       "updated_at = $7 WHERE id = $1");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, id);
    store_bind_text(st, 2, np->currency);
    store_bind_i64(st, 3, np->s.price);
    if (np->s.sale_price >= 0)
        store_bind_i64(st, 4, np->s.sale_price);
    else
        store_bind_null(st, 4);
    catalog_bind_opt(st, 5, np->s.sale_start);
    catalog_bind_opt(st, 6, np->s.sale_end);
    store_bind_i64(st, 7, now);
    int rc = store_run(st);
    if (rc == STORE_DONE)
        rc = offer_history_append(db, id, np, now);
    if (rc != STORE_DONE)
        return rc;
    return offer_update_reference(db, id, np,
                                  catalog_offer_sale_since(old, np, old_sale_since, now));
}

int64_t catalog_offer_sale_since(const struct offer_prices *old, const struct offer_prices *np,
                                 int64_t old_sale_since, int64_t now)
{
    /* The sale was first seen now, or, when it merely continues, when it
     * began (if it has begun).  It begins at its start, but never before
     * it was seen: a sale_start in the past cannot move the 30-day window
     * back over the prices charged just before it. */
    int64_t seen = now;
    if (old_sale_since && old_sale_since < now && old->s.sale_price == np->s.sale_price &&
        strcmp(old->currency, np->currency) == 0)
        seen = old_sale_since;
    return np->s.sale_start > seen ? np->s.sale_start : seen;
}

/* JSON ------------------------------------------------------------------- */

/* Reads a measure from a (value, unit) column pair; 0 or -1 when absent. */
static int offer_measure(store_stmt *st, int col, struct pricing_measure *m)
{
    if (store_col_is_null(st, col) || store_col_is_null(st, col + 1))
        return -1;
    char text[48];
    const char *why;
    snprintf(text, sizeof text, "%.15g %s", store_col_double(st, col), store_col_text(st, col + 1));
    return pricing_parse_measure(text, m, &why);
}

/* The product an offer row is for: {id, title, gtin, image_url, brand}. */
static json_t *offer_product_json(store_stmt *st)
{
    json_t *p = json_object();
    json_object_set_new(p, "id", js_id(store_col_i64(st, 3)));
    json_object_set_new(p, "title", json_string(store_col_text(st, 19)));
    json_object_set_new(p, "gtin", catalog_col_json_text(st, 20));
    json_object_set_new(p, "image_url", catalog_col_json_text(st, 21));
    json_object_set_new(p, "brand", catalog_col_json_brand(st, 22));
    return p;
}

json_t *catalog_offer_row_json(store_stmt *st, int64_t now)
{
    char cur[4];
    text_copy(cur, sizeof cur, store_col_text(st, 5));
    struct pricing_state s = {store_col_i64(st, 6),
                              store_col_is_null(st, 7) ? -1 : store_col_i64(st, 7),
                              catalog_col_opt(st, 8), catalog_col_opt(st, 9)};
    int64_t eff = pricing_effective(&s, now);
    bool on_sale = pricing_on_sale(&s, now) && s.sale_price < s.price;
    json_t *o = json_object();
    json_object_set_new(o, "id", js_id(store_col_i64(st, 0)));
    json_object_set_new(o, "listing_id", js_id(store_col_i64(st, 1)));
    json_object_set_new(o, "item_id", json_string(store_col_text(st, 18)));
    json_object_set_new(o, "retailer_id", js_id(store_col_i64(st, 2)));
    json_object_set_new(o, "product_id", js_id(store_col_i64(st, 3)));
    json_object_set_new(o, "product", offer_product_json(st));
    json_object_set_new(o, "store_id", catalog_col_json_id(st, 4));
    json_object_set_new(o, "online", json_boolean(store_col_is_null(st, 4)));
    json_object_set_new(o, "price", js_money(s.price, cur));
    json_object_set_new(o, "sale_price", s.sale_price >= 0 ? js_money(s.sale_price, cur)
                                                           : json_null());
    json_object_set_new(o, "sale_start", js_time(s.sale_start));
    json_object_set_new(o, "sale_end", js_time(s.sale_end));
    json_object_set_new(o, "effective_price", js_money(eff, cur));
    json_object_set_new(o, "on_sale", json_boolean(on_sale));
    json_t *red = json_null();
    if (pricing_on_sale(&s, now) && !store_col_is_null(st, 16)) {
        int64_t ref = store_col_i64(st, 16);
        int64_t bp = pricing_reduction_bp(ref, s.sale_price);
        red = json_pack("{s:f,s:o,s:s,s:o}", "percent", (double)bp / 100.0, "reference_price",
                        js_money(ref, cur), "basis", "lowest_price_previous_30_days", "since",
                        js_time(catalog_col_opt(st, 17)));
    }
    json_object_set_new(o, "reduction", red);
    struct pricing_measure m, b;
    json_t *unit = json_null();
    if (offer_measure(st, 10, &m) == 0) {
        if (offer_measure(st, 12, &b) != 0)
            pricing_default_base(m.dim, &b);
        char mt[32], bt[32];
        pricing_format_measure(&m, mt, sizeof mt);
        pricing_format_measure(&b, bt, sizeof bt);
        int64_t per;
        if (pricing_unit_price(eff, &m, &b, &per) == 0)
            unit = json_pack("{s:I,s:s,s:s}", "amount", (json_int_t)per, "currency", cur, "per",
                             bt);
        json_object_set_new(o, "unit_pricing_measure", json_string(mt));
        json_object_set_new(o, "unit_pricing_base_measure", json_string(bt));
    } else {
        json_object_set_new(o, "unit_pricing_measure", json_null());
        json_object_set_new(o, "unit_pricing_base_measure", json_null());
    }
    json_object_set_new(o, "unit_price", unit);
    json_object_set_new(o, "availability", json_string(store_col_text(st, 14)));
    json_object_set_new(o, "updated_at", js_time(store_col_i64(st, 15)));
    return o;
}

enum errcode catalog_offer_get(store_conn *db, int64_t id, int64_t now, json_t **out)
{
    store_stmt *st = store_prepare(db, "SELECT " OFFER_COLUMNS OFFER_FROM "WHERE o.id = $1");
    if (!st)
        return ERR_INTERNAL;
    store_bind_i64(st, 1, id);
    int rc = store_step(st);
    if (rc == STORE_ROW)
        *out = catalog_offer_row_json(st, now);
    store_reset(st);
    return rc == STORE_ROW ? ERR_OK : rc == STORE_DONE ? ERR_NOT_FOUND : catalog_store_err(rc);
}

/* PATCH ------------------------------------------------------------------ */

/* Reads the price fields, retailer and sale_since of offer id. */
static int offer_read_prices(store_conn *db, int64_t id, struct offer_prices *p,
                             int64_t *retailer_id, int64_t *sale_since)
{
    store_stmt *st = store_prepare(db, "SELECT currency, price, sale_price, sale_start, sale_end, "
                                       "retailer_id, sale_since FROM offers WHERE id = $1");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        text_copy(p->currency, sizeof p->currency, store_col_text(st, 0));
        p->s.price = store_col_i64(st, 1);
        p->s.sale_price = store_col_is_null(st, 2) ? -1 : store_col_i64(st, 2);
        p->s.sale_start = catalog_col_opt(st, 3);
        p->s.sale_end = catalog_col_opt(st, 4);
        *retailer_id = store_col_i64(st, 5);
        *sale_since = catalog_col_opt(st, 6);
    }
    store_reset(st);
    return rc;
}

/* Reads an optional nullable time member: 1 set (*t), 0 absent, -1 null. */
static int offer_body_time(const json_t *body, const char *key, int64_t *t)
{
    const json_t *v = json_object_get(body, key);
    if (!v)
        return 0;
    if (json_is_null(v))
        return -1;
    return time_parse_rfc3339(json_string_value(v), t) == 0 ? 1 : 0;
}

enum errcode catalog_offer_patch(store_conn *db, const struct catalog_actor *actor, int64_t id,
                                 const json_t *body, int64_t now, json_t **errors)
{
    struct offer_prices old, np;
    int64_t retailer_id = 0, since = 0;
    int rc = offer_read_prices(db, id, &old, &retailer_id, &since);
    if (rc != STORE_ROW)
        return rc == STORE_DONE ? ERR_NOT_FOUND : catalog_store_err(rc);
    enum errcode e = catalog_may_write(actor, retailer_id);
    if (e != ERR_OK)
        return e;
    np = old;
    const json_t *price = json_object_get(body, "price");
    if (price) {
        text_copy(np.currency, sizeof np.currency, js_get_str(price, "currency"));
        np.s.price = js_get_int(price, "amount", 0);
    }
    const json_t *sale = json_object_get(body, "sale_price");
    if (sale && json_is_null(sale)) {
        np.s.sale_price = -1;
        np.s.sale_start = np.s.sale_end = 0;
    } else if (sale) {
        np.s.sale_price = js_get_int(sale, "amount", 0);
        if (strcmp(js_get_str(sale, "currency"), np.currency) != 0)
            jv_error_add(errors, "/sale_price/currency", "must be the currency of the price");
    } else if (price && np.s.sale_price >= 0 && strcmp(np.currency, old.currency) != 0) {
        jv_error_add(errors, "/price/currency",
                     "cannot change while a sale price in another currency is set");
    }
    int64_t t;
    int k = offer_body_time(body, "sale_start", &t);
    if (k)
        np.s.sale_start = k > 0 ? t : 0;
    k = offer_body_time(body, "sale_end", &t);
    if (k)
        np.s.sale_end = k > 0 ? t : 0;
    if (np.s.sale_price >= 0 && np.s.sale_price > np.s.price)
        jv_error_add(errors, sale ? "/sale_price/amount" : "/price/amount",
                     "the sale price must not exceed the regular price");
    if (np.s.sale_start && np.s.sale_end && np.s.sale_end <= np.s.sale_start)
        jv_error_add(errors, "/sale_end", "must be after sale_start (the window ends before it "
                                          "starts)");
    if (np.s.sale_price < 0 && (np.s.sale_start || np.s.sale_end) && !sale)
        jv_error_add(errors, "/sale_price", "is required for a sale window");
    if (*errors)
        return ERR_VALIDATION;
    bool changed;
    rc = catalog_offer_set_prices(db, id, &old, &np, since, now, &changed);
    const char *avail = js_get_str(body, "availability");
    if (rc == STORE_DONE && avail) {
        store_stmt *st = store_prepare(db, "UPDATE offers SET availability = $2, updated_at = $3 "
                                           "WHERE id = $1 AND availability <> $2");
        if (!st)
            return ERR_INTERNAL;
        store_bind_i64(st, 1, id);
        store_bind_text(st, 2, avail);
        store_bind_i64(st, 3, now);
        rc = store_run(st);
    }
    return rc == STORE_DONE ? ERR_OK : catalog_store_err(rc);
}

/* Lists ------------------------------------------------------------------ */

/* Adds distance_km to offer o from the store coordinates at col, col+1. */
static void offer_distance(json_t *o, store_stmt *st, int col, const struct catalog_near *near)
{
    if (near->on && !store_col_is_null(st, col) && !store_col_is_null(st, col + 1))
        json_object_set_new(o, "distance_km",
                            json_real(catalog_near_km(near, store_col_double(st, col),
                                                      store_col_double(st, col + 1))));
}

/* The statement of a page of GET /v1/offers: its text, and where its
 * parameters go.  $1 now, $2 limit + 1, then one parameter per filter
 * present, numbered in order (every parameter is referenced, as
 * PostgreSQL wants).  The text varies only with which filters are
 * present, so the statement cache holds a bounded number of variants. */
struct offer_list_sql {
    struct buf text;
    int next;       /* the number of the next parameter */
    int near_first; /* 0: no near= */
    int match;      /* 0: no q= */
    int currency;   /* 0: no currency= */
    int cursor_currency; /* 0: not sorted by price, or no cursor */
    int ni;
    struct {
        int n;
        int64_t v;
    } ints[5];
};

/* Adds an integer parameter; returns its number. */
static int offer_list_int(struct offer_list_sql *s, int64_t v)
{
    s->ints[s->ni].n = s->next;
    s->ints[s->ni++].v = v;
    return s->next++;
}

/* Appends the conditions of q but the cursor, each starting with AND. */
static void offer_list_filters(struct offer_list_sql *s, const struct offer_query *q)
{
    if (q->on_sale)
        buf_puts(&s->text, "AND o.sale_price IS NOT NULL AND o.sale_price < o.price "
                           "AND (o.sale_start IS NULL OR o.sale_start <= $1) "
                           "AND (o.sale_end IS NULL OR o.sale_end > $1) "
                           "AND o.availability <> 'out_of_stock' ");
    else if (q->sort != OFFER_SORT_PRICE) /* reference $1 with a type (PostgreSQL) */
        buf_puts(&s->text, "AND COALESCE(o.sale_end, $1) IS NOT NULL ");
    if (q->near.on) {
        buf_puts(&s->text, "AND ");
        s->near_first = s->next;
        s->next = catalog_near_sql(&s->text, "s", s->next);
        buf_puts(&s->text, " ");
    }
    if (q->currency[0]) {
        s->currency = s->next++;
        buf_printf(&s->text, "AND o.currency = $%d ", s->currency);
    }
    if (q->match) {
        buf_puts(&s->text, "AND o.product_id IN ");
        s->match = s->next++;
        search_product_ids_sql(&s->text, s->match);
        buf_puts(&s->text, " ");
    }
    const struct {
        int64_t v;
        const char *cond;
    } filters[] = {{q->retailer_id, "o.retailer_id"},
                   {q->store_id, "o.store_id"},
                   {q->product_id, "o.product_id"}};
    for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++)
        if (filters[i].v)
            buf_printf(&s->text, "AND %s = $%d ", filters[i].cond,
                       offer_list_int(s, filters[i].v));
}

/* Builds the statement of q's page into s (buf_free(&s->text) after). */
static void offer_list_build(struct offer_list_sql *s, const struct offer_query *q,
                             const char *key, bool desc)
{
    memset(s, 0, sizeof *s);
    s->next = 3;
    buf_init(&s->text, AG_SQL_TEXT_MAX);
    buf_printf(&s->text, "SELECT " OFFER_COLUMNS ", %s, %s" OFFER_FROM, key,
               q->near.on ? "s.latitude, s.longitude" : "NULL, NULL");
    if (q->near.on)
        buf_puts(&s->text, "JOIN stores s ON s.id = o.store_id ");
    buf_puts(&s->text, "WHERE o.price >= 0 ");
    offer_list_filters(s, q);
    const char *by_currency = q->sort == OFFER_SORT_PRICE ? "o.currency, " : "";
    if (q->has_cursor) {
        int k = offer_list_int(s, q->cursor_key);
        int i = offer_list_int(s, q->cursor_id);
        if (by_currency[0]) {
            s->cursor_currency = s->next++;
            buf_printf(&s->text, "AND (o.currency > $%d OR (o.currency = $%d AND ",
                       s->cursor_currency, s->cursor_currency);
        } else {
            buf_puts(&s->text, "AND ((");
        }
        buf_printf(&s->text, "%s %s $%d OR (%s = $%d AND o.id > $%d))) ", key, desc ? "<" : ">",
                   k, key, k, i);
    }
    buf_printf(&s->text, "ORDER BY %s%s %s, o.id LIMIT $2", by_currency, key,
               desc ? "DESC" : "ASC");
}

enum errcode catalog_offer_list(store_conn *db, const struct offer_query *q, json_t *items,
                                bool *more, struct offer_list_end *end)
{
    const char *key = q->sort == OFFER_SORT_REDUCTION ? "o.reduction_bp"
                      : q->sort == OFFER_SORT_PRICE   ? OFFER_EFFECTIVE_SQL("1")
                                                      : "o.id";
    struct offer_list_sql s;
    offer_list_build(&s, q, key, q->sort == OFFER_SORT_REDUCTION);
    store_stmt *st = store_prepare(db, s.text.data);
    buf_free(&s.text);
    if (!st)
        return ERR_INTERNAL;
    store_bind_i64(st, 1, q->now);
    store_bind_i64(st, 2, q->limit + 1);
    for (int i = 0; i < s.ni; i++)
        store_bind_i64(st, s.ints[i].n, s.ints[i].v);
    if (s.near_first)
        catalog_near_bind(st, s.near_first, &q->near);
    if (s.match)
        store_bind_text(st, s.match, q->match);
    if (s.currency)
        store_bind_text(st, s.currency, q->currency);
    if (s.cursor_currency)
        store_bind_text(st, s.cursor_currency, q->cursor_currency);
    int n = 0, rc;
    *more = false;
    while ((rc = store_step(st)) == STORE_ROW) {
        if (n == q->limit) {
            *more = true;
            break;
        }
        json_t *o = catalog_offer_row_json(st, q->now);
        offer_distance(o, st, OFFER_NCOLS + 1, &q->near);
        json_array_append_new(items, o);
        end->key = store_col_i64(st, OFFER_NCOLS);
        end->id = store_col_i64(st, 0);
        text_copy(end->currency, sizeof end->currency, store_col_text(st, 5));
        n++;
    }
    store_reset(st);
    return rc == STORE_ROW || rc == STORE_DONE ? ERR_OK : catalog_store_err(rc);
}

enum errcode catalog_product_offers(store_conn *db, int64_t product_id,
                                    const struct catalog_near *near, int64_t now, json_t *items)
{
    struct buf sql;
    buf_init(&sql, AG_SQL_TEXT_MAX);
    buf_puts(&sql, "SELECT " OFFER_COLUMNS ", " OFFER_EFFECTIVE_SQL("2") " AS eff, s.latitude, "
                   "s.longitude" OFFER_FROM "LEFT JOIN stores s ON s.id = o.store_id "
                   "WHERE o.product_id = $1 ");
    if (near->on) {
        buf_puts(&sql, "AND (o.store_id IS NULL OR ");
        catalog_near_sql(&sql, "s", 4);
        buf_puts(&sql, ") ");
    }
    buf_puts(&sql, "ORDER BY o.currency, eff, o.id LIMIT $3");
    store_stmt *st = store_prepare(db, sql.data);
    buf_free(&sql);
    if (!st)
        return ERR_INTERNAL;
    store_bind_i64(st, 1, product_id);
    store_bind_i64(st, 2, now);
    store_bind_i64(st, 3, AG_PRODUCT_OFFERS_MAX);
    if (near->on)
        catalog_near_bind(st, 4, near);
    int rc;
    char best_cur[4] = "";
    int64_t best = 0;
    while ((rc = store_step(st)) == STORE_ROW) {
        json_t *o = catalog_offer_row_json(st, now);
        const char *cur = store_col_text(st, 5);
        int64_t eff = store_col_i64(st, OFFER_NCOLS);
        /* Rows come cheapest first within each currency: the first offer
         * in stock of a currency is the cheapest, with every offer in
         * stock at the same price; out-of-stock offers never are. */
        bool in_stock = strcmp(store_col_text(st, 14), "out_of_stock") != 0;
        bool cheapest = in_stock && (strcmp(cur, best_cur) != 0 || eff == best);
        if (cheapest && strcmp(cur, best_cur) != 0) {
            text_copy(best_cur, sizeof best_cur, cur);
            best = eff;
        }
        json_object_set_new(o, "cheapest", json_boolean(cheapest));
        offer_distance(o, st, OFFER_NCOLS + 1, near);
        json_array_append_new(items, o);
    }
    store_reset(st);
    return rc == STORE_DONE ? ERR_OK : catalog_store_err(rc);
}

static json_t *history_row_json(store_stmt *st)
{
    char cur[4];
    text_copy(cur, sizeof cur, store_col_text(st, 3));
    json_t *o = json_object();
    json_object_set_new(o, "id", js_id(store_col_i64(st, 0)));
    json_object_set_new(o, "offer_id", js_id(store_col_i64(st, 1)));
    json_object_set_new(o, "recorded_at", js_time(store_col_i64(st, 2)));
    json_object_set_new(o, "price", js_money(store_col_i64(st, 4), cur));
    json_object_set_new(o, "sale_price", store_col_is_null(st, 5)
                                             ? json_null()
                                             : js_money(store_col_i64(st, 5), cur));
    json_object_set_new(o, "sale_start", js_time(catalog_col_opt(st, 6)));
    json_object_set_new(o, "sale_end", js_time(catalog_col_opt(st, 7)));
    json_object_set_new(o, "retailer_id", js_id(store_col_i64(st, 8)));
    json_object_set_new(o, "store_id", catalog_col_json_id(st, 9));
    return o;
}

struct history_filter {
    int64_t product_id, offer_id;
};

static void history_bind(store_stmt *st, const void *ctx)
{
    const struct history_filter *f = ctx;
    store_bind_i64(st, 3, f->product_id);
    store_bind_i64(st, 4, f->offer_id);
}

enum errcode catalog_price_history(store_conn *db, int64_t product_id, int64_t offer_id,
                                   struct catalog_page *pg, json_t *items)
{
    /* Newest first: the cursor is the last id seen, the next page below it. */
    struct history_filter f = {product_id, offer_id};
    return catalog_list_rows(
        db,
        "SELECT h.id, h.offer_id, h.recorded_at, h.currency, h.price, h.sale_price, "
        "h.sale_start, h.sale_end, o.retailer_id, o.store_id FROM price_history h "
        "JOIN offers o ON o.id = h.offer_id WHERE o.product_id = $3 "
        "AND ($4 = 0 OR h.offer_id = $4) AND ($1 = 0 OR h.id < $1) "
        "ORDER BY h.id DESC LIMIT $2",
        pg, history_bind, &f, history_row_json, items);
}
