/*
 * test_store.c - the storage interface on both engines: what domain code
 * relies on must behave the same on SQLite and PostgreSQL.
 *
 * The same cases run on a temporary SQLite file and, when $AGORA_TEST_PG
 * is set (tests/run.sh pg), on a fresh PostgreSQL database; without it the
 * PostgreSQL group is skipped.  A few cases are PostgreSQL-only (a link
 * killed by the server, stale server-side statements, COMMIT of a failed
 * transaction).  Also the pure SQL scanner: $N translation and counting.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/limits.h"
#include "harness.h"
#include "store/store.h"

/* Busy timeout of the store in these tests: short, so that lock waits
 * that must fail fail fast, long enough for the waits that must succeed. */
#define TEST_BUSY_MS 1500

struct engine {
    const char *name;
    bool pg;
    struct srv s; /* the database (harness: temp file or fresh PG database) */
};

static struct engine sqlite_engine = {.name = "sqlite", .pg = false};
static struct engine pg_engine = {.name = "postgres", .pg = true};

/* SQL scanner -------------------------------------------------------------- */

static void sqlite_translation(void **state)
{
    (void)state;
    char out[256];
    assert_int_equal(store_sql_to_sqlite("SELECT $2, $1 FROM t WHERE a = $10", out, sizeof out), 0);
    assert_string_equal(out, "SELECT ?2, ?1 FROM t WHERE a = ?10");
    assert_int_equal(
        store_sql_to_sqlite("SELECT '$1', \"$2\", $3 -- $4\n, $5 /* $6 */ , $7", out, sizeof out),
        0);
    assert_string_equal(out, "SELECT '$1', \"$2\", ?3 -- $4\n, ?5 /* $6 */ , ?7");
    assert_int_equal(store_sql_to_sqlite("SELECT $1", out, 5), -1);
    assert_int_equal(store_sql_to_sqlite("-- only a comment $1", out, sizeof out), 0);
    assert_string_equal(out, "-- only a comment $1");
}

static void max_param(void **state)
{
    (void)state;
    assert_int_equal(store_sql_max_param("SELECT 1"), 0);
    assert_int_equal(store_sql_max_param("SELECT $2, $1"), 2);
    assert_int_equal(store_sql_max_param("UPDATE t SET a = $12 WHERE b = $3"), 12);
    assert_int_equal(store_sql_max_param("SELECT '$9', $1 -- $8\n /* $7 */"), 1);
}

/* Engine groups -------------------------------------------------------------- */

/* Opens the store on the engine in *state and creates the test table. */
static int engine_setup(void **state)
{
    struct engine *e = *state;
    if (e->pg && !harness_pg())
        return 0; /* every case skips */
    if (e->pg) {
        if (srv_prepare(&e->s) != 0)
            return -1;
    } else {
        /* srv_prepare makes a SQLite path when AGORA_TEST_PG is unset; make
         * one by hand so that the SQLite group runs in PG passes too. */
        memset(&e->s, 0, sizeof e->s);
        snprintf(e->s.dir, sizeof e->s.dir, "/tmp/agora-unit-XXXXXX");
        if (!mkdtemp(e->s.dir))
            return -1;
        snprintf(e->s.db, sizeof e->s.db, "%s/store.db", e->s.dir);
    }
    char err[256];
    struct store_options opt = {.busy_timeout_ms = TEST_BUSY_MS};
    if (store_open(e->s.db, &opt, err, sizeof err) != 0) {
        fprintf(stderr, "store_open %s: %s\n", e->name, err);
        return -1;
    }
    store_conn *c = store_conn_get();
    int rc = store_exec(c, "CREATE TABLE t ("
                           "  id BIGINT PRIMARY KEY,"
                           "  name TEXT UNIQUE,"
                           "  n BIGINT,"
                           "  x DOUBLE PRECISION,"
                           "  flag INTEGER NOT NULL DEFAULT 0 CHECK (flag IN (0, 1)),"
                           "  parent BIGINT REFERENCES t (id)"
                           ");");
    return rc == STORE_OK ? 0 : -1;
}

