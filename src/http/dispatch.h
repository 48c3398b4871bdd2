/*
 * dispatch.h - the policy between transport and handler.
 *
 * For a routed request whose body has been read, dispatch_request applies,
 * in order and for every route alike: database availability (503),
 * authentication (401), the route's access level (401/403), JSON body
 * parsing (400) , Idempotency-Key handling (replay/409/422), the handler,
 * and the commit or rollback of the handler's transaction.  No handler
 * repeats any of these checks.
 */
#ifndef AG_DISPATCH_H
#define AG_DISPATCH_H

#include "http/http.h"

struct dispatch_config {
    int64_t idempotency_ttl;
};

void dispatch_configure(const struct dispatch_config *cfg);

/* body/body_len: the JSON body read by the server (NULL/0 when none). */
void dispatch_request(struct http_req *req, struct http_res *res, const char *body,
                      size_t body_len);

#endif
