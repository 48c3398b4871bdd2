/*
 * test_migrate.c - src/store/migrate.c: applying the migrations compiled
 * into the binary, and deciding whether a database written by a newer
 * release may be served.
 *
 * An operator relies on `agora serve` to bring any older database up to
 * date exactly once, to refuse a database whose newer schema it cannot
 * serve (naming the version, so they know what to run), and to keep
 * serving during a rolling upgrade when the newer migrations are only
 * additive (marked non-breaking; a check here keeps that mark honest).
 * A newer database is simulated by adding
 * a row to schema_migrations through a separate connection.  Each test gets
 * a fresh database file.
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/log.h"
#include "store/migrate.h"
#include "store/store.h"
#include "unit_db.h"

static struct unit_db DB;
static store_conn *C;

static int open_db(void **state)
{
    (void)state;
    if (unit_db_open(&DB) != 0)
        return -1;
    C = store_conn_get();
    return C ? 0 : -1;
}

static int close_db(void **state)
{
    (void)state;
    unit_db_close(&DB);
    return 0;
}

static long count(const char *sql)
{
    return unit_db_count(&DB, sql);
}

/* The highest version in the table, computed here. */
static int newest_known(void)
{
    int v = 0;
    for (size_t i = 0; i < store_migrations_count; i++)
        if (store_migrations[i].version > v)
            v = store_migrations[i].version;
    return v;
}

/* Records a migration this binary does not know, as a newer release would. */
static void add_future_migration(int version, int breaking)
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT "
             "NOT NULL, applied_at BIGINT NOT NULL, breaking INTEGER NOT NULL);"
             "INSERT INTO schema_migrations VALUES (%d, 'from the future', 1, %d)",
             version, breaking);
    assert_int_equal(unit_db_exec(&DB, sql), 0);
}

static void the_compiled_migrations_are_well_formed(void **state)
{
    (void)state;
    assert_true(store_migrations_count > 0);
    for (size_t i = 0; i < store_migrations_count; i++) {
        const struct store_migration *m = &store_migrations[i];
        assert_true(m->version > 0);
        assert_non_null(m->name);
        assert_non_null(m->sql);
        /* Strictly ascending: applied in order, each version once. */
        if (i > 0 && m->version <= store_migrations[i - 1].version)
            fail_msg("migration %d listed after %d", m->version, store_migrations[i - 1].version);
    }
    assert_int_equal(migrate_latest(), newest_known());
}

/* Why sql is not purely additive, or NULL when it only adds (tables,
 * indexes, triggers, columns that are nullable or have a default, rows).
 * A release older than the migration keeps working on what it adds; it
 * breaks on a table, column or constraint that goes or changes, and on a
 * new NOT NULL column without a default (its inserts do not name it). */
static const char *not_additive(const char *sql)
{
    if (!sql)
        return NULL;
    /* Upper case, runs of white space as one space. */
    size_t n = strlen(sql);
    char *u = malloc(n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = isspace((unsigned char)sql[i]) ? ' ' : (char)toupper((unsigned char)sql[i]);
        if (c == ' ' && o > 0 && u[o - 1] == ' ')
            continue;
        u[o++] = c;
    }
    u[o] = '\0';
    static const char *const removes[] = {
        "DROP TABLE", "DROP COLUMN",  "RENAME ",       "ALTER COLUMN", "DROP CONSTRAINT",
        "DROP VIEW",  "DROP TRIGGER", "DROP FUNCTION", "SET NOT NULL", "DROP DEFAULT"};
    const char *why = NULL;
    for (size_t i = 0; !why && i < sizeof removes / sizeof removes[0]; i++)
        if (strstr(u, removes[i]))
            why = removes[i];
    for (const char *p = u; !why && (p = strstr(p, "ADD COLUMN")); p += 10) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char clause[512];
        snprintf(clause, sizeof clause, "%.*s",
                 (int)(len < sizeof clause ? len : sizeof clause - 1), p);
        if (strstr(clause, "NOT NULL") && !strstr(clause, "DEFAULT"))
            why = "ADD COLUMN ... NOT NULL without DEFAULT";
    }
    free(u);
    return why;
}