static int engine_teardown(void **state)
{
    struct engine *e = *state;
    if (!store_is_open())
        return 0;
    store_close();
    if (e->pg) {
        srv_cleanup(&e->s);
    } else {
        char cmd[400];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", e->s.dir);
        if (system(cmd) != 0)
            return -1;
    }
    return 0;
}

/* Skips a case of the PostgreSQL group on SQLite runs; returns the
 * engine. */
static struct engine *engine_of(void **state)
{
    struct engine *e = *state;
    if (e->pg && !harness_pg()) {
        print_message("needs PostgreSQL: run tests/run.sh pg (sets AGORA_TEST_PG)\n");
        skip();
    }
    return e;
}

static store_conn *db(void)
{
    store_conn *c = store_conn_get();
    assert_non_null(c);
    return c;
}

static void wipe(void)
{
    assert_int_equal(store_exec(db(), "DELETE FROM t"), STORE_OK);
}

static void insert(int64_t id, const char *name, int64_t n)
{
    store_stmt *st = store_prepare(db(), "INSERT INTO t (id, name, n) VALUES ($1, $2, $3)");
    assert_non_null(st);
    store_bind_i64(st, 1, id);
    store_bind_text(st, 2, name);
    store_bind_i64(st, 3, n);
    assert_int_equal(store_run(st), STORE_DONE);
}

static int64_t count_rows(void)
{
    store_stmt *st = store_prepare(db(), "SELECT COUNT(*) FROM t");
    assert_non_null(st);
    assert_int_equal(store_step(st), STORE_ROW);
    int64_t n = store_col_i64(st, 0);
    store_reset(st);
    return n;
}

/* $N are positional whatever their order in the SQL text. */
static void params_out_of_order(void **state)
{
    engine_of(state);
    wipe();
    store_stmt *st = store_prepare(db(), "INSERT INTO t (name, id, n) VALUES ($3, $1, $2)");
    assert_non_null(st);
    store_bind_i64(st, 1, 7);
    store_bind_i64(st, 2, 70);
    store_bind_text(st, 3, "seven");
    assert_int_equal(store_run(st), STORE_DONE);
    st = store_prepare(db(), "SELECT id, name, n FROM t WHERE n = $2 AND name = $1");
    assert_non_null(st);
    store_bind_text(st, 1, "seven");
    store_bind_i64(st, 2, 70);
    assert_int_equal(store_step(st), STORE_ROW);
    assert_int_equal(store_col_i64(st, 0), 7);
    assert_string_equal(store_col_text(st, 1), "seven");
    assert_int_equal(store_col_i64(st, 2), 70);
    assert_int_equal(store_step(st), STORE_DONE);
    store_reset(st);
    /* A parameter used twice. */
    st = store_prepare(db(), "SELECT COUNT(*) FROM t WHERE id = $1 OR n = $1 * 10");
    assert_non_null(st);
    store_bind_i64(st, 1, 7);
    assert_int_equal(store_step(st), STORE_ROW);
    assert_int_equal(store_col_i64(st, 0), 1);
    store_reset(st);
}

/* Extremes of int64 and double, NULL, empty text and awkward text survive
 * a round trip exactly. */
