/*
 * friend.c - storage of friend requests and friendships (see friend.h).
 *
 * A friendship is two rows, (a, b) and (b, a), written and removed
 * together here and nowhere else.
 */
#include "people/friend.h"

#include <string.h>

#include "json/js.h"
#include "people/shopper.h"

/* Runs sql binding $1 = a, $2 = b. */
static int friend_run2(store_conn *db, const char *sql, int64_t a, int64_t b)
{
    store_stmt *st = store_prepare(db, sql);
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, a);
    store_bind_i64(st, 2, b);
    return store_run(st);
}

static int friend_load_counts(store_conn *db, int64_t a, int64_t b, struct friend_pair *out)
{
    static const char *const count_friends =
        "SELECT COUNT(*) FROM friendships WHERE account_id = $1";
    out->a_pending_out = people_count_id(
        db, "SELECT COUNT(*) FROM friend_requests WHERE from_id = $1 AND state = 'pending'", a);
    out->a_friends = people_count_id(db, count_friends, a);
    out->b_friends = people_count_id(db, count_friends, b);
    if (out->a_pending_out < 0)
        return (int)out->a_pending_out;
    if (out->a_friends < 0)
        return (int)out->a_friends;
    return out->b_friends < 0 ? (int)out->b_friends : STORE_DONE;
}

int friend_pair_load(store_conn *db, int64_t a, int64_t b, bool with_counts,
                     struct friend_pair *out)
{
    memset(out, 0, sizeof *out);
    out->same = a == b;
    if (out->same)
        return STORE_DONE;
    store_stmt *st =
        store_prepare(db, "SELECT 1 FROM friendships WHERE account_id = $1 AND friend_id = $2");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, a);
    store_bind_i64(st, 2, b);
    int rc = store_step(st);
    out->friends = rc == STORE_ROW;
    store_reset(st);
    if (rc != STORE_ROW && rc != STORE_DONE)
        return rc;
    st = store_prepare(db, "SELECT id, from_id, state, decided_at FROM friend_requests "
                           "WHERE (from_id = $1 AND to_id = $2) OR (from_id = $2 AND to_id = $1)");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, a);
    store_bind_i64(st, 2, b);
    while ((rc = store_step(st)) == STORE_ROW) {
        bool pending = strcmp(store_col_text(st, 2), "pending") == 0;
        if (store_col_i64(st, 1) == a) {
            out->outgoing_id = store_col_i64(st, 0);
            out->outgoing_pending = pending;
            out->outgoing_declined = !pending;
            out->declined_at = pending ? 0 : store_col_i64(st, 3);
        } else if (pending) {
            out->incoming_pending = true;
            out->incoming_id = store_col_i64(st, 0);
        }
    }
    store_reset(st);
    if (rc != STORE_DONE)
        return rc;
    return with_counts ? friend_load_counts(db, a, b, out) : STORE_DONE;
}

int friend_request_get(store_conn *db, int64_t id, struct friend_request *out)
{
    store_stmt *st = store_prepare(db, "SELECT id, from_id, to_id, state, created_at, decided_at "
                                       "FROM friend_requests WHERE id = $1");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        out->id = store_col_i64(st, 0);
        out->from_id = store_col_i64(st, 1);
        out->to_id = store_col_i64(st, 2);
        out->state =
            strcmp(store_col_text(st, 3), "pending") == 0 ? FRIEND_PENDING : FRIEND_DECLINED;
        out->created_at = store_col_i64(st, 4);
        out->decided_at = store_col_is_null(st, 5) ? 0 : store_col_i64(st, 5);
    }
    store_reset(st);
    return rc;
}

