/*
 * me_http.c - the signed-in account's own resource, GET /v1/me.
 *
 * The catalog issue extends this file's neighbours with the shopper
 * profile (PATCH), export and erasure.
 */
#include "json/js.h"
#include "platform/accounts.h"
#include "platform/handlers.h"

/* GET /v1/me: who the token belongs to. */
int me_get(struct http_req *req, struct http_res *res)
{
    struct acct a;
    int rc = acct_get(req->db, req->auth.account_id, &a);
    if (rc == STORE_DONE)
        return http_problem(res, ERR_UNAUTHENTICATED, "The account no longer exists.");
    if (rc != STORE_ROW)
        return http_problem_store(res, rc);
    return http_json(res, 200, acct_to_json(&a));
}
