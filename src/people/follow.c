/*
 * follow.c - storage of follows (see follow.h).
 *
 * One table, one nullable foreign key per kind of target; the statements
 * of each kind sit side by side in follow_sql.
 */
#include "people/follow.h"

#include "json/js.h"

static const struct {
    const char *insert_sql;
    const char *delete_sql;
} follow_sql[] = {
    [PEOPLE_REF_RETAILER] = {"INSERT INTO follows (account_id, retailer_id, created_at) "
                             "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                             "DELETE FROM follows WHERE account_id = $1 AND retailer_id = $2"},
    [PEOPLE_REF_BRAND] = {"INSERT INTO follows (account_id, brand_id, created_at) "
                          "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                          "DELETE FROM follows WHERE account_id = $1 AND brand_id = $2"},
};

/* The columns of a follow item: row id, kind, target id, name, time. */
#define FOLLOW_SELECT                                                                              \
    "SELECT f.id, CASE WHEN f.retailer_id IS NULL THEN 'brand' ELSE 'retailer' END, "              \
    "COALESCE(f.retailer_id, f.brand_id), COALESCE(r.name, b.name), f.created_at "                 \
    "FROM follows f LEFT JOIN retailers r ON r.id = f.retailer_id "                                \
    "LEFT JOIN brands b ON b.id = f.brand_id "

static bool follow_kind_ok(enum people_ref kind)
{
    return kind == PEOPLE_REF_RETAILER || kind == PEOPLE_REF_BRAND;
}

static json_t *follow_row_json(store_stmt *st, int64_t ctx)
{
    (void)ctx;
    json_t *o = json_object();
    json_object_set_new(o, "kind", json_string(store_col_text(st, 1)));
    json_object_set_new(o, "id", js_id(store_col_i64(st, 2)));
    json_object_set_new(o, "name", json_string(store_col_text(st, 3) ? store_col_text(st, 3) : ""));
    json_object_set_new(o, "followed_at", js_time(store_col_i64(st, 4)));
    return o;
}

int follow_add(store_conn *db, int64_t account_id, enum people_ref kind, int64_t target,
               int64_t now, bool *created)
{
    *created = false;
    if (!follow_kind_ok(kind))
        return STORE_ERR;
    store_stmt *st = store_prepare(db, follow_sql[kind].insert_sql);
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, account_id);
    store_bind_i64(st, 2, target);
    store_bind_i64(st, 3, now);
    int rc = store_run(st);
    *created = rc == STORE_DONE && store_changes(db) > 0;
    return rc;
}

int follow_remove(store_conn *db, int64_t account_id, enum people_ref kind, int64_t target,
                  bool *removed)
{
    *removed = false;
    if (!follow_kind_ok(kind))
        return STORE_ERR;
    store_stmt *st = store_prepare(db, follow_sql[kind].delete_sql);
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, account_id);
    store_bind_i64(st, 2, target);
    int rc = store_run(st);
    *removed = rc == STORE_DONE && store_changes(db) > 0;
    return rc;
}

int64_t follow_count(store_conn *db, int64_t account_id)
{
    return people_count_id(db, "SELECT COUNT(*) FROM follows WHERE account_id = $1", account_id);
}

int follow_get_json(store_conn *db, int64_t account_id, enum people_ref kind, int64_t target,
                    json_t **out)
{
    store_stmt *st =
        store_prepare(db, kind == PEOPLE_REF_RETAILER
                              ? FOLLOW_SELECT "WHERE f.account_id = $1 AND f.retailer_id = $2"
                              : FOLLOW_SELECT "WHERE f.account_id = $1 AND f.brand_id = $2");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, account_id);
    store_bind_i64(st, 2, target);
    int rc = store_step(st);
    if (rc == STORE_ROW)
        *out = follow_row_json(st, 0);
    store_reset(st);
    return rc == STORE_ROW ? STORE_DONE : (rc == STORE_DONE ? STORE_ERR : rc);
}

int follow_list(store_conn *db, int64_t account_id, int kind_filter, int64_t before_id,
                struct people_page *pg)
{
    const char *sql = kind_filter == PEOPLE_REF_RETAILER ? FOLLOW_SELECT
                          "WHERE f.account_id = $1 AND f.id < $2 AND f.retailer_id IS NOT NULL "
                          "ORDER BY f.id DESC LIMIT $3"
                      : kind_filter == PEOPLE_REF_BRAND ? FOLLOW_SELECT
                          "WHERE f.account_id = $1 AND f.id < $2 AND f.brand_id IS NOT NULL "
                          "ORDER BY f.id DESC LIMIT $3"
                                                        : FOLLOW_SELECT
                          "WHERE f.account_id = $1 AND f.id < $2 ORDER BY f.id DESC LIMIT $3";
    store_stmt *st = store_prepare(db, sql);
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, account_id);
    store_bind_i64(st, 2, before_id);
    store_bind_i64(st, 3, pg->limit + 1);
    pg->key_col[0] = 0;
    pg->key_col[1] = -1;
    return people_rows_page(st, pg, follow_row_json, 0);
}

int follow_export(store_conn *db, int64_t account_id, json_t **out)
{
    store_stmt *st = store_prepare(db, FOLLOW_SELECT "WHERE f.account_id = $1 ORDER BY f.id");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, account_id);
    return people_rows_all(st, follow_row_json, 0, out);
}

int follow_erase(store_conn *db, int64_t account_id, int64_t now)
{
    (void)now;
    return people_run_id(db, "DELETE FROM follows WHERE account_id = $1", account_id);
}