int friend_request_create(store_conn *db, int64_t from, int64_t to, int64_t now, int64_t *id)
{
    int rc =
        friend_run2(db, "DELETE FROM friend_requests WHERE from_id = $1 AND to_id = $2", from, to);
    if (rc != STORE_DONE)
        return rc;
    store_stmt *st = store_prepare(db, "INSERT INTO friend_requests (from_id, to_id, state, "
                                       "created_at) VALUES ($1, $2, 'pending', $3) RETURNING id");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, from);
    store_bind_i64(st, 2, to);
    store_bind_i64(st, 3, now);
    rc = store_step(st);
    if (rc == STORE_ROW) {
        *id = store_col_i64(st, 0);
        rc = store_step(st);
    }
    store_reset(st);
    return rc;
}

int friend_request_decline(store_conn *db, int64_t id, int64_t now)
{
    return friend_run2(db,
                       "UPDATE friend_requests SET state = 'declined', decided_at = $1 "
                       "WHERE id = $2",
                       now, id);
}

int friend_request_delete(store_conn *db, int64_t id)
{
    return people_run_id(db, "DELETE FROM friend_requests WHERE id = $1", id);
}

int friend_make(store_conn *db, int64_t a, int64_t b, int64_t now)
{
    int rc = friend_run2(db,
                         "DELETE FROM friend_requests WHERE (from_id = $1 AND to_id = $2) "
                         "OR (from_id = $2 AND to_id = $1)",
                         a, b);
    for (int i = 0; i < 2 && rc == STORE_DONE; i++) {
        store_stmt *st = store_prepare(
            db, "INSERT INTO friendships (account_id, friend_id, since) VALUES ($1, $2, $3)");
        if (!st)
            return STORE_ERR;
        store_bind_i64(st, 1, i == 0 ? a : b);
        store_bind_i64(st, 2, i == 0 ? b : a);
        store_bind_i64(st, 3, now);
        rc = store_run(st);
    }
    return rc;
}

int friend_remove(store_conn *db, int64_t a, int64_t b, bool *removed)
{
    int rc = friend_run2(db,
                         "DELETE FROM friendships WHERE (account_id = $1 AND friend_id = $2) "
                         "OR (account_id = $2 AND friend_id = $1)",
                         a, b);
    *removed = rc == STORE_DONE && store_changes(db) > 0;
    return rc;
}

/* Columns of a request with both parties' names, and the row reader. */
#define FRIEND_REQ_SELECT                                                                          \
    "SELECT r.id, r.from_id, fa.display_name, r.to_id, ta.display_name, r.state, "                 \
    "r.created_at, r.decided_at FROM friend_requests r "                                           \
    "JOIN accounts fa ON fa.id = r.from_id JOIN accounts ta ON ta.id = r.to_id "

static json_t *friend_req_row_json(store_stmt *st, int64_t viewer)
{
    int64_t from = store_col_i64(st, 1);
    json_t *o = json_object();
    json_object_set_new(o, "id", js_id(store_col_i64(st, 0)));
    json_object_set_new(o, "direction", json_string(from == viewer ? "outgoing" : "incoming"));
    json_object_set_new(o, "from", shopper_summary_json(from, store_col_text(st, 2)));
    json_object_set_new(o, "to", shopper_summary_json(store_col_i64(st, 3), store_col_text(st, 4)));
    json_object_set_new(o, "state", json_string(store_col_text(st, 5)));
    json_object_set_new(o, "created_at", js_time(store_col_i64(st, 6)));
    json_object_set_new(o, "decided_at",
                        store_col_is_null(st, 7) ? json_null() : js_time(store_col_i64(st, 7)));
    return o;
}

int friend_request_json(store_conn *db, const struct friend_request *r, int64_t viewer,
                        json_t **out)
{
    store_stmt *st = store_prepare(db, FRIEND_REQ_SELECT "WHERE r.id = $1");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, r->id);
    int rc = store_step(st);
    if (rc == STORE_ROW)
        *out = friend_req_row_json(st, viewer);
    store_reset(st);
    return rc == STORE_ROW ? STORE_DONE : (rc == STORE_DONE ? STORE_ERR : rc);
}

