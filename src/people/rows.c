/*
 * rows.c - query rows into JSON lists (see rows.h).
 */
#include "people/rows.h"

int people_rows_page(store_stmt *st, struct people_page *pg, people_row_fn row, int64_t ctx)
{
    int n = 0, rc;
    pg->more = false;
    while ((rc = store_step(st)) == STORE_ROW) {
        if (n == pg->limit) {
            pg->more = true;
            break;
        }
        json_array_append_new(pg->items, row(st, ctx));
        for (int k = 0; k < 2; k++)
            if (pg->key_col[k] >= 0)
                pg->last[k] = store_col_i64(st, pg->key_col[k]);
        n++;
    }
    store_reset(st);
    return rc == STORE_ROW || rc == STORE_DONE ? STORE_DONE : rc;
}

int people_rows_all(store_stmt *st, people_row_fn row, int64_t ctx, json_t **out)
{
    json_t *items = json_array();
    int rc;
    while ((rc = store_step(st)) == STORE_ROW)
        json_array_append_new(items, row(st, ctx));
    store_reset(st);
    if (rc != STORE_DONE) {
        json_decref(items);
        return rc;
    }
    *out = items;
    return STORE_DONE;
}

int people_run_id(store_conn *db, const char *sql, int64_t id)
{
    store_stmt *st = store_prepare(db, sql);
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, id);
    return store_run(st);
}

int64_t people_count_id(store_conn *db, const char *sql, int64_t id)
{
    store_stmt *st = store_prepare(db, sql);
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, id);
    int rc = store_step(st);
    int64_t n = rc == STORE_ROW ? store_col_i64(st, 0) : (rc == STORE_DONE ? STORE_ERR : rc);
    store_reset(st);
    return n;
}
