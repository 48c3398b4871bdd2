/*
 * auth_http.c - sign-up, login, logout and password change over HTTP.
 *
 * Login attempts are limited per client address (every attempt counts) and
 * per account (failures count); both limits are settings.  The expensive
 * argon2id work runs outside any transaction so that it never holds the
 * database write lock.  auth_confirm_password (auth.h) lets other routes
 * ask for the password again under the same limits.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "core/settings.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "json/js.h"
#include "json/validate.h"
#include "platform/accounts.h"
#include "platform/auth.h"
#include "platform/handlers.h"
#include "platform/ratelimit.h"
#include "platform/session.h"

/* A hash of a random password, verified when the e-mail is unknown so that
 * a wrong e-mail costs as much time as a wrong password. */
static char auth_dummy_hash[SECRET_PWHASH_LEN];
static pthread_once_t auth_dummy_once = PTHREAD_ONCE_INIT;

static void auth_dummy_init(void)
{
    char pw[33];
    secret_random_hex(pw, 16);
    if (secret_password_hash(pw, auth_dummy_hash) != 0)
        auth_dummy_hash[0] = '\0';
}

/* Answers 429 with Retry-After. */
static int auth_too_many(struct http_req *req, struct http_res *res, int64_t retry_after)
{
    char v[24];
    snprintf(v, sizeof v, "%lld", (long long)retry_after);
    http_problem(res, ERR_RATE_LIMITED, "Too many login attempts; retry in %lld seconds.",
                 (long long)retry_after);
    http_header(req, res, "Retry-After", v);
    return res->status;
}

/* Counts an attempt from this client address in its own transaction.
 * Returns 0 when allowed, 429 (res filled) when over the limit, or another
 * error status. */
static int auth_count_address(struct http_req *req, struct http_res *res)
{
    const struct config *cfg = settings_current;
    char bucket[128];
    snprintf(bucket, sizeof bucket, "login:ip:%s", req->client_addr);
    int64_t retry = 0;
    int rc = store_begin(req->db, STORE_TX_WRITE);
    if (rc != STORE_OK)
        return http_problem_store(res, rc);
    int64_t hits = ratelimit_hit(req->db, bucket, cfg->login_window, time_now(), &retry);
    if (hits < 0) {
        store_rollback(req->db);
        return http_problem_store(res, (int)hits);
    }
    rc = store_commit(req->db);
    if (rc != STORE_OK)
        return http_problem_store(res, rc);
    if (hits > cfg->login_max_per_address)
        return auth_too_many(req, res, retry);
    return 0;
}

static void auth_failure_bucket(const char *email, char *bucket, size_t len)
{
    snprintf(bucket, len, "login:acct:%s", email);
}

/* Records a failed password for email, in its own transaction.  Returns
 * STORE_OK, or the store's error: the caller then answers with that error
 * rather than "wrong password", so that a guess the limit did not count is
 * never answered as an ordinary one (the limit fails closed). */
static int auth_count_failure(struct http_req *req, const char *email)
{
    char bucket[300];
    int64_t retry;
    auth_failure_bucket(email, bucket, sizeof bucket);
    int rc = store_begin(req->db, STORE_TX_WRITE);
    if (rc != STORE_OK)
        return rc;
    int64_t hits =
        ratelimit_hit(req->db, bucket, settings_current->login_window, time_now(), &retry);
    if (hits < 0) {
        store_rollback(req->db);
        return (int)hits;
    }
    return store_commit(req->db);
}

/* 0 when email may try again, else the status of the 429 written. */
static int auth_check_failures(struct http_req *req, struct http_res *res, const char *email)
{
    char bucket[300];
    int64_t retry = 0;
    auth_failure_bucket(email, bucket, sizeof bucket);
    int64_t fails =
        ratelimit_peek(req->db, bucket, settings_current->login_window, time_now(), &retry);
    if (fails < 0)
        return http_problem_store(res, (int)fails);
    if (fails >= settings_current->login_max_per_account)
        return auth_too_many(req, res, retry);
    return 0;
}