int friend_request_list(store_conn *db, int64_t account_id, enum friend_list_dir dir,
                        int64_t before_id, struct people_page *pg)
{
    /* Incoming shows what awaits an answer (pending); outgoing shows
     * declined ones too, so the sender knows. */
    static const char *const sql[] = {
        [FRIEND_DIR_ALL] = FRIEND_REQ_SELECT
        "WHERE ((r.to_id = $1 AND r.state = 'pending') OR r.from_id = $1) AND r.id < $2 "
        "ORDER BY r.id DESC LIMIT $3",
        [FRIEND_DIR_INCOMING] = FRIEND_REQ_SELECT
        "WHERE r.to_id = $1 AND r.state = 'pending' AND r.id < $2 ORDER BY r.id DESC LIMIT $3",
        [FRIEND_DIR_OUTGOING] =
            FRIEND_REQ_SELECT "WHERE r.from_id = $1 AND r.id < $2 ORDER BY r.id DESC LIMIT $3",
    };
    store_stmt *st = store_prepare(db, sql[dir]);
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, account_id);
    store_bind_i64(st, 2, before_id);
    store_bind_i64(st, 3, pg->limit + 1);
    pg->key_col[0] = 0;
    pg->key_col[1] = -1;
    return people_rows_page(st, pg, friend_req_row_json, account_id);
}

static json_t *friend_row_json(store_stmt *st, int64_t viewer)
{
    (void)viewer;
    return json_pack("{s:o,s:o}", "shopper",
                     shopper_summary_json(store_col_i64(st, 2), store_col_text(st, 1)), "since",
                     js_time(store_col_i64(st, 0)));
}

int friend_list(store_conn *db, int64_t account_id, int64_t before_since, int64_t before_id,
                struct people_page *pg)
{
    store_stmt *st =
        store_prepare(db, "SELECT f.since, a.display_name, f.friend_id FROM friendships f "
                          "JOIN accounts a ON a.id = f.friend_id WHERE f.account_id = $1 "
                          "AND (f.since < $2 OR (f.since = $2 AND f.friend_id < $3)) "
                          "ORDER BY f.since DESC, f.friend_id DESC LIMIT $4");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, account_id);
    store_bind_i64(st, 2, before_since);
    store_bind_i64(st, 3, before_id);
    store_bind_i64(st, 4, pg->limit + 1);
    pg->key_col[0] = 0;
    pg->key_col[1] = 2;
    return people_rows_page(st, pg, friend_row_json, account_id);
}

/* Every row of sql ($1 = account_id) as a new array in *out. */
static int friend_collect(store_conn *db, const char *sql, int64_t account_id, people_row_fn row,
                          json_t **out)
{
    store_stmt *st = store_prepare(db, sql);
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, account_id);
    return people_rows_all(st, row, account_id, out);
}

int friend_export(store_conn *db, int64_t account_id, json_t **out)
{
    return friend_collect(db,
                          "SELECT f.since, a.display_name, f.friend_id FROM friendships f "
                          "JOIN accounts a ON a.id = f.friend_id WHERE f.account_id = $1 "
                          "ORDER BY f.since, f.friend_id",
                          account_id, friend_row_json, out);
}

int friend_request_export(store_conn *db, int64_t account_id, json_t **out)
{
    return friend_collect(db,
                          FRIEND_REQ_SELECT "WHERE r.from_id = $1 OR r.to_id = $1 ORDER BY r.id",
                          account_id, friend_req_row_json, out);
}

int friend_erase(store_conn *db, int64_t account_id, int64_t now)
{
    (void)now;
    return people_run_id(db, "DELETE FROM friendships WHERE account_id = $1 OR friend_id = $1",
                         account_id);
}

int friend_request_erase(store_conn *db, int64_t account_id, int64_t now)
{
    (void)now;
    return people_run_id(db, "DELETE FROM friend_requests WHERE from_id = $1 OR to_id = $1",
                         account_id);
}
