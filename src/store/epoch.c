/*
 * epoch.c - telling the other instances of one PostgreSQL database about
 * this process's writes, and hearing theirs (see store.h, "Writes heard
 * across instances").
 *
 * The read cache (store/rcache.h) serves an entry only while the process's
 * write epoch is unchanged; the process bumps it after each of its own
 * commits.  With several instances the others' writes must bump it too: each
 * write transaction notifies the channel PG_WATCH_CHANNEL before it commits
 * (delivered with the commit, dropped with a rollback) and pg_watch.c bumps
 * on what it hears.  The notification carries "ORIGIN:SEQ" so that the
 * writer recognises its own echo and the other instances' acknowledgements;
 * after its commit it waits for them (bounded, pg_watch_wait_heard), so a
 * client that reads through another instance right after the answer finds
 * the change.  SQLite is served by one process and needs none of this.
 */
#include "store/epoch.h"

#include <stdatomic.h>
#include <stdio.h>

#include "store/pg_watch.h"

/* How long a writer waits, after its commit, for its own notification and
 * the other instances' acknowledgements. */
#define EPOCH_ECHO_WAIT_MS 200

static _Atomic bool epoch_on;
static _Atomic uint64_t epoch_seq;
/* The notification this thread's open or just committed write sent. */
static _Thread_local uint64_t epoch_pending;

bool store_epoch_start(void)
{
    bool on = store_engine() == STORE_POSTGRES;
    atomic_store(&epoch_on, on);
    return on;
}

int store_watch_start(const char *url, const struct store_options *opt)
{
    if (!atomic_load(&epoch_on))
        return 0;
    return pg_watch_start(url, opt);
}

void store_watch_stop(void)
{
    pg_watch_stop();
}

void store_watch_drain(void)
{
    if (atomic_load(&epoch_on))
        pg_watch_drain();
}

int store_epoch_publish(store_conn *c)
{
    if (!atomic_load(&epoch_on))
        return STORE_OK;
    uint64_t seq = atomic_fetch_add(&epoch_seq, 1) + 1;
    char payload[40];
    snprintf(payload, sizeof payload, "%s:%llu", pg_watch_origin(), (unsigned long long)seq);
    store_stmt *st = store_prepare(c, "SELECT pg_notify('" PG_WATCH_CHANNEL "', $1)");
    if (!st)
        return STORE_ERR;
    store_bind_text(st, 1, payload);
    int rc = store_run(st);
    if (rc != STORE_DONE)
        return rc;
    epoch_pending = seq;
    return STORE_OK;
}

void store_epoch_committed(void)
{
    uint64_t seq = epoch_pending;
    epoch_pending = 0;
    if (seq)
        pg_watch_wait_heard(seq, EPOCH_ECHO_WAIT_MS);
}
