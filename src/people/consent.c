/*
 * consent.c - consent answers and their history (see consent.h).
 */
#include "people/consent.h"

#include <string.h>

#include "core/limits.h"
#include "json/js.h"
#include "people/rows.h"

static const char *const consent_names[] = {
#define CONSENT_NAME(name, text) #name,
    CONSENT_PURPOSES(CONSENT_NAME)
#undef CONSENT_NAME
};

const struct jv_field consent_fields[] = {
#define CONSENT_FIELD(name, text) {#name, JV_BOOL, 0},
    CONSENT_PURPOSES(CONSENT_FIELD)
#undef CONSENT_FIELD
        {0},
};

const char *consent_name(enum consent_purpose p)
{
    return (unsigned)p < CONSENT_COUNT ? consent_names[p] : "unknown";
}

int consent_parse(const char *name)
{
    for (int p = 0; p < CONSENT_COUNT; p++)
        if (name && strcmp(name, consent_names[p]) == 0)
            return p;
    return -1;
}

/* The stored answer: STORE_ROW with *granted set, STORE_DONE when never
 * answered, or an error. */
static int consent_get(store_conn *db, int64_t account_id, enum consent_purpose p, bool *granted)
{
    store_stmt *st =
        store_prepare(db, "SELECT granted FROM consents WHERE account_id = $1 AND purpose = $2");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, account_id);
    store_bind_text(st, 2, consent_name(p));
    int rc = store_step(st);
    if (rc == STORE_ROW)
        *granted = store_col_i64(st, 0) != 0;
    store_reset(st);
    return rc;
}

/* Runs an INSERT of (account_id, purpose, granted, changed_at). */
static int consent_write(store_conn *db, const char *sql, int64_t account_id,
                         enum consent_purpose p, bool granted, int64_t now)
{
    store_stmt *st = store_prepare(db, sql);
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, account_id);
    store_bind_text(st, 2, consent_name(p));
    store_bind_i64(st, 3, granted ? 1 : 0);
    store_bind_i64(st, 4, now);
    return store_run(st);
}

/* Appends a change to the history and drops the oldest beyond the limit. */
static int consent_log(store_conn *db, int64_t account_id, enum consent_purpose p, bool granted,
                       int64_t now)
{
    int rc = consent_write(db,
                           "INSERT INTO consent_history (account_id, purpose, granted, "
                           "changed_at) VALUES ($1, $2, $3, $4)",
                           account_id, p, granted, now);
    if (rc != STORE_DONE)
        return rc;
    store_stmt *st =
        store_prepare(db, "DELETE FROM consent_history WHERE account_id = $1 AND purpose = $2 "
                          "AND id NOT IN (SELECT id FROM consent_history WHERE account_id = $1 "
                          "AND purpose = $2 ORDER BY id DESC LIMIT $3)");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, account_id);
    store_bind_text(st, 2, consent_name(p));
    store_bind_i64(st, 3, AG_CONSENT_HISTORY_MAX);
    return store_run(st);
}

int consent_set(store_conn *db, int64_t account_id, enum consent_purpose p, bool granted,
                int64_t now)
{
    bool current = false;
    int rc = consent_get(db, account_id, p, &current);
    if (rc == STORE_ROW && current == granted)
        return STORE_DONE;
    if (rc != STORE_ROW && rc != STORE_DONE)
        return rc;
    rc = consent_write(db,
                       "INSERT INTO consents (account_id, purpose, granted, changed_at) "
                       "VALUES ($1, $2, $3, $4) ON CONFLICT (account_id, purpose) DO UPDATE SET "
                       "granted = excluded.granted, changed_at = excluded.changed_at",
                       account_id, p, granted, now);
    if (rc == STORE_DONE)
        rc = consent_log(db, account_id, p, granted, now);
    return rc;
}

int consent_granted(store_conn *db, int64_t account_id, enum consent_purpose p)
{
    bool granted = false;
    int rc = consent_get(db, account_id, p, &granted);
    if (rc == STORE_ROW)
        return granted ? 1 : 0;
    return rc == STORE_DONE ? 0 : rc;
}

int consent_current_json(store_conn *db, int64_t account_id, json_t **out)
{
    json_t *o = json_object();
    for (int p = 0; p < CONSENT_COUNT; p++)
        json_object_set_new(o, consent_names[p],
                            json_pack("{s:b,s:n}", "granted", 0, "changed_at"));
    store_stmt *st = store_prepare(
        db, "SELECT purpose, granted, changed_at FROM consents WHERE account_id = $1");
    if (!st) {
        json_decref(o);
        return STORE_ERR;
    }
    store_bind_i64(st, 1, account_id);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        /* Purposes the code no longer knows are not shown. */
        json_t *entry = json_object_get(o, store_col_text(st, 0));
        if (!entry)
            continue;
        json_object_set_new(entry, "granted", json_boolean(store_col_i64(st, 1) != 0));
        json_object_set_new(entry, "changed_at", js_time(store_col_i64(st, 2)));
    }
    store_reset(st);
    if (rc != STORE_DONE) {
        json_decref(o);
        return rc;
    }
    *out = o;
    return STORE_DONE;
}

int consent_export(store_conn *db, int64_t account_id, json_t **out)
{
    json_t *current = NULL;
    int rc = consent_current_json(db, account_id, &current);
    if (rc != STORE_DONE)
        return rc;
    json_t *history = json_array();
    store_stmt *st = store_prepare(db, "SELECT purpose, granted, changed_at FROM consent_history "
                                       "WHERE account_id = $1 ORDER BY id");
    if (!st) {
        rc = STORE_ERR;
        goto out;
    }
    store_bind_i64(st, 1, account_id);
    while ((rc = store_step(st)) == STORE_ROW)
        json_array_append_new(history, json_pack("{s:s,s:b,s:o}", "purpose", store_col_text(st, 0),
                                                 "granted", store_col_i64(st, 1) != 0, "changed_at",
                                                 js_time(store_col_i64(st, 2))));
    store_reset(st);
out:
    if (rc != STORE_DONE) {
        json_decref(current);
        json_decref(history);
        return rc;
    }
    *out = json_pack("{s:o,s:o}", "current", current, "history", history);
    return STORE_DONE;
}

int consent_erase(store_conn *db, int64_t account_id, int64_t now)
{
    (void)now;
    int rc = people_run_id(db, "DELETE FROM consent_history WHERE account_id = $1", account_id);
    if (rc == STORE_DONE)
        rc = people_run_id(db, "DELETE FROM consents WHERE account_id = $1", account_id);
    return rc;
}
