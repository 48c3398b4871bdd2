/*
 * search_http.c - GET /v1/search: full-text product search with filters.
 */
#include <string.h>

#include "catalog/handlers.h"
#include "catalog/search.h"
#include "core/limits.h"
#include "core/money.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "http/query.h"
#include "json/js.h"

static const struct query_param search_params[] = {
    QUERY_PAGE_PARAMS,
    {"q", QUERY_STRING, 0, AG_SEARCH_QUERY_MAX},
    {"category", QUERY_ID},
    {"brand", QUERY_ID},
    {"min_price", QUERY_STRING, 1, 24},
    {"max_price", QUERY_STRING, 1, 24},
    {"currency", QUERY_STRING, 3, 3},
    {"near", QUERY_LATLON},
    {"radius_km", QUERY_NUMBER, 0, 0, 0.1, AG_NEAR_RADIUS_MAX_KM},
    {0},
};

/* Reads a decimal price parameter in the currency. Returns 0, 1 when
 * absent, or -1 with the 422 written. */
static int search_price(struct http_req *req, struct http_res *res, const char *name,
                        const char *currency, int64_t *out)
{
    const char *v = http_query(req, name);
    if (!v)
        return 1;
    if (money_parse_decimal(v, strlen(v), currency, out) != 0) {
        http_problem_param(res, name,
                           "must be a non-negative decimal amount in the currency, such as 12.50");
        return -1;
    }
    return 0;
}

/* GET /v1/search?q=&category=&brand=&min_price=&max_price=&currency=
 * &near=LAT,LON&radius_km=: products best matching q (prefixes, diacritics
 * folded), each with its cheapest current offer in the currency (default
 * EUR) among those passing the filters; with near=, store offers within
 * the radius (default 10 km) plus online offers, marked online or with
 * distance_km.  A page may be short, even empty, with a next_cursor: the
 * request walked its windows of the search order (search.h). */
int cat_search(struct http_req *req, struct http_res *res)
{
    if (query_check(req, res, search_params) != 0)
        return res->status;
    struct search_query q = {0};
    const char *cur = http_query(req, "currency");
    text_copy(q.currency, sizeof q.currency, cur ? cur : "EUR");
    if (!money_currency_valid(q.currency))
        return http_problem_param(res, "currency", "must be an ISO 4217 currency code");
    int a = search_price(req, res, "min_price", q.currency, &q.min_price);
    int b = a < 0 ? -1 : search_price(req, res, "max_price", q.currency, &q.max_price);
    if (a < 0 || b < 0)
        return res->status;
    q.has_min = a == 0;
    q.has_max = b == 0;
    if (q.has_min && q.has_max && q.min_price > q.max_price)
        return http_problem_param(res, "max_price", "must not be below min_price");
    q.q = http_query(req, "q");
    q.category_id = query_int(req, "category", 0);
    q.brand_id = query_int(req, "brand", 0);
    q.limit = query_limit(req);
    q.now = time_now();
    const char *cursor = query_cursor(req);
    if (cursor && search_cursor_parse(cursor, &q.cursor) != 0)
        return http_problem_param(res, "cursor", "is not a cursor returned by this list");
    if (cat_near(req, res, &q.near) != 0)
        return res->status;
    json_t *items = json_array();
    bool more = false;
    struct search_cursor next;
    enum errcode e = search_run(req->db, &q, items, &more, &next);
    if (e != ERR_OK) {
        json_decref(items);
        return cat_fail(res, e, NULL, NULL);
    }
    json_t *body = json_object();
    json_object_set_new(body, "items", items);
    char raw[SEARCH_CURSOR_MAX];
    if (more)
        search_cursor_format(&next, raw);
    json_object_set_new(body, "next_cursor",
                        more ? json_string(query_cursor_encode(req->arena, raw)) : json_null());
    return http_json(res, 200, body);
}
