/*
 * ratelimit.c - database-backed fixed-window counters (see ratelimit.h).
 */
#include "platform/ratelimit.h"

int64_t ratelimit_hit(store_conn *db, const char *bucket, int64_t window, int64_t now,
                      int64_t *retry_after)
{
    /* One statement, portable upsert: a window that has ended restarts at
     * one hit. */
    store_stmt *st = store_prepare(
        db, "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1) "
            "ON CONFLICT (bucket) DO UPDATE SET "
            "hits = CASE WHEN rate_limits.window_start <= $3 THEN 1 "
            "ELSE rate_limits.hits + 1 END, "
            "window_start = CASE WHEN rate_limits.window_start <= $3 THEN $2 "
            "ELSE rate_limits.window_start END "
            "RETURNING hits, window_start");
    if (!st)
        return STORE_ERR;
    store_bind_text(st, 1, bucket);
    store_bind_i64(st, 2, now);
    store_bind_i64(st, 3, now - window);
    int rc = store_step(st);
    int64_t hits = rc;
    if (rc == STORE_ROW) {
        hits = store_col_i64(st, 0);
        *retry_after = store_col_i64(st, 1) + window - now;
        if (*retry_after < 1)
            *retry_after = 1;
        rc = store_step(st);
        if (rc != STORE_DONE)
            hits = rc;
    } else if (rc == STORE_DONE) {
        hits = STORE_ERR;
    }
    store_reset(st);
    return hits;
}

int64_t ratelimit_peek(store_conn *db, const char *bucket, int64_t window, int64_t now,
                       int64_t *retry_after)
{
    store_stmt *st = store_prepare(db, "SELECT hits, window_start FROM rate_limits "
                                       "WHERE bucket = $1 AND window_start > $2");
    if (!st)
        return STORE_ERR;
    store_bind_text(st, 1, bucket);
    store_bind_i64(st, 2, now - window);
    int rc = store_step(st);
    int64_t hits = 0;
    if (rc == STORE_ROW) {
        hits = store_col_i64(st, 0);
        *retry_after = store_col_i64(st, 1) + window - now;
        if (*retry_after < 1)
            *retry_after = 1;
    } else if (rc != STORE_DONE) {
        hits = rc;
    }
    store_reset(st);
    return hits;
}

int ratelimit_clear(store_conn *db, const char *bucket)
{
    store_stmt *st = store_prepare(db, "DELETE FROM rate_limits WHERE bucket = $1");
    if (!st)
        return STORE_ERR;
    store_bind_text(st, 1, bucket);
    return store_run(st);
}

int ratelimit_prune(store_conn *db, int64_t now, int64_t max_window)
{
    store_stmt *st = store_prepare(db, "DELETE FROM rate_limits WHERE window_start < $1");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, now - max_window);
    return store_run(st);
}
