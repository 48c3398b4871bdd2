/*
 * test_store_sqlite.c - src/store/store.c and store_sqlite.c: the storage
 * interface on SQLite: $N parameters, the statement cache, transactions and
 * the mapping of constraint errors.
 *
 * SQLite reads "$1" as a *named* parameter numbered by first appearance, so
 * "$2 ... $1" would silently swap two values; the driver rewrites $N to ?N
 * and these tests bind different values that would come out swapped.  What
 * a transaction left behind is counted on a separate sqlite3 connection
 * (tests/lib/unit_db.c), not through the code under test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/log.h"
#include "store/store.h"
#include "unit_db.h"

static struct unit_db DB;
static store_conn *C;

static int setup(void **state)
{
    (void)state;
    log_set_level(LOG_ERROR);
    if (unit_db_open(&DB) != 0)
        return -1;
    C = store_conn_get();
    if (!C)
        return -1;
    return store_exec(C, "CREATE TABLE items (id INTEGER PRIMARY KEY, sku TEXT NOT NULL UNIQUE,"
                         " qty INTEGER NOT NULL CHECK (qty >= 0), note TEXT)") == STORE_OK
               ? 0
               : -1;
}

static int teardown(void **state)
{
    (void)state;
    unit_db_close(&DB);
    return 0;
}

/* Empties the table between tests (through a separate connection). */
static int clean(void **state)
{
    (void)state;
    return unit_db_exec(&DB, "DELETE FROM items");
}

/* Translates sql and compares with want. */
static void expect_sql(const char *sql, const char *want)
{
    char out[512];
    assert_int_equal(store_sql_to_sqlite(sql, out, sizeof out), 0);
    assert_string_equal(out, want);
}

static void dollar_parameters_become_numbered_question_marks(void **state)
{
    (void)state;
    expect_sql("SELECT $2, $1", "SELECT ?2, ?1");
    expect_sql("WHERE a = $10 AND b = $9", "WHERE a = ?10 AND b = ?9");
    expect_sql("VALUES($1,$2)", "VALUES(?1,?2)");
    expect_sql("SELECT $ , $x, 5$", "SELECT $ , $x, 5$"); /* not parameters */
}

static void dollars_in_literals_and_comments_are_left_alone(void **state)
{
    (void)state;
    expect_sql("SELECT '$1', $1", "SELECT '$1', ?1");
    expect_sql("SELECT 'it''s $2', $2", "SELECT 'it''s $2', ?2");
    expect_sql("SELECT \"col$1\" FROM t WHERE x = $1", "SELECT \"col$1\" FROM t WHERE x = ?1");
    expect_sql("SELECT $1 -- costs $2\n, $2", "SELECT ?1 -- costs $2\n, ?2");
    expect_sql("SELECT 1 -- trailing $1", "SELECT 1 -- trailing $1");
    expect_sql("SELECT /* $1 */ $1", "SELECT /* $1 */ ?1");
    /* A quote inside a comment opens no string literal. */
    expect_sql("SELECT /* it's */ $1, $2", "SELECT /* it's */ ?1, ?2");
    expect_sql("SELECT $1 -- don't\n, $2", "SELECT ?1 -- don't\n, ?2");
    expect_sql("SELECT '/* $1' || $1 || '*/'", "SELECT '/* $1' || ?1 || '*/'");
    expect_sql("SELECT '--', $1", "SELECT '--', ?1");
}

static void translation_refuses_a_too_small_buffer(void **state)
{
    (void)state;
    char out[8];
    memset(out, '#', sizeof out);
    assert_int_equal(store_sql_to_sqlite("SELECT $1, $2", out, sizeof out), -1);
    assert_int_equal(store_sql_to_sqlite("SELECT 1 -- long comment", out, sizeof out), -1);
    assert_int_equal(store_sql_to_sqlite("SELECT", out, 7), 0);
    assert_string_equal(out, "SELECT");
}

