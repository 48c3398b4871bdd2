/*
 * retailers_http.c - retailers, brands and categories over HTTP.
 */
#include <stdio.h>
#include <string.h>

#include "catalog/handlers.h"
#include "core/limits.h"
#include "core/timeutil.h"
#include "http/query.h"
#include "json/js.h"
#include "json/validate.h"

static const struct query_param page_params[] = {
    QUERY_PAGE_PARAMS,
    {0},
};

static const struct jv_field retailer_body[] = {
    {"name", JV_STRING, JV_REQUIRED, .min = 1, .max = AG_NAME_MAX, .check = jv_check_line},
    {"kind", JV_STRING, 0, .choices = catalog_retailer_kinds},
    {"website", JV_STRING, JV_NULLABLE, .min = 1, .max = AG_URL_MAX, .check = jv_check_url},
    {0},
};

/* GET /v1/retailers: every retailer, by id. */
int cat_retailers_list(struct http_req *req, struct http_res *res)
{
    struct catalog_page pg;
    if (query_check(req, res, page_params) != 0 || cat_page(req, res, &pg) != 0)
        return res->status;
    json_t *items = json_array();
    enum errcode e = catalog_retailer_list(req->db, &pg, items);
    if (e != ERR_OK) {
        json_decref(items);
        return cat_fail(res, e, NULL, NULL);
    }
    return cat_page_answer(req, res, items, &pg);
}

/* POST /v1/retailers (admins): {name, kind, website} -> 201. */
int cat_retailer_create(struct http_req *req, struct http_res *res)
{
    json_t *errors = jv_check(req->body, retailer_body);
    if (errors)
        return http_problem_fields(res, errors, NULL);
    if (cat_begin(req, res))
        return res->status;
    json_t *out = NULL;
    enum errcode e = catalog_retailer_create(req->db, js_get_str(req->body, "name"),
                                             js_get_str(req->body, "kind"),
                                             js_get_str(req->body, "website"), time_now(), &out);
    if (e != ERR_OK)
        return cat_fail(res, e, NULL, NULL);
    http_header(req, res, "Location",
                arena_printf(req->arena, "/v1/retailers/%s", js_get_str(out, "id")));
    return http_json(res, 201, out);
}

/* GET /v1/retailers/{id} */
int cat_retailer_get(struct http_req *req, struct http_res *res)
{
    int64_t id;
    if (http_param_id(req, res, 0, &id) != 0)
        return res->status;
    json_t *out = NULL;
    enum errcode e = catalog_retailer_get(req->db, id, &out);
    if (e != ERR_OK)
        return cat_fail(res, e, NULL, "No such retailer.");
    return http_json(res, 200, out);
}

static const struct jv_field brand_body[] = {
    {"name", JV_STRING, JV_REQUIRED, .min = 1, .max = AG_FEED_BRAND_MAX, .check = jv_check_line},
    {0},
};

/* GET /v1/brands */
int cat_brands_list(struct http_req *req, struct http_res *res)
{
    struct catalog_page pg;
    if (query_check(req, res, page_params) != 0 || cat_page(req, res, &pg) != 0)
        return res->status;
    json_t *items = json_array();
    enum errcode e = catalog_brand_list(req->db, &pg, items);
    if (e != ERR_OK) {
        json_decref(items);
        return cat_fail(res, e, NULL, NULL);
    }
    return cat_page_answer(req, res, items, &pg);
}

/* POST /v1/brands (staff or admins): {name} -> 201; 409 when a brand of
 * the same name (slug) exists. */
int cat_brand_create(struct http_req *req, struct http_res *res)
{
    json_t *errors = jv_check(req->body, brand_body);
    if (errors)
        return http_problem_fields(res, errors, NULL);
    if (cat_begin(req, res))
        return res->status;
    json_t *out = NULL;
    enum errcode e = catalog_brand_create(req->db, js_get_str(req->body, "name"), time_now(), &out);
    if (e != ERR_OK)
        return cat_fail(res, e, NULL, e == ERR_ALREADY_EXISTS ? "A brand of that name exists."
                                                              : NULL);
    return http_json(res, 201, out);
}

static const struct query_param category_params[] = {
    QUERY_PAGE_PARAMS,
    {"parent_id", QUERY_STRING, 0, 24},
    {0},
};

/* GET /v1/categories[?parent_id=ID|root]: the tree as a flat list with
 * parent ids (all of it, the roots, or one node's children). */
int cat_categories_list(struct http_req *req, struct http_res *res)
{
    struct catalog_page pg;
    if (query_check(req, res, category_params) != 0 || cat_page(req, res, &pg) != 0)
        return res->status;
    int64_t parent = -1;
    const char *p = http_query(req, "parent_id");
    if (p && strcmp(p, "root") == 0)
        parent = 0;
    else if (p && js_parse_id(p, &parent) != 0)
        return http_problem_param(res, "parent_id", "must be a category id or \"root\"");
    json_t *items = json_array();
    enum errcode e = catalog_category_list(req->db, parent, &pg, items);
    if (e != ERR_OK) {
        json_decref(items);
        return cat_fail(res, e, NULL, NULL);
    }
    return cat_page_answer(req, res, items, &pg);
}

static const struct jv_field category_body[] = {
    {"name", JV_STRING, JV_REQUIRED, .min = 1, .max = AG_NAME_MAX, .check = jv_check_line},
    {"parent_id", JV_ID, JV_NULLABLE},
    {"google_category_id", JV_INT, JV_NULLABLE, .min = 1, .max = 1000000000},
    {0},
};

/* POST /v1/categories (admins): {name, parent_id, google_category_id}. */
int cat_category_create(struct http_req *req, struct http_res *res)
{
    json_t *errors = jv_check(req->body, category_body);
    if (errors)
        return http_problem_fields(res, errors, NULL);
    if (cat_begin(req, res))
        return res->status;
    int64_t parent = 0;
    const char *ps = js_get_str(req->body, "parent_id");
    if (ps)
        js_parse_id(ps, &parent);
    json_t *out = NULL;
    enum errcode e = catalog_category_create(
        req->db, js_get_str(req->body, "name"), parent,
        js_get_int(req->body, "google_category_id", 0), time_now(), &out, &errors);
    if (e != ERR_OK)
        return cat_fail(res, e, errors,
                        e == ERR_ALREADY_EXISTS ? "A category of that name exists there." : NULL);
    return http_json(res, 201, out);
}
