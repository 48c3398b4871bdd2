/*
 * dispatch.c - the per-request policy pipeline (see dispatch.h).
 *
 * The order matters and is the same for every route:
 *   database -> authentication -> access -> body -> idempotency ->
 *   handler -> commit or rollback -> idempotency record.
 */
#include "http/dispatch.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "core/mem.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "json/js.h"
#include "platform/idempotency.h"
#include "platform/session.h"
#include "store/rcache.h"

static struct dispatch_config dispatch_cfg = {.idempotency_ttl = 86400};

void dispatch_configure(const struct dispatch_config *cfg)
{
    dispatch_cfg = *cfg;
}

/* Reads "Authorization: Bearer <token>" into req->auth.  Returns 0, or the
 * status of the problem written to res. */
static int dispatch_authenticate(struct http_req *req, struct http_res *res)
{
    const char *authz = req->header(req, "Authorization");
    if (!authz)
        return 0;
    if (strncasecmp(authz, "Bearer ", 7) != 0) {
        http_header(req, res, "WWW-Authenticate", "Bearer");
        return http_problem(res, ERR_UNAUTHENTICATED,
                            "Use the header Authorization: Bearer <token>.");
    }
    const char *token = authz + 7;
    while (*token == ' ')
        token++;
    if (!req->db)
        return http_problem(res, ERR_UNAVAILABLE, "The database is not reachable.");
    enum errcode e =
        session_authenticate(req->db, token, time_now(), req->cache_epoch, &req->auth);
    if (e == ERR_OK)
        return 0;
    memset(&req->auth, 0, sizeof req->auth);
    if (errcode_status(e) == 401)
        http_header(req, res, "WWW-Authenticate", "Bearer error=\"invalid_token\"");
    switch (e) {
    case ERR_TOKEN_EXPIRED:
        return http_problem(res, e, "The session has expired; log in again.");
    case ERR_TOKEN_REVOKED:
        return http_problem(res, e, "The session was ended (logout or password change).");
    case ERR_ACCOUNT_DISABLED:
        return http_problem(res, e, "This account is disabled.");
    case ERR_UNAUTHENTICATED:
        return http_problem(res, e, "The token is not valid.");
    default:
        return http_problem(res, e, NULL);
    }
}

/* Checks the route's access level. Returns 0 or the status written. */
static int dispatch_access(struct http_req *req, struct http_res *res)
{
    enum http_access need = req->route->access;
    if (need == ACCESS_PUBLIC)
        return 0;
    if (!req->auth.account_id) {
        http_header(req, res, "WWW-Authenticate", "Bearer");
        return http_problem(res, ERR_UNAUTHENTICATED, "Log in first: this route needs a token.");
    }
    if (need == ACCESS_STAFF && req->auth.role != ROLE_STAFF && req->auth.role != ROLE_ADMIN)
        return http_problem(res, ERR_FORBIDDEN, "Only retailer staff and admins may do this.");
    if (need == ACCESS_ADMIN && req->auth.role != ROLE_ADMIN)
        return http_problem(res, ERR_FORBIDDEN, "Only admins may do this.");
    return 0;
}

/* Parses a JSON body into req->body. Returns 0 or the status written. */
static int dispatch_body(struct http_req *req, struct http_res *res, const char *body,
                         size_t len)
{
    enum http_body kind = req->route->body;
    if (kind != BODY_JSON && kind != BODY_JSON_OPTIONAL)
        return 0;
    struct js_parse_result pr;
    req->body = len ? js_parse(body, len, AG_JSON_DEPTH_MAX, &pr) : NULL;
    if (req->body)
        return 0;
    if (!len)
        pr.status = JS_PARSE_EMPTY;
    switch (pr.status) {
    case JS_PARSE_EMPTY:
        if (kind == BODY_JSON_OPTIONAL)
            return 0;
        return http_problem(res, ERR_MALFORMED_JSON, "This route needs a JSON object body.");
    case JS_PARSE_NUMBER_RANGE:
        return http_problem_field(res, pr.pointer,
                                  "is a number out of range (beyond 64-bit integers)");
    default:
        return http_problem(res, ERR_MALFORMED_JSON, "%s", pr.detail);
    }
}

/* 1 if key is an acceptable Idempotency-Key: 1..255 visible ASCII
 * characters other than quote and backslash. */
static int dispatch_key_valid(const char *key)
{
    size_t n = strlen(key);
    if (n == 0 || n > AG_IDEMPOTENCY_KEY_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)key[i];
        if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\\')
            return 0;
    }
    return 1;
}

/* Fills res with a stored response. */
static void dispatch_replay(struct http_req *req, struct http_res *res,
                            const struct idem_response *r)
{
    const char *body = r->body ? r->body : "";
    http_raw(res, r->status, r->content_type ? arena_strdup(req->arena, r->content_type) : NULL,
             body, strlen(body));
    if (!r->body) {
        mem_free(res->raw);
        res->raw = NULL;
        res->raw_len = 0;
    }
    if (r->location)
        http_header(req, res, "Location", r->location);
    http_header(req, res, "Idempotent-Replayed", "true");
}

/* Starts idempotency for a write with a key.  Returns 0 to run the
 * handler (with *active set when a key is recorded), or the status of the
 * response written (replay or error). */
