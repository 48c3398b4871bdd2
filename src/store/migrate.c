/*
 * migrate.c - applying and checking schema migrations (see migrate.h).
 */
#include "store/migrate.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "core/mem.h"
#include "core/timeutil.h"
#include "store/store_driver.h"

/* Key of the PostgreSQL advisory lock held while migrating ("agora"). */
#define MIGRATE_LOCK_KEY 0x61676f7261LL
/* How long an instance waits for another one that is migrating the same
 * database (each attempt waits the busy timeout for the write lock). */
#define MIGRATE_WAIT_SECONDS 600

int migrate_latest(void)
{
    int v = 0;
    for (size_t i = 0; i < store_migrations_count; i++)
        if (store_migrations[i].version > v)
            v = store_migrations[i].version;
    return v;
}

/* Replaces "{{pk}}" with the engine's primary key clause. Caller frees. */
static char *migrate_expand(const char *sql, enum store_engine engine)
{
    const char *pk = engine == STORE_POSTGRES ? store_postgres_driver.pk_sql
                                              : store_sqlite_driver.pk_sql;
    size_t n = 0;
    for (const char *p = sql; (p = strstr(p, "{{pk}}")); p += 6)
        n++;
    size_t len = strlen(sql) + n * strlen(pk) + 1;
    char *out = mem_alloc(len);
    char *o = out;
    const char *p = sql;
    const char *hit;
    while ((hit = strstr(p, "{{pk}}"))) {
        memcpy(o, p, (size_t)(hit - p));
        o += hit - p;
        memcpy(o, pk, strlen(pk));
        o += strlen(pk);
        p = hit + 6;
    }
    memcpy(o, p, strlen(p) + 1);
    return out;
}

static int migrate_exec(store_conn *c, const char *sql, char *err, size_t errlen,
                        const struct store_migration *m)
{
    if (!sql)
        return 0;
    char *expanded = migrate_expand(sql, store_conn_engine(c));
    int rc = store_exec(c, expanded);
    mem_free(expanded);
    if (rc != STORE_OK) {
        snprintf(err, errlen, "migration %d (%s) failed: %s", m->version, m->name,
                 store_errmsg(c));
        return -1;
    }
    return 0;
}

static int migrate_ensure_table(store_conn *c, char *err, size_t errlen)
{
    int rc = store_exec(c, "CREATE TABLE IF NOT EXISTS schema_migrations ("
                           "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                           "applied_at BIGINT NOT NULL, breaking INTEGER NOT NULL)");
    /* STORE_UNIQUE: another instance created it at the same moment
     * (PostgreSQL's IF NOT EXISTS does not wait for it). */
    if (rc != STORE_OK && rc != STORE_UNIQUE) {
        snprintf(err, errlen, "cannot create schema_migrations: %s", store_errmsg(c));
        return -1;
    }
    return 0;
}

/* Starts the migration transaction, waiting while another instance holds
 * the write lock (it may be migrating: a long migration must not make the
 * others give up). */
static int migrate_begin(store_conn *c)
{
    int64_t deadline = time_now() + MIGRATE_WAIT_SECONDS;
    int rc;
    for (int attempt = 0; (rc = store_begin(c, STORE_TX_WRITE)) == STORE_BUSY; attempt++) {
        if (time_now() >= deadline)
            break;
        if (attempt == 0)
            log_info("waiting for the database write lock (another instance migrating?)", NULL);
        struct timespec pause = {.tv_sec = 0, .tv_nsec = 200000000};
        nanosleep(&pause, NULL);
    }
    return rc;
}

static bool migrate_known(int version)
{
    for (size_t i = 0; i < store_migrations_count; i++)
        if (store_migrations[i].version == version)
            return true;
    return false;
}

/* Reads applied versions into applied[] (flags by index of
 * store_migrations) and checks unknown ones. Returns 0 or -1 with err. */
