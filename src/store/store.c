/*
 * store.c - the engine-neutral half of the storage interface (see store.h):
 * choosing the driver, per-thread connections and their registry, the
 * statement cache, transaction state, timing and reconnection.
 */
#include "store/store.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/limits.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "store/epoch.h"
#include "store/rcache.h"
#include "store/store_driver.h"

/* Open addressing table of cached statements; twice the cache size so that
 * probes stay short. */
#define STORE_CACHE_SLOTS (AG_STMT_CACHE_SIZE * 2)
/* After a failed (re)connection a thread waits this long before trying
 * again, doubling up to the maximum: while the database is down, requests
 * get their 503 at once instead of each waiting for a connect timeout. */
#define STORE_RETRY_MIN_US 250000
#define STORE_RETRY_MAX_US 2000000

struct store_stmt {
    store_conn *conn;
    void *native;
    char *sql; /* owned: the cache key */
    uint64_t hash;
    bool readonly; /* a SELECT: never bumps the read-cache epoch */
    struct store_stmt *next_retired;
};

struct store_conn {
    const struct store_driver *drv;
    void *native; /* NULL only when a reconnect failed */
    bool lost;    /* link lost: statements are dead until store_conn_get reconnects */
    struct store_stmt *cache[STORE_CACHE_SLOTS];
    int ncached;
    /* Statements evicted from the cache while a caller may still hold them;
     * finalized at store_conn_release (end of the request). */
    struct store_stmt *retired;
    bool in_tx;
    bool tx_writes; /* the open transaction is a write transaction */
    bool lazy_read; /* a read transaction begins at the next prepare */
    int64_t retry_at_us; /* no reconnect attempt before this (time_mono_us) */
    int64_t retry_wait_us;
};

static struct {
    const struct store_driver *drv;
    char *url;
    struct store_options opt;
    bool open;
    pthread_mutex_t lock; /* guards conns */
    store_conn *conns[AG_DB_CONNS_MAX];
    int nconns;
} store_g = {.lock = PTHREAD_MUTEX_INITIALIZER};

static _Thread_local store_conn *store_tls;
static _Atomic uint64_t store_micros, store_count;

static const struct store_driver *store_pick_driver(const char *url)
{
    if (text_starts_with(url, "postgres://") || text_starts_with(url, "postgresql://"))
        return &store_postgres_driver;
    return &store_sqlite_driver;
}

int store_open(const char *url, const struct store_options *opt, char *err, size_t errlen)
{
    if (store_g.open) {
        snprintf(err, errlen, "database already open");
        return -1;
    }
    store_g.drv = store_pick_driver(url);
    store_g.url = mem_strdup(url);
    store_g.opt = *opt;
    store_g.open = true;
    /* Open this thread's connection now so that a wrong URL fails early. */
    void *native = store_g.drv->connect(url, opt, err, errlen);
    if (!native) {
        store_g.open = false;
        mem_free(store_g.url);
        store_g.url = NULL;
        return -1;
    }
    store_conn *c = mem_calloc(1, sizeof *c);
    c->drv = store_g.drv;
    c->native = native;
    pthread_mutex_lock(&store_g.lock);
    store_g.conns[store_g.nconns++] = c;
    pthread_mutex_unlock(&store_g.lock);
    store_tls = c;
    return 0;
}

bool store_is_open(void)
{
    return store_g.open;
}

enum store_engine store_engine(void)
{
    return store_g.drv ? store_g.drv->engine : STORE_SQLITE;
}

static void store_stmt_free(store_conn *c, struct store_stmt *st)
{
    if (c->native)
        c->drv->finalize(c->native, st->native);
    mem_free(st->sql);
    mem_free(st);
}

static void store_retired_free(store_conn *c)
{
    while (c->retired) {
        struct store_stmt *st = c->retired;
        c->retired = st->next_retired;
        store_stmt_free(c, st);
    }
}

static void store_cache_clear(store_conn *c)
{
    for (int i = 0; i < STORE_CACHE_SLOTS; i++) {
        if (c->cache[i])
            store_stmt_free(c, c->cache[i]);
        c->cache[i] = NULL;
    }
    c->ncached = 0;
    store_retired_free(c);
}

