/*
 * accounts.c - account rules and storage (see accounts.h).
 */
#include "platform/accounts.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "json/js.h"

#define ACCT_COLUMNS "id, email, display_name, role, retailer_id, disabled, created_at, updated_at"

static const char *const acct_role_names[] = {"none", "shopper", "staff", "admin"};

enum http_role acct_role_parse(const char *s)
{
    for (int r = ROLE_SHOPPER; r <= ROLE_ADMIN; r++)
        if (s && strcmp(s, acct_role_names[r]) == 0)
            return (enum http_role)r;
    return ROLE_NONE;
}

const char *acct_role_name(enum http_role role)
{
    return (unsigned)role <= ROLE_ADMIN ? acct_role_names[role] : "none";
}

int acct_normalize_email(const char *email, char out[AG_EMAIL_MAX + 1])
{
    while (isspace((unsigned char)*email))
        email++;
    size_t n = strlen(email);
    while (n > 0 && isspace((unsigned char)email[n - 1]))
        n--;
    if (n == 0 || n > AG_EMAIL_MAX)
        return -1;
    for (size_t i = 0; i < n; i++)
        out[i] = (char)tolower((unsigned char)email[i]);
    out[n] = '\0';
    return 0;
}

/* Fills a from the columns of ACCT_COLUMNS starting at col 0. */
static void acct_from_row(store_stmt *st, struct acct *a)
{
    a->id = store_col_i64(st, 0);
    text_copy(a->email, sizeof a->email, store_col_text(st, 1));
    text_copy(a->display_name, sizeof a->display_name, store_col_text(st, 2));
    a->role = acct_role_parse(store_col_text(st, 3));
    a->retailer_id = store_col_is_null(st, 4) ? 0 : store_col_i64(st, 4);
    a->disabled = store_col_i64(st, 5) != 0;
    a->created_at = store_col_i64(st, 6);
    a->updated_at = store_col_i64(st, 7);
}

int acct_create(store_conn *db, const char *email, const char *password_hash,
                const char *display_name, enum http_role role, int64_t retailer_id,
                int64_t now, int64_t *id)
{
    store_stmt *st = store_prepare(
        db, "INSERT INTO accounts (email, password_hash, display_name, role, retailer_id, "
            "disabled, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 0, $6, $6) "
            "RETURNING id");
    if (!st)
        return STORE_ERR;
    store_bind_text(st, 1, email);
    store_bind_text(st, 2, password_hash);
    store_bind_text(st, 3, display_name ? display_name : "");
    store_bind_text(st, 4, acct_role_name(role));
    if (retailer_id)
        store_bind_i64(st, 5, retailer_id);
    else
        store_bind_null(st, 5);
    store_bind_i64(st, 6, now);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        *id = store_col_i64(st, 0);
        rc = store_step(st);
    }
    store_reset(st);
    return rc;
}

int acct_get(store_conn *db, int64_t id, struct acct *out)
{
    store_stmt *st = store_prepare(db, "SELECT " ACCT_COLUMNS " FROM accounts WHERE id = $1");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, id);
    int rc = store_step(st);
    if (rc == STORE_ROW)
        acct_from_row(st, out);
    store_reset(st);
    return rc;
}

int acct_get_by_email(store_conn *db, const char *email, struct acct *out,
                      char hash[SECRET_PWHASH_LEN])
{
    store_stmt *st = store_prepare(db, "SELECT " ACCT_COLUMNS ", password_hash FROM accounts "
                                       "WHERE email = $1");
    if (!st)
        return STORE_ERR;
    store_bind_text(st, 1, email);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        acct_from_row(st, out);
        text_copy(hash, SECRET_PWHASH_LEN, store_col_text(st, 8));
    }
    store_reset(st);
    return rc;
}

int acct_get_hash(store_conn *db, int64_t id, char hash[SECRET_PWHASH_LEN])
{
    store_stmt *st = store_prepare(db, "SELECT password_hash FROM accounts WHERE id = $1");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, id);
    int rc = store_step(st);
    if (rc == STORE_ROW)
        text_copy(hash, SECRET_PWHASH_LEN, store_col_text(st, 0));
    store_reset(st);
    return rc;
}

int acct_set_password(store_conn *db, int64_t id, const char *password_hash, int64_t now)
{
    store_stmt *st = store_prepare(
        db, "UPDATE accounts SET password_hash = $1, updated_at = $2 WHERE id = $3");
    if (!st)
        return STORE_ERR;
    store_bind_text(st, 1, password_hash);
    store_bind_i64(st, 2, now);
    store_bind_i64(st, 3, id);
    return store_run(st);
}

