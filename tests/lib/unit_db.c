/*
 * unit_db.c - temporary SQLite databases for unit tests (see unit_db.h).
 */
#include "unit_db.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"

int unit_db_open(struct unit_db *d)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(d->dir, sizeof d->dir, "%s/agora-unit-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(d->dir)) {
        perror("mkdtemp");
        return -1;
    }
    snprintf(d->path, sizeof d->path, "%s/test.db", d->dir);
    struct store_options opt = {.busy_timeout_ms = 2000};
    char err[256];
    if (store_open(d->path, &opt, err, sizeof err) != 0) {
        fprintf(stderr, "store_open %s: %s\n", d->path, err);
        return -1;
    }
    return 0;
}

void unit_db_close(struct unit_db *d)
{
    store_close();
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char p[340];
        snprintf(p, sizeof p, "%s%s", d->path, suffixes[i]);
        unlink(p);
    }
    rmdir(d->dir);
}

/* A connection of its own to the test database, or NULL. */
static sqlite3 *unit_db_connect(const struct unit_db *d, int flags)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(d->path, &db, flags, NULL) != SQLITE_OK) {
        fprintf(stderr, "unit_db: cannot open %s\n", d->path);
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, 2000);
    return db;
}

long unit_db_count(const struct unit_db *d, const char *sql)
{
    sqlite3 *db = unit_db_connect(d, SQLITE_OPEN_READONLY);
    sqlite3_stmt *st = NULL;
    long n = -1;
    if (db && sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fprintf(stderr, "unit_db_count: %s: %s\n", sql, sqlite3_errmsg(db));
    else if (st && sqlite3_step(st) == SQLITE_ROW)
        n = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

int unit_db_exec(const struct unit_db *d, const char *sql)
{
    sqlite3 *db = unit_db_connect(d, SQLITE_OPEN_READWRITE);
    char *msg = NULL;
    int rc = -1;
    if (db && sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fprintf(stderr, "unit_db_exec: %s: %s\n", sql, msg ? msg : sqlite3_errmsg(db));
    else if (db)
        rc = 0;
    sqlite3_free(msg);
    sqlite3_close(db);
    return rc;
}
