/*
 * stores_http.c - stores, their opening hours and exceptions over HTTP.
 */
#include <string.h>

#include "catalog/handlers.h"
#include "catalog/stores.h"
#include "core/limits.h"
#include "core/mem.h"
#include "core/timeutil.h"
#include "http/query.h"
#include "json/js.h"
#include "json/validate.h"

static const struct jv_field hours_item[] = {
    {"weekday", JV_INT, JV_REQUIRED, .min = 1, .max = 7},
    {"opens", JV_STRING, JV_REQUIRED, .max = 5},
    {"closes", JV_STRING, JV_REQUIRED, .max = 5},
    {0},
};

static const struct jv_field exception_item[] = {
    {"date", JV_STRING, JV_REQUIRED, .max = 10},
    {"opens", JV_STRING, 0, .max = 5},
    {"closes", JV_STRING, 0, .max = 5},
    {"closed", JV_BOOL, 0},
    {"note", JV_STRING, 0, .max = AG_NOTE_MAX},
    {0},
};

static const struct jv_field hours_decl = {"", JV_OBJECT, 0, .fields = hours_item};
static const struct jv_field exception_decl = {"", JV_OBJECT, 0, .fields = exception_item};

#define STORE_FIELDS(req_flag)                                                                \
    {"code", JV_STRING, req_flag, .min = 1, .max = AG_STORE_CODE_MAX},                        \
        {"name", JV_STRING, req_flag, .min = 1, .max = AG_NAME_MAX},                          \
        {"address", JV_STRING, 0, .max = AG_ADDRESS_MAX},                                     \
        {"city", JV_STRING, 0, .max = AG_ADDRESS_MAX},                                        \
        {"postal_code", JV_STRING, 0, .max = AG_POSTAL_CODE_MAX},                                        \
        {"country", JV_STRING, 0, .max = 2},                                                  \
        {"latitude", JV_NUMBER, JV_NULLABLE, .fmin = -90, .fmax = 90},                        \
        {"longitude", JV_NUMBER, JV_NULLABLE, .fmin = -180, .fmax = 180},                     \
        {"time_zone", JV_STRING, req_flag, .min = 1, .max = AG_TZ_NAME_MAX},                  \
        {"phone", JV_STRING, 0, .max = AG_PHONE_MAX},                                              \
        {"hours", JV_ARRAY, 0, .max = AG_HOURS_MAX, .item = &hours_decl},                     \
        {"exceptions", JV_ARRAY, 0, .max = AG_HOURS_EXCEPTIONS_MAX, .item = &exception_decl}, \
    {                                                                                         \
        0                                                                                     \
    }

static const struct jv_field store_create_body[] = {STORE_FIELDS(JV_REQUIRED)};
static const struct jv_field store_patch_body[] = {STORE_FIELDS(0)};

/* Reads the body into in, hours and exceptions; errors appended. */
static void store_from_body(const json_t *b, struct catalog_store_in *in, json_t **errors)
{
    memset(in, 0, sizeof *in);
    in->code = js_get_str(b, "code");
    in->name = js_get_str(b, "name");
    in->address = js_get_str(b, "address");
    in->city = js_get_str(b, "city");
    in->postal_code = js_get_str(b, "postal_code");
    in->country = js_get_str(b, "country");
    in->time_zone = js_get_str(b, "time_zone");
    in->phone = js_get_str(b, "phone");
    const json_t *la = json_object_get(b, "latitude"), *lo = json_object_get(b, "longitude");
    if (la && lo && json_is_number(la) && json_is_number(lo)) {
        in->location = 1;
        in->lat = json_number_value(la);
        in->lon = json_number_value(lo);
    } else if (la && lo && json_is_null(la) && json_is_null(lo)) {
        in->location = -1;
    } else if (la || lo) {
        jv_error_add(errors, la ? "/longitude" : "/latitude",
                     "is required with the other coordinate (both numbers, or both null)");
    }
    catalog_store_check(in, "", errors);
}

/* Applies hours and exceptions of the body to store id. */
static enum errcode store_apply_hours(store_conn *db, int64_t id, const json_t *b,
                                      json_t **errors)
{
    enum errcode e = ERR_OK;
    struct hours_interval week[AG_HOURS_MAX];
    struct hours_exception *exc = mem_calloc(AG_HOURS_EXCEPTIONS_MAX, sizeof *exc);
    size_t nw = 0, nx = 0;
    const json_t *h = json_object_get(b, "hours"), *x = json_object_get(b, "exceptions");
    if (h)
        e = catalog_hours_from_json(h, week, &nw, errors);
    if (x && catalog_exceptions_from_json(x, exc, &nx, errors) != ERR_OK)
        e = ERR_VALIDATION;
    if (e == ERR_OK && h)
        e = catalog_store_set_hours(db, id, week, nw);
    if (e == ERR_OK && x)
        e = catalog_store_set_exceptions(db, id, exc, nx);
    mem_free(exc);
    return e;
}

