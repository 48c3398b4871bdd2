/*
 * offers_http.c - offers over HTTP: list (on sale near a point, by real
 * reduction, matching words), publish one item, read, change prices.
 */
#include <stdio.h>
#include <string.h>

#include "catalog/gtin.h"
#include "catalog/handlers.h"
#include "catalog/offers.h"
#include "catalog/publish.h"
#include "catalog/search.h"
#include "catalog/stores.h"
#include "core/limits.h"
#include "core/money.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "http/query.h"
#include "json/js.h"
#include "json/validate.h"

static const char *const offer_sorts[] = {"id", "reduction", "price", NULL};

static const struct query_param offers_params[] = {
    QUERY_PAGE_PARAMS,
    {"q", QUERY_STRING, 1, AG_SEARCH_QUERY_MAX},
    {"on_sale", QUERY_BOOL},
    {"near", QUERY_LATLON},
    {"radius_km", QUERY_NUMBER, 0, 0, 0.1, AG_NEAR_RADIUS_MAX_KM},
    {"sort", QUERY_STRING, .choices = offer_sorts},
    {"retailer_id", QUERY_ID},
    {"store_id", QUERY_ID},
    {"product_id", QUERY_ID},
    {"currency", QUERY_STRING, 3, 3},
    {0},
};

/* Reads q= into match (the full-text expression, as GET /v1/search
 * builds it) and points q->match at it.  Returns 0, or -1 with the 422
 * written when q has no word to search (only punctuation). */
static int offers_text(struct http_req *req, struct http_res *res, struct offer_query *q,
                       char match[SEARCH_MATCH_MAX])
{
    const char *text = http_query(req, "q");
    if (!text)
        return 0;
    if (search_match_expr(text, match, SEARCH_MATCH_MAX) == 0) {
        http_problem_param(res, "q", "must contain a letter or a digit");
        return -1;
    }
    q->match = match;
    return 0;
}

/* Reads the cursor of GET /v1/offers into q: "key:id", or by price
 * "CUR:key:id".  Returns 0 (also when there is none), or -1. */
static int offers_cursor(const char *cursor, struct offer_query *q)
{
    if (!cursor)
        return 0;
    long long k, i;
    char tail;
    if (q->sort == OFFER_SORT_PRICE) {
        if (strlen(cursor) < 4 || cursor[3] != ':')
            return -1;
        memcpy(q->cursor_currency, cursor, 3);
        q->cursor_currency[3] = '\0';
        if (!money_currency_valid(q->cursor_currency))
            return -1;
        cursor += 4;
    }
    if (sscanf(cursor, "%lld:%lld%c", &k, &i, &tail) != 2)
        return -1;
    q->has_cursor = true;
    q->cursor_key = k;
    q->cursor_id = i;
    return 0;
}

/* GET /v1/offers: filters q (the products matching the words, as GET
 * /v1/search), on_sale, near (store offers within radius_km, default 10,
 * each with distance_km), retailer_id, store_id, product_id, currency;
 * sort by id, real reduction (largest first) or currency then effective
 * price. */
