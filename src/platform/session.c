/*
 * session.c - bearer-token sessions (see session.h).
 */
#include "platform/session.h"

#include <string.h>

#include "core/secret.h"
#include "json/js.h"
#include "platform/accounts.h"
#include "store/rcache.h"

/* What the read cache keeps of a valid session. */
struct session_cached {
    struct http_auth auth;
    int64_t expires_at;
};

enum errcode session_authenticate(store_conn *db, const char *token, int64_t now,
                                  uint64_t epoch, struct http_auth *out)
{
    char hash[SECRET_HASH_HEX_LEN];
    size_t len = strlen(token);
    if (len < 8 || len > 128)
        return ERR_UNAUTHENTICATED;
    secret_hash_hex(token, len, hash);
    char key[SECRET_HASH_HEX_LEN + 2] = "s:";
    memcpy(key + 2, hash, SECRET_HASH_HEX_LEN);
    struct session_cached cached;
    if (rcache_get(key, &cached, sizeof cached) == (long)sizeof cached) {
        if (cached.expires_at <= now)
            return ERR_TOKEN_EXPIRED;
        *out = cached.auth;
        return ERR_OK;
    }
    store_stmt *st = store_prepare(db, "SELECT s.id, s.expires_at, s.revoked_at, a.id, a.role, "
                                       "a.retailer_id, a.disabled "
                                       "FROM sessions s JOIN accounts a ON a.id = s.account_id "
                                       "WHERE s.token_hash = $1");
    if (!st)
        return ERR_INTERNAL;
    store_bind_text(st, 1, hash);
    enum errcode result;
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        if (!store_col_is_null(st, 2))
            result = ERR_TOKEN_REVOKED;
        else if (store_col_i64(st, 1) <= now)
            result = ERR_TOKEN_EXPIRED;
        else if (store_col_i64(st, 6))
            result = ERR_ACCOUNT_DISABLED;
        else {
            out->session_id = store_col_i64(st, 0);
            out->account_id = store_col_i64(st, 3);
            out->role = acct_role_parse(store_col_text(st, 4));
            out->retailer_id = store_col_is_null(st, 5) ? 0 : store_col_i64(st, 5);
            result = ERR_OK;
            cached.auth = *out;
            cached.expires_at = store_col_i64(st, 1);
            rcache_put(key, &cached, sizeof cached, epoch);
        }
    } else if (rc == STORE_DONE) {
        result = ERR_UNAUTHENTICATED;
    } else {
        result = rc == STORE_UNAVAILABLE || rc == STORE_BUSY ? ERR_UNAVAILABLE : ERR_INTERNAL;
    }
    store_reset(st);
    return result;
}

int session_create(store_conn *db, int64_t account_id, int64_t now, int64_t ttl,
                   char token[SECRET_TOKEN_LEN], int64_t *expires_at)
{
    char hash[SECRET_HASH_HEX_LEN];
    secret_token_new(token);
    secret_hash_hex(token, strlen(token), hash);
    *expires_at = now + ttl;
    store_stmt *st = store_prepare(db, "INSERT INTO sessions (token_hash, account_id, created_at, "
                                       "expires_at) VALUES ($1, $2, $3, $4)");
    if (!st)
        return STORE_ERR;
    store_bind_text(st, 1, hash);
    store_bind_i64(st, 2, account_id);
    store_bind_i64(st, 3, now);
    store_bind_i64(st, 4, *expires_at);
    return store_run(st);
}

int session_revoke(store_conn *db, int64_t session_id, int64_t now)
{
    store_stmt *st = store_prepare(
        db, "UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, now);
    store_bind_i64(st, 2, session_id);
    return store_run(st);
}

int session_revoke_all(store_conn *db, int64_t account_id, int64_t except_session_id,
                       int64_t now)
{
    store_stmt *st = store_prepare(db, "UPDATE sessions SET revoked_at = $1 "
                                       "WHERE account_id = $2 AND id <> $3 AND revoked_at IS NULL");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, now);
    store_bind_i64(st, 2, account_id);
    store_bind_i64(st, 3, except_session_id);
    return store_run(st);
}

int session_prune(store_conn *db, int64_t now)
{
    store_stmt *st = store_prepare(db, "DELETE FROM sessions WHERE expires_at < $1 "
                                       "OR (revoked_at IS NOT NULL AND revoked_at < $1)");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, now - 86400);
    return store_run(st);
}

int session_export(store_conn *db, int64_t account_id, json_t **out)
{
    store_stmt *st = store_prepare(db, "SELECT id, created_at, expires_at, revoked_at "
                                       "FROM sessions WHERE account_id = $1 ORDER BY id");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, account_id);
    json_t *items = json_array();
    int rc;
    while ((rc = store_step(st)) == STORE_ROW)
        json_array_append_new(
            items, json_pack("{s:o,s:o,s:o,s:o}", "id", js_id(store_col_i64(st, 0)), "created_at",
                             js_time(store_col_i64(st, 1)), "expires_at",
                             js_time(store_col_i64(st, 2)), "revoked_at",
                             store_col_is_null(st, 3) ? json_null()
                                                      : js_time(store_col_i64(st, 3))));
    store_reset(st);
    if (rc != STORE_DONE) {
        json_decref(items);
        return rc;
    }
    *out = items;
    return STORE_DONE;
}

int session_erase(store_conn *db, int64_t account_id, int64_t now)
{
    (void)now;
    store_stmt *st = store_prepare(db, "DELETE FROM sessions WHERE account_id = $1");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, account_id);
    return store_run(st);
}
