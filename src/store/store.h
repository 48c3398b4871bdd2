/*
 * store.h - the storage interface every module uses; engine-neutral.
 *
 * Domain code writes portable SQL with $1-style parameters and never
 * includes sqlite3.h or libpq-fe.h.  A driver table (struct store_driver,
 * store_driver.h) implements this interface for SQLite and PostgreSQL, the
 * way SQLite's VFS abstracts files.
 *
 * Connections: each thread uses its own connection, opened on first use by
 * store_conn_get() and closed by store_close().  Statements are prepared once
 * per connection and cached by their SQL text.
 *
 * A typical read (single exit, every statement reset on the way out):
 *
 *   store_stmt *st = store_prepare(db, "SELECT email FROM accounts WHERE id = $1");
 *   if (!st) return STORE_ERR;
 *   store_bind_i64(st, 1, id);
 *   int rc = store_step(st);
 *   if (rc == STORE_ROW) ... store_col_text(st, 0) ...
 *   store_reset(st);
 *
 * Ownership: store_prepare returns a statement owned by the connection's
 * cache (never finalize it), valid until store_conn_release or store_close
 * even if the cache evicts it meanwhile; text from store_col_text is
 * borrowed until the next step or reset of that statement.
 *
 * Portable SQL (every query runs on both engines; tests/run.sh pg proves
 * it): $N parameters; INTEGER 0/1 for booleans; BIGINT seconds for times;
 * ON CONFLICT for upserts; RETURNING for generated ids; bounded results
 * (LIMIT), since PostgreSQL results are fetched whole; where PostgreSQL
 * cannot infer a parameter's type (only in "$1 IS NULL", or in arithmetic
 * with another parameter) say it: CAST($1 AS BIGINT).  No dollar-quoted
 * strings.  No in-process caches of database rows except through
 * store/rcache.h, whose entries every committed write invalidates: several
 * instances share one PostgreSQL database and must not disagree.
 */
#ifndef AG_STORE_H
#define AG_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store_conn;
struct store_stmt;
typedef struct store_conn store_conn;
typedef struct store_stmt store_stmt;

/* Results of store_step and the other calls.  Errors are negative. */
enum store_rc {
    STORE_OK = 0,
    STORE_ROW = 1,
    STORE_DONE = 2,
    STORE_ERR = -1,         /* SQL or internal error (logged) */
    STORE_BUSY = -2,        /* lock not obtained in time */
    STORE_UNIQUE = -3,      /* a UNIQUE or PRIMARY KEY constraint failed */
    STORE_CONSTRAINT = -4,  /* another constraint (CHECK, FOREIGN KEY, NOT NULL) */
    STORE_UNAVAILABLE = -5, /* the database cannot be reached */
};

enum store_engine { STORE_SQLITE, STORE_POSTGRES };

/* STORE_TX_READ_LAZY: a read transaction that starts only when the first
 * statement is prepared (so a request answered from the read cache never
 * touches the database). */
enum store_tx { STORE_TX_READ, STORE_TX_WRITE, STORE_TX_READ_LAZY };

struct store_options {
    int busy_timeout_ms;
};

/* Opens the database named by url (a file path for SQLite, postgres://... for
 * PostgreSQL) for this process; connections are opened lazily per thread.
 * Returns 0, or -1 with a message in err. */
int store_open(const char *url, const struct store_options *opt, char *err, size_t errlen);
/* Closes every connection of the process.  Call after all worker threads
 * have stopped. */
void store_close(void);
/* 1 once store_open succeeded. */
bool store_is_open(void);
enum store_engine store_engine(void);

/* This thread's connection, opened on first use; NULL if the database cannot
 * be reached (logged).  Borrowed: valid until store_close. */
store_conn *store_conn_get(void);
/* Ends any open transaction (rolled back) and resets active statements; the
 * HTTP layer calls it at the end of every request as a safety net. */
void store_conn_release(store_conn *c);

/* Statements ----------------------------------------------------------- */

store_stmt *store_prepare(store_conn *c, const char *sql);
/* The same, for a query over tables that grow within the transaction (a
 * feed import's look-ups): PostgreSQL plans it at every execution for the
 * tables' current sizes (a plan kept from when a table was nearly empty
 * would scan it whole), SQLite as usual. */
store_stmt *store_prepare_replan(store_conn *c, const char *sql);
void store_bind_i64(store_stmt *st, int idx, int64_t v);
void store_bind_double(store_stmt *st, int idx, double v);
void store_bind_text(store_stmt *st, int idx, const char *s); /* NULL binds null */
void store_bind_textn(store_stmt *st, int idx, const char *s, size_t n);
void store_bind_null(store_stmt *st, int idx);
/* store_bind_text without a copy, for bulk writes: s (NULL binds null) is
 * borrowed and must stay unchanged until the statement has run with it
 * and the parameter is bound again (or the statement is never stepped
 * again before that). */