static void out_of_order_parameters_bind_to_their_numbers(void **state)
{
    (void)state;
    store_stmt *st = store_prepare(C, "SELECT $2 || '-' || $1");
    assert_non_null(st);
    store_bind_text(st, 1, "first");
    store_bind_text(st, 2, "second");
    assert_int_equal(store_step(st), STORE_ROW);
    assert_string_equal(store_col_text(st, 0), "second-first");
    store_reset(st);

    /* A parameter used twice, and an INSERT naming columns in another order. */
    st = store_prepare(C, "SELECT $1 + $1 * 10 + $2 * 100");
    store_bind_i64(st, 1, 1);
    store_bind_i64(st, 2, 7);
    assert_int_equal(store_step(st), STORE_ROW);
    assert_int_equal(store_col_i64(st, 0), 711);
    store_reset(st);

    st = store_prepare(C, "INSERT INTO items (qty, sku, note) VALUES ($3, $1, $2)");
    store_bind_text(st, 1, "SKU-1");
    store_bind_text(st, 2, "a note");
    store_bind_i64(st, 3, 5);
    assert_int_equal(store_run(st), STORE_DONE);
    assert_int_equal(unit_db_count(&DB, "SELECT COUNT(*) FROM items WHERE sku = 'SKU-1' AND "
                                        "note = 'a note' AND qty = 5"),
                     1);
}

static void columns_read_back_every_type_and_null(void **state)
{
    (void)state;
    store_stmt *st = store_prepare(C, "SELECT $1, $2, $3, $4, $5");
    store_bind_i64(st, 1, INT64_MIN);
    store_bind_double(st, 2, 2.5);
    store_bind_text(st, 3, NULL);
    store_bind_textn(st, 4, "abcdef", 3);
    store_bind_null(st, 5);
    assert_int_equal(store_step(st), STORE_ROW);
    assert_int_equal(store_ncols(st), 5);
    assert_true(store_col_i64(st, 0) == INT64_MIN);
    assert_true(store_col_double(st, 1) == 2.5);
    assert_true(store_col_is_null(st, 2));
    assert_null(store_col_text(st, 2));
    assert_string_equal(store_col_text(st, 3), "abc");
    assert_true(store_col_is_null(st, 4));
    assert_false(store_col_is_null(st, 0));
    assert_int_equal(store_step(st), STORE_DONE);
    store_reset(st);
}

static void the_cache_returns_the_same_statement_for_the_same_sql(void **state)
{
    (void)state;
    store_stmt *a = store_prepare(C, "SELECT COUNT(*) FROM items WHERE qty > $1");
    store_stmt *b = store_prepare(C, "SELECT COUNT(*) FROM items WHERE qty > $1");
    assert_non_null(a);
    assert_ptr_equal(a, b);
    assert_ptr_not_equal(store_prepare(C, "SELECT COUNT(*) FROM items WHERE qty < $1"), a);
    /* Preparing again resets a statement left mid-way. */
    store_stmt *s = store_prepare(C, "WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 "
                                     "FROM n WHERE v < 3) SELECT v FROM n");
    assert_int_equal(store_step(s), STORE_ROW);
    assert_int_equal(store_step(s), STORE_ROW);
    store_stmt *again = store_prepare(C, "WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 "
                                         "FROM n WHERE v < 3) SELECT v FROM n");
    assert_ptr_equal(again, s);
    assert_int_equal(store_step(again), STORE_ROW);
    assert_int_equal(store_col_i64(again, 0), 1);
    store_reset(again);
}

/* Runs "SELECT n + 1" for n in [from, to) through distinct SQL texts. */
static void many_distinct_statements(int from, int to)
{
    for (int n = from; n < to; n++) {
        char sql[64];
        snprintf(sql, sizeof sql, "SELECT %d + $1", n);
        store_stmt *st = store_prepare(C, sql);
        assert_non_null(st);
        store_bind_i64(st, 1, 1);
        assert_int_equal(store_step(st), STORE_ROW);
        assert_int_equal(store_col_i64(st, 0), n + 1);
        store_reset(st);
    }
}

static void the_cache_keeps_working_after_many_distinct_sql_texts(void **state)
{
    (void)state;
    many_distinct_statements(0, 3000); /* far more than the cache holds */
    many_distinct_statements(0, 50);   /* evicted ones are prepared anew */
    store_stmt *st = store_prepare(C, "SELECT COUNT(*) FROM items");
    assert_int_equal(store_step(st), STORE_ROW);
    store_reset(st);
}

