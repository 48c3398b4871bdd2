/*
 * rcache.h - a per-thread read cache, invalidated by every write.
 *
 * Hot read paths (checking a bearer token, GET /v1/me) may keep their
 * result here instead of asking the database on every request.  Entries
 * are tagged with the process-wide write epoch read BEFORE the database
 * read; the epoch is bumped AFTER every committed write transaction (by
 * store.c) and, with several instances on PostgreSQL, when another
 * instance reports a write.  An entry is served only while the epoch is
 * unchanged and it is younger than RCACHE_TTL_MS, so a cached answer is
 * never older than the last write this process could know about.
 *
 * Each thread has its own table (no locks); values are copied in and out.
 * The cache is off until rcache_enable (only when every writer can bump the
 * epoch: SQLite served by one process, or PostgreSQL with notifications).
 */
#ifndef AG_RCACHE_H
#define AG_RCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Safety net against writers we cannot hear (another process writing the
 * same SQLite file, e.g. a maintenance command). */
#define RCACHE_TTL_MS 2000

void rcache_enable(bool on);
bool rcache_enabled(void);

/* The current write epoch: read it before the database read whose result
 * is to be cached. */
uint64_t rcache_epoch(void);
/* Invalidates every entry in every thread (after a committed write). */
void rcache_bump(void);

/* Copies the value of key into out (at most outlen bytes) when a valid
 * entry exists; returns its length, or -1 on a miss. */
long rcache_get(const char *key, void *out, size_t outlen);
/* Stores a copy of value under key, tagged with epoch (from rcache_epoch
 * taken before the read). Values over RCACHE_VALUE_MAX are not cached. */
void rcache_put(const char *key, const void *value, size_t len, uint64_t epoch);

#define RCACHE_VALUE_MAX 8192

#endif
