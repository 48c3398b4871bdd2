/*
 * store_sqlite.c - the SQLite driver of the storage interface.
 *
 * Each connection is used by one thread (SQLITE_OPEN_NOMUTEX), in WAL mode
 * with synchronous=FULL (an acknowledged commit survives a power cut), a
 * busy timeout, and foreign keys on.  Parameters are written $N in our SQL;
 * SQLite would read "$1" as a *named* parameter numbered by first
 * appearance, so "$2 ... $1" would swap values: we rewrite $N to ?N before
 * preparing (store_sql_to_sqlite).
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "core/mem.h"
#include "store/store_driver.h"

/* Process-wide SQLite configuration, before the library initialises:
 * memory statistics off (they take a global mutex on every allocation, which
 * serialises the worker threads), multi-thread mode (each connection is used
 * by one thread at a time, so SQLite needs no per-connection mutex). */
static pthread_once_t sq_once = PTHREAD_ONCE_INIT;

static void sq_configure(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite3_initialize();
}

/* A connection: the handle and its transaction statements, prepared once
 * (BEGIN and COMMIT run on every request; parsing them each time shows in
 * profiles). */
enum { SQ_BEGIN, SQ_BEGIN_IMMEDIATE, SQ_COMMIT, SQ_ROLLBACK, SQ_NTX };

struct sq_conn {
    sqlite3 *db;
    sqlite3_stmt *tx[SQ_NTX];
};

static const char *const sq_tx_sql[SQ_NTX] = {"BEGIN", "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK"};

static void *sq_connect(const char *url, const struct store_options *opt, char *err,
                        size_t errlen)
{
    pthread_once(&sq_once, sq_configure);
    sqlite3 *db = NULL;
    const char *path = url;
    if (strncmp(path, "sqlite:", 7) == 0)
        path += 7;
    int rc = sqlite3_open_v2(path, &db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "cannot open %s: %s", path,
                 db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, opt->busy_timeout_ms);
    char *msg = NULL;
    /* mmap_size: pages of the database file are read from a shared
     * mapping (up to 1 GiB of address space per connection) instead of
     * copied in by pread; a search on a million offers touches thousands of
     * pages (bench/search.sh: a quarter of its CPU time went to pread). */
    rc = sqlite3_exec(db,
                      "PRAGMA journal_mode=WAL;"
                      "PRAGMA synchronous=FULL;"
                      "PRAGMA foreign_keys=ON;"
                      "PRAGMA temp_store=MEMORY;"
                      "PRAGMA mmap_size=1073741824;",
                      NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "cannot configure %s: %s", path, msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        sqlite3_close(db);
        return NULL;
    }
    struct sq_conn *c = mem_calloc(1, sizeof *c);
    c->db = db;
    for (int i = 0; i < SQ_NTX; i++) {
        if (sqlite3_prepare_v3(db, sq_tx_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &c->tx[i],
                               NULL) != SQLITE_OK) {
            snprintf(err, errlen, "cannot prepare %s: %s", sq_tx_sql[i], sqlite3_errmsg(db));
            for (int k = 0; k < i; k++)
                sqlite3_finalize(c->tx[k]);
            sqlite3_close(db);
            mem_free(c);
            return NULL;
        }
    }
    return c;
}

static sqlite3 *sq_db(void *conn)
{
    return ((struct sq_conn *)conn)->db;
}

static void sq_disconnect(void *conn)
{
    struct sq_conn *c = conn;
    for (int i = 0; i < SQ_NTX; i++)
        sqlite3_finalize(c->tx[i]);
    sqlite3_close_v2(c->db);
    mem_free(c);
}

static void *sq_prepare(void *conn, const char *sql)
{
    size_t n = strlen(sql) + 1;
    char stack[2048];
    char *translated = n <= sizeof stack ? stack : mem_alloc(n);
    sqlite3_stmt *st = NULL;
    if (store_sql_to_sqlite(sql, translated, n) == 0)
        sqlite3_prepare_v3(sq_db(conn), translated, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    if (translated != stack)
        mem_free(translated);
    return st;
}

static void sq_finalize(void *conn, void *stmt)
{
    (void)conn;
    sqlite3_finalize(stmt);
}

static void sq_bind_i64(void *stmt, int idx, int64_t v)
{
    sqlite3_bind_int64(stmt, idx, v);
}

static void sq_bind_double(void *stmt, int idx, double v)
{
    sqlite3_bind_double(stmt, idx, v);
}

static void sq_bind_text(void *stmt, int idx, const char *s, size_t n)
{
    sqlite3_bind_text64(stmt, idx, s, n, SQLITE_TRANSIENT, SQLITE_UTF8);
}

static void sq_bind_text_static(void *stmt, int idx, const char *s, size_t n)
{
    sqlite3_bind_text64(stmt, idx, s, n, SQLITE_STATIC, SQLITE_UTF8);
}

static void sq_bind_null(void *stmt, int idx)
{
    sqlite3_bind_null(stmt, idx);
}

/* Maps a SQLite result to a store_rc. */
static int sq_rc(sqlite3 *db, int rc)
{
    switch (rc) {
    case SQLITE_OK:
        return STORE_OK;
    case SQLITE_ROW:
        return STORE_ROW;
    case SQLITE_DONE:
        return STORE_DONE;
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
        return STORE_UNIQUE;
    default:
        break;
    }
    /* SQLite's messages quote identifiers ("near \"x\": syntax error"):
     * escaped, so that the log line stays JSON. */
    char esc[512];
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        log_escape(esc, sizeof esc, sqlite3_errmsg(db));
        log_warn("database busy", "\"error\":\"%s\"", esc);
        return STORE_BUSY;
    case SQLITE_CONSTRAINT:
        return STORE_CONSTRAINT;
    default:
        log_escape(esc, sizeof esc, sqlite3_errmsg(db));
        log_error("database error", "\"code\":%d,\"error\":\"%s\"", rc, esc);
        return STORE_ERR;
    }
}