/* Resets every statement left mid-way (cached or retired). */
static void store_reset_busy(store_conn *c)
{
    for (int i = 0; i < STORE_CACHE_SLOTS; i++)
        if (c->cache[i] && c->drv->busy(c->cache[i]->native))
            c->drv->reset(c->native, c->cache[i]->native);
    for (struct store_stmt *st = c->retired; st; st = st->next_retired)
        if (c->drv->busy(st->native))
            c->drv->reset(c->native, st->native);
}

static void store_conn_free(store_conn *c)
{
    store_cache_clear(c);
    if (c->native)
        c->drv->disconnect(c->native);
    mem_free(c);
}

void store_close(void)
{
    store_watch_stop();
    pthread_mutex_lock(&store_g.lock);
    for (int i = 0; i < store_g.nconns; i++)
        store_conn_free(store_g.conns[i]);
    store_g.nconns = 0;
    pthread_mutex_unlock(&store_g.lock);
    store_tls = NULL;
    mem_free(store_g.url);
    store_g.url = NULL;
    store_g.open = false;
}

/* Logs that the database could not be reached and schedules the next
 * attempt of c. */
static void store_unreachable(store_conn *c, const char *err)
{
    char esc[512];
    log_escape(esc, sizeof esc, err);
    log_warn("database unreachable", "\"error\":\"%s\"", esc);
    c->retry_wait_us = c->retry_wait_us ? c->retry_wait_us * 2 : STORE_RETRY_MIN_US;
    if (c->retry_wait_us > STORE_RETRY_MAX_US)
        c->retry_wait_us = STORE_RETRY_MAX_US;
    c->retry_at_us = time_mono_us() + c->retry_wait_us;
}

/* Reconnects a connection whose link was lost; returns 0 or -1 (also
 * while waiting before the next attempt). */
static int store_reconnect(store_conn *c)
{
    if (c->retry_at_us && time_mono_us() < c->retry_at_us)
        return -1;
    char err[256];
    store_cache_clear(c);
    if (c->native)
        c->drv->disconnect(c->native);
    c->native = c->drv->connect(store_g.url, &store_g.opt, err, sizeof err);
    c->in_tx = false;
    c->tx_writes = false;
    c->lazy_read = false;
    c->lost = false;
    if (!c->native) {
        store_unreachable(c, err);
        return -1;
    }
    c->retry_at_us = 0;
    c->retry_wait_us = 0;
    log_info("database reconnected", NULL);
    return 0;
}

store_conn *store_conn_get(void)
{
    if (!store_g.open)
        return NULL;
    store_conn *c = store_tls;
    if (c) {
        if ((c->lost || !c->native) && store_reconnect(c) != 0)
            return NULL;
        return c;
    }
    char err[256];
    void *native = store_g.drv->connect(store_g.url, &store_g.opt, err, sizeof err);
    c = mem_calloc(1, sizeof *c);
    c->drv = store_g.drv;
    c->native = native;
    pthread_mutex_lock(&store_g.lock);
    if (store_g.nconns >= AG_DB_CONNS_MAX) {
        pthread_mutex_unlock(&store_g.lock);
        if (native)
            c->drv->disconnect(native);
        mem_free(c);
        log_error("too many database connections", NULL);
        return NULL;
    }
    store_g.conns[store_g.nconns++] = c;
    pthread_mutex_unlock(&store_g.lock);
    store_tls = c;
    if (!native) {
        store_unreachable(c, err);
        return NULL;
    }
    return c;
}

/* Marks the connection lost after a STORE_UNAVAILABLE result.  Statements
 * stay allocated (callers may still hold them for a reset, which is then a
 * no-op); the next store_conn_get reconnects and clears them. */
static void store_conn_lost(store_conn *c)
{
    c->lost = true;
    c->in_tx = false;
    c->lazy_read = false;
}

bool store_conn_lost_p(store_conn *c)
{
    return !c || c->lost || !c->native;
}

/* 1 if the connection can run statements. */
static bool store_conn_usable(const store_conn *c)
{
    return c && c->native && !c->lost;
}

void store_conn_release(store_conn *c)
{
    if (!store_conn_usable(c))
        return;
    if (c->in_tx || c->lazy_read)
        store_rollback(c);
    store_reset_busy(c);
    store_retired_free(c);
}

