/*
 * me_http.c - the signed-in account's own resource, GET /v1/me.
 *
 * The catalog issue extends this file's neighbours with the shopper
 * profile (PATCH), export and erasure.
 */
#include <stdio.h>

#include "core/mem.h"
#include "json/js.h"
#include "platform/accounts.h"
#include "platform/handlers.h"
#include "store/rcache.h"

/* GET /v1/me: who the token belongs to.  The document is kept in the read
 * cache (store/rcache.h): it changes only through writes, which invalidate
 * it. */
int me_get(struct http_req *req, struct http_res *res)
{
    char key[32], body[RCACHE_VALUE_MAX];
    snprintf(key, sizeof key, "me:%lld", (long long)req->auth.account_id);
    long n = rcache_get(key, body, sizeof body);
    if (n >= 0)
        return http_raw(res, 200, "application/json", body, (size_t)n);
    struct acct a;
    int rc = acct_get(req->db, req->auth.account_id, &a);
    if (rc == STORE_DONE)
        return http_problem(res, ERR_UNAUTHENTICATED, "The account no longer exists.");
    if (rc != STORE_ROW)
        return http_problem_store(res, rc);
    json_t *doc = acct_to_json(&a);
    size_t len;
    char *text = js_dump(doc, &len);
    json_decref(doc);
    rcache_put(key, text, len, req->cache_epoch);
    http_raw(res, 200, "application/json", text, len);
    mem_free(text);
    return 200;
}