void store_bind_text_static(store_stmt *st, int idx, const char *s);
int store_step(store_stmt *st);
int store_ncols(store_stmt *st);
bool store_col_is_null(store_stmt *st, int col);
int64_t store_col_i64(store_stmt *st, int col);
double store_col_double(store_stmt *st, int col);
const char *store_col_text(store_stmt *st, int col); /* NULL for SQL NULL */
void store_reset(store_stmt *st);

/* Runs sql (one or more statements, no parameters). Returns 0 or an error. */
int store_exec(store_conn *c, const char *sql);

/* Convenience: runs st to completion and resets it.  Returns STORE_DONE, or
 * an error. */
int store_run(store_stmt *st);

/* Transactions: write transactions take the write lock at once (SQLite's
 * BEGIN IMMEDIATE; on PostgreSQL one advisory lock per database, so that
 * instances on one database also have a single writer) so two writers never
 * deadlock on upgrade, and a check read inside a write transaction stays
 * true until its commit.  Waiting longer than the busy timeout gives
 * STORE_BUSY.  A read transaction sees one snapshot and must not write
 * (PostgreSQL refuses).  After an error inside a transaction, roll back:
 * PostgreSQL has aborted the whole transaction, and its commit then fails. */
int store_begin(store_conn *c, enum store_tx kind);
int store_commit(store_conn *c);
int store_rollback(store_conn *c);
bool store_in_tx(store_conn *c);

/* 1 when the connection's link to the database is lost (until the next
 * store_conn_get reconnects): failures seen now mean "unavailable". */
bool store_conn_lost_p(store_conn *c);

/* Reserves n ids (n <= AG_RESERVE_IDS_MAX) of table's "{{pk}}" column id
 * for rows the caller inserts with explicit ids (multi-row INSERTs need no
 * RETURNING then); ids[] gets them, ascending.  Inside a write
 * transaction only.  On SQLite the ids are those above the table's highest
 * id: insert the rows (or give the ids up) before reserving from that
 * table again.  table is a name from the code, never from input.  Returns
 * STORE_DONE or an error. */
int store_reserve_ids(store_conn *c, const char *table, int n, int64_t *ids);

/* Rows changed by the last INSERT/UPDATE/DELETE. */
int64_t store_changes(store_conn *c);
/* Last error text of the connection (borrowed). */
const char *store_errmsg(store_conn *c);
/* 1 if the database answers a trivial query. */
bool store_ping(store_conn *c);

/* Driver-specific SQL for migrations: "{{pk}}" in migration text becomes
 * the engine's auto-increment integer primary key. */
enum store_engine store_conn_engine(store_conn *c);

/* Total time spent in the database by this process (microseconds) and the
 * number of statements run, for /metrics. */
void store_stats(uint64_t *micros, uint64_t *statements);

/* Online backup of a SQLite database to path (consistent while serving).
 * Returns 0, or -1 with a message in err. */
int store_backup(const char *path, char *err, size_t errlen);

/* Translates $N parameters into ?N (outside string literals, quoted
 * identifiers and -- or block comments) into out; exposed for unit tests.
 * Returns 0, or -1 if out is too small. */
int store_sql_to_sqlite(const char *sql, char *out, size_t outlen);
/* The highest $N parameter of sql (same scanner); 0 when it has none. */
int store_sql_max_param(const char *sql);

/* Writes heard across instances ------------------------------------------ */

/* With PostgreSQL several instances write one database, so one instance's
 * read cache (store/rcache.h) cannot see the others' writes in memory.
 * Every write transaction notifies the others as it commits (store_commit
 * does it, LISTEN/NOTIFY); a serving process listens, and keeps its cache
 * on only while it hears.  SQLite, served by one process, needs none of it
 * (the calls do nothing). */

/* Turns the notifications on for this process's writes when the engine is
 * PostgreSQL (after migrations).  Returns whether they are on. */
bool store_epoch_start(void);
/* Starts listening for the other instances' writes (PostgreSQL; 0 and
 * nothing on SQLite).  The read cache is on only while listening.  Returns
 * 0, or -1 when the listening thread cannot start. */
int store_watch_start(const char *url, const struct store_options *opt);
void store_watch_stop(void);
/* Handles the notifications already received, so that a request about to
 * use the cache sees every write whose notification has arrived. */
void store_watch_drain(void);

#endif