static void a_held_statement_survives_evictions_until_release(void **state)
{
    (void)state;
    /* A handler holds one statement (here: mid-way through its rows) while
     * it prepares others; eviction must not free it under its feet. */
    store_stmt *outer = store_prepare(C, "WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 "
                                         "FROM n WHERE v < 5) SELECT v * $1 FROM n");
    store_bind_i64(outer, 1, 10);
    assert_int_equal(store_step(outer), STORE_ROW);
    assert_int_equal(store_col_i64(outer, 0), 10);
    store_stmt *bound = store_prepare(C, "SELECT $1 * 2");
    store_bind_i64(bound, 1, 21);
    many_distinct_statements(10000, 13000);
    assert_int_equal(store_step(outer), STORE_ROW);
    assert_int_equal(store_col_i64(outer, 0), 20);
    assert_int_equal(store_step(bound), STORE_ROW);
    assert_int_equal(store_col_i64(bound, 0), 42);
    store_reset(outer);
    store_reset(bound);
    store_conn_release(C);
}

/* Inserts one item through the store; returns the store result. */
static int insert_item(const char *sku, int64_t qty)
{
    store_stmt *st = store_prepare(C, "INSERT INTO items (sku, qty) VALUES ($1, $2)");
    if (!st)
        return STORE_ERR;
    store_bind_text(st, 1, sku);
    store_bind_i64(st, 2, qty);
    return store_run(st);
}

static long items(void)
{
    return unit_db_count(&DB, "SELECT COUNT(*) FROM items");
}

/* Inserts one item in a write transaction of its own. */
static void insert_committed(const char *sku)
{
    assert_int_equal(store_begin(C, STORE_TX_WRITE), STORE_OK);
    assert_int_equal(insert_item(sku, 1), STORE_DONE);
    assert_int_equal(store_commit(C), STORE_OK);
    assert_false(store_in_tx(C));
}

static void a_rolled_back_write_transaction_leaves_nothing(void **state)
{
    (void)state;
    assert_int_equal(store_begin(C, STORE_TX_WRITE), STORE_OK);
    assert_true(store_in_tx(C));
    assert_int_equal(insert_item("A", 1), STORE_DONE);
    assert_int_equal(insert_item("B", 2), STORE_DONE);
    assert_int_equal(items(), 0); /* not visible outside before commit */
    assert_int_equal(store_rollback(C), STORE_OK);
    assert_false(store_in_tx(C));
    assert_int_equal(items(), 0);

    insert_committed("A");
    assert_int_equal(items(), 1);
}

static void transactions_do_not_nest(void **state)
{
    (void)state;
    assert_int_equal(store_begin(C, STORE_TX_READ), STORE_OK);
    assert_int_equal(store_begin(C, STORE_TX_WRITE), STORE_ERR);
    assert_true(store_in_tx(C));
    assert_int_equal(store_rollback(C), STORE_OK);
    assert_false(store_in_tx(C));
}

static void a_duplicate_key_is_store_unique_and_other_constraints_differ(void **state)
{
    (void)state;
    assert_int_equal(insert_item("DUP", 1), STORE_DONE);
    assert_int_equal(insert_item("DUP", 2), STORE_UNIQUE);
    store_stmt *st = store_prepare(C, "INSERT INTO items (id, sku, qty) VALUES ($1, $2, 0)");
    store_bind_i64(st, 1, 77);
    store_bind_text(st, 2, "PK-1");
    assert_int_equal(store_run(st), STORE_DONE);
    store_bind_i64(st, 1, 77);
    store_bind_text(st, 2, "PK-2");
    assert_int_equal(store_run(st), STORE_UNIQUE); /* primary key */
    assert_int_equal(insert_item("NEG", -1), STORE_CONSTRAINT);  /* CHECK */
    assert_int_equal(insert_item(NULL, 1), STORE_CONSTRAINT);    /* NOT NULL */
    assert_int_equal(items(), 2);
    /* The connection is fine afterwards. */
    assert_int_equal(insert_item("OK", 3), STORE_DONE);
    assert_int_equal(items(), 3);
}

static void a_failed_statement_inside_a_transaction_can_be_rolled_back(void **state)
{
    (void)state;
    assert_int_equal(store_begin(C, STORE_TX_WRITE), STORE_OK);
    assert_int_equal(insert_item("T1", 1), STORE_DONE);
    assert_int_equal(insert_item("T1", 1), STORE_UNIQUE);
    assert_int_equal(store_rollback(C), STORE_OK);
    assert_int_equal(items(), 0);
}

