/*
 * idempotency.h - the Idempotency-Key store behind every write route.
 *
 * A key is scoped to the caller (account, or client address when
 * anonymous), the method and the path, and kept for the configured TTL
 * (24 hours by default).  The dispatcher calls idem_begin before the
 * handler: a new key is recorded as running (in its own committed
 * transaction, so a concurrent duplicate sees it and gets 409); a finished
 * one replays its stored response; the same key with another body is a
 * mismatch.  On a 2xx the response is stored by idem_complete inside the
 * handler's own transaction, so the write and its record commit together;
 * on any other status idem_abandon forgets the key so it can be retried.
 */
#ifndef AG_IDEMPOTENCY_H
#define AG_IDEMPOTENCY_H

#include <stdint.h>

#include "core/arena.h"
#include "store/store.h"

enum idem_state {
    IDEM_NEW,         /* first use: run the handler */
    IDEM_REPLAY,      /* finished: replay the stored response */
    IDEM_MISMATCH,    /* same key, different request */
    IDEM_IN_PROGRESS, /* same key still running */
    IDEM_ERROR,       /* storage failure */
};

struct idem_key {
    const char *scope;  /* "a:<account id>" or "ip:<address>" */
    const char *method;
    const char *path;
    const char *key;
    char request_hash[65]; /* hash of method, path, query and body */
};

/* A stored response.  Strings are allocated from the arena passed in. */
struct idem_response {
    int status;
    const char *content_type;
    const char *body;
    const char *location; /* Location header or NULL */
};

/* Computes k->request_hash from the request parts. */
void idem_hash_request(struct idem_key *k, const char *query, const char *body, size_t len);

enum idem_state idem_begin(store_conn *db, struct arena *arena, const struct idem_key *k,
                           int64_t now, int64_t ttl, struct idem_response *replay);
/* Stores the response (call inside the handler's transaction). */
int idem_complete(store_conn *db, const struct idem_key *k, const struct idem_response *r);
/* Forgets a running key (its own transaction). */
void idem_abandon(store_conn *db, const struct idem_key *k);
/* Deletes expired keys. */
int idem_prune(store_conn *db, int64_t now);
/* Deletes every key of an account (its stored responses may hold personal
 * data): part of erasing the account.  now is unused. */
int idem_erase_account(store_conn *db, int64_t account_id, int64_t now);

#endif
