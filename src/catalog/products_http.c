/*
 * products_http.c - products, their offers and price history over HTTP.
 */
#include <string.h>

#include "catalog/gtin.h"
#include "catalog/handlers.h"
#include "catalog/offers.h"
#include "catalog/products.h"
#include "core/limits.h"
#include "core/timeutil.h"
#include "http/query.h"
#include "json/js.h"
#include "json/validate.h"

static const struct query_param products_params[] = {
    QUERY_PAGE_PARAMS,
    {"gtin", QUERY_STRING, 1, 20},
    {"brand", QUERY_ID},
    {"category", QUERY_ID},
    {0},
};

/* GET /v1/products[?gtin=|brand=|category=]: barcode look-up (any of
 * EAN-8, UPC-12, EAN-13, GTIN-14 of the same item finds it), or a list. */
int cat_products_list(struct http_req *req, struct http_res *res)
{
    struct catalog_page pg;
    if (query_check(req, res, products_params) != 0 || cat_page(req, res, &pg) != 0)
        return res->status;
    json_t *items = json_array();
    enum errcode e;
    const char *g = http_query(req, "gtin");
    if (g) {
        char gtin[GTIN_LEN + 1];
        enum gtin_rc grc = gtin_normalize(g, strlen(g), gtin);
        if (grc != GTIN_OK) {
            json_decref(items);
            return http_problem_param(res, "gtin", gtin_reason(grc));
        }
        e = catalog_product_by_gtin(req->db, gtin, items);
    } else {
        e = catalog_product_list(req->db, query_int(req, "brand", 0),
                                 query_int(req, "category", 0), &pg, items);
    }
    if (e != ERR_OK) {
        json_decref(items);
        return cat_fail(res, e, NULL, NULL);
    }
    return cat_page_answer(req, res, items, &pg);
}

/* GET /v1/products/{id}: shared content and every retailer's listing. */
int cat_product_get(struct http_req *req, struct http_res *res)
{
    int64_t id;
    if (http_param_id(req, res, 0, &id) != 0)
        return res->status;
    json_t *out = NULL;
    enum errcode e = catalog_product_get(req->db, id, &out);
    if (e != ERR_OK)
        return cat_fail(res, e, NULL, "No such product.");
    return http_json(res, 200, out);
}

static const struct jv_field product_patch_body[] = {
    {"title", JV_STRING, 0, .min = 1, .max = AG_FEED_TITLE_MAX, .check = jv_check_line},
    {"description", JV_STRING, 0, .max = AG_FEED_DESCRIPTION_MAX, .check = jv_check_lines},
    {"brand_id", JV_ID, JV_NULLABLE},
    {"category_id", JV_ID, JV_NULLABLE},
    {"image_url", JV_STRING, 0, .min = 1, .max = AG_URL_MAX, .check = jv_check_url},
    {"attributes", JV_OBJECT, 0},
    {0},
};

/* PATCH /v1/products/{id} (admins): the shared content; locks it. */
int cat_product_patch(struct http_req *req, struct http_res *res)
{
    int64_t id;
    if (http_param_id(req, res, 0, &id) != 0)
        return res->status;
    json_t *errors = jv_check(req->body, product_patch_body);
    if (errors)
        return http_problem_fields(res, errors, NULL);
    if (cat_begin(req, res))
        return res->status;
    enum errcode e = catalog_product_patch(req->db, id, req->body, time_now(), &errors);
    json_t *out = NULL;
    if (e == ERR_OK)
        e = catalog_product_get(req->db, id, &out);
    if (e != ERR_OK)
        return cat_fail(res, e, errors, e == ERR_NOT_FOUND ? "No such product." : NULL);
    return http_json(res, 200, out);
}

static const struct query_param product_offers_params[] = {
    {"near", QUERY_LATLON},
    {"radius_km", QUERY_NUMBER, 0, 0, 0.1, AG_NEAR_RADIUS_MAX_KM},
    {0},
};

/* GET /v1/products/{id}/offers[?near=LAT,LON&radius_km=]: every offer with
 * its effective price, cheapest first per currency and the cheapest in
 * stock marked; with near=, online offers and stores within the radius
 * (default 10 km), each with distance_km. */
int cat_product_offers(struct http_req *req, struct http_res *res)
{
    int64_t id;
    if (http_param_id(req, res, 0, &id) != 0 || query_check(req, res, product_offers_params) != 0)
        return res->status;
    int x = catalog_product_exists(req->db, id);
    if (x <= 0)
        return x == 0 ? cat_fail(res, ERR_NOT_FOUND, NULL, "No such product.")
                      : http_problem_store(res, x);
    struct catalog_near near;
    if (cat_near(req, res, &near) != 0)
        return res->status;
    json_t *items = json_array();
    enum errcode e = catalog_product_offers(req->db, id, &near, time_now(), items);
    if (e != ERR_OK) {
        json_decref(items);
        return cat_fail(res, e, NULL, NULL);
    }
    json_t *body = json_object();
    json_object_set_new(body, "items", items);
    json_object_set_new(body, "next_cursor", json_null());
    return http_json(res, 200, body);
}

static const struct query_param history_params[] = {
    QUERY_PAGE_PARAMS,
    {"offer_id", QUERY_ID},
    {0},
};

/* GET /v1/products/{id}/price-history[?offer_id=]: every price change of
 * the product's offers, newest first. */
int cat_product_history(struct http_req *req, struct http_res *res)
{
    int64_t id;
    struct catalog_page pg;
    if (http_param_id(req, res, 0, &id) != 0 || query_check(req, res, history_params) != 0 ||
        cat_page(req, res, &pg) != 0)
        return res->status;
    int x = catalog_product_exists(req->db, id);
    if (x <= 0)
        return x == 0 ? cat_fail(res, ERR_NOT_FOUND, NULL, "No such product.")
                      : http_problem_store(res, x);
    json_t *items = json_array();
    enum errcode e = catalog_price_history(req->db, id, query_int(req, "offer_id", 0), &pg, items);
    if (e != ERR_OK) {
        json_decref(items);
        return cat_fail(res, e, NULL, NULL);
    }
    return cat_page_answer(req, res, items, &pg);
}