/* Checks the body against decl and the rules into in, then opens the write
 * transaction.  Returns 0, or -1 with the answer written. */
static int store_prologue(struct http_req *req, struct http_res *res,
                          const struct jv_field *decl, struct catalog_store_in *in)
{
    json_t *errors = jv_check(req->body, decl);
    if (!errors)
        store_from_body(req->body, in, &errors);
    if (errors) {
        http_problem_fields(res, errors, NULL);
        return -1;
    }
    return cat_begin(req, res) ? -1 : 0;
}

/* After a store was written (e): applies the body's hours and exceptions
 * and answers the store with status (201 with its Location), or the
 * error. */
static int store_answer(struct http_req *req, struct http_res *res, enum errcode e, int64_t id,
                        int64_t now, json_t *errors, int status)
{
    if (e == ERR_OK)
        e = store_apply_hours(req->db, id, req->body, &errors);
    json_t *out = NULL;
    if (e == ERR_OK)
        e = catalog_store_get(req->db, id, now, &out);
    if (e != ERR_OK)
        return cat_fail(res, e, errors,
                        e == ERR_NOT_FOUND        ? "No such store."
                        : e == ERR_ALREADY_EXISTS ? "This retailer has a store with that code."
                                                  : NULL);
    if (status == 201)
        http_header(req, res, "Location",
                    arena_printf(req->arena, "/v1/stores/%lld", (long long)id));
    return http_json(res, status, out);
}

static const struct query_param page_params[] = {
    QUERY_PAGE_PARAMS,
    {0},
};

/* GET /v1/retailers/{id}/stores: with hours and open_now. */
int cat_stores_list(struct http_req *req, struct http_res *res)
{
    int64_t rid;
    struct catalog_page pg;
    if (http_param_id(req, res, 0, &rid) != 0 || query_check(req, res, page_params) != 0 ||
        cat_page(req, res, &pg) != 0)
        return res->status;
    int x = catalog_retailer_exists(req->db, rid);
    if (x <= 0)
        return x == 0 ? cat_fail(res, ERR_NOT_FOUND, NULL, "No such retailer.")
                      : http_problem_store(res, x);
    json_t *items = json_array();
    enum errcode e = catalog_store_list(req->db, rid, time_now(), &pg, items);
    if (e != ERR_OK) {
        json_decref(items);
        return cat_fail(res, e, NULL, NULL);
    }
    return cat_page_answer(req, res, items, &pg);
}

/* POST /v1/retailers/{id}/stores (that retailer's staff, or admins). */
int cat_store_create(struct http_req *req, struct http_res *res)
{
    int64_t rid, id = 0;
    if (http_param_id(req, res, 0, &rid) != 0)
        return res->status;
    struct catalog_store_in in;
    if (store_prologue(req, res, store_create_body, &in) != 0)
        return res->status;
    struct catalog_actor actor = cat_actor(req);
    int64_t now = time_now();
    enum errcode e = catalog_store_create(req->db, &actor, rid, &in, now, &id);
    if (e == ERR_NOT_FOUND)
        return cat_fail(res, e, NULL, "No such retailer.");
    return store_answer(req, res, e, id, now, NULL, 201);
}

/* GET /v1/stores/{id}: with hours, upcoming exceptions, open_now and the
 * store's local time. */
int cat_store_get(struct http_req *req, struct http_res *res)
{
    int64_t id;
    if (http_param_id(req, res, 0, &id) != 0)
        return res->status;
    json_t *out = NULL;
    enum errcode e = catalog_store_get(req->db, id, time_now(), &out);
    if (e != ERR_OK)
        return cat_fail(res, e, NULL, "No such store.");
    return http_json(res, 200, out);
}

/* PATCH /v1/stores/{id}: any field; "hours" replaces the week, and
 * "exceptions" all date exceptions. */
int cat_store_patch(struct http_req *req, struct http_res *res)
{
    int64_t id;
    if (http_param_id(req, res, 0, &id) != 0)
        return res->status;
    struct catalog_store_in in;
    if (store_prologue(req, res, store_patch_body, &in) != 0)
        return res->status;
    struct catalog_actor actor = cat_actor(req);
    int64_t now = time_now();
    enum errcode e = catalog_store_patch(req->db, &actor, id, &in, now);
    return store_answer(req, res, e, id, now, NULL, 200);
}
