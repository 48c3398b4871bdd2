/*
 * stores_http.c - stores, their opening hours and exceptions over HTTP.
 */
#include <string.h>

#include "catalog/handlers.h"
#include "catalog/stores.h"
#include "core/limits.h"
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
    {"note", JV_STRING, 0, .max = AG_NOTE_MAX, .check = jv_check_line},
    {0},
};

static const struct jv_field hours_decl = {"", JV_OBJECT, 0, .fields = hours_item};
static const struct jv_field exception_decl = {"", JV_OBJECT, 0, .fields = exception_item};

/* Texts are one line each (core/text_check.h: no control characters, not
 * blank); the time zone and the coordinates are checked by the rules
 * (catalog_store_check). */
#define STORE_FIELDS(req_flag)                                                                \
    {"code", JV_STRING, req_flag, .min = 1, .max = AG_STORE_CODE_MAX, .check = jv_check_line}, \
        {"name", JV_STRING, req_flag, .min = 1, .max = AG_NAME_MAX, .check = jv_check_line},   \
        {"address", JV_STRING, 0, .max = AG_ADDRESS_MAX, .check = jv_check_line},              \
        {"city", JV_STRING, 0, .max = AG_ADDRESS_MAX, .check = jv_check_line},                 \
        {"postal_code", JV_STRING, 0, .max = AG_POSTAL_CODE_MAX, .check = jv_check_line},      \
        {"country", JV_STRING, 0, .max = 2, .check = jv_check_line},                           \
        {"latitude", JV_NUMBER, JV_NULLABLE, .fmin = -90, .fmax = 90},                        \
        {"longitude", JV_NUMBER, JV_NULLABLE, .fmin = -180, .fmax = 180},                     \
        {"time_zone", JV_STRING, req_flag, .min = 1, .max = AG_TZ_NAME_MAX},                  \
        {"phone", JV_STRING, 0, .max = AG_PHONE_MAX, .check = jv_check_line},                  \
        {"hours", JV_ARRAY, 0, .max = AG_HOURS_MAX, .item = &hours_decl},                     \
        {"exceptions", JV_ARRAY, 0, .max = AG_HOURS_EXCEPTIONS_MAX, .item = &exception_decl}, \
    {                                                                                         \
        0                                                                                     \
    }

static const struct jv_field store_create_body[] = {STORE_FIELDS(JV_REQUIRED)};
static const struct jv_field store_patch_body[] = {STORE_FIELDS(0)};

/* A store body as the rules read it: the store, and the week and date
 * exceptions when the body replaces them (exceptions live in the request's
 * arena; notes borrow the body). */
struct store_body {
    struct catalog_store_in in;
    const json_t *hours, *exceptions; /* NULL when the body leaves them */
    struct hours_interval week[AG_HOURS_MAX];
    size_t nweek;
    struct hours_exception *exc;
    size_t nexc;
};

/* 1 when v is a coordinate as declared (a number, or null). */
static int store_coordinate_typed(const json_t *v)
{
    return json_is_number(v) || json_is_null(v);
}

/* Reads the body into sb (zeroed by the caller), appending what the rules
 * refuse to *errors.
 * Runs on a body that failed jv_check too, so that one answer names every
 * failing field: a value of the wrong type was reported there and is left
 * out here (js_get_str gives NULL for it). */
static void store_from_body(struct http_req *req, const json_t *b, struct store_body *sb,
                            json_t **errors)
{
    struct catalog_store_in *in = &sb->in;
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
    } else if (!la != !lo) { /* one coordinate alone: the other is missing */
        jv_error_add(errors, la ? "/longitude" : "/latitude",
                     "is required with the other coordinate (both numbers, or both null)");
    } else if (la && store_coordinate_typed(la) && store_coordinate_typed(lo)) {
        /* A number with a null: the null one lacks its number. */
        jv_error_add(errors, json_is_null(la) ? "/latitude" : "/longitude",
                     "is required with the other coordinate (both numbers, or both null)");
    }
    /* Each rule appends what it refuses to *errors, which the caller
     * answers; their ERR_VALIDATION says nothing more. */
    (void)catalog_store_check(in, "", errors);
    sb->hours = json_object_get(b, "hours");
    sb->exceptions = json_object_get(b, "exceptions");
    if (sb->hours)
        (void)catalog_hours_from_json(sb->hours, sb->week, &sb->nweek, errors);
    if (sb->exceptions) {
        sb->exc = arena_alloc(req->arena, AG_HOURS_EXCEPTIONS_MAX * sizeof *sb->exc);
        (void)catalog_exceptions_from_json(sb->exceptions, sb->exc, &sb->nexc, errors);
    }
}

/* Replaces the week and the date exceptions of store id when the body
 * gave them. */
static enum errcode store_apply_hours(store_conn *db, int64_t id, const struct store_body *sb)
{
    enum errcode e = ERR_OK;
    if (sb->hours)
        e = catalog_store_set_hours(db, id, sb->week, sb->nweek);
    if (e == ERR_OK && sb->exceptions)
        e = catalog_store_set_exceptions(db, id, sb->exc, sb->nexc);
    return e;
}

/* Checks the body against decl and the rules into sb (every failing field
 * in one 422), then opens the write transaction.  Returns 0, or -1 with
 * the answer written. */
static int store_prologue(struct http_req *req, struct http_res *res,
                          const struct jv_field *decl, struct store_body *sb)
{
    json_t *errors = jv_check(req->body, decl), *more = NULL;
    memset(sb, 0, sizeof *sb);
    if (json_is_object(req->body))
        store_from_body(req, req->body, sb, &more);
    jv_errors_merge(&errors, more);
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
                        int64_t now, const struct store_body *sb, int status)
{
    if (e == ERR_OK)
        e = store_apply_hours(req->db, id, sb);
    json_t *out = NULL;
    if (e == ERR_OK)
        e = catalog_store_get(req->db, id, now, &out);
    if (e != ERR_OK)
        return cat_fail(res, e, NULL,
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
    struct store_body sb;
    if (store_prologue(req, res, store_create_body, &sb) != 0)
        return res->status;
    struct catalog_actor actor = cat_actor(req);
    int64_t now = time_now();
    enum errcode e = catalog_store_create(req->db, &actor, rid, &sb.in, now, &id);
    if (e == ERR_NOT_FOUND)
        return cat_fail(res, e, NULL, "No such retailer.");
    return store_answer(req, res, e, id, now, &sb, 201);
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
    struct store_body sb;
    if (store_prologue(req, res, store_patch_body, &sb) != 0)
        return res->status;
    struct catalog_actor actor = cat_actor(req);
    int64_t now = time_now();
    enum errcode e = catalog_store_patch(req->db, &actor, id, &sb.in, now);
    return store_answer(req, res, e, id, now, &sb, 200);
}