static int migrate_scan(store_conn *c, bool *applied, char *err, size_t errlen)
{
    store_stmt *st = store_prepare(c, "SELECT version, name, breaking FROM schema_migrations "
                                      "ORDER BY version");
    if (!st) {
        snprintf(err, errlen, "cannot read schema_migrations: %s", store_errmsg(c));
        return -1;
    }
    int rc;
    int result = 0;
    while ((rc = store_step(st)) == STORE_ROW) {
        int v = (int)store_col_i64(st, 0);
        if (!migrate_known(v)) {
            if (store_col_i64(st, 2)) {
                snprintf(err, errlen,
                         "the database has schema version %d (%s), which is newer than this "
                         "binary (it knows up to %d) and not compatible with it: run a newer "
                         "agora",
                         v, store_col_text(st, 1), migrate_latest());
                result = -1;
                break;
            }
            log_warn("database has a newer, compatible migration",
                     "\"version\":%d,\"binary_latest\":%d", v, migrate_latest());
            continue;
        }
        for (size_t i = 0; i < store_migrations_count; i++)
            if (store_migrations[i].version == v)
                applied[i] = true;
    }
    if (result == 0 && rc != STORE_DONE) {
        snprintf(err, errlen, "cannot read schema_migrations: %s", store_errmsg(c));
        result = -1;
    }
    store_reset(st);
    return result;
}

int migrate_check(store_conn *c, int *pending, char *err, size_t errlen)
{
    *pending = 0;
    if (migrate_ensure_table(c, err, errlen) != 0)
        return -1;
    bool *applied = mem_calloc(store_migrations_count + 1, sizeof *applied);
    int rc = migrate_scan(c, applied, err, errlen);
    for (size_t i = 0; i < store_migrations_count; i++)
        if (!applied[i])
            (*pending)++;
    mem_free(applied);
    return rc;
}

int migrate_apply(store_conn *c, int *napplied, char *err, size_t errlen)
{
    *napplied = 0;
    bool *applied = mem_calloc(store_migrations_count + 1, sizeof *applied);
    int result = -1;
    if (migrate_begin(c) != STORE_OK) {
        snprintf(err, errlen, "cannot start the migration transaction: %s", store_errmsg(c));
        goto out;
    }
    if (store_conn_engine(c) == STORE_POSTGRES) {
        char lock[96];
        snprintf(lock, sizeof lock, "SELECT pg_advisory_xact_lock(%lld)", MIGRATE_LOCK_KEY);
        if (store_exec(c, lock) != STORE_OK) {
            snprintf(err, errlen, "cannot take the migration lock: %s", store_errmsg(c));
            goto rollback;
        }
    }
    if (migrate_ensure_table(c, err, errlen) != 0 || migrate_scan(c, applied, err, errlen) != 0)
        goto rollback;
    for (size_t i = 0; i < store_migrations_count; i++) {
        const struct store_migration *m = &store_migrations[i];
        if (applied[i])
            continue;
        const char *extra = store_conn_engine(c) == STORE_POSTGRES ? m->postgres : m->sqlite;
        if (migrate_exec(c, m->sql, err, errlen, m) != 0 ||
            migrate_exec(c, extra, err, errlen, m) != 0)
            goto rollback;
        store_stmt *st = store_prepare(c, "INSERT INTO schema_migrations (version, name, "
                                          "applied_at, breaking) VALUES ($1, $2, $3, $4)");
        if (!st) {
            snprintf(err, errlen, "cannot record migration %d: %s", m->version, store_errmsg(c));
            goto rollback;
        }
        store_bind_i64(st, 1, m->version);
        store_bind_text(st, 2, m->name);
        store_bind_i64(st, 3, time_now());
        store_bind_i64(st, 4, m->breaking ? 1 : 0);
        if (store_run(st) != STORE_DONE) {
            snprintf(err, errlen, "cannot record migration %d: %s", m->version, store_errmsg(c));
            goto rollback;
        }
        log_info("migration applied", "\"version\":%d,\"name\":\"%s\"", m->version, m->name);
        (*napplied)++;
    }
    if (store_commit(c) != STORE_OK) {
        snprintf(err, errlen, "cannot commit migrations: %s", store_errmsg(c));
        *napplied = 0;
        goto out;
    }
    result = 0;
    goto out;
rollback:
    *napplied = 0;
    store_rollback(c);
out:
    mem_free(applied);
    return result;
}