/* Creates a session and answers with it (inside the caller's transaction). */
static int auth_session_response(struct http_req *req, struct http_res *res,
                                 const struct acct *a, int status)
{
    char token[SECRET_TOKEN_LEN];
    int64_t expires_at;
    int rc = session_create(req->db, a->id, time_now(), settings_current->session_ttl, token,
                            &expires_at);
    if (rc != STORE_DONE)
        return http_problem_store(res, rc);
    json_t *body = json_object();
    json_object_set_new(body, "token", json_string(token));
    json_object_set_new(body, "token_type", json_string("Bearer"));
    json_object_set_new(body, "expires_at", js_time(expires_at));
    json_object_set_new(body, "account", acct_to_json(a));
    if (status == 201)
        http_header(req, res, "Location", "/v1/me");
    return http_json(res, status, body);
}

static const struct jv_field signup_body[] = {
    {"email", JV_STRING, JV_REQUIRED, .min = 3, .max = AG_EMAIL_MAX, .check = jv_check_email},
    {"password", JV_STRING, JV_REQUIRED, .min = AG_PASSWORD_MIN, .max = AG_PASSWORD_MAX},
    {"display_name", JV_STRING, 0, .min = 1, .max = AG_DISPLAY_NAME_MAX, .check = jv_check_line},
    {0},
};

/* POST /v1/auth/signup: creates a shopper account and logs it in. */
int auth_signup(struct http_req *req, struct http_res *res)
{
    json_t *errors = jv_check(req->body, signup_body);
    if (errors)
        return http_problem_fields(res, errors, NULL);
    char email[AG_EMAIL_MAX + 1];
    if (acct_normalize_email(js_get_str(req->body, "email"), email) != 0)
        return http_problem_field(res, "/email", "must be an e-mail address");
    int status = auth_count_address(req, res);
    if (status)
        return status;
    const char *name = js_get_str(req->body, "display_name");
    char local[AG_EMAIL_MAX + 1];
    if (!name) {
        text_copy(local, sizeof local, email);
        char *at = strchr(local, '@');
        if (at)
            *at = '\0';
        name = local;
    }
    char hash[SECRET_PWHASH_LEN];
    if (secret_password_hash(js_get_str(req->body, "password"), hash) != 0)
        return http_problem(res, ERR_INTERNAL, "Could not hash the password.");
    int rc = store_begin(req->db, STORE_TX_WRITE);
    if (rc != STORE_OK)
        return http_problem_store(res, rc);
    struct acct a;
    int64_t now = time_now();
    rc = acct_create(req->db, email, hash, name, ROLE_SHOPPER, 0, now, &a.id);
    if (rc == STORE_UNIQUE)
        return http_problem(res, ERR_ALREADY_EXISTS, "An account with this e-mail exists.");
    if (rc != STORE_DONE)
        return http_problem_store(res, rc);
    rc = acct_get(req->db, a.id, &a);
    if (rc != STORE_ROW)
        return http_problem_store(res, rc == STORE_DONE ? STORE_ERR : rc);
    return auth_session_response(req, res, &a, 201);
}

static const struct jv_field login_body[] = {
    {"email", JV_STRING, JV_REQUIRED, .min = 1, .max = AG_EMAIL_MAX},
    {"password", JV_STRING, JV_REQUIRED, .min = 1, .max = AG_PASSWORD_MAX},
    {0},
};