/* FNV-1a over the SQL text. */
static uint64_t store_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

store_stmt *store_prepare(store_conn *c, const char *sql)
{
    if (!store_conn_usable(c))
        return NULL;
    if (c->lazy_read) {
        c->lazy_read = false;
        int rc = c->drv->begin(c->native, STORE_TX_READ);
        if (rc == STORE_UNAVAILABLE)
            store_conn_lost(c);
        if (rc != STORE_OK)
            return NULL;
        c->in_tx = true;
        c->tx_writes = false;
    }
    uint64_t h = store_hash(sql);
    size_t slot = (size_t)(h % STORE_CACHE_SLOTS);
    for (int probe = 0; probe < 8; probe++) {
        size_t i = (slot + (size_t)probe) % STORE_CACHE_SLOTS;
        struct store_stmt *st = c->cache[i];
        if (!st)
            break;
        if (st->hash == h && strcmp(st->sql, sql) == 0) {
            if (c->drv->busy(st->native))
                c->drv->reset(c->native, st->native);
            return st;
        }
    }
    void *native = c->drv->prepare(c->native, sql);
    if (!native) {
        char esc[512];
        log_escape(esc, sizeof esc, c->drv->errmsg(c->native));
        log_error("prepare failed", "\"error\":\"%s\"", esc);
        return NULL;
    }
    struct store_stmt *st = mem_calloc(1, sizeof *st);
    st->conn = c;
    st->native = native;
    st->sql = mem_strdup(sql);
    st->hash = h;
    const char *p = sql;
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '(')
        p++;
    st->readonly = strncasecmp(p, "SELECT", 6) == 0;
    /* Take the first free slot of the probe sequence, else evict the home
     * slot (the cache is a cache: correctness never depends on a hit).  The
     * evicted statement may still be held by the caller (a loop over rows
     * that prepares another statement), so it is only retired here and
     * finalized at store_conn_release. */
    size_t target = slot;
    for (int probe = 0; probe < 8; probe++) {
        size_t i = (slot + (size_t)probe) % STORE_CACHE_SLOTS;
        if (!c->cache[i]) {
            target = i;
            break;
        }
    }
    struct store_stmt *old = c->cache[target];
    if (old) {
        old->next_retired = c->retired;
        c->retired = old;
        c->ncached--;
    }
    c->cache[target] = st;
    c->ncached++;
    return st;
}

store_stmt *store_prepare_replan(store_conn *c, const char *sql)
{
    store_stmt *st = store_prepare(c, sql);
    if (st && c->drv->set_replan)
        c->drv->set_replan(st->native);
    return st;
}

void store_bind_i64(store_stmt *st, int idx, int64_t v)
{
    st->conn->drv->bind_i64(st->native, idx, v);
}

void store_bind_double(store_stmt *st, int idx, double v)
{
    st->conn->drv->bind_double(st->native, idx, v);
}

void store_bind_text(store_stmt *st, int idx, const char *s)
{
    if (!s)
        st->conn->drv->bind_null(st->native, idx);
    else
        st->conn->drv->bind_text(st->native, idx, s, strlen(s));
}

void store_bind_text_static(store_stmt *st, int idx, const char *s)
{
    if (!s)
        st->conn->drv->bind_null(st->native, idx);
    else
        st->conn->drv->bind_text_static(st->native, idx, s, strlen(s));
}

void store_bind_textn(store_stmt *st, int idx, const char *s, size_t n)
{
    st->conn->drv->bind_text(st->native, idx, s, n);
}

void store_bind_null(store_stmt *st, int idx)
{
    st->conn->drv->bind_null(st->native, idx);
}

/* After a write outside a transaction (already committed): invalidates
 * this process's read cache and tells the other instances.  Returns
 * STORE_OK or the error of telling them. */
static int store_autocommit_written(store_conn *c)
{
    rcache_bump();
    int rc = store_epoch_publish(c);
    if (rc == STORE_OK)
        store_epoch_committed();
    return rc;
}