static int sq_step(void *conn, void *stmt)
{
    return sq_rc(sq_db(conn), sqlite3_step(stmt));
}

static int sq_ncols(void *stmt)
{
    return sqlite3_column_count(stmt);
}

static bool sq_col_is_null(void *stmt, int col)
{
    return sqlite3_column_type(stmt, col) == SQLITE_NULL;
}

static int64_t sq_col_i64(void *stmt, int col)
{
    return sqlite3_column_int64(stmt, col);
}

static double sq_col_double(void *stmt, int col)
{
    return sqlite3_column_double(stmt, col);
}

static const char *sq_col_text(void *stmt, int col)
{
    return (const char *)sqlite3_column_text(stmt, col);
}

static void sq_reset(void *conn, void *stmt)
{
    (void)conn;
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
}

static bool sq_busy(void *stmt)
{
    return sqlite3_stmt_busy(stmt) != 0;
}

static int sq_exec(void *conn, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(sq_db(conn), sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        int mapped = sq_rc(sq_db(conn), rc);
        sqlite3_free(msg);
        return mapped;
    }
    return STORE_OK;
}

/* Runs one of the prepared transaction statements. */
static int sq_tx(void *conn, int which)
{
    struct sq_conn *c = conn;
    int rc = sqlite3_step(c->tx[which]);
    sqlite3_reset(c->tx[which]);
    return rc == SQLITE_DONE ? STORE_OK : sq_rc(c->db, rc);
}

static int sq_begin(void *conn, enum store_tx kind)
{
    return sq_tx(conn, kind == STORE_TX_WRITE ? SQ_BEGIN_IMMEDIATE : SQ_BEGIN);
}

static int sq_commit(void *conn)
{
    int rc = sq_tx(conn, SQ_COMMIT);
    if (rc != STORE_OK && sqlite3_get_autocommit(sq_db(conn)) == 0)
        sq_tx(conn, SQ_ROLLBACK);
    return rc;
}

static int sq_rollback(void *conn)
{
    if (sqlite3_get_autocommit(sq_db(conn)))
        return STORE_OK; /* SQLite already rolled back (e.g. after an I/O error) */
    return sq_tx(conn, SQ_ROLLBACK);
}

static int64_t sq_changes(void *conn)
{
    return sqlite3_changes64(sq_db(conn));
}

static const char *sq_errmsg(void *conn)
{
    return sqlite3_errmsg(sq_db(conn));
}

static bool sq_ping(void *conn)
{
    return sq_exec(conn, "SELECT 1") == STORE_OK;
}

/* Copies the live database page by page into a new file at path.  In WAL
 * mode the copy is one read transaction: a consistent snapshot, while
 * writers carry on. */
static int sq_backup(void *conn, const char *path, char *err, size_t errlen)
{
    sqlite3 *dst = NULL;
    int rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "cannot create %s: %s", path,
                 dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
        sqlite3_close(dst);
        return -1;
    }
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", sq_db(conn), "main");
    if (!b) {
        snprintf(err, errlen, "backup failed: %s", sqlite3_errmsg(dst));
        sqlite3_close(dst);
        return -1;
    }
    do
        rc = sqlite3_backup_step(b, -1);
    while (rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
        snprintf(err, errlen, "backup failed: %s", sqlite3_errstr(rc));
        sqlite3_close(dst);
        return -1;
    }
    rc = sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
    sqlite3_close(dst);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "backup written but not finalised: %s", sqlite3_errstr(rc));
        return -1;
    }
    return 0;
}

const struct store_driver store_sqlite_driver = {
    .name = "sqlite",
    .engine = STORE_SQLITE,
    .pk_sql = "INTEGER PRIMARY KEY",
    .reserve_ids_sql = "SELECT COALESCE(MAX(id), 0) FROM %s",
    .reserve_ids_from_max = true,
    .connect = sq_connect,
    .disconnect = sq_disconnect,
    .prepare = sq_prepare,
    .finalize = sq_finalize,
    .set_replan = NULL,
    .bind_i64 = sq_bind_i64,
    .bind_double = sq_bind_double,
    .bind_text = sq_bind_text,
    .bind_text_static = sq_bind_text_static,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .ncols = sq_ncols,
    .col_is_null = sq_col_is_null,
    .col_i64 = sq_col_i64,
    .col_double = sq_col_double,
    .col_text = sq_col_text,
    .reset = sq_reset,
    .busy = sq_busy,
    .exec = sq_exec,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .changes = sq_changes,
    .errmsg = sq_errmsg,
    .ping = sq_ping,
    .backup = sq_backup,
};
