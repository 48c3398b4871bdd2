/*
 * follow_http.c - following retailers and brands over HTTP.
 *
 *   GET    /v1/me/follows?kind=retailer|brand   newest first
 *   PUT    /v1/me/follows/retailers/{id}        follow (201 new, 200 already)
 *   DELETE /v1/me/follows/retailers/{id}        unfollow (204)
 *   PUT    /v1/me/follows/brands/{id}
 *   DELETE /v1/me/follows/brands/{id}
 *
 * PUT is idempotent by nature: following twice is not an error and keeps
 * the first follow's time.  The target must exist (404 otherwise).
 */
#include "core/limits.h"
#include "core/timeutil.h"
#include "http/query.h"
#include "people/follow.h"
#include "people/handlers.h"
#include "people/people_http.h"

static const char *const follow_kinds[] = {"retailer", "brand", NULL};

static const struct query_param follow_list_params[] = {
    QUERY_PAGE_PARAMS,
    {"kind", QUERY_STRING, .choices = follow_kinds},
    {0},
};

/* GET /v1/me/follows: {"items": [{"kind","id","name","followed_at"}],
 * "next_cursor"}. */
int follow_http_list(struct http_req *req, struct http_res *res)
{
    int64_t key[2];
    if (query_check(req, res, follow_list_params) != 0 || people_http_cursor(req, res, 1, key) != 0)
        return res->status;
    const char *kind = http_query(req, "kind");
    int filter = !kind ? -1 : kind[0] == 'r' ? PEOPLE_REF_RETAILER : PEOPLE_REF_BRAND;
    struct people_page pg;
    people_http_page_init(req, &pg);
    int rc = follow_list(req->db, req->auth.account_id, filter, key[0], &pg);
    if (rc != STORE_DONE) {
        json_decref(pg.items);
        return http_problem_store(res, rc);
    }
    return people_http_page(req, res, &pg, 1);
}

/* Reads the target id of the path and begins the write transaction.
 * Returns 0, or the status of the problem written. */
static int follow_begin(struct http_req *req, struct http_res *res, int64_t *target)
{
    if (http_param_id(req, res, 0, target) != 0)
        return res->status;
    int rc = store_begin(req->db, STORE_TX_WRITE);
    return rc == STORE_OK ? 0 : http_problem_store(res, rc);
}

/* Follows the target of the path. */
static int follow_put(struct http_req *req, struct http_res *res, enum people_ref kind)
{
    int64_t target;
    if (follow_begin(req, res, &target) != 0)
        return res->status;
    int found = people_ref_exists(req->db, kind, target);
    if (found < 0)
        return http_problem_store(res, found);
    if (!found)
        return http_problem(res, ERR_NOT_FOUND, "No %s %lld.", people_ref_name(kind),
                            (long long)target);
    int64_t n = follow_count(req->db, req->auth.account_id);
    if (n < 0)
        return http_problem_store(res, (int)n);
    bool created = false;
    int rc = follow_add(req->db, req->auth.account_id, kind, target, time_now(), &created);
    if (rc != STORE_DONE)
        return http_problem_store(res, rc);
    if (created && n >= AG_FOLLOWS_MAX)
        return http_problem(res, ERR_LIMIT_REACHED,
                            "You may follow at most %d retailers and brands.", AG_FOLLOWS_MAX);
    json_t *doc = NULL;
    rc = follow_get_json(req->db, req->auth.account_id, kind, target, &doc);
    if (rc != STORE_DONE)
        return http_problem_store(res, rc);
    return http_json(res, created ? 201 : 200, doc);
}

/* Unfollows the target of the path. */
static int follow_delete(struct http_req *req, struct http_res *res, enum people_ref kind)
{
    int64_t target;
    if (follow_begin(req, res, &target) != 0)
        return res->status;
    bool removed = false;
    int rc = follow_remove(req->db, req->auth.account_id, kind, target, &removed);
    if (rc != STORE_DONE)
        return http_problem_store(res, rc);
    if (!removed)
        return http_problem(res, ERR_NOT_FOLLOWING, "You do not follow %s %lld.",
                            people_ref_name(kind), (long long)target);
    return http_no_content(res);
}

/* PUT /v1/me/follows/retailers/{id} */
int follow_http_put_retailer(struct http_req *req, struct http_res *res)
{
    return follow_put(req, res, PEOPLE_REF_RETAILER);
}

/* PUT /v1/me/follows/brands/{id} */
int follow_http_put_brand(struct http_req *req, struct http_res *res)
{
    return follow_put(req, res, PEOPLE_REF_BRAND);
}

/* DELETE /v1/me/follows/retailers/{id} */
int follow_http_delete_retailer(struct http_req *req, struct http_res *res)
{
    return follow_delete(req, res, PEOPLE_REF_RETAILER);
}

/* DELETE /v1/me/follows/brands/{id} */
int follow_http_delete_brand(struct http_req *req, struct http_res *res)
{
    return follow_delete(req, res, PEOPLE_REF_BRAND);
}
