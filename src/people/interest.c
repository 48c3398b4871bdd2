/*
 * interest.c - storage of interests (see interest.h).
 *
 * One table holds the three kinds; the statements of each kind sit side by
 * side below.
 */
#include "people/interest.h"

#include "json/js.h"
#include "people/rows.h"

static const struct {
    const char *clear_sql;
    const char *insert_sql;
} interest_sql[] = {
    [PEOPLE_REF_CATEGORY] =
        {"DELETE FROM interests WHERE account_id = $1 AND category_id IS NOT NULL",
         "INSERT INTO interests (account_id, category_id, created_at) VALUES ($1, $2, $3) "
         "ON CONFLICT DO NOTHING"},
    [PEOPLE_REF_BRAND] = {"DELETE FROM interests WHERE account_id = $1 AND brand_id IS NOT NULL",
                          "INSERT INTO interests (account_id, brand_id, created_at) "
                          "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING"},
};

int interest_replace_ids(store_conn *db, int64_t account_id, enum people_ref kind,
                         const int64_t *ids, size_t n, int64_t now)
{
    if (kind != PEOPLE_REF_CATEGORY && kind != PEOPLE_REF_BRAND)
        return STORE_ERR;
    int rc = people_run_id(db, interest_sql[kind].clear_sql, account_id);
    for (size_t i = 0; i < n && rc == STORE_DONE; i++) {
        store_stmt *st = store_prepare(db, interest_sql[kind].insert_sql);
        if (!st)
            return STORE_ERR;
        store_bind_i64(st, 1, account_id);
        store_bind_i64(st, 2, ids[i]);
        store_bind_i64(st, 3, now);
        rc = store_run(st);
    }
    return rc;
}

int interest_replace_tags(store_conn *db, int64_t account_id, const char *const *tags, size_t n,
                          int64_t now)
{
    int rc = people_run_id(db, "DELETE FROM interests WHERE account_id = $1 AND tag IS NOT NULL",
                           account_id);
    for (size_t i = 0; i < n && rc == STORE_DONE; i++) {
        store_stmt *st = store_prepare(db, "INSERT INTO interests (account_id, tag, created_at) "
                                           "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
        if (!st)
            return STORE_ERR;
        store_bind_i64(st, 1, account_id);
        store_bind_text(st, 2, tags[i]);
        store_bind_i64(st, 3, now);
        rc = store_run(st);
    }
    return rc;
}

/* Appends the rows of sql (account_id as $1) to arr: {"id","name"} objects
 * when named, else the text of column 0. */
static int interest_collect(store_conn *db, const char *sql, int64_t account_id, int named,
                            json_t *arr)
{
    store_stmt *st = store_prepare(db, sql);
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, account_id);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        if (named)
            json_array_append_new(arr, json_pack("{s:o,s:s}", "id", js_id(store_col_i64(st, 0)),
                                                 "name", store_col_text(st, 1)));
        else
            json_array_append_new(arr, json_string(store_col_text(st, 0)));
    }
    store_reset(st);
    return rc;
}

int interest_export(store_conn *db, int64_t account_id, json_t **out)
{
    json_t *cats = json_array(), *brands = json_array(), *tags = json_array();
    int rc = interest_collect(db,
                              "SELECT c.id, c.name FROM interests i "
                              "JOIN categories c ON c.id = i.category_id "
                              "WHERE i.account_id = $1 ORDER BY c.name, c.id",
                              account_id, 1, cats);
    if (rc == STORE_DONE)
        rc = interest_collect(db,
                              "SELECT b.id, b.name FROM interests i "
                              "JOIN brands b ON b.id = i.brand_id "
                              "WHERE i.account_id = $1 ORDER BY b.name, b.id",
                              account_id, 1, brands);
    if (rc == STORE_DONE)
        rc = interest_collect(db,
                              "SELECT tag FROM interests WHERE account_id = $1 "
                              "AND tag IS NOT NULL ORDER BY tag",
                              account_id, 0, tags);
    if (rc != STORE_DONE) {
        json_decref(cats);
        json_decref(brands);
        json_decref(tags);
        return rc;
    }
    *out = json_pack("{s:o,s:o,s:o}", "categories", cats, "brands", brands, "tags", tags);
    return STORE_DONE;
}

int interest_erase(store_conn *db, int64_t account_id, int64_t now)
{
    (void)now;
    return people_run_id(db, "DELETE FROM interests WHERE account_id = $1", account_id);
}
