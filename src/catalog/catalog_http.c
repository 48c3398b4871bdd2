/*
 * catalog_http.c - what the catalog handlers share: the actor, error
 * answers, id-cursor pages, near= (see handlers.h).
 */
#include <stdio.h>

#include "catalog/handlers.h"
#include "core/limits.h"
#include "http/query.h"
#include "json/js.h"

struct catalog_actor cat_actor(const struct http_req *req)
{
    struct catalog_actor a = {req->auth.account_id, req->auth.role == ROLE_ADMIN,
                              req->auth.role == ROLE_STAFF ? req->auth.retailer_id : 0};
    return a;
}

int cat_fail(struct http_res *res, enum errcode e, json_t *errors, const char *detail)
{
    if (e == ERR_VALIDATION)
        return http_problem_fields(res, errors ? errors : json_array(), detail);
    if (errors)
        json_decref(errors);
    switch (e) {
    case ERR_FORBIDDEN:
        return http_problem(res, e, "%s",
                            detail ? detail : "Staff may change only their own retailer's data.");
    case ERR_NOT_FOUND:
        return http_problem(res, e, "%s", detail ? detail : "No such resource.");
    default:
        return http_problem(res, e, "%s", detail ? detail : "");
    }
}

int cat_page(struct http_req *req, struct http_res *res, struct catalog_page *pg)
{
    pg->limit = query_limit(req);
    pg->after = 0;
    pg->more = false;
    pg->last = 0;
    const char *cursor = query_cursor(req);
    if (cursor && js_parse_id(cursor, &pg->after) != 0) {
        http_problem_param(res, "cursor", "is not a cursor returned by this list");
        return -1;
    }
    return 0;
}

int cat_page_answer(struct http_req *req, struct http_res *res, json_t *items,
                    const struct catalog_page *pg)
{
    json_t *body = json_object();
    json_object_set_new(body, "items", items);
    if (pg->more) {
        char raw[24];
        snprintf(raw, sizeof raw, "%lld", (long long)pg->last);
        json_object_set_new(body, "next_cursor",
                            json_string(query_cursor_encode(req->arena, raw)));
    } else {
        json_object_set_new(body, "next_cursor", json_null());
    }
    return http_json(res, 200, body);
}

int cat_begin(struct http_req *req, struct http_res *res)
{
    int rc = store_begin(req->db, STORE_TX_WRITE);
    return rc == STORE_OK ? 0 : http_problem_store(res, rc);
}

int cat_near(struct http_req *req, struct http_res *res, struct catalog_near *near)
{
    near->on = query_latlon(req, "near", &near->lat, &near->lon) != 0;
    near->radius_km = query_double(req, "radius_km", 10);
    if (!near->on && http_query(req, "radius_km")) {
        http_problem_param(res, "radius_km", "needs near=LAT,LON");
        return -1;
    }
    return 0;
}