int cat_offers_list(struct http_req *req, struct http_res *res)
{
    struct offer_query q = {0};
    char match[SEARCH_MATCH_MAX];
    if (query_check(req, res, offers_params) != 0 || offers_text(req, res, &q, match) != 0)
        return res->status;
    q.on_sale = query_bool(req, "on_sale", false);
    q.retailer_id = query_int(req, "retailer_id", 0);
    q.store_id = query_int(req, "store_id", 0);
    q.product_id = query_int(req, "product_id", 0);
    const char *sort = http_query(req, "sort");
    q.sort = !sort ? (q.on_sale ? OFFER_SORT_REDUCTION : OFFER_SORT_ID)
             : strcmp(sort, "reduction") == 0 ? OFFER_SORT_REDUCTION
             : strcmp(sort, "price") == 0     ? OFFER_SORT_PRICE
                                              : OFFER_SORT_ID;
    q.limit = query_limit(req);
    q.now = time_now();
    const char *currency = http_query(req, "currency");
    if (currency) {
        text_copy(q.currency, sizeof q.currency, currency);
        if (!money_currency_valid(q.currency))
            return http_problem_param(res, "currency", "is not an ISO 4217 currency code");
    }
    if (offers_cursor(query_cursor(req), &q) != 0)
        return http_problem_param(res, "cursor", "is not a cursor returned by this list");
    if (cat_near(req, res, &q.near) != 0)
        return res->status;
    json_t *items = json_array();
    bool more = false;
    struct offer_list_end end = {"", 0, 0};
    enum errcode e = catalog_offer_list(req->db, &q, items, &more, &end);
    if (e != ERR_OK) {
        json_decref(items);
        return cat_fail(res, e, NULL, NULL);
    }
    json_t *body = json_object();
    json_object_set_new(body, "items", items);
    char raw[64];
    if (q.sort == OFFER_SORT_PRICE)
        snprintf(raw, sizeof raw, "%s:%lld:%lld", end.currency, (long long)end.key,
                 (long long)end.id);
    else
        snprintf(raw, sizeof raw, "%lld:%lld", (long long)end.key, (long long)end.id);
    json_object_set_new(body, "next_cursor",
                        more ? json_string(query_cursor_encode(req->arena, raw)) : json_null());
    return http_json(res, 200, body);
}

/* The text rules of a feed line (feed_row.c), through the same checks
 * (core/text_check.h): one-line texts, a description of several lines,
 * http(s) links. */
static const struct jv_field publish_body[] = {
    {"retailer_id", JV_ID, 0},
    {"item_id", JV_STRING, JV_REQUIRED, .min = 1, .max = AG_FEED_ID_MAX, .check = jv_check_line},
    {"title", JV_STRING, JV_REQUIRED, .min = 1, .max = AG_FEED_TITLE_MAX, .check = jv_check_line},
    {"description", JV_STRING, 0, .max = AG_FEED_DESCRIPTION_MAX, .check = jv_check_lines},
    {"link", JV_STRING, 0, .max = AG_URL_MAX, .check = jv_check_url},
    {"image_link", JV_STRING, 0, .max = AG_URL_MAX, .check = jv_check_url},
    {"brand", JV_STRING, 0, .max = AG_FEED_BRAND_MAX, .check = jv_check_line},
    {"mpn", JV_STRING, 0, .max = AG_FEED_MPN_MAX, .check = jv_check_line},
    {"product_type", JV_STRING, 0, .max = AG_FEED_TYPE_MAX, .check = jv_check_line},
    {"google_product_category", JV_STRING, 0, .max = AG_FEED_TYPE_MAX, .check = jv_check_line},
    {"gtin", JV_STRING, JV_NULLABLE, .max = 20},
    {"store_id", JV_ID, JV_NULLABLE},
    {"price", JV_MONEY, JV_REQUIRED, .min = 0},
    {"sale_price", JV_MONEY, JV_NULLABLE, .min = 0},
    {"sale_start", JV_TIME, JV_NULLABLE},
    {"sale_end", JV_TIME, JV_NULLABLE},
    {"availability", JV_STRING, 0, .choices = catalog_availability},
    {"unit_pricing_measure", JV_STRING, 0, .max = AG_MEASURE_MAX},
    {"unit_pricing_base_measure", JV_STRING, 0, .max = AG_MEASURE_MAX},
    {0},
};

/* Fills the prices and window of it from the body, adding what only the
 * two prices together can say.  Runs on a body that failed jv_check too
 * (so that one answer names every failing field): what is missing or of
 * the wrong type was reported there and is not compared here. */