static void compatible_migrations_only_add(void **state)
{
    (void)state;
    /* The rule itself, on statements whose answer is known. */
    assert_null(not_additive("CREATE TABLE t (id BIGINT); CREATE INDEX t_id ON t (id);"));
    assert_null(not_additive("ALTER TABLE t ADD COLUMN n BIGINT NOT NULL DEFAULT 0;"));
    assert_null(not_additive("ALTER TABLE t ADD COLUMN n BIGINT; ALTER TABLE t ADD COLUMN "
                             "m TEXT NOT NULL DEFAULT 'x'"));
    assert_non_null(not_additive("ALTER TABLE t ADD COLUMN n BIGINT NOT NULL;"));
    assert_non_null(not_additive("ALTER TABLE t DROP COLUMN n"));
    assert_non_null(not_additive("alter table t rename to u"));
    assert_non_null(not_additive("ALTER TABLE t ALTER COLUMN n TYPE TEXT"));
    assert_non_null(not_additive("DROP  TABLE t"));
    /* Every migration marked compatible, on both engines. */
    for (size_t i = 0; i < store_migrations_count; i++) {
        const struct store_migration *m = &store_migrations[i];
        if (m->breaking)
            continue;
        const char *parts[] = {m->sql, m->sqlite, m->postgres};
        for (size_t k = 0; k < 3; k++) {
            const char *why = not_additive(parts[k]);
            if (why)
                fail_msg("migration %d (%s) is marked compatible but has %s", m->version, m->name,
                         why);
        }
    }
}

static void a_fresh_database_gets_every_migration_recorded(void **state)
{
    (void)state;
    int pending = -1, applied = -1;
    char err[512] = "";
    assert_int_equal(migrate_check(C, &pending, err, sizeof err), 0);
    assert_int_equal(pending, store_migrations_count);
    assert_int_equal(migrate_apply(C, &applied, err, sizeof err), 0);
    assert_int_equal(applied, store_migrations_count);
    assert_int_equal(count("SELECT COUNT(*) FROM schema_migrations"), store_migrations_count);
    for (size_t i = 0; i < store_migrations_count; i++) {
        char sql[160];
        snprintf(sql, sizeof sql,
                 "SELECT COUNT(*) FROM schema_migrations WHERE version = %d AND breaking = %d "
                 "AND applied_at > 0",
                 store_migrations[i].version, store_migrations[i].breaking ? 1 : 0);
        assert_int_equal(count(sql), 1);
    }
    assert_int_equal(migrate_check(C, &pending, err, sizeof err), 0);
    assert_int_equal(pending, 0);
    assert_false(store_in_tx(C));
}

static void applying_twice_is_a_no_op(void **state)
{
    (void)state;
    int applied = -1;
    char err[512] = "";
    assert_int_equal(migrate_apply(C, &applied, err, sizeof err), 0);
    long tables = count("SELECT COUNT(*) FROM sqlite_master");
    assert_int_equal(migrate_apply(C, &applied, err, sizeof err), 0);
    assert_int_equal(applied, 0);
    assert_int_equal(count("SELECT COUNT(*) FROM schema_migrations"), store_migrations_count);
    assert_int_equal(count("SELECT COUNT(*) FROM sqlite_master"), tables);
}

static void an_unknown_breaking_migration_is_refused_naming_its_version(void **state)
{
    (void)state;
    int applied = -1, pending = -1;
    char err[512] = "";
    assert_int_equal(migrate_apply(C, &applied, err, sizeof err), 0);
    int future = newest_known() + 1;
    add_future_migration(future, 1);

    char version[16];
    snprintf(version, sizeof version, "%d", future);
    err[0] = '\0';
    assert_int_equal(migrate_apply(C, &applied, err, sizeof err), -1);
    assert_int_equal(applied, 0);
    if (!strstr(err, version))
        fail_msg("message does not name version %s: %s", version, err);
    assert_false(store_in_tx(C));
    err[0] = '\0';
    assert_int_equal(migrate_check(C, &pending, err, sizeof err), -1);
    assert_non_null(strstr(err, version));
}