static void values_round_trip(void **state)
{
    engine_of(state);
    wipe();
    const double xs[] = {0.1, 1.0 / 3.0, -2.5e-300, 1.7976931348623157e308, 0.0};
    const int64_t ns[] = {INT64_MAX, INT64_MIN, 0, -1, 4242424242424242LL};
    const char *names[] = {"", "it's \"quoted\" \\ $1 ?1", "åäö 東京 🙂", NULL, "x"};
    for (int i = 0; i < 5; i++) {
        store_stmt *st =
            store_prepare(db(), "INSERT INTO t (id, name, n, x) VALUES ($1, $2, $3, $4)");
        assert_non_null(st);
        store_bind_i64(st, 1, i + 1);
        store_bind_text(st, 2, names[i]);
        store_bind_i64(st, 3, ns[i]);
        store_bind_double(st, 4, xs[i]);
        assert_int_equal(store_run(st), STORE_DONE);
    }
    store_stmt *st = store_prepare(db(), "SELECT name, n, x FROM t ORDER BY id");
    assert_non_null(st);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(store_step(st), STORE_ROW);
        if (names[i]) {
            assert_false(store_col_is_null(st, 0));
            assert_string_equal(store_col_text(st, 0), names[i]);
        } else {
            assert_true(store_col_is_null(st, 0));
            assert_null(store_col_text(st, 0));
        }
        assert_true(store_col_i64(st, 1) == ns[i]);
        assert_true(store_col_double(st, 2) == xs[i]);
    }
    assert_int_equal(store_step(st), STORE_DONE);
    store_reset(st);
    /* Binding NULL explicitly, and a textn that is not NUL-terminated. */
    st = store_prepare(db(), "UPDATE t SET n = $1, name = $2 WHERE id = $3");
    assert_non_null(st);
    store_bind_null(st, 1);
    store_bind_textn(st, 2, "abcdef", 3);
    store_bind_i64(st, 3, 5);
    assert_int_equal(store_run(st), STORE_DONE);
    st = store_prepare(db(), "SELECT n, name FROM t WHERE id = $1");
    store_bind_i64(st, 1, 5);
    assert_int_equal(store_step(st), STORE_ROW);
    assert_true(store_col_is_null(st, 0));
    assert_int_equal(store_col_i64(st, 0), 0);
    assert_string_equal(store_col_text(st, 1), "abc");
    store_reset(st);
}

/* Computed booleans read as 1/0; COUNT and SUM as integers. */
static void computed_columns(void **state)
{
    engine_of(state);
    wipe();
    insert(1, "a", 5);
    insert(2, "b", 6);
    store_stmt *st = store_prepare(
        db(),
        "SELECT EXISTS (SELECT 1 FROM t WHERE n = $1), EXISTS (SELECT 1 FROM t WHERE n = $2), "
        "COUNT(*), SUM(n) FROM t");
    assert_non_null(st);
    store_bind_i64(st, 1, 5);
    store_bind_i64(st, 2, 99);
    assert_int_equal(store_step(st), STORE_ROW);
    assert_int_equal(store_col_i64(st, 0), 1);
    assert_int_equal(store_col_i64(st, 1), 0);
    assert_int_equal(store_col_i64(st, 2), 2);
    assert_int_equal(store_col_i64(st, 3), 11);
    store_reset(st);
}

/* RETURNING and changes(). */
static void returning_and_changes(void **state)
{
    engine_of(state);
    wipe();
    for (int i = 1; i <= 3; i++)
        insert(i, NULL, 1);
    store_stmt *st = store_prepare(db(), "UPDATE t SET n = n + 1 WHERE n = $1");
    store_bind_i64(st, 1, 1);
    assert_int_equal(store_run(st), STORE_DONE);
    assert_int_equal(store_changes(db()), 3);
    st = store_prepare(db(), "INSERT INTO t (id, n) VALUES ($1, $2) RETURNING id, n");
    store_bind_i64(st, 1, 10);
    store_bind_i64(st, 2, 100);
    assert_int_equal(store_step(st), STORE_ROW);
    assert_int_equal(store_col_i64(st, 0), 10);
    assert_int_equal(store_col_i64(st, 1), 100);
    assert_int_equal(store_step(st), STORE_DONE);
    store_reset(st);
    assert_int_equal(store_changes(db()), 1);
    st = store_prepare(db(), "DELETE FROM t WHERE n = $1");
    store_bind_i64(st, 1, 2);
    assert_int_equal(store_run(st), STORE_DONE);
    assert_int_equal(store_changes(db()), 3);
    /* An upsert, the portable way. */
    st = store_prepare(db(), "INSERT INTO t (id, n) VALUES ($1, 1) ON CONFLICT (id) DO UPDATE "
                             "SET n = t.n + 1 RETURNING n");
    for (int i = 0; i < 3; i++) {
        store_bind_i64(st, 1, 10);
        assert_int_equal(store_step(st), STORE_ROW);
        assert_int_equal(store_col_i64(st, 0), 101 + i);
        store_reset(st);
    }
}

