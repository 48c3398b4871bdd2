/*
 * admin_http.c - administration of accounts: list, read, and change role,
 * staff scope and disabled state (admins only; the route table says so).
 */
#include <stdio.h>
#include <string.h>

#include "catalog/retailers.h"
#include "core/timeutil.h"
#include "http/query.h"
#include "json/js.h"
#include "json/validate.h"
#include "platform/accounts.h"
#include "platform/handlers.h"
#include "platform/session.h"

static const struct query_param admin_list_params[] = {
    QUERY_PAGE_PARAMS,
    {0},
};

/* GET /v1/admin/users: every account, oldest first, cursor-paginated. */
int admin_users_list(struct http_req *req, struct http_res *res)
{
    if (query_check(req, res, admin_list_params) != 0)
        return res->status;
    int64_t after = 0;
    const char *cursor = query_cursor(req);
    if (cursor && js_parse_id(cursor, &after) != 0)
        return http_problem_param(res, "cursor", "is not a cursor returned by this list");
    json_t *items = json_array();
    bool more = false;
    int64_t last = 0;
    int rc = acct_list(req->db, after, query_limit(req), items, &more, &last);
    if (rc != STORE_DONE) {
        json_decref(items);
        return http_problem_store(res, rc);
    }
    json_t *body = json_object();
    json_object_set_new(body, "items", items);
    if (more) {
        char raw[24];
        snprintf(raw, sizeof raw, "%lld", (long long)last);
        json_object_set_new(body, "next_cursor", json_string(query_cursor_encode(req->arena, raw)));
    } else {
        json_object_set_new(body, "next_cursor", json_null());
    }
    return http_json(res, 200, body);
}

/* GET /v1/admin/users/{id} */
int admin_user_get(struct http_req *req, struct http_res *res)
{
    int64_t id;
    if (http_param_id(req, res, 0, &id) != 0)
        return res->status;
    struct acct a;
    int rc = acct_get(req->db, id, &a);
    if (rc == STORE_DONE)
        return http_problem(res, ERR_NOT_FOUND, "No account %lld.", (long long)id);
    if (rc != STORE_ROW)
        return http_problem_store(res, rc);
    return http_json(res, 200, acct_to_json(&a));
}

static const char *const admin_roles[] = {"shopper", "staff", "admin", NULL};

static const struct jv_field admin_patch_body[] = {
    {"role", JV_STRING, 0, .choices = admin_roles},
    {"retailer_id", JV_ID, JV_NULLABLE},
    {"disabled", JV_BOOL, 0},
    {0},
};

/* PATCH /v1/admin/users/{id}: role, staff scope (retailer_id), disabled.
 * Staff need an existing retailer; other roles have none.  Disabling ends the
 * account's sessions.  The last enabled admin cannot be demoted or
 * disabled, so the platform never locks itself out. */
int admin_user_patch(struct http_req *req, struct http_res *res)
{
    int64_t id;
    if (http_param_id(req, res, 0, &id) != 0)
        return res->status;
    json_t *errors = jv_check(req->body, admin_patch_body);
    if (errors)
        return http_problem_fields(res, errors, NULL);
    int rc = store_begin(req->db, STORE_TX_WRITE);
    if (rc != STORE_OK)
        return http_problem_store(res, rc);
    struct acct a;
    rc = acct_get(req->db, id, &a);
    if (rc == STORE_DONE)
        return http_problem(res, ERR_NOT_FOUND, "No account %lld.", (long long)id);
    if (rc != STORE_ROW)
        return http_problem_store(res, rc);
    enum http_role role = a.role;
    if (json_object_get(req->body, "role"))
        role = acct_role_parse(js_get_str(req->body, "role"));
    int64_t retailer = a.retailer_id;
    const json_t *rj = json_object_get(req->body, "retailer_id");
    if (rj) {
        retailer = 0;
        if (json_is_string(rj) && js_parse_id(json_string_value(rj), &retailer) != 0)
            retailer = 0;
    }
    if (role == ROLE_STAFF && retailer == 0)
        return http_problem_field(res, "/retailer_id", "is required for staff (their retailer)");
    if (role == ROLE_STAFF && rj) {
        int exists = catalog_retailer_exists(req->db, retailer);
        if (exists < 0)
            return http_problem_store(res, exists);
        if (!exists)
            return http_problem_field(res, "/retailer_id", "is not an existing retailer");
    }
    if (role != ROLE_STAFF) {
        if (rj && retailer != 0)
            return http_problem_field(res, "/retailer_id", "is only for staff accounts");
        retailer = 0;
    }
    bool disabled = js_get_bool(req->body, "disabled", a.disabled);
    if (role != ROLE_ADMIN || disabled) {
        int last = acct_is_last_admin(req->db, &a);
        if (last < 0)
            return http_problem_store(res, last);
        if (last)
            return http_problem(res, ERR_CONFLICT,
                                "This is the last enabled admin; promote another one first.");
    }
    int64_t now = time_now();
    rc = acct_update_admin(req->db, id, role, retailer, disabled, now);
    if (rc == STORE_DONE && disabled && !a.disabled)
        rc = session_revoke_all(req->db, id, 0, now);
    if (rc == STORE_DONE)
        rc = acct_get(req->db, id, &a);
    if (rc != STORE_ROW)
        return http_problem_store(res, rc == STORE_DONE ? STORE_ERR : rc);
    return http_json(res, 200, acct_to_json(&a));
}