static int dispatch_idem_begin(struct http_req *req, struct http_res *res, const char *body,
                               size_t len, struct idem_key *k, int *active)
{
    *active = 0;
    const struct route *rt = req->route;
    if (!(rt->flags & ROUTE_WRITE) || (rt->flags & ROUTE_NO_REPLAY) || !req->idempotency_key)
        return 0;
    if (!dispatch_key_valid(req->idempotency_key)) {
        json_t *errors = json_array();
        json_array_append_new(errors,
                              json_pack("{s:s,s:s}", "header", "Idempotency-Key", "detail",
                                        "must be 1 to 255 visible ASCII characters"));
        return http_problem_fields(res, errors, "The Idempotency-Key header is not valid.");
    }
    memset(k, 0, sizeof *k);
    k->scope = req->auth.account_id
                   ? arena_printf(req->arena, "a:%lld", (long long)req->auth.account_id)
                   : arena_printf(req->arena, "ip:%s", req->client_addr);
    k->method = req->method;
    k->path = req->path;
    k->key = req->idempotency_key;
    idem_hash_request(k, req->raw_query, body, len);
    struct idem_response replay;
    switch (idem_begin(req->db, req->arena, k, time_now(), dispatch_cfg.idempotency_ttl,
                       &replay)) {
    case IDEM_NEW:
        *active = 1;
        return 0;
    case IDEM_REPLAY:
        dispatch_replay(req, res, &replay);
        return res->status;
    case IDEM_MISMATCH:
        return http_problem(res, ERR_IDEMPOTENCY_MISMATCH,
                            "This Idempotency-Key was used for a different request.");
    case IDEM_IN_PROGRESS:
        return http_problem(res, ERR_IDEMPOTENCY_IN_PROGRESS,
                            "A request with this Idempotency-Key is still running; retry later.");
    case IDEM_ERROR:
        break;
    }
    return http_problem(res, ERR_UNAVAILABLE, "Could not record the Idempotency-Key; retry.");
}

/* Stores a successful response under the key, inside the open (or a new)
 * transaction. Returns a store result. */
static int dispatch_idem_complete(struct http_req *req, struct http_res *res,
                                  const struct idem_key *k)
{
    if (!store_in_tx(req->db)) {
        int rc = store_begin(req->db, STORE_TX_WRITE);
        if (rc != STORE_OK)
            return rc;
    }
    struct idem_response r = {.status = res->status, .content_type = res->content_type};
    char *dumped = NULL;
    if (res->json) {
        dumped = js_dump(res->json, NULL);
        r.body = dumped;
        if (!r.content_type)
            r.content_type = "application/json";
    } else if (res->raw) {
        r.body = res->raw;
    }
    for (int i = 0; i < res->nheaders; i++)
        if (strcmp(res->headers[i].name, "Location") == 0)
            r.location = res->headers[i].value;
    int rc = idem_complete(req->db, k, &r);
    mem_free(dumped);
    return rc;
}

void dispatch_request(struct http_req *req, struct http_res *res, const char *body,
                      size_t body_len)
{
    const struct route *rt = req->route;
    req->db = store_conn_get();
    if (!req->db && !(rt->flags & ROUTE_NO_DB)) {
        http_problem(res, ERR_UNAVAILABLE, "The database is not reachable; retry shortly.");
        return;
    }
    /* Only authenticated requests use the read cache: first take in the
     * other instances' writes already heard of (nothing to do on SQLite). */
    if (req->header(req, "Authorization"))
        store_watch_drain();
    req->cache_epoch = rcache_epoch();
    /* A read-only route runs in one read transaction: one consistent
     * snapshot for the token check and the handler, and one lock cycle
     * instead of one per statement. */
    int read_tx = req->db && !(rt->flags & ROUTE_WRITE) && !(rt->flags & ROUTE_NO_DB) &&
                  store_begin(req->db, STORE_TX_READ_LAZY) == STORE_OK;
    if (dispatch_authenticate(req, res) || dispatch_access(req, res) ||
        dispatch_body(req, res, body, body_len))
        goto out;
    if (read_tx) {
        int status = rt->handler(req, res);
        if (res->status == 0)
            res->status = status;
        goto out;
    }

    struct idem_key k;
    int idem = 0;
    if (dispatch_idem_begin(req, res, body, body_len, &k, &idem))
        goto out;

    int status = rt->handler(req, res);
    if (res->status == 0)
        res->status = status;
    int ok = res->status < 400;

    if (idem && ok) {
        int rc = dispatch_idem_complete(req, res, &k);
        if (rc != STORE_DONE) {
            store_rollback(req->db);
            if (res->json)
                json_decref(res->json);
            res->json = NULL;
            mem_free(res->raw);
            res->raw = NULL;
            res->nheaders = 0;
            http_problem_store(res, rc);
            ok = 0;
        }
    }
    if (store_in_tx(req->db)) {
        if (ok) {
            int rc = store_commit(req->db);
            if (rc != STORE_OK) {
                if (res->json)
                    json_decref(res->json);
                res->json = NULL;
                res->nheaders = 0;
                http_problem_store(res, rc);
                ok = 0;
            }
        } else {
            store_rollback(req->db);
        }
    }
    if (idem && !ok)
        idem_abandon(req->db, &k);
out:
    if (res->status == 500 && req->db && store_conn_lost_p(req->db)) {
        /* Whatever failed, it failed because the database went away. */
        if (res->json)
            json_decref(res->json);
        res->json = NULL;
        http_problem(res, ERR_UNAVAILABLE, "The database is not reachable; retry shortly.");
    }
    if (read_tx && store_in_tx(req->db))
        store_commit(req->db);
    if (req->db)
        store_conn_release(req->db);
}