/* Constraint failures map to the same codes on both engines. */
static void constraint_codes(void **state)
{
    engine_of(state);
    wipe();
    insert(1, "a", 1);
    store_stmt *st = store_prepare(db(), "INSERT INTO t (id, name) VALUES ($1, $2)");
    store_bind_i64(st, 1, 1);
    store_bind_text(st, 2, "other");
    assert_int_equal(store_run(st), STORE_UNIQUE); /* primary key */
    store_bind_i64(st, 1, 2);
    store_bind_text(st, 2, "a");
    assert_int_equal(store_run(st), STORE_UNIQUE); /* UNIQUE column */
    st = store_prepare(db(), "INSERT INTO t (id, flag) VALUES ($1, $2)");
    store_bind_i64(st, 1, 3);
    store_bind_i64(st, 2, 7);
    assert_int_equal(store_run(st), STORE_CONSTRAINT); /* CHECK */
    store_bind_i64(st, 1, 3);
    store_bind_null(st, 2);
    assert_int_equal(store_run(st), STORE_CONSTRAINT); /* NOT NULL */
    st = store_prepare(db(), "INSERT INTO t (id, parent) VALUES ($1, $2)");
    store_bind_i64(st, 1, 4);
    store_bind_i64(st, 2, 999);
    assert_int_equal(store_run(st), STORE_CONSTRAINT); /* FOREIGN KEY */
    assert_int_equal(count_rows(), 1);
}

/* Transactions: rollback undoes, commit keeps; after an error the caller
 * rolls back and nothing of the transaction remains. */
static void transactions(void **state)
{
    engine_of(state);
    wipe();
    store_conn *c = db();
    assert_int_equal(store_begin(c, STORE_TX_WRITE), STORE_OK);
    assert_true(store_in_tx(c));
    insert(1, "a", 1);
    assert_int_equal(store_rollback(c), STORE_OK);
    assert_false(store_in_tx(c));
    assert_int_equal(count_rows(), 0);
    assert_int_equal(store_begin(c, STORE_TX_WRITE), STORE_OK);
    insert(1, "a", 1);
    assert_int_equal(store_commit(c), STORE_OK);
    assert_int_equal(count_rows(), 1);
    /* An error inside: roll back, as domain code does. */
    assert_int_equal(store_begin(c, STORE_TX_WRITE), STORE_OK);
    insert(2, "b", 1);
    store_stmt *st = store_prepare(c, "INSERT INTO t (id) VALUES ($1)");
    store_bind_i64(st, 1, 1);
    assert_int_equal(store_run(st), STORE_UNIQUE);
    assert_int_equal(store_rollback(c), STORE_OK);
    assert_int_equal(count_rows(), 1);
    /* Nested begin is refused; exec runs several statements. */
    assert_int_equal(store_begin(c, STORE_TX_WRITE), STORE_OK);
    assert_int_equal(store_begin(c, STORE_TX_WRITE), STORE_ERR);
    assert_int_equal(
        store_exec(c, "INSERT INTO t (id) VALUES (20); INSERT INTO t (id) VALUES (21);"), STORE_OK);
    assert_int_equal(store_commit(c), STORE_OK);
    assert_int_equal(count_rows(), 3);
    assert_true(store_ping(c));
}

/* Threads ------------------------------------------------------------------ */

struct racer {
    int64_t id;
    int rc;
    int inserted;
};

/* In a write transaction: insert a row only if the table is empty, with a
 * pause between the check and the write.  With one writer at a time only
 * one racer can insert. */
static void *racer_main(void *arg)
{
    struct racer *r = arg;
    store_conn *c = store_conn_get();
    r->rc = c ? store_begin(c, STORE_TX_WRITE) : STORE_UNAVAILABLE;
    if (r->rc != STORE_OK)
        goto out;
    store_stmt *st = store_prepare(c, "SELECT COUNT(*) FROM t");
    r->rc = store_step(st);
    int64_t n = store_col_i64(st, 0);
    store_reset(st);
    if (r->rc != STORE_ROW)
        goto fail;
    usleep(200000);
    if (n == 0) {
        st = store_prepare(c, "INSERT INTO t (id) VALUES ($1)");
        store_bind_i64(st, 1, r->id);
        r->rc = store_run(st);
        if (r->rc != STORE_DONE)
            goto fail;
        r->inserted = 1;
    }
    r->rc = store_commit(c);
    goto out;
fail:
    store_rollback(c);
out:
    store_conn_release(c);
    return NULL;
}

