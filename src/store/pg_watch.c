/*
 * pg_watch.c - the thread that hears other instances' writes on PostgreSQL.
 *
 * Every write transaction runs pg_notify('agora_write', 'ORIGIN:SEQ')
 * (epoch.c), which PostgreSQL delivers to every listening connection when
 * the transaction commits, and never when it rolls back.  This thread keeps
 * one connection listening and bumps the read cache (store/rcache.h) for
 * every notification from another process.  While it is not listening
 * (start-up, database lost) the cache is off: a write it could not hear
 * must not leave a stale entry in use; when it listens again it bumps
 * first.
 *
 * Notifications arrive a little after the writer's commit, and each
 * listener gets its own when PostgreSQL schedules it.  So that a client who
 * writes through one instance and then reads through another finds its
 * write, every listener acknowledges each notification from another
 * process once it has bumped its cache (NOTIFY on PG_WATCH_ACKS,
 * "ack:WRITER:SEQ:ME"), and a writer answers only after it has heard its
 * own notification and the acknowledgement of every live peer
 * (pg_watch_wait_heard, bounded).  Peers are known by a heartbeat on the same
 * channel ("hb:ORIGIN") every PG_WATCH_BEAT_MS; one silent for
 * PG_WATCH_PEER_TTL_MS, or that said "bye:ORIGIN" as it stopped, is no
 * longer waited for.
 *
 * Locking: w.lock guards the listening connection and the counters; the
 * thread does not hold it while it waits in poll().
 */
#include "store/pg_watch.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "core/mem.h"
#include "core/secret.h"
#include "core/timeutil.h"
#include "store/rcache.h"
#include "store/store_driver.h"

#define PG_WATCH_RETRY_MS 500
#define PG_WATCH_ACKS "agora_write_ack"
#define PG_WATCH_BEAT_MS 1000
#define PG_WATCH_PEER_TTL_MS 3000
#define PG_WATCH_PEERS_MAX 64

/* Another instance, as heard on PG_WATCH_ACKS. */
struct pg_peer {
    char origin[9];
    int64_t seen_us; /* last heartbeat or acknowledgement (time_mono_us) */
    uint64_t acked;  /* highest of our notification numbers it acknowledged */
};

static struct {
    pthread_mutex_t lock;
    pthread_cond_t heard; /* broadcast after each batch of notifications */
    pthread_t thread;
    bool running;
    _Atomic bool stop;
    int wake[2];            /* written by pg_watch_stop */
    char *url;              /* owned */
    struct store_options opt;
    void *conn;             /* driver connection while listening, else NULL */
    _Atomic bool live;      /* listening now */
    uint64_t echo_seen;     /* highest own notification number heard */
    char origin[9];
    struct pg_peer peers[PG_WATCH_PEERS_MAX];
    int npeers;
    int64_t next_beat_us;
} w = {.lock = PTHREAD_MUTEX_INITIALIZER, .heard = PTHREAD_COND_INITIALIZER};

const char *pg_watch_origin(void)
{
    return w.origin;
}

/* Stops using the listening connection (w.lock held). */
static void pg_watch_drop(void)
{
    atomic_store(&w.live, false);
    rcache_enable(false);
    rcache_bump();
    if (w.conn)
        store_postgres_driver.disconnect(w.conn);
    w.conn = NULL;
    pthread_cond_broadcast(&w.heard);
}

/* The entry of peer origin (w.lock held), added when new; NULL when the
 * table is full of live peers. */
static struct pg_peer *pg_watch_peer(const char *origin, size_t len, int64_t now)
{
    struct pg_peer *oldest = NULL;
    for (int i = 0; i < w.npeers; i++) {
        struct pg_peer *p = &w.peers[i];
        if (strlen(p->origin) == len && memcmp(p->origin, origin, len) == 0)
            return p;
        if (!oldest || p->seen_us < oldest->seen_us)
            oldest = p;
    }
    struct pg_peer *p = w.npeers < PG_WATCH_PEERS_MAX ? &w.peers[w.npeers++] : oldest;
    if (p == oldest && now - oldest->seen_us < PG_WATCH_PEER_TTL_MS * 1000LL)
        return NULL;
    memset(p, 0, sizeof *p);
    memcpy(p->origin, origin, len < sizeof p->origin ? len : sizeof p->origin - 1);
    return p;
}

/* Handles one message on PG_WATCH_ACKS (w.lock held): "hb:PEER" or
 * "ack:WRITER:SEQ:PEER". */