static void publish_prices(const json_t *b, struct publish_item *it, json_t **errors)
{
    const json_t *p = json_object_get(b, "price"), *s = json_object_get(b, "sale_price");
    const char *cur = js_get_str(p, "currency"), *sale_cur = js_get_str(s, "currency");
    const json_t *amount = json_object_get(p, "amount"), *sale_amount = json_object_get(s, "amount");
    text_copy(it->prices.currency, sizeof it->prices.currency, cur ? cur : "");
    it->prices.s.price = js_get_int(p, "amount", 0);
    it->prices.s.sale_price = -1;
    if (json_is_object(s)) {
        it->prices.s.sale_price = js_get_int(s, "amount", 0);
        if (cur && sale_cur && strcmp(sale_cur, cur) != 0)
            jv_error_add(errors, "/sale_price/currency", "must be the currency of the price");
        else if (json_is_integer(amount) && json_is_integer(sale_amount) &&
                 it->prices.s.sale_price > it->prices.s.price)
            jv_error_add(errors, "/sale_price/amount",
                         "the sale price must not exceed the regular price");
    }
    const char *a = js_get_str(b, "sale_start"), *z = js_get_str(b, "sale_end");
    if (a && time_parse_rfc3339(a, &it->prices.s.sale_start) != 0)
        a = NULL;
    if (z && time_parse_rfc3339(z, &it->prices.s.sale_end) != 0)
        z = NULL;
    if (a && z && it->prices.s.sale_end <= it->prices.s.sale_start)
        jv_error_add(errors, "/sale_end",
                     "must be after sale_start (the window ends before it starts)");
    if ((a || z) && !json_is_object(s))
        jv_error_add(errors, "/sale_price", "is required for a sale window");
}

/* Fills the text, identity and unit measures of it. */
static void publish_fields(const json_t *b, struct publish_item *it, char *gtin,
                           json_t **errors)
{
    it->item_id = js_get_str(b, "item_id");
    it->title = js_get_str(b, "title");
    it->description = js_get_str(b, "description");
    it->link = js_get_str(b, "link");
    it->image_link = js_get_str(b, "image_link");
    it->brand = js_get_str(b, "brand");
    it->mpn = js_get_str(b, "mpn");
    it->product_type = js_get_str(b, "product_type");
    it->google_category = js_get_str(b, "google_product_category");
    it->availability = js_get_str(b, "availability");
    const char *g = js_get_str(b, "gtin");
    it->gtin_given = json_object_get(b, "gtin") != NULL;
    if (g) {
        enum gtin_rc rc = gtin_normalize(g, strlen(g), gtin);
        if (rc != GTIN_OK)
            jv_error_add(errors, "/gtin", gtin_reason(rc));
        else if (!gtin_restricted(gtin)) /* an in-store number: the item stays local */
            it->gtin = gtin;
    }
    const char *why, *m = js_get_str(b, "unit_pricing_measure"),
                     *bm = js_get_str(b, "unit_pricing_base_measure");
    if (m && pricing_parse_measure(m, &it->measure, &why) != 0)
        jv_error_add(errors, "/unit_pricing_measure", why);
    else if (m)
        it->has_measure = true;
    if (bm && pricing_parse_measure(bm, &it->base, &why) != 0)
        jv_error_add(errors, "/unit_pricing_base_measure", why);
    else if (bm && (!it->has_measure || it->base.dim != it->measure.dim))
        jv_error_add(errors, "/unit_pricing_base_measure",
                     "needs a unit_pricing_measure of the same kind (weight, volume, ...)");
    else if (bm)
        it->has_base = true;
}

/* POST /v1/offers (staff of the retailer, or admins): publishes one item
 * as a feed line would: listing, product (by GTIN) and offer (online, or
 * at store_id).  201 when the offer is new, 200 when it was updated. */