int store_step(store_stmt *st)
{
    store_conn *c = st->conn;
    if (c->lost)
        return STORE_UNAVAILABLE;
    int64_t t0 = time_mono_us();
    int rc = c->drv->step(c->native, st->native);
    atomic_fetch_add(&store_micros, (uint64_t)(time_mono_us() - t0));
    atomic_fetch_add(&store_count, 1);
    if (rc == STORE_UNAVAILABLE)
        store_conn_lost(c);
    else if (!c->in_tx && !st->readonly && rc >= 0) {
        int prc = store_autocommit_written(c);
        if (prc != STORE_OK)
            rc = prc;
    }
    return rc;
}

int store_ncols(store_stmt *st)
{
    return st->conn->drv->ncols(st->native);
}

bool store_col_is_null(store_stmt *st, int col)
{
    return st->conn->drv->col_is_null(st->native, col);
}

int64_t store_col_i64(store_stmt *st, int col)
{
    return st->conn->drv->col_i64(st->native, col);
}

double store_col_double(store_stmt *st, int col)
{
    return st->conn->drv->col_double(st->native, col);
}

const char *store_col_text(store_stmt *st, int col)
{
    return st->conn->drv->col_text(st->native, col);
}

void store_reset(store_stmt *st)
{
    if (st && store_conn_usable(st->conn))
        st->conn->drv->reset(st->conn->native, st->native);
}

int store_run(store_stmt *st)
{
    int rc;
    do
        rc = store_step(st);
    while (rc == STORE_ROW);
    store_reset(st);
    return rc;
}

int store_exec(store_conn *c, const char *sql)
{
    if (!store_conn_usable(c))
        return STORE_UNAVAILABLE;
    int rc = c->drv->exec(c->native, sql);
    if (!c->in_tx) {
        if (rc == STORE_OK)
            rc = store_autocommit_written(c);
        else
            rcache_bump(); /* it may have written part */
    }
    if (rc == STORE_UNAVAILABLE)
        store_conn_lost(c);
    return rc;
}

int store_begin(store_conn *c, enum store_tx kind)
{
    if (!store_conn_usable(c))
        return STORE_UNAVAILABLE;
    if (c->in_tx || c->lazy_read) {
        log_error("nested transaction", NULL);
        return STORE_ERR;
    }
    if (kind == STORE_TX_READ_LAZY) {
        c->lazy_read = true;
        return STORE_OK;
    }
    int rc = c->drv->begin(c->native, kind);
    if (rc == STORE_OK) {
        c->in_tx = true;
        c->tx_writes = kind == STORE_TX_WRITE;
    }
    else if (rc == STORE_UNAVAILABLE)
        store_conn_lost(c);
    return rc;
}

int store_commit(store_conn *c)
{
    if (c && c->lazy_read) {
        c->lazy_read = false; /* never started: nothing to commit */
        return STORE_OK;
    }
    if (!store_conn_usable(c))
        return STORE_UNAVAILABLE;
    if (c->tx_writes) {
        /* The other instances' caches learn of this write with it. */
        int prc = store_epoch_publish(c);
        if (prc != STORE_OK) {
            store_rollback(c);
            return prc;
        }
    }
    int rc = c->drv->commit(c->native);
    c->in_tx = false;
    if (c->tx_writes) { /* after the commit: see rcache.h */
        rcache_bump();
        if (rc == STORE_OK)
            store_epoch_committed();
    }
    c->tx_writes = false;
    if (rc == STORE_UNAVAILABLE)
        store_conn_lost(c);
    return rc;
}

int store_rollback(store_conn *c)
{
    if (c && c->lazy_read) {
        c->lazy_read = false;
        return STORE_OK;
    }
    if (!store_conn_usable(c))
        return STORE_UNAVAILABLE;
    /* Statements still stepping would keep the transaction busy. */
    store_reset_busy(c);
    int rc = c->drv->rollback(c->native);
    c->in_tx = false;
    if (rc == STORE_UNAVAILABLE)
        store_conn_lost(c);
    return rc;
}

bool store_in_tx(store_conn *c)
{
    return c && (c->in_tx || c->lazy_read);
}

