/*
 * pg_watch.h - hearing the other instances' writes on PostgreSQL
 * (LISTEN/NOTIFY), private to src/store; store.h has the public side.
 */
#ifndef AG_STORE_PG_WATCH_H
#define AG_STORE_PG_WATCH_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

/* The channel every write transaction notifies as it commits. */
#define PG_WATCH_CHANNEL "agora_write"

/* The libpq connection of a driver connection (store_postgres.c). */
PGconn *pg_conn_native(void *conn);

/* Starts the thread that listens on url; it enables the read cache while
 * it hears the channel and disables it while it does not.  0 or -1. */
int pg_watch_start(const char *url, const struct store_options *opt);
/* Stops and joins the thread (no-op when not started). */
void pg_watch_stop(void);
/* Handles notifications already received on the listening connection, so
 * that a request does not wait for the thread to be scheduled. */
void pg_watch_drain(void);
/* Waits up to timeout_ms until this process has heard its own notification
 * number seq and every live peer has acknowledged it (so their caches are
 * bumped); logs a warning when the time runs out.  Returns at once when
 * this process does not listen. */
void pg_watch_wait_heard(uint64_t seq, int timeout_ms);
/* This process's name in notification payloads ("ORIGIN:SEQ"). */
const char *pg_watch_origin(void);

#endif
