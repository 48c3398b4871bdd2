/*
 * session.h - login sessions behind bearer tokens.
 *
 * A session row holds the hash of a 256-bit token, its account, expiry and
 * revocation time.  Checking a token only reads; sessions live in the
 * database, so every instance of a multi-node deployment honours a logout
 * at once.
 */
#ifndef AG_SESSION_H
#define AG_SESSION_H

#include <jansson.h>
#include <stdint.h>

#include "core/errcode.h"
#include "core/secret.h"
#include "http/http.h"
#include "store/store.h"

/* Resolves token into out.  Returns ERR_OK, ERR_UNAUTHENTICATED (unknown
 * token), ERR_TOKEN_EXPIRED, ERR_TOKEN_REVOKED, ERR_ACCOUNT_DISABLED, or
 * ERR_UNAVAILABLE/ERR_INTERNAL on storage failure.  Never writes.  A valid
 * session may come from the read cache (store/rcache.h); epoch is the
 * request's cache epoch. */
enum errcode session_authenticate(store_conn *db, const char *token, int64_t now,
                                  uint64_t epoch, struct http_auth *out);

/* Creates a session (call inside a write transaction).  Writes the token,
 * shown to the client once, and the expiry.  Returns STORE_DONE or an
 * error. */
int session_create(store_conn *db, int64_t account_id, int64_t now, int64_t ttl,
                   char token[SECRET_TOKEN_LEN], int64_t *expires_at);

/* Revokes one session / every session of an account but one (0: all). */
int session_revoke(store_conn *db, int64_t session_id, int64_t now);
int session_revoke_all(store_conn *db, int64_t account_id, int64_t except_session_id,
                       int64_t now);

/* Deletes sessions that expired or were revoked more than a day ago. */
int session_prune(store_conn *db, int64_t now);

/* The account's sessions as [{"id","created_at","expires_at",
 * "revoked_at"}] (never the token), new reference in *out; and deleting
 * them all (erasure: every token stops working at once). */
int session_export(store_conn *db, int64_t account_id, json_t **out);
int session_erase(store_conn *db, int64_t account_id, int64_t now);

#endif