int store_reserve_ids(store_conn *c, const char *table, int n, int64_t *ids)
{
    if (n <= 0 || n > AG_RESERVE_IDS_MAX || !store_in_tx(c))
        return STORE_ERR;
    if (!store_conn_usable(c))
        return STORE_UNAVAILABLE;
    char sql[256];
    snprintf(sql, sizeof sql, c->drv->reserve_ids_sql, table);
    store_stmt *st = store_prepare(c, sql);
    if (!st)
        return STORE_ERR;
    if (!c->drv->reserve_ids_from_max)
        store_bind_i64(st, 1, n);
    int rc, got = 0;
    while ((rc = store_step(st)) == STORE_ROW && got < n) {
        int64_t v = store_col_i64(st, 0);
        if (c->drv->reserve_ids_from_max) {
            for (int i = 0; i < n; i++)
                ids[i] = v + 1 + i;
            got = n;
        } else {
            ids[got++] = v;
        }
    }
    store_reset(st);
    if (rc == STORE_ROW || rc == STORE_DONE)
        rc = got == n ? STORE_DONE : STORE_ERR;
    return rc;
}

int64_t store_changes(store_conn *c)
{
    return store_conn_usable(c) ? c->drv->changes(c->native) : 0;
}

const char *store_errmsg(store_conn *c)
{
    return store_conn_usable(c) ? c->drv->errmsg(c->native) : "not connected";
}

bool store_ping(store_conn *c)
{
    if (!store_conn_usable(c))
        return false;
    if (c->drv->ping(c->native))
        return true;
    store_conn_lost(c);
    return false;
}

enum store_engine store_conn_engine(store_conn *c)
{
    return c->drv->engine;
}

void store_stats(uint64_t *micros, uint64_t *statements)
{
    *micros = atomic_load(&store_micros);
    *statements = atomic_load(&store_count);
}

int store_backup(const char *path, char *err, size_t errlen)
{
    store_conn *c = store_conn_get();
    if (!c) {
        snprintf(err, errlen, "database not open");
        return -1;
    }
    if (!c->drv->backup) {
        snprintf(err, errlen, "online backup is only for SQLite; use pg_dump for PostgreSQL");
        return -1;
    }
    return c->drv->backup(c->native, path, err, errlen);
}

/* Appends c to out (when out is not NULL). Returns 0, or -1 when full. */
static int store_put(char *out, size_t outlen, size_t *o, char c)
{
    if (!out)
        return 0;
    if (*o + 1 >= outlen)
        return -1;
    out[(*o)++] = c;
    return 0;
}

/* Walks sql once, outside string literals, quoted names and comments:
 * copies it into out (when out is not NULL) with each $N written ?N, and
 * puts the highest N into *maxp (when maxp is not NULL).  Returns 0, or
 * -1 if out is too small.  One scanner for both uses, so that the SQLite
 * translation and the PostgreSQL parameter count never disagree.
 * (Dollar-quoted strings are not recognised: our SQL does not use them.) */
static int store_sql_walk(const char *sql, char *out, size_t outlen, int *maxp)
{
    size_t o = 0;
    char quote = 0;
    int max = 0;
    for (const char *p = sql; *p; p++) {
        char ch = *p;
        if (quote) {
            if (ch == quote)
                quote = 0;
        } else if (ch == '\'' || ch == '"') {
            quote = ch;
        } else if ((ch == '-' && p[1] == '-') || (ch == '/' && p[1] == '*')) {
            /* a comment, copied verbatim up to its last character */
            const char *end = ch == '-' ? strchr(p, '\n') : strstr(p + 2, "*/");
            const char *last = !end ? p + strlen(p) - 1 : ch == '-' ? end - 1 : end + 1;
            for (; p < last; p++)
                if (store_put(out, outlen, &o, *p) != 0)
                    return -1;
            ch = *p;
        } else if (ch == '$' && p[1] >= '0' && p[1] <= '9') {
            int n = 0;
            for (const char *d = p + 1; *d >= '0' && *d <= '9' && n < 100000; d++)
                n = n * 10 + (*d - '0');
            if (n > max)
                max = n;
            ch = '?';
        }
        if (store_put(out, outlen, &o, ch) != 0)
            return -1;
    }
    if (out)
        out[o] = '\0';
    if (maxp)
        *maxp = max;
    return 0;
}

int store_sql_to_sqlite(const char *sql, char *out, size_t outlen)
{
    if (outlen == 0)
        return -1;
    return store_sql_walk(sql, out, outlen, NULL);
}

int store_sql_max_param(const char *sql)
{
    int max = 0;
    store_sql_walk(sql, NULL, 0, &max);
    return max;
}
