/*
 * test_p06_backup.c - `agora backup FILE` while the server is serving and
 * being written to: the copy passes PRAGMA integrity_check, holds every
 * write acknowledged before the backup began, and a server started on the
 * copy (the documented restore) serves those accounts.  SQLite only: on
 * PostgreSQL backups are pg_dump's job.
 */
#include <pthread.h>
#include <setjmp.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "harness.h"

#define MAX_WRITES 100000

static struct srv S;
static char emails[MAX_WRITES][64];
static atomic_int acknowledged; /* signups answered 201, in order */
static atomic_int stop_writer;

static int setup(void **state)
{
    (void)state;
    return srv_start(&S, NULL);
}

static int teardown(void **state)
{
    (void)state;
    int rc = srv_stop(&S);
    srv_cleanup(&S);
    return rc == 0 ? 0 : -1;
}

/* Signs up accounts one after the other until told to stop. */
static void *writer(void *arg)
{
    (void)arg;
    struct srv c = S;
    c.curl = curl_easy_init();
    for (int i = 0; i < MAX_WRITES && !atomic_load(&stop_writer); i++) {
        snprintf(emails[i], sizeof emails[i], "load%d-%d@test.example", (int)getpid(), i);
        char *tok = api_signup(&c, emails[i], "correct-horse");
        if (!tok)
            break;
        free(tok);
        atomic_store(&acknowledged, i + 1);
    }
    curl_easy_cleanup(c.curl);
    return NULL;
}

static void backup_under_write_load_is_consistent_and_complete(void **state)
{
    (void)state;
    if (strncmp(S.db, "postgres", 8) == 0) {
        skip(); /* agora backup is for SQLite; PostgreSQL uses pg_dump */
        return;
    }
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, writer, NULL), 0);
    while (atomic_load(&acknowledged) < 200)
        usleep(1000);
    int acked_before = atomic_load(&acknowledged);
    char file[400];
    snprintf(file, sizeof file, "%s/backup.db", S.dir);
    const char *args[] = {"backup", file, NULL};
    char out[1024];
    int rc = srv_cli(&S, args, out, sizeof out);
    int acked_after = atomic_load(&acknowledged);
    atomic_store(&stop_writer, 1);
    pthread_join(t, NULL);
    if (rc != 0)
        fprintf(stderr, "%s\n", out);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "backup"));
    /* Writes went on during the backup. */
    assert_true(atomic_load(&acknowledged) > acked_before);

    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(file, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
    sqlite3_finalize(st);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM accounts WHERE email = ?", -1,
                                        &st, NULL),
                     SQLITE_OK);
    for (int i = 0; i < acked_before; i++) {
        sqlite3_bind_text(st, 1, emails[i], -1, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        if (sqlite3_column_int(st, 0) != 1)
            fprintf(stderr, "acknowledged write %d (%s) missing from the backup\n", i, emails[i]);
        assert_int_equal(sqlite3_column_int(st, 0), 1);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    /* Nothing from after the backup finished can be in it. */
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM accounts WHERE email LIKE 'load%'",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int in_backup = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    printf("# %d writes acknowledged before the backup, %d in it, %d when it ended\n",
           acked_before, in_backup, acked_after);
    assert_true(in_backup >= acked_before);
    assert_true(in_backup <= acked_after + 1);

    /* Restore: a server on the copy serves the accounts it holds. */
    struct srv R;
    memset(&R, 0, sizeof R);
    assert_int_equal(srv_prepare(&R), 0);
    snprintf(R.db, sizeof R.db, "%s", file);
    assert_int_equal(srv_start(&R, NULL), 0);
    char *tok = api_login(&R, emails[acked_before - 1], "correct-horse");
    assert_non_null(tok);
    free(tok);
    assert_int_equal(srv_stop(&R), 0);
    srv_cleanup(&R);
}

static void backup_refuses_to_overwrite(void **state)
{
    (void)state;
    if (strncmp(S.db, "postgres", 8) == 0) {
        skip();
        return;
    }
    char file[400];
    snprintf(file, sizeof file, "%s/existing.db", S.dir);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fputs("precious", f);
    fclose(f);
    const char *args[] = {"backup", file, NULL};
    char out[1024];
    assert_int_not_equal(srv_cli(&S, args, out, sizeof out), 0);
    f = fopen(file, "r");
    char buf[16] = "";
    assert_non_null(fgets(buf, sizeof buf, f));
    fclose(f);
    assert_string_equal(buf, "precious");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(backup_under_write_load_is_consistent_and_complete),
        cmocka_unit_test(backup_refuses_to_overwrite),
    };
    return cmocka_run_group_tests_name("p06_backup", tests, setup, teardown);
}