int acct_update_admin(store_conn *db, int64_t id, enum http_role role, int64_t retailer_id,
                      bool disabled, int64_t now)
{
    store_stmt *st = store_prepare(db, "UPDATE accounts SET role = $1, retailer_id = $2, "
                                       "disabled = $3, updated_at = $4 WHERE id = $5");
    if (!st)
        return STORE_ERR;
    store_bind_text(st, 1, acct_role_name(role));
    if (retailer_id)
        store_bind_i64(st, 2, retailer_id);
    else
        store_bind_null(st, 2);
    store_bind_i64(st, 3, disabled ? 1 : 0);
    store_bind_i64(st, 4, now);
    store_bind_i64(st, 5, id);
    return store_run(st);
}

int64_t acct_count_active_admins(store_conn *db)
{
    store_stmt *st = store_prepare(
        db, "SELECT COUNT(*) FROM accounts WHERE role = 'admin' AND disabled = 0");
    if (!st)
        return STORE_ERR;
    int rc = store_step(st);
    int64_t n = rc == STORE_ROW ? store_col_i64(st, 0) : rc;
    store_reset(st);
    return n;
}

int acct_is_last_admin(store_conn *db, const struct acct *a)
{
    if (a->role != ROLE_ADMIN || a->disabled)
        return 0;
    int64_t admins = acct_count_active_admins(db);
    if (admins < 0)
        return (int)admins;
    return admins <= 1;
}

int acct_list(store_conn *db, int64_t after_id, int limit, json_t *items, bool *more,
              int64_t *last_id)
{
    store_stmt *st = store_prepare(db, "SELECT " ACCT_COLUMNS " FROM accounts WHERE id > $1 "
                                       "ORDER BY id LIMIT $2");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, after_id);
    store_bind_i64(st, 2, limit + 1);
    int n = 0, rc;
    *more = false;
    while ((rc = store_step(st)) == STORE_ROW) {
        if (n == limit) {
            *more = true;
            break;
        }
        struct acct a;
        acct_from_row(st, &a);
        json_array_append_new(items, acct_to_json(&a));
        *last_id = a.id;
        n++;
    }
    store_reset(st);
    return rc == STORE_ROW || rc == STORE_DONE ? STORE_DONE : rc;
}

json_t *acct_to_json(const struct acct *a)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", js_id(a->id));
    json_object_set_new(o, "email", json_string(a->email));
    json_object_set_new(o, "display_name", json_string(a->display_name));
    json_object_set_new(o, "role", json_string(acct_role_name(a->role)));
    json_object_set_new(o, "retailer_id", a->retailer_id ? js_id(a->retailer_id) : json_null());
    json_object_set_new(o, "disabled", json_boolean(a->disabled));
    json_object_set_new(o, "created_at", js_time(a->created_at));
    json_object_set_new(o, "updated_at", js_time(a->updated_at));
    return o;
}

int acct_set_display_name(store_conn *db, int64_t id, const char *name, int64_t now)
{
    store_stmt *st =
        store_prepare(db, "UPDATE accounts SET display_name = $1, updated_at = $2 WHERE id = $3");
    if (!st)
        return STORE_ERR;
    store_bind_text(st, 1, name);
    store_bind_i64(st, 2, now);
    store_bind_i64(st, 3, id);
    return store_run(st);
}

int acct_export(store_conn *db, int64_t id, json_t **out)
{
    struct acct a;
    int rc = acct_get(db, id, &a);
    if (rc == STORE_ROW)
        *out = acct_to_json(&a);
    return rc == STORE_ROW ? STORE_DONE : (rc == STORE_DONE ? STORE_ERR : rc);
}

int acct_erase(store_conn *db, int64_t id, int64_t now)
{
    char email[32];
    snprintf(email, sizeof email, "erased:%lld", (long long)id);
    store_stmt *st = store_prepare(
        db, "UPDATE accounts SET email = $1, password_hash = '!', display_name = '', "
            "retailer_id = NULL, disabled = 1, erased_at = $2, updated_at = $2 WHERE id = $3");
    if (!st)
        return STORE_ERR;
    store_bind_text(st, 1, email);
    store_bind_i64(st, 2, now);
    store_bind_i64(st, 3, id);
    return store_run(st);
}
