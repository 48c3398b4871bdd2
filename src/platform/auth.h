/*
 * auth.h - what other modules use from auth_http.c: asking for the
 * password again before a sensitive change, under the same per-account
 * limit of failures as logins, and forgetting that counter when an
 * account is erased (it is keyed by e-mail).
 */
#ifndef AG_PLATFORM_AUTH_H
#define AG_PLATFORM_AUTH_H

#include <stdint.h>

#include "http/http.h"
#include "platform/accounts.h"

/* Checks password against the account's.  Returns 0 when it matches;
 * otherwise the status of the problem written to res: 429 when too many
 * failures, 422 naming the field at pointer ("/password") when wrong (the
 * failure is counted, in its own transaction).  Call outside any
 * transaction: the hash check is slow on purpose. */
int auth_confirm_password(struct http_req *req, struct http_res *res, const struct acct *a,
                          const char *password, const char *pointer);

/* Forgets the failed-login counter of the account's e-mail (erasure;
 * inside the caller's transaction). */
int auth_erase_limits(store_conn *db, int64_t account_id, int64_t now);

#endif