static void a_refused_database_is_left_untouched(void **state)
{
    (void)state;
    /* Only the future migration is recorded: none of ours may be applied. */
    add_future_migration(newest_known() + 7, 1);
    int applied = -1;
    char err[512] = "";
    assert_int_equal(migrate_apply(C, &applied, err, sizeof err), -1);
    assert_int_equal(applied, 0);
    assert_int_equal(count("SELECT COUNT(*) FROM schema_migrations"), 1);
    assert_int_equal(count("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"), 1);
}

static void unknown_non_breaking_migrations_are_served(void **state)
{
    (void)state;
    int applied = -1, pending = -1;
    char err[512] = "";
    add_future_migration(newest_known() + 1, 0);
    add_future_migration(newest_known() + 2, 0);
    /* Ours are still applied underneath the newer, additive ones. */
    assert_int_equal(migrate_apply(C, &applied, err, sizeof err), 0);
    assert_int_equal(applied, store_migrations_count);
    assert_int_equal(count("SELECT COUNT(*) FROM schema_migrations"), store_migrations_count + 2);
    assert_int_equal(migrate_check(C, &pending, err, sizeof err), 0);
    assert_int_equal(pending, 0);
    assert_int_equal(migrate_apply(C, &applied, err, sizeof err), 0);
    assert_int_equal(applied, 0);
}

/* The first table the SQL of migration m creates, into out. */
static void first_table_of(const struct store_migration *m, char *out, size_t outlen)
{
    const char *p = strstr(m->sql, "CREATE TABLE ");
    assert_non_null(p);
    p += strlen("CREATE TABLE ");
    size_t n = 0;
    while ((isalnum((unsigned char)p[n]) || p[n] == '_') && n + 1 < outlen)
        n++;
    assert_true(n > 0);
    memcpy(out, p, n);
    out[n] = '\0';
}

static void a_failing_migration_applies_nothing_and_names_itself(void **state)
{
    (void)state;
    /* Make the newest migration that creates a table fail: its first
     * table already exists. */
    const struct store_migration *last = &store_migrations[store_migrations_count - 1];
    while (!last->sql || !strstr(last->sql, "CREATE TABLE "))
        last--;
    char table[64], sql[128];
    first_table_of(last, table, sizeof table);
    snprintf(sql, sizeof sql, "CREATE TABLE %s (x INTEGER)", table);
    assert_int_equal(unit_db_exec(&DB, sql), 0);

    int applied = -1;
    char err[512] = "";
    assert_int_equal(migrate_apply(C, &applied, err, sizeof err), -1);
    assert_int_equal(applied, 0);
    char version[16];
    snprintf(version, sizeof version, "%d", last->version);
    if (!strstr(err, version))
        fail_msg("message does not name migration %s: %s", version, err);
    /* One transaction: the earlier migrations are rolled back too. */
    assert_int_equal(count("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"), 1);
    assert_false(store_in_tx(C));
}

int main(void)
{
    log_set_level(LOG_ERROR);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_compiled_migrations_are_well_formed),
        cmocka_unit_test(compatible_migrations_only_add),
        cmocka_unit_test_setup_teardown(a_fresh_database_gets_every_migration_recorded, open_db,
                                        close_db),
        cmocka_unit_test_setup_teardown(applying_twice_is_a_no_op, open_db, close_db),
        cmocka_unit_test_setup_teardown(an_unknown_breaking_migration_is_refused_naming_its_version,
                                        open_db, close_db),
        cmocka_unit_test_setup_teardown(a_refused_database_is_left_untouched, open_db, close_db),
        cmocka_unit_test_setup_teardown(unknown_non_breaking_migrations_are_served, open_db,
                                        close_db),
        cmocka_unit_test_setup_teardown(a_failing_migration_applies_nothing_and_names_itself,
                                        open_db, close_db),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
