/*
 * idempotency.c - the Idempotency-Key store (see idempotency.h).
 */
#include "platform/idempotency.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/text.h"

/* A running key older than this is taken to belong to a crashed request. */
#define IDEM_STALE_SECONDS 300

void idem_hash_request(struct idem_key *k, const char *query, const char *body, size_t len)
{
    crypto_generichash_state h;
    unsigned char out[32];
    crypto_generichash_init(&h, NULL, 0, sizeof out);
    const char *parts[] = {k->method, "\n", k->path, "\n", query ? query : "", "\n"};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        crypto_generichash_update(&h, (const unsigned char *)parts[i], strlen(parts[i]));
    if (body && len)
        crypto_generichash_update(&h, (const unsigned char *)body, len);
    crypto_generichash_final(&h, out, sizeof out);
    text_hex(out, sizeof out, k->request_hash);
}

static void idem_bind_key(store_stmt *st, const struct idem_key *k)
{
    store_bind_text(st, 1, k->scope);
    store_bind_text(st, 2, k->method);
    store_bind_text(st, 3, k->path);
    store_bind_text(st, 4, k->key);
}

/* Looks the key up and decides; runs inside idem_begin's transaction. */
static enum idem_state idem_decide(store_conn *db, struct arena *arena, const struct idem_key *k,
                                   int64_t now, int64_t ttl, struct idem_response *replay)
{
    store_stmt *st = store_prepare(
        db, "SELECT request_hash, state, status, content_type, body, location, created_at, "
            "expires_at FROM idempotency_keys "
            "WHERE scope = $1 AND method = $2 AND path = $3 AND idem_key = $4");
    if (!st)
        return IDEM_ERROR;
    idem_bind_key(st, k);
    int rc = store_step(st);
    if (rc != STORE_ROW && rc != STORE_DONE) {
        store_reset(st);
        return IDEM_ERROR;
    }
    int found = rc == STORE_ROW;
    enum idem_state state = IDEM_NEW;
    int take_over = 0;
    if (found) {
        int expired = store_col_i64(st, 7) <= now;
        int running = strcmp(store_col_text(st, 1), "running") == 0;
        if (expired) {
            take_over = 1;
        } else if (strcmp(store_col_text(st, 0), k->request_hash) != 0) {
            state = IDEM_MISMATCH;
        } else if (running) {
            if (store_col_i64(st, 6) > now - IDEM_STALE_SECONDS)
                state = IDEM_IN_PROGRESS;
            else
                take_over = 1;
        } else {
            state = IDEM_REPLAY;
            replay->status = (int)store_col_i64(st, 2);
            const char *ct = store_col_text(st, 3);
            const char *body = store_col_text(st, 4);
            const char *loc = store_col_text(st, 5);
            replay->content_type = ct ? arena_strdup(arena, ct) : NULL;
            replay->body = body ? arena_strdup(arena, body) : NULL;
            replay->location = loc ? arena_strdup(arena, loc) : NULL;
        }
    }
    store_reset(st);
    if (state != IDEM_NEW)
        return state;
    if (take_over) {
        st = store_prepare(db, "UPDATE idempotency_keys SET request_hash = $5, state = 'running', "
                               "status = NULL, content_type = NULL, body = NULL, location = NULL, "
                               "created_at = $6, expires_at = $7 "
                               "WHERE scope = $1 AND method = $2 AND path = $3 AND idem_key = $4");
    } else {
        st = store_prepare(db, "INSERT INTO idempotency_keys (scope, method, path, idem_key, "
                               "request_hash, state, created_at, expires_at) "
                               "VALUES ($1, $2, $3, $4, $5, 'running', $6, $7)");
    }
    if (!st)
        return IDEM_ERROR;
    idem_bind_key(st, k);
    store_bind_text(st, 5, k->request_hash);
    store_bind_i64(st, 6, now);
    store_bind_i64(st, 7, now + ttl);
    rc = store_run(st);
    if (rc == STORE_UNIQUE)
        return IDEM_IN_PROGRESS; /* another instance inserted it first */
    return rc == STORE_DONE ? IDEM_NEW : IDEM_ERROR;
}

enum idem_state idem_begin(store_conn *db, struct arena *arena, const struct idem_key *k,
                           int64_t now, int64_t ttl, struct idem_response *replay)
{
    memset(replay, 0, sizeof *replay);
    if (store_begin(db, STORE_TX_WRITE) != STORE_OK)
        return IDEM_ERROR;
    enum idem_state state = idem_decide(db, arena, k, now, ttl, replay);
    if (state == IDEM_NEW) {
        if (store_commit(db) != STORE_OK)
            return IDEM_ERROR;
    } else {
        store_rollback(db);
    }
    return state;
}

int idem_complete(store_conn *db, const struct idem_key *k, const struct idem_response *r)
{
    store_stmt *st = store_prepare(db, "UPDATE idempotency_keys SET state = 'done', status = $5, "
                                       "content_type = $6, body = $7, location = $8 "
                                       "WHERE scope = $1 AND method = $2 AND path = $3 "
                                       "AND idem_key = $4");
    if (!st)
        return STORE_ERR;
    idem_bind_key(st, k);
    store_bind_i64(st, 5, r->status);
    store_bind_text(st, 6, r->content_type);
    store_bind_text(st, 7, r->body);
    store_bind_text(st, 8, r->location);
    return store_run(st);
}

void idem_abandon(store_conn *db, const struct idem_key *k)
{
    if (store_begin(db, STORE_TX_WRITE) != STORE_OK)
        return;
    store_stmt *st = store_prepare(db, "DELETE FROM idempotency_keys WHERE scope = $1 AND "
                                       "method = $2 AND path = $3 AND idem_key = $4 "
                                       "AND state = 'running'");
    int rc = STORE_ERR;
    if (st) {
        idem_bind_key(st, k);
        rc = store_run(st);
    }
    if (rc == STORE_DONE && store_commit(db) == STORE_OK)
        return;
    /* The key stays "running" and is taken over once stale. */
    log_warn("idempotency key not released", "\"key\":\"%s\"", k->key);
    if (store_in_tx(db))
        store_rollback(db);
}

int idem_prune(store_conn *db, int64_t now)
{
    store_stmt *st = store_prepare(db, "DELETE FROM idempotency_keys WHERE expires_at < $1");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, now);
    return store_run(st);
}

int idem_erase_account(store_conn *db, int64_t account_id, int64_t now)
{
    (void)now;
    char scope[32];
    snprintf(scope, sizeof scope, "a:%lld", (long long)account_id);
    store_stmt *st = store_prepare(db, "DELETE FROM idempotency_keys WHERE scope = $1");
    if (!st)
        return STORE_ERR;
    store_bind_text(st, 1, scope);
    return store_run(st);
}