/* A check read inside a write transaction stays true until commit
 * (SQLite's single writer; on PostgreSQL the write lock). */
static void write_transactions_serialize(void **state)
{
    engine_of(state);
    wipe();
    struct racer r[3] = {{.id = 1}, {.id = 2}, {.id = 3}};
    pthread_t th[3];
    for (int i = 0; i < 3; i++)
        assert_int_equal(pthread_create(&th[i], NULL, racer_main, &r[i]), 0);
    for (int i = 0; i < 3; i++)
        pthread_join(th[i], NULL);
    int inserted = 0;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(r[i].rc, STORE_OK);
        inserted += r[i].inserted;
    }
    assert_int_equal(inserted, 1);
    assert_int_equal(count_rows(), 1);
}

struct holder {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int phase; /* 1: holding the write lock, 2: asked to commit */
};

static void holder_set(struct holder *h, int phase)
{
    pthread_mutex_lock(&h->lock);
    h->phase = phase;
    pthread_cond_broadcast(&h->cond);
    pthread_mutex_unlock(&h->lock);
}

static void holder_wait(struct holder *h, int phase)
{
    pthread_mutex_lock(&h->lock);
    while (h->phase < phase)
        pthread_cond_wait(&h->cond, &h->lock);
    pthread_mutex_unlock(&h->lock);
}

static void *holder_main(void *arg)
{
    struct holder *h = arg;
    store_conn *c = store_conn_get();
    if (c && store_begin(c, STORE_TX_WRITE) == STORE_OK) {
        store_stmt *st = store_prepare(c, "INSERT INTO t (id) VALUES (100)");
        store_run(st);
    }
    holder_set(h, 1);
    holder_wait(h, 2);
    if (c && store_in_tx(c))
        store_commit(c);
    if (c)
        store_conn_release(c);
    return NULL;
}

/* A writer that cannot get the write lock within the busy timeout gets
 * STORE_BUSY (a 503 with Retry-After), and gets it once the lock is free. */
static void busy_writer_gets_busy(void **state)
{
    engine_of(state);
    wipe();
    struct holder h = {.lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, holder_main, &h), 0);
    holder_wait(&h, 1);
    store_conn *c = db();
    assert_int_equal(store_begin(c, STORE_TX_WRITE), STORE_BUSY);
    assert_false(store_in_tx(c));
    /* Reads are not blocked by the writer (and do not see its rows). */
    assert_int_equal(count_rows(), 0);
    holder_set(&h, 2);
    pthread_join(th, NULL);
    assert_int_equal(store_begin(c, STORE_TX_WRITE), STORE_OK);
    assert_int_equal(count_rows(), 1);
    assert_int_equal(store_commit(c), STORE_OK);
}

static void *inserter_main(void *arg)
{
    int *rc = arg;
    store_conn *c = store_conn_get();
    store_stmt *st = c ? store_prepare(c, "INSERT INTO t (id) VALUES (200)") : NULL;
    *rc = st ? store_run(st) : STORE_ERR;
    if (c)
        store_conn_release(c);
    return NULL;
}

/* A read transaction sees one snapshot, whatever commits meanwhile. */
static void read_transaction_snapshot(void **state)
{
    engine_of(state);
    wipe();
    insert(1, NULL, 0);
    store_conn *c = db();
    assert_int_equal(store_begin(c, STORE_TX_READ), STORE_OK);
    assert_int_equal(count_rows(), 1);
    pthread_t th;
    int rc = 0;
    assert_int_equal(pthread_create(&th, NULL, inserter_main, &rc), 0);
    pthread_join(th, NULL);
    assert_int_equal(rc, STORE_DONE);
    assert_int_equal(count_rows(), 1);
    assert_int_equal(store_commit(c), STORE_OK);
    assert_int_equal(count_rows(), 2);
}

/* PostgreSQL only -------------------------------------------------------------- */

/* Ends this thread's server session from another connection, as a server
 * restart would. */