int cat_offer_publish(struct http_req *req, struct http_res *res)
{
    /* Every failing field in one answer: the declared checks, then what
     * the rules say about the fields they did not already refuse. */
    json_t *errors = jv_check(req->body, publish_body), *more = NULL;
    struct catalog_actor actor = cat_actor(req);
    int64_t rid = actor.retailer_id, store_id = 0;
    const char *rs = js_get_str(req->body, "retailer_id");
    if (rs)
        js_parse_id(rs, &rid);
    if (!rid && !json_object_get(req->body, "retailer_id"))
        jv_error_add(&more, "/retailer_id", "is required for admins");
    const char *ss = js_get_str(req->body, "store_id");
    if (ss)
        js_parse_id(ss, &store_id);
    struct publish_item it;
    char gtin[GTIN_LEN + 1];
    memset(&it, 0, sizeof it);
    if (json_is_object(req->body)) {
        publish_fields(req->body, &it, gtin, &more);
        publish_prices(req->body, &it, &more);
    }
    jv_errors_merge(&errors, more);
    if (errors)
        return http_problem_fields(res, errors, NULL);
    enum errcode e = catalog_may_write(&actor, rid);
    if (e != ERR_OK)
        return cat_fail(res, e, NULL, NULL);
    if (cat_begin(req, res))
        return res->status;
    int x = catalog_retailer_exists(req->db, rid);
    if (x <= 0)
        return x == 0 ? http_problem_field(res, "/retailer_id", "is not an existing retailer")
                      : http_problem_store(res, x);
    if (store_id) {
        int64_t owner = 0;
        e = catalog_store_retailer(req->db, store_id, &owner);
        if (e == ERR_NOT_FOUND || (e == ERR_OK && owner != rid))
            return http_problem_field(res, "/store_id", "is not a store of this retailer");
        if (e != ERR_OK)
            return cat_fail(res, e, NULL, NULL);
    }
    it.store_id = store_id;
    struct publish_ctx pc;
    int64_t now = time_now(), offer_id = 0;
    publish_begin(&pc, req->db, rid, now, 0);
    int rc = publish_item(&pc, &it, &offer_id);
    publish_end(&pc);
    if (rc < 0)
        return http_problem_store(res, rc);
    json_t *out = NULL;
    e = catalog_offer_get(req->db, offer_id, now, &out);
    if (e != ERR_OK)
        return cat_fail(res, e, NULL, NULL);
    if (rc == PUBLISH_CREATED)
        http_header(req, res, "Location",
                    arena_printf(req->arena, "/v1/offers/%lld", (long long)offer_id));
    return http_json(res, rc == PUBLISH_CREATED ? 201 : 200, out);
}

/* GET /v1/offers/{id} */
int cat_offer_get(struct http_req *req, struct http_res *res)
{
    int64_t id;
    if (http_param_id(req, res, 0, &id) != 0)
        return res->status;
    json_t *out = NULL;
    enum errcode e = catalog_offer_get(req->db, id, time_now(), &out);
    if (e != ERR_OK)
        return cat_fail(res, e, NULL, "No such offer.");
    return http_json(res, 200, out);
}

static const struct jv_field offer_patch_body[] = {
    {"price", JV_MONEY, 0, .min = 0},
    {"sale_price", JV_MONEY, JV_NULLABLE, .min = 0},
    {"sale_start", JV_TIME, JV_NULLABLE},
    {"sale_end", JV_TIME, JV_NULLABLE},
    {"availability", JV_STRING, 0, .choices = catalog_availability},
    {0},
};

/* PATCH /v1/offers/{id} (the retailer's staff, or admins): price, sale
 * price (null ends the sale), sale window, availability.  A price change
 * lands in the price history. */
int cat_offer_patch(struct http_req *req, struct http_res *res)
{
    int64_t id;
    if (http_param_id(req, res, 0, &id) != 0)
        return res->status;
    json_t *errors = jv_check(req->body, offer_patch_body);
    if (errors)
        return http_problem_fields(res, errors, NULL);
    if (cat_begin(req, res))
        return res->status;
    struct catalog_actor actor = cat_actor(req);
    int64_t now = time_now();
    enum errcode e = catalog_offer_patch(req->db, &actor, id, req->body, now, &errors);
    json_t *out = NULL;
    if (e == ERR_OK)
        e = catalog_offer_get(req->db, id, now, &out);
    if (e != ERR_OK)
        return cat_fail(res, e, errors, e == ERR_NOT_FOUND ? "No such offer." : NULL);
    return http_json(res, 200, out);
}
