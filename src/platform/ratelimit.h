/*
 * ratelimit.h - fixed-window counters kept in the database.
 *
 * Counters live in the database (table rate_limits) rather than in process
 * memory so that several instances behind one load balancer enforce one
 * limit.  Used for login attempts per account and per client address.
 */
#ifndef AG_RATELIMIT_H
#define AG_RATELIMIT_H

#include <stdint.h>

#include "store/store.h"

/* Counts one hit in bucket's current window (inside a write transaction).
 * Returns the hits so far in the window (>= 1), or a negative store error;
 * *retry_after receives the seconds until the window ends. */
int64_t ratelimit_hit(store_conn *db, const char *bucket, int64_t window, int64_t now,
                      int64_t *retry_after);

/* Hits in bucket's current window without counting one (0 when none). */
int64_t ratelimit_peek(store_conn *db, const char *bucket, int64_t window, int64_t now,
                       int64_t *retry_after);

/* Forgets a bucket (after a successful login). */
int ratelimit_clear(store_conn *db, const char *bucket);

/* Deletes windows that ended long ago. */
int ratelimit_prune(store_conn *db, int64_t now, int64_t max_window);

#endif