static void kill_my_backend(void)
{
    store_stmt *st = store_prepare(db(), "SELECT pg_backend_pid()");
    assert_int_equal(store_step(st), STORE_ROW);
    int64_t pid = store_col_i64(st, 0);
    store_reset(st);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT pg_terminate_backend(%lld)", (long long)pid);
    struct engine *e = &pg_engine;
    /* db_count runs one query on its own connection; the count is the
     * boolean result, which we do not need. */
    db_count(&e->s, sql);
    /* The backend exits asynchronously (slowly on a loaded machine): wait
     * until it is gone, then a moment for its socket to close. */
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM pg_stat_activity WHERE pid = %lld",
             (long long)pid);
    for (int i = 0; i < 500 && db_count(&e->s, sql) != 0; i++)
        usleep(10000);
    assert_int_equal(db_count(&e->s, sql), 0);
    usleep(50000);
}

/* Starts a PostgreSQL-only case on an empty table. */
static void pg_case(void **state)
{
    struct engine *e = engine_of(state);
    if (!e->pg)
        skip();
    wipe();
}

/* Begins a write transaction and inserts a row in it. */
static store_conn *begin_with_row(void)
{
    store_conn *c = db();
    assert_int_equal(store_begin(c, STORE_TX_WRITE), STORE_OK);
    insert(1, NULL, 0);
    return c;
}

static void pg_idle_link_loss_is_transparent(void **state)
{
    pg_case(state);
    insert(1, NULL, 0);
    kill_my_backend();
    /* Nothing was sent on the dead link: the driver reconnects at once. */
    assert_int_equal(count_rows(), 1);
    insert(2, NULL, 0);
    assert_int_equal(count_rows(), 2);
}

static void pg_link_loss_in_transaction_is_unavailable(void **state)
{
    pg_case(state);
    store_conn *c = begin_with_row();
    kill_my_backend();
    store_stmt *st = store_prepare(c, "INSERT INTO t (id) VALUES (2)");
    assert_non_null(st);
    assert_int_equal(store_run(st), STORE_UNAVAILABLE);
    assert_false(store_in_tx(c));
    /* The next store_conn_get reconnects; the transaction left nothing. */
    assert_int_equal(count_rows(), 0);
}

static void pg_commit_of_failed_transaction_is_an_error(void **state)
{
    pg_case(state);
    store_conn *c = begin_with_row();
    store_stmt *st = store_prepare(c, "INSERT INTO t (id) VALUES (1)");
    assert_int_equal(store_run(st), STORE_UNIQUE);
    /* A caller that forgets the error must not see its writes acknowledged. */
    assert_int_not_equal(store_commit(c), STORE_OK);
    assert_false(store_in_tx(c));
    assert_int_equal(count_rows(), 0);
}

static void pg_stale_statements_are_prepared_again(void **state)
{
    pg_case(state);
    insert(1, NULL, 0);
    assert_int_equal(count_rows(), 1);
    /* What a pooler's DISCARD ALL does to our server-side statements. */
    assert_int_equal(store_exec(db(), "DEALLOCATE ALL"), STORE_OK);
    assert_int_equal(count_rows(), 1);
    insert(2, NULL, 0);
    assert_int_equal(count_rows(), 2);
}

/* A parameter the server cannot type is an error, not a crash; the
 * portable fix (CAST) works on both engines. */
static void untyped_parameter_needs_cast(void **state)
{
    struct engine *e = engine_of(state);
    store_stmt *st;
    if (e->pg) {
        st = store_prepare(db(), "SELECT COUNT(*) FROM t WHERE $1 IS NULL");
        store_bind_null(st, 1);
        assert_int_equal(store_step(st), STORE_ERR);
        store_reset(st);
    }
    st = store_prepare(db(), "SELECT COUNT(*) FROM t WHERE CAST($1 AS BIGINT) IS NULL OR n = $1");
    store_bind_null(st, 1);
    assert_int_equal(store_step(st), STORE_ROW);
    assert_int_equal(store_col_i64(st, 0), count_rows());
    store_reset(st);
}

/* Ids reserved up front for multi-row INSERTs: ascending, never handed
 * out again, also by the column's default; only inside a write
 * transaction.  A statement planned at each execution answers as usual. */