static void release_rolls_back_an_open_transaction(void **state)
{
    (void)state;
    assert_int_equal(store_begin(C, STORE_TX_WRITE), STORE_OK);
    assert_int_equal(insert_item("LOST", 1), STORE_DONE);
    /* A statement left mid-way must not keep the transaction alive. */
    store_stmt *st = store_prepare(C, "SELECT sku FROM items");
    assert_int_equal(store_step(st), STORE_ROW);
    store_conn_release(C);
    assert_false(store_in_tx(C));
    assert_int_equal(items(), 0);
    /* The write lock is free: another connection can write at once. */
    assert_int_equal(unit_db_exec(&DB, "INSERT INTO items (sku, qty) VALUES ('OTHER', 1)"), 0);
    assert_int_equal(items(), 1);
    /* And this connection can start a new transaction. */
    insert_committed("NEXT");
    assert_int_equal(items(), 2);
}

static void exec_changes_ping_and_errors(void **state)
{
    (void)state;
    assert_int_equal(store_exec(C, "INSERT INTO items (sku, qty) VALUES ('x', 1);"
                                   "INSERT INTO items (sku, qty) VALUES ('y', 1);"
                                   "UPDATE items SET qty = qty + 1"),
                     STORE_OK);
    assert_int_equal(store_changes(C), 2);
    assert_int_equal(unit_db_count(&DB, "SELECT SUM(qty) FROM items"), 4);
    assert_true(store_ping(C));
    assert_int_equal(store_exec(C, "SELEC nonsense"), STORE_ERR);
    assert_null(store_prepare(C, "SELECT * FROM no_such_table"));
    assert_true(store_errmsg(C)[0] != '\0');
    assert_int_equal(store_conn_engine(C), STORE_SQLITE);
    assert_true(store_is_open());
    uint64_t micros = 0, count = 0;
    store_stats(&micros, &count);
    assert_true(count > 0);
}

static void database_errors_are_logged_as_json_lines(void **state)
{
    (void)state;
    /* Operators feed the log to tools that parse each line as JSON; SQLite
     * messages quote identifiers, which must not break the line. */
    char path[400];
    snprintf(path, sizeof path, "%s/app.log", DB.dir);
    assert_int_equal(log_open(path), 0);
    assert_int_equal(store_exec(C, "SELEC \"quoted\" nonsense"), STORE_ERR);
    assert_null(store_prepare(C, "SELECT 1 FROM WHERE"));
    assert_int_equal(log_open("stderr"), 0);

    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[2048];
    int lines = 0, quoted = 0;
    while (fgets(line, sizeof line, f)) {
        json_error_t err;
        json_t *v = json_loads(line, 0, &err);
        if (!v)
            fail_msg("log line is not JSON (%s): %s", err.text, line);
        const char *e = json_string_value(json_object_get(v, "error"));
        if (e && strchr(e, '"'))
            quoted++;
        json_decref(v);
        lines++;
    }
    fclose(f);
    unlink(path); /* so that the test database's folder can go */
    assert_int_equal(lines, 2);
    assert_int_equal(quoted, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dollar_parameters_become_numbered_question_marks),
        cmocka_unit_test(dollars_in_literals_and_comments_are_left_alone),
        cmocka_unit_test(translation_refuses_a_too_small_buffer),
        cmocka_unit_test_setup(out_of_order_parameters_bind_to_their_numbers, clean),
        cmocka_unit_test(columns_read_back_every_type_and_null),
        cmocka_unit_test(the_cache_returns_the_same_statement_for_the_same_sql),
        cmocka_unit_test(the_cache_keeps_working_after_many_distinct_sql_texts),
        cmocka_unit_test(a_held_statement_survives_evictions_until_release),
        cmocka_unit_test_setup(a_rolled_back_write_transaction_leaves_nothing, clean),
        cmocka_unit_test(transactions_do_not_nest),
        cmocka_unit_test_setup(a_duplicate_key_is_store_unique_and_other_constraints_differ, clean),
        cmocka_unit_test_setup(a_failed_statement_inside_a_transaction_can_be_rolled_back, clean),
        cmocka_unit_test_setup(release_rolls_back_an_open_transaction, clean),
        cmocka_unit_test_setup(exec_changes_ping_and_errors, clean),
        cmocka_unit_test(database_errors_are_logged_as_json_lines),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