static void pg_watch_on_ack(const char *m, int64_t now)
{
    const char *from;
    uint64_t seq = 0;
    bool for_us = false;
    if (strncmp(m, "hb:", 3) == 0 || strncmp(m, "bye:", 4) == 0) {
        from = strchr(m, ':') + 1;
    } else if (strncmp(m, "ack:", 4) == 0) {
        const char *writer = m + 4, *colon = strchr(writer, ':');
        if (!colon)
            return;
        for_us = (size_t)(colon - writer) == strlen(w.origin) &&
                 strncmp(writer, w.origin, strlen(w.origin)) == 0;
        char *end;
        seq = strtoull(colon + 1, &end, 10);
        from = *end == ':' ? end + 1 : "";
    } else {
        return;
    }
    size_t flen = strlen(from);
    if (flen == 0 || flen >= sizeof w.origin || strcmp(from, w.origin) == 0)
        return;
    struct pg_peer *p = pg_watch_peer(from, flen, now);
    if (!p)
        return;
    p->seen_us = m[0] == 'b' ? 0 : now; /* "bye": stopped, wait no more */
    if (for_us && seq > p->acked)
        p->acked = seq;
}

/* Sends sql (NOTIFY statements) on the listening connection (w.lock held).
 * Returns -1 when the link is broken. */
static int pg_watch_send(const char *sql)
{
    PGresult *r = PQexec(pg_conn_native(w.conn), sql);
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    return ok ? 0 : -1;
}

/* Reads what arrived on the listening connection and acts on every
 * notification (w.lock held): bumps the cache for others' writes and
 * acknowledges them, notes own echoes and peers' acknowledgements.
 * Returns -1 when the link is broken. */
static int pg_watch_consume(void)
{
    PGconn *pg = pg_conn_native(w.conn);
    if (!PQconsumeInput(pg) || PQstatus(pg) != CONNECTION_OK)
        return -1;
    size_t olen = strlen(w.origin);
    int64_t now = time_mono_us();
    char acks[2048];
    size_t alen = 0;
    bool foreign = false;
    PGnotify *n;
    while ((n = PQnotifies(pg)) != NULL) {
        const char *p = n->extra ? n->extra : "";
        if (strcmp(n->relname, PG_WATCH_ACKS) == 0) {
            pg_watch_on_ack(p, now);
        } else if (strncmp(p, w.origin, olen) == 0 && p[olen] == ':') {
            uint64_t seq = strtoull(p + olen + 1, NULL, 10);
            if (seq > w.echo_seen)
                w.echo_seen = seq;
        } else {
            foreign = true;
            /* Payloads are our own "ORIGIN:SEQ": hex and digits only. */
            if (strspn(p, "0123456789abcdef:") == strlen(p) && strlen(p) < 40 &&
                alen + 100 < sizeof acks)
                alen += (size_t)snprintf(acks + alen, sizeof acks - alen,
                                         "NOTIFY " PG_WATCH_ACKS ", 'ack:%s:%s';", p, w.origin);
        }
        PQfreemem(n);
    }
    if (foreign)
        rcache_bump(); /* before the acknowledgement leaves */
    int rc = alen ? pg_watch_send(acks) : 0;
    pthread_cond_broadcast(&w.heard);
    return rc;
}

/* Sends the heartbeat when it is due (w.lock held).  -1 when broken. */
static int pg_watch_beat(void)
{
    int64_t now = time_mono_us();
    if (now < w.next_beat_us)
        return 0;
    w.next_beat_us = now + PG_WATCH_BEAT_MS * 1000LL;
    char sql[80];
    snprintf(sql, sizeof sql, "NOTIFY " PG_WATCH_ACKS ", 'hb:%s'", w.origin);
    return pg_watch_send(sql);
}

/* Connects and listens (w.lock not held).  Returns 0 or -1. */
static int pg_watch_listen(void)
{
    char err[256];
    void *conn = store_postgres_driver.connect(w.url, &w.opt, err, sizeof err);
    if (!conn)
        return -1;
    PGresult *r = PQexec(pg_conn_native(conn),
                         "LISTEN " PG_WATCH_CHANNEL "; LISTEN " PG_WATCH_ACKS);
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    if (!ok) {
        store_postgres_driver.disconnect(conn);
        return -1;
    }
    pthread_mutex_lock(&w.lock);
    w.conn = conn;
    w.next_beat_us = 0; /* announce ourselves at once */
    rcache_bump(); /* writes made while nobody listened */
    atomic_store(&w.live, true);
    rcache_enable(true);
    pthread_mutex_unlock(&w.lock);
    log_info("listening for other instances' writes", NULL);
    return 0;
}

