/*
 * store_driver.h - what a storage engine implements (private to src/store).
 *
 * store.c owns the generic parts (per-thread connections, the statement
 * cache keyed by SQL text, timing, migrations' token expansion); a driver
 * owns a native connection and native statements.  Drivers: store_sqlite.c,
 * store_postgres.c.
 */
#ifndef AG_STORE_DRIVER_H
#define AG_STORE_DRIVER_H

#include "store/store.h"

struct store_driver {
    const char *name;
    enum store_engine engine;
    /* Replacement for "{{pk}}" in migrations. */
    const char *pk_sql;
    /* store_reserve_ids: a query (the table name for %s) answering either
     * one row, the table's highest id, from which the ids above are handed
     * out (SQLite, whose writer holds the database), or the $1 reserved
     * ids, one a row (PostgreSQL's sequences). */
    const char *reserve_ids_sql;
    bool reserve_ids_from_max;

    /* Opens a native connection; returns it, or NULL with err filled. */
    void *(*connect)(const char *url, const struct store_options *opt, char *err,
                     size_t errlen);
    void (*disconnect)(void *conn);
    /* Returns a native statement for sql (with $N parameters), or NULL. */
    void *(*prepare)(void *conn, const char *sql);
    void (*finalize)(void *conn, void *stmt);
    /* Marks a statement to be planned at every execution (NULL: the engine
     * plans for the current data anyway). */
    void (*set_replan)(void *stmt);

    void (*bind_i64)(void *stmt, int idx, int64_t v);
    void (*bind_double)(void *stmt, int idx, double v);
    void (*bind_text)(void *stmt, int idx, const char *s, size_t n);
    /* The same without a copy: s (NUL-terminated at n) outlives the use. */
    void (*bind_text_static)(void *stmt, int idx, const char *s, size_t n);
    void (*bind_null)(void *stmt, int idx);
    int (*step)(void *conn, void *stmt);
    int (*ncols)(void *stmt);
    bool (*col_is_null)(void *stmt, int col);
    int64_t (*col_i64)(void *stmt, int col);
    double (*col_double)(void *stmt, int col);
    const char *(*col_text)(void *stmt, int col);
    void (*reset)(void *conn, void *stmt);
    /* 1 if the statement is mid-way (stepped, not reset). */
    bool (*busy)(void *stmt);

    int (*exec)(void *conn, const char *sql);
    int (*begin)(void *conn, enum store_tx kind);
    int (*commit)(void *conn);
    int (*rollback)(void *conn);
    int64_t (*changes)(void *conn);
    const char *(*errmsg)(void *conn);
    bool (*ping)(void *conn);
    /* Online backup (SQLite); NULL where not supported. */
    int (*backup)(void *conn, const char *path, char *err, size_t errlen);
};

extern const struct store_driver store_sqlite_driver;
extern const struct store_driver store_postgres_driver;

#endif
