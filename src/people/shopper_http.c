/*
 * shopper_http.c - other shoppers as I may see them.
 *
 *   GET /v1/shoppers/{id}            name, relationship, coarse area if allowed
 *   GET /v1/shoppers/{id}/activity   friends only: interests and follows
 *
 * An id that is not an enabled shopper account (unknown, staff, admin,
 * disabled, erased) is a 404; a shopper whose activity I may not see is a
 * 403 friends_only (or activity_hidden when they show it to no one).
 */
#include "people/handlers.h"
#include "people/shopper.h"

/* Loads the shopper of the path. Returns 0 or the status written. */
static int shopper_load_param(struct http_req *req, struct http_res *res, struct shopper *s)
{
    int64_t id;
    if (http_param_id(req, res, 0, &id) != 0)
        return res->status;
    int rc = shopper_get(req->db, id, s);
    if (rc == STORE_DONE)
        return http_problem(res, ERR_NOT_FOUND, "No shopper %lld.", (long long)id);
    if (rc != STORE_ROW)
        return http_problem_store(res, rc);
    return 0;
}

/* GET /v1/shoppers/{id} */
int shopper_http_get(struct http_req *req, struct http_res *res)
{
    struct shopper s;
    if (shopper_load_param(req, res, &s) != 0)
        return res->status;
    json_t *doc = NULL;
    int rc = shopper_view_json(req->db, req->auth.account_id, &s, &doc);
    if (rc != STORE_DONE)
        return http_problem_store(res, rc);
    return http_json(res, 200, doc);
}

/* GET /v1/shoppers/{id}/activity */
int shopper_http_activity(struct http_req *req, struct http_res *res)
{
    struct shopper s;
    if (shopper_load_param(req, res, &s) != 0)
        return res->status;
    json_t *doc = NULL;
    enum errcode refused = ERR_OK;
    int rc = shopper_activity_json(req->db, req->auth.account_id, &s, &doc, &refused);
    if (rc != STORE_DONE)
        return http_problem_store(res, rc);
    if (refused == ERR_FRIENDS_ONLY)
        return http_problem(res, refused, "Only %s's friends see their activity.", s.display_name);
    if (refused != ERR_OK)
        return http_problem(res, refused, "%s shows their activity to no one.", s.display_name);
    return http_json(res, 200, doc);
}