static void *pg_watch_main(void *arg)
{
    (void)arg;
    bool warned = false;
    while (!atomic_load(&w.stop)) {
        if (!atomic_load(&w.live)) {
            pthread_mutex_lock(&w.lock);
            if (w.conn) /* broken: found by pg_watch_drain */
                pg_watch_drop();
            pthread_mutex_unlock(&w.lock);
            if (pg_watch_listen() != 0) {
                if (!warned)
                    log_warn("cannot listen for other instances' writes; read cache off", NULL);
                warned = true;
                struct pollfd p = {.fd = w.wake[0], .events = POLLIN};
                poll(&p, 1, PG_WATCH_RETRY_MS);
                continue;
            }
            warned = false;
        }
        struct pollfd p[2] = {{.fd = PQsocket(pg_conn_native(w.conn)), .events = POLLIN},
                              {.fd = w.wake[0], .events = POLLIN}};
        int64_t wait_ms = (w.next_beat_us - time_mono_us()) / 1000;
        if (poll(p, 2, wait_ms < 0 ? 0 : (int)wait_ms + 1) < 0 && errno != EINTR)
            break;
        if (p[1].revents)
            break;
        pthread_mutex_lock(&w.lock);
        if (w.conn && (pg_watch_consume() != 0 || pg_watch_beat() != 0)) {
            log_warn("lost the connection that hears other instances' writes", NULL);
            pg_watch_drop();
        }
        pthread_mutex_unlock(&w.lock);
    }
    return NULL;
}

int pg_watch_start(const char *url, const struct store_options *opt)
{
    if (w.running)
        return 0;
    secret_random_hex(w.origin, 4);
    if (pipe2(w.wake, O_CLOEXEC) != 0)
        return -1;
    w.url = mem_strdup(url);
    w.opt = *opt;
    atomic_store(&w.stop, false);
    if (pthread_create(&w.thread, NULL, pg_watch_main, NULL) != 0) {
        close(w.wake[0]);
        close(w.wake[1]);
        mem_free(w.url);
        w.url = NULL;
        return -1;
    }
    w.running = true;
    return 0;
}

void pg_watch_stop(void)
{
    if (!w.running)
        return;
    atomic_store(&w.stop, true);
    ssize_t n;
    do
        n = write(w.wake[1], "x", 1);
    while (n < 0 && errno == EINTR);
    pthread_join(w.thread, NULL);
    pthread_mutex_lock(&w.lock);
    if (w.conn) { /* the others need not wait for us any more */
        char sql[80];
        snprintf(sql, sizeof sql, "NOTIFY " PG_WATCH_ACKS ", 'bye:%s'", w.origin);
        if (pg_watch_send(sql) != 0)
            log_warn("could not tell the other instances that this one stops", NULL);
    }
    pg_watch_drop();
    pthread_mutex_unlock(&w.lock);
    close(w.wake[0]);
    close(w.wake[1]);
    mem_free(w.url);
    w.url = NULL;
    w.running = false;
}

void pg_watch_drain(void)
{
    if (!atomic_load(&w.live))
        return;
    pthread_mutex_lock(&w.lock);
    if (w.conn) {
        struct pollfd p = {.fd = PQsocket(pg_conn_native(w.conn)), .events = POLLIN};
        if (poll(&p, 1, 0) > 0 && pg_watch_consume() != 0) {
            /* Off at once; the thread, woken by the same broken socket,
             * closes it and listens again. */
            atomic_store(&w.live, false);
            rcache_enable(false);
            rcache_bump();
            pthread_cond_broadcast(&w.heard); /* writers waiting: stop */
        }
    }
    pthread_mutex_unlock(&w.lock);
}

/* Whether this process heard its notification seq and every live peer
 * acknowledged it (w.lock held). */
static bool pg_watch_all_heard(uint64_t seq)
{
    if (w.echo_seen < seq)
        return false;
    int64_t now = time_mono_us();
    for (int i = 0; i < w.npeers; i++)
        if (w.peers[i].acked < seq && now - w.peers[i].seen_us < PG_WATCH_PEER_TTL_MS * 1000LL)
            return false;
    return true;
}

void pg_watch_wait_heard(uint64_t seq, int timeout_ms)
{
    if (!atomic_load(&w.live))
        return;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += (long)timeout_ms * 1000000L;
    until.tv_sec += until.tv_nsec / 1000000000L;
    until.tv_nsec %= 1000000000L;
    pthread_mutex_lock(&w.lock);
    while (atomic_load(&w.live) && !pg_watch_all_heard(seq))
        if (pthread_cond_timedwait(&w.heard, &w.lock, &until) != 0)
            break;
    bool heard = pg_watch_all_heard(seq);
    pthread_mutex_unlock(&w.lock);
    if (!heard)
        log_warn("a write was answered before every instance acknowledged it",
                 "\"waited_ms\":%d", timeout_ms);
}
