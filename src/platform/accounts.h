/*
 * accounts.h - accounts and roles: the rules, with no HTTP in them.
 *
 * An account has an e-mail (stored lower-case, unique), an argon2id
 * password hash, a display name, a role (shopper, staff, admin), for staff
 * the retailer it is scoped to, and a disabled flag.  Functions return
 * store results (STORE_DONE / STORE_ROW / negative errors).
 */
#ifndef AG_ACCOUNTS_H
#define AG_ACCOUNTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/limits.h"
#include "core/secret.h"
#include "http/http.h"
#include "store/store.h"

struct acct {
    int64_t id;
    char email[AG_EMAIL_MAX + 1];
    char display_name[AG_DISPLAY_NAME_MAX * 4 + 1];
    enum http_role role;
    int64_t retailer_id; /* 0 when none */
    bool disabled;
    int64_t created_at;
    int64_t updated_at;
};

/* "shopper" -> ROLE_SHOPPER ...; ROLE_NONE when unknown. */
enum http_role acct_role_parse(const char *s);
const char *acct_role_name(enum http_role role);

/* Lower-cases and trims an e-mail into out; returns 0, or -1 if too long. */
int acct_normalize_email(const char *email, char out[AG_EMAIL_MAX + 1]);

/* Inserts an account (inside a write transaction); *id gets its id.
 * STORE_DONE, STORE_UNIQUE when the e-mail is taken, or an error. */
int acct_create(store_conn *db, const char *email, const char *password_hash,
                const char *display_name, enum http_role role, int64_t retailer_id,
                int64_t now, int64_t *id);

/* STORE_ROW when found (out filled), STORE_DONE when not, or an error. */
int acct_get(store_conn *db, int64_t id, struct acct *out);
/* Same by e-mail, also returning the password hash. */
int acct_get_by_email(store_conn *db, const char *email, struct acct *out,
                      char hash[SECRET_PWHASH_LEN]);
/* The stored password hash of an account; STORE_ROW / STORE_DONE / error. */
int acct_get_hash(store_conn *db, int64_t id, char hash[SECRET_PWHASH_LEN]);

int acct_set_password(store_conn *db, int64_t id, const char *password_hash, int64_t now);

/* Changes role, scope and disabled state (inside a write transaction). */
int acct_update_admin(store_conn *db, int64_t id, enum http_role role, int64_t retailer_id,
                      bool disabled, int64_t now);

/* Number of enabled admins. */
int64_t acct_count_active_admins(store_conn *db);
/* 1 when a is the only enabled admin (demoting, disabling or erasing it
 * would lock the platform out), 0 when not, or a negative store error. */
int acct_is_last_admin(store_conn *db, const struct acct *a);

/* Lists accounts with id > after_id, at most limit, into items (appending
 * acct_to_json objects).  *more is set when another page exists. */
int acct_list(store_conn *db, int64_t after_id, int limit, json_t *items, bool *more,
              int64_t *last_id);

/* The public JSON of an account (new reference). */
json_t *acct_to_json(const struct acct *a);

/* Sets the display name (already validated and cleaned). */
int acct_set_display_name(store_conn *db, int64_t id, const char *name, int64_t now);

/* Personal-data part "account" (acct_to_json of the account), and its
 * erasure: the row stays as a tombstone so that content other people rely
 * on keeps its author, but everything personal goes.  The e-mail becomes
 * "erased:<id>" (no address, so it is free to sign up again and can never
 * log in), the password hash one that matches no password, the display
 * name empty, the staff scope none; the account is disabled and erased_at
 * records when. */
int acct_export(store_conn *db, int64_t id, json_t **out);
int acct_erase(store_conn *db, int64_t id, int64_t now);

#endif