/* POST /v1/auth/login: exchanges e-mail and password for a bearer token. */
int auth_login(struct http_req *req, struct http_res *res)
{
    json_t *errors = jv_check(req->body, login_body);
    if (errors)
        return http_problem_fields(res, errors, NULL);
    char email[AG_EMAIL_MAX + 1];
    if (acct_normalize_email(js_get_str(req->body, "email"), email) != 0)
        return http_problem_field(res, "/email", "must be an e-mail address");
    int status = auth_count_address(req, res);
    if (!status)
        status = auth_check_failures(req, res, email);
    if (status)
        return status;
    const char *password = js_get_str(req->body, "password");
    struct acct a;
    char hash[SECRET_PWHASH_LEN];
    int rc = acct_get_by_email(req->db, email, &a, hash);
    if (rc != STORE_ROW && rc != STORE_DONE)
        return http_problem_store(res, rc);
    if (rc == STORE_DONE) {
        pthread_once(&auth_dummy_once, auth_dummy_init);
        secret_password_verify(auth_dummy_hash, password);
    }
    if (rc == STORE_DONE || !secret_password_verify(hash, password)) {
        rc = auth_count_failure(req, email);
        if (rc != STORE_OK)
            return http_problem_store(res, rc);
        return http_problem(res, ERR_INVALID_CREDENTIALS, "Wrong e-mail or password.");
    }
    if (a.disabled)
        return http_problem(res, ERR_ACCOUNT_DISABLED, "This account is disabled.");
    char bucket[300];
    auth_failure_bucket(email, bucket, sizeof bucket);
    rc = store_begin(req->db, STORE_TX_WRITE);
    if (rc != STORE_OK)
        return http_problem_store(res, rc);
    rc = ratelimit_clear(req->db, bucket);
    if (rc != STORE_DONE)
        return http_problem_store(res, rc);
    return auth_session_response(req, res, &a, 200);
}

/* POST /v1/auth/logout: revokes the session of the token used. */
int auth_logout(struct http_req *req, struct http_res *res)
{
    int rc = store_begin(req->db, STORE_TX_WRITE);
    if (rc != STORE_OK)
        return http_problem_store(res, rc);
    rc = session_revoke(req->db, req->auth.session_id, time_now());
    if (rc != STORE_DONE)
        return http_problem_store(res, rc);
    return http_no_content(res);
}

static const struct jv_field password_body[] = {
    {"current_password", JV_STRING, JV_REQUIRED, .min = 1, .max = AG_PASSWORD_MAX},
    {"new_password", JV_STRING, JV_REQUIRED, .min = AG_PASSWORD_MIN, .max = AG_PASSWORD_MAX},
    {0},
};

int auth_confirm_password(struct http_req *req, struct http_res *res, const struct acct *a,
                          const char *password, const char *pointer)
{
    int status = auth_check_failures(req, res, a->email);
    if (status)
        return status;
    char hash[SECRET_PWHASH_LEN];
    int rc = acct_get_hash(req->db, a->id, hash);
    if (rc != STORE_ROW)
        return http_problem_store(res, rc == STORE_DONE ? STORE_ERR : rc);
    if (!secret_password_verify(hash, password)) {
        rc = auth_count_failure(req, a->email);
        if (rc != STORE_OK)
            return http_problem_store(res, rc);
        return http_problem_field(res, pointer, "is not your current password");
    }
    return 0;
}

int auth_erase_limits(store_conn *db, int64_t account_id, int64_t now)
{
    (void)now;
    struct acct a;
    int rc = acct_get(db, account_id, &a);
    if (rc != STORE_ROW)
        return rc == STORE_DONE ? STORE_DONE : rc;
    char bucket[300];
    auth_failure_bucket(a.email, bucket, sizeof bucket);
    return ratelimit_clear(db, bucket);
}

/* POST /v1/me/password: changes the password and ends every other session. */
int auth_change_password(struct http_req *req, struct http_res *res)
{
    json_t *errors = jv_check(req->body, password_body);
    if (errors)
        return http_problem_fields(res, errors, NULL);
    struct acct a;
    int rc = acct_get(req->db, req->auth.account_id, &a);
    if (rc != STORE_ROW)
        return http_problem_store(res, rc == STORE_DONE ? STORE_ERR : rc);
    int status = auth_confirm_password(req, res, &a, js_get_str(req->body, "current_password"),
                                       "/current_password");
    if (status)
        return status;
    char hash[SECRET_PWHASH_LEN];
    if (secret_password_hash(js_get_str(req->body, "new_password"), hash) != 0)
        return http_problem(res, ERR_INTERNAL, "Could not hash the password.");
    int64_t now = time_now();
    rc = store_begin(req->db, STORE_TX_WRITE);
    if (rc == STORE_OK)
        rc = acct_set_password(req->db, a.id, hash, now);
    if (rc == STORE_DONE)
        rc = session_revoke_all(req->db, a.id, req->auth.session_id, now);
    if (rc != STORE_DONE)
        return http_problem_store(res, rc);
    return http_no_content(res);
}