static void reserved_ids(void **state)
{
    engine_of(state);
    store_conn *c = db();
    const char *ddl = store_engine() == STORE_POSTGRES
                          ? "CREATE TABLE r (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY "
                            "KEY, n BIGINT)"
                          : "CREATE TABLE r (id INTEGER PRIMARY KEY, n BIGINT)";
    assert_int_equal(store_exec(c, "DROP TABLE IF EXISTS r"), STORE_OK);
    assert_int_equal(store_exec(c, ddl), STORE_OK);
    int64_t ids[4];
    assert_int_equal(store_reserve_ids(c, "r", 3, ids), STORE_ERR); /* no transaction */
    assert_int_equal(store_begin(c, STORE_TX_WRITE), STORE_OK);
    assert_int_equal(store_reserve_ids(c, "r", AG_RESERVE_IDS_MAX + 1, ids), STORE_ERR);
    assert_int_equal(store_reserve_ids(c, "r", 3, ids), STORE_DONE);
    assert_true(ids[0] >= 1 && ids[1] > ids[0] && ids[2] > ids[1]);
    store_stmt *st = store_prepare(c, "INSERT INTO r (id, n) VALUES ($1, 1), ($2, 2), ($3, 3)");
    for (int i = 0; i < 3; i++)
        store_bind_i64(st, i + 1, ids[i]);
    assert_int_equal(store_run(st), STORE_DONE);
    assert_int_equal(store_reserve_ids(c, "r", 1, ids + 3), STORE_DONE);
    assert_true(ids[3] > ids[2]);
    st = store_prepare(c, "INSERT INTO r (id, n) VALUES ($1, 4)");
    store_bind_i64(st, 1, ids[3]);
    assert_int_equal(store_run(st), STORE_DONE);
    st = store_prepare(c, "INSERT INTO r (n) VALUES (5) RETURNING id");
    assert_int_equal(store_step(st), STORE_ROW);
    assert_true(store_col_i64(st, 0) > ids[3]);
    store_reset(st);
    st = store_prepare_replan(c, "SELECT COUNT(*) FROM (VALUES ($1), ($2)) AS k JOIN r ON "
                                 "r.id = CAST(k.column1 AS BIGINT)");
    assert_non_null(st);
    store_bind_i64(st, 1, ids[0]);
    store_bind_i64(st, 2, ids[3]);
    assert_int_equal(store_step(st), STORE_ROW);
    assert_int_equal(store_col_i64(st, 0), 2);
    store_reset(st);
    assert_int_equal(store_commit(c), STORE_OK);
}

#define ENGINE_TESTS                                                                               \
    cmocka_unit_test(params_out_of_order), cmocka_unit_test(values_round_trip),                    \
        cmocka_unit_test(computed_columns), cmocka_unit_test(returning_and_changes),               \
        cmocka_unit_test(constraint_codes), cmocka_unit_test(transactions),                        \
        cmocka_unit_test(write_transactions_serialize), cmocka_unit_test(busy_writer_gets_busy),   \
        cmocka_unit_test(read_transaction_snapshot),                                               \
        cmocka_unit_test(untyped_parameter_needs_cast), cmocka_unit_test(reserved_ids)

static int sqlite_setup(void **state)
{
    *state = &sqlite_engine;
    return engine_setup(state);
}

static int pg_setup(void **state)
{
    *state = &pg_engine;
    return engine_setup(state);
}

int main(void)
{
    const struct CMUnitTest pure[] = {
        cmocka_unit_test(sqlite_translation),
        cmocka_unit_test(max_param),
    };
    const struct CMUnitTest sqlite_tests[] = {ENGINE_TESTS};
    const struct CMUnitTest pg_tests[] = {
        ENGINE_TESTS,
        cmocka_unit_test(pg_idle_link_loss_is_transparent),
        cmocka_unit_test(pg_link_loss_in_transaction_is_unavailable),
        cmocka_unit_test(pg_commit_of_failed_transaction_is_an_error),
        cmocka_unit_test(pg_stale_statements_are_prepared_again),
    };
    int failed = cmocka_run_group_tests_name("store: SQL scanner", pure, NULL, NULL);
    failed +=
        cmocka_run_group_tests_name("store on SQLite", sqlite_tests, sqlite_setup, engine_teardown);
    failed +=
        cmocka_run_group_tests_name("store on PostgreSQL", pg_tests, pg_setup, engine_teardown);
    return failed ? 1 : 0;
}
