/*
 * test_p02_auth.c - accounts and sessions: sign-up, login, logout, password
 * change, expired and revoked tokens, roles on routes, login rate limits
 * per account and per client address (with a trusted proxy), and that
 * checking a token never writes to the database.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <cmocka.h>

#include "harness.h"

static struct srv S;

static int setup(void **state)
{
    (void)state;
    return srv_start(&S, NULL);
}

static int teardown(void **state)
{
    (void)state;
    int rc = srv_stop(&S);
    srv_cleanup(&S);
    return rc == 0 ? 0 : -1;
}

static long get_status(struct srv *s, const char *path, const char *token, char *code,
                       size_t codelen)
{
    struct http_resp r;
    if (api_get(s, path, token, &r) != 0)
        return -1;
    long st = r.status;
    if (code)
        snprintf(code, codelen, "%s", resp_code(&r));
    resp_free(&r);
    return st;
}

/* 1 when s is "YYYY-MM-DDTHH:MM:SSZ" within a minute of t (read with the
 * C library, not with the server's own formatter). */
static int rfc3339_utc_near(const char *s, time_t t)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (!s || strlen(s) != 20)
        return 0;
    const char *end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (!end || *end)
        return 0;
    time_t v = timegm(&tm);
    return v > t - 60 && v < t + 60;
}

static void signup_logs_in_and_rejects_duplicates(void **state)
{
    (void)state;
    const char *email = harness_email("signup");
    char body[256];
    snprintf(body, sizeof body,
             "{\"email\":\"%s\",\"password\":\"correct-horse\",\"display_name\":\"Åsa\"}", email);
    struct http_resp r;
    assert_int_equal(api_send(&S, "POST", "/v1/auth/signup", NULL, body, &r), 0);
    assert_int_equal(r.status, 201);
    char loc[64];
    assert_true(resp_header(&r, "Location", loc, sizeof loc));
    assert_string_equal(loc, "/v1/me");
    json_t *acct = json_object_get(r.json, "account");
    assert_string_equal(json_string_value(json_object_get(acct, "role")), "shopper");
    assert_string_equal(json_string_value(json_object_get(acct, "display_name")), "Åsa");
    assert_true(json_is_string(json_object_get(acct, "id")));
    const char *token = json_string_value(json_object_get(r.json, "token"));
    assert_non_null(token);
    assert_true(strlen(token) >= 43); /* 256 bits in base64url */
    char *tok = strdup(token);
    /* Times are RFC 3339 in UTC: the session ends 30 days (the default
     * session-ttl) after now, and the account was created now. */
    time_t now = time(NULL);
    assert_true(rfc3339_utc_near(json_string_value(json_object_get(r.json, "expires_at")),
                                 now + 30 * 86400));
    assert_true(rfc3339_utc_near(json_string_value(json_object_get(acct, "created_at")), now));
    resp_free(&r);

    assert_int_equal(api_get(&S, "/v1/me", tok, &r), 0);
    assert_int_equal(r.status, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "email")), email);
    resp_free(&r);
    free(tok);

    /* The same e-mail in other case is the same account. */
    char upper[160];
    snprintf(upper, sizeof upper, "%s", email);
    for (char *p = upper; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    snprintf(body, sizeof body, "{\"email\":\"%s\",\"password\":\"another-password\"}", upper);
    long before = db_count(&S, "SELECT COUNT(*) FROM accounts");
    assert_int_equal(api_send(&S, "POST", "/v1/auth/signup", NULL, body, &r), 0);
    assert_int_equal(r.status, 409);
    assert_string_equal(resp_code(&r), "already_exists");
    resp_free(&r);
    assert_int_equal(db_count(&S, "SELECT COUNT(*) FROM accounts"), before);
}

static void only_a_hash_of_the_token_is_stored(void **state)
{
    (void)state;
    const char *email = harness_email("hash");
    char *tok = api_signup(&S, email, "correct-horse");
    assert_non_null(tok);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM sessions WHERE token_hash = '%s'", tok);
    assert_int_equal(db_count(&S, sql), 0);
    snprintf(sql, sizeof sql,
             "SELECT COUNT(*) FROM accounts WHERE email = '%s' AND password_hash LIKE "
             "'$argon2id$%%'",
             email);
    assert_int_equal(db_count(&S, sql), 1);
    free(tok);
}

static void login_accepts_the_password_only(void **state)
{
    (void)state;
    const char *email = harness_email("login");
    char *t1 = api_signup(&S, email, "correct-horse");
    assert_non_null(t1);
    char *t2 = api_login(&S, email, "correct-horse");
    assert_non_null(t2);
    assert_string_not_equal(t1, t2);
    struct http_resp r;
    char body[256];
    snprintf(body, sizeof body, "{\"email\":\"%s\",\"password\":\"wrong-horse\"}", email);
    assert_int_equal(api_send(&S, "POST", "/v1/auth/login", NULL, body, &r), 0);
    assert_int_equal(r.status, 401);
    assert_string_equal(resp_code(&r), "invalid_credentials");
    resp_free(&r);
    /* An unknown e-mail gets exactly the same answer. */
    assert_int_equal(api_send(&S, "POST", "/v1/auth/login", NULL,
                              "{\"email\":\"nobody-at-all@test.example\",\"password\":\"x\"}", &r),
                     0);
    assert_int_equal(r.status, 401);
    assert_string_equal(resp_code(&r), "invalid_credentials");
    resp_free(&r);
    free(t1);
    free(t2);
}

static void logout_revokes_only_that_session(void **state)
{
    (void)state;
    const char *email = harness_email("logout");
    char *a = api_signup(&S, email, "correct-horse");
    char *b = api_login(&S, email, "correct-horse");
    struct http_resp r;
    assert_int_equal(api_send(&S, "POST", "/v1/auth/logout", a, NULL, &r), 0);
    assert_int_equal(r.status, 204);
    resp_free(&r);
    char code[64];
    assert_int_equal(get_status(&S, "/v1/me", a, code, sizeof code), 401);
    assert_string_equal(code, "token_revoked");
    assert_int_equal(get_status(&S, "/v1/me", b, NULL, 0), 200);
    free(a);
    free(b);
}

static void password_change_ends_other_sessions(void **state)
{
    (void)state;
    const char *email = harness_email("pw");
    char *mine = api_signup(&S, email, "correct-horse");
    char *other = api_login(&S, email, "correct-horse");
    struct http_resp r;
    assert_int_equal(
        api_send(&S, "POST", "/v1/me/password", mine,
                 "{\"current_password\":\"not-it-at-all\",\"new_password\":\"battery-staple\"}",
                 &r),
        0);
    assert_int_equal(r.status, 422);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(r.json, "errors"), 0), "pointer")),
                        "/current_password");
    resp_free(&r);
    assert_int_equal(get_status(&S, "/v1/me", other, NULL, 0), 200);

    assert_int_equal(
        api_send(&S, "POST", "/v1/me/password", mine,
                 "{\"current_password\":\"correct-horse\",\"new_password\":\"battery-staple\"}",
                 &r),
        0);
    assert_int_equal(r.status, 204);
    resp_free(&r);
    assert_int_equal(get_status(&S, "/v1/me", mine, NULL, 0), 200);
    char code[64];
    assert_int_equal(get_status(&S, "/v1/me", other, code, sizeof code), 401);
    assert_string_equal(code, "token_revoked");
    assert_null(api_login(&S, email, "correct-horse"));
    char *fresh = api_login(&S, email, "battery-staple");
    assert_non_null(fresh);
    free(fresh);
    free(mine);
    free(other);
}

static void expired_token_is_refused(void **state)
{
    (void)state;
    /* A second server on the same database whose clock runs 31 days ahead
     * sees the 30-day session as expired. */
    const char *email = harness_email("exp");
    char *tok = api_signup(&S, email, "correct-horse");
    assert_non_null(tok);
    struct srv later;
    const char *args[] = {"--time-offset", "2678400", NULL};
    assert_int_equal(srv_start_peer(&later, &S, args), 0);
    char code[64];
    assert_int_equal(get_status(&later, "/v1/me", tok, code, sizeof code), 401);
    assert_string_equal(code, "token_expired");
    assert_int_equal(get_status(&S, "/v1/me", tok, NULL, 0), 200);
    assert_int_equal(srv_stop(&later), 0);
    free(tok);
}

static void roles_are_enforced_on_routes(void **state)
{
    (void)state;
    char *shopper = api_signup(&S, harness_email("role"), "correct-horse");
    char code[64];
    assert_int_equal(get_status(&S, "/v1/admin/users", shopper, code, sizeof code), 403);
    assert_string_equal(code, "forbidden");
    struct http_resp r;
    assert_int_equal(api_get(&S, "/v1/admin/users", NULL, &r), 0);
    assert_int_equal(r.status, 401);
    char www[64];
    assert_true(resp_header(&r, "WWW-Authenticate", www, sizeof www));
    resp_free(&r);
    char *admin = api_make_user(&S, harness_email("role-admin"), "admin", 0);
    assert_int_equal(get_status(&S, "/v1/admin/users", admin, NULL, 0), 200);
    /* Staff act for an existing retailer (`user add` refuses another). */
    assert_int_equal(api_send(&S, "POST", "/v1/retailers", admin, "{\"name\":\"Role Grocer\"}", &r),
                     0);
    assert_int_equal(r.status, 201);
    long retailer = strtol(json_string_value(json_object_get(r.json, "id")), NULL, 10);
    resp_free(&r);
    char *staff = api_make_user(&S, harness_email("role-staff"), "staff", retailer);
    assert_non_null(staff);
    assert_int_equal(get_status(&S, "/v1/admin/users", staff, code, sizeof code), 403);
    free(shopper);
    free(admin);
    free(staff);
}

static void malformed_or_unknown_tokens_are_401(void **state)
{
    (void)state;
    const char *h1[] = {"Authorization: Basic dXNlcjpwYXNz", NULL};
    const char *h2[] = {"Authorization: Bearer agt_not-a-real-token-000000000000000000000000",
                        NULL};
    const char *h3[] = {"Authorization: Bearer ", NULL};
    const char *const *hs[] = {h1, h2, h3};
    for (int i = 0; i < 3; i++) {
        struct http_resp r;
        assert_int_equal(http_do(&S, "GET", "/v1/me", NULL, NULL, 0, hs[i], &r), 0);
        assert_int_equal(r.status, 401);
        assert_string_equal(resp_code(&r), "unauthenticated");
        resp_free(&r);
    }
}

static void disabled_account_cannot_log_in(void **state)
{
    (void)state;
    char email[160];
    snprintf(email, sizeof email, "%s", harness_email("dis"));
    char *tok = api_signup(&S, email, "correct-horse");
    char *admin = api_make_user(&S, harness_email("dis-admin"), "admin", 0);
    struct http_resp r;
    assert_int_equal(api_get(&S, "/v1/me", tok, &r), 0);
    char path[128];
    snprintf(path, sizeof path, "/v1/admin/users/%s",
             json_string_value(json_object_get(r.json, "id")));
    resp_free(&r);
    assert_int_equal(api_send(&S, "PATCH", path, admin, "{\"disabled\":true}", &r), 0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
    char code[64];
    assert_int_equal(get_status(&S, "/v1/me", tok, code, sizeof code), 401);
    char body[256];
    snprintf(body, sizeof body, "{\"email\":\"%s\",\"password\":\"correct-horse\"}", email);
    assert_int_equal(api_send(&S, "POST", "/v1/auth/login", NULL, body, &r), 0);
    assert_int_equal(r.status, 403);
    assert_string_equal(resp_code(&r), "account_disabled");
    resp_free(&r);
    free(tok);
    free(admin);
}

/* Size and modification time of the database files. */
static void db_files_state(const char *db, long long out[4])
{
    char wal[600];
    struct stat st;
    snprintf(wal, sizeof wal, "%s-wal", db);
    memset(out, 0, 4 * sizeof out[0]);
    if (stat(db, &st) == 0) {
        out[0] = (long long)st.st_size;
        out[1] = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
    }
    if (stat(wal, &st) == 0) {
        out[2] = (long long)st.st_size;
        out[3] = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
    }
}

static void checking_a_token_does_not_write(void **state)
{
    (void)state;
    if (strncmp(S.db, "postgres", 8) == 0) {
        /* On PostgreSQL: no row of the tables a token check could touch is
         * added, removed or updated (an update gives a row a new xmin).
         * (pg_stat_user_tables would do too, but it lags by up to 10 s.) */
        char *tok = api_signup(&S, harness_email("ro"), "correct-horse");
        static const char *const tables[] = {"sessions", "accounts", "rate_limits",
                                             "idempotency_keys"};
        long before[8], after[8];
        for (int round = 0; round < 2; round++) {
            if (round == 1)
                for (int i = 0; i < 20; i++)
                    assert_int_equal(get_status(&S, "/v1/me", tok, NULL, 0), 200);
            long *v = round == 0 ? before : after;
            for (int t = 0; t < 4; t++) {
                char sql[200];
                snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", tables[t]);
                v[2 * t] = db_count(&S, sql);
                snprintf(sql, sizeof sql, "SELECT COALESCE(SUM(xmin::text::bigint), 0) FROM %s",
                         tables[t]);
                v[2 * t + 1] = db_count(&S, sql);
                assert_true(v[2 * t] >= 0 && v[2 * t + 1] >= 0);
            }
        }
        assert_memory_equal(before, after, sizeof before);
        free(tok);
        return;
    }
    char *tok = api_signup(&S, harness_email("ro"), "correct-horse");
    long long before[4], after[4];
    db_files_state(S.db, before);
    for (int i = 0; i < 50; i++)
        assert_int_equal(get_status(&S, "/v1/me", tok, NULL, 0), 200);
    db_files_state(S.db, after);
    assert_memory_equal(before, after, sizeof before);
    free(tok);
}

static void login_limit_per_account(void **state)
{
    (void)state;
    struct srv L;
    memset(&L, 0, sizeof L);
    const char *extra[] = {"--login-max-per-account", "3", NULL};
    assert_int_equal(srv_start(&L, extra), 0);
    const char *email = harness_email("limit");
    char *tok = api_signup(&L, email, "correct-horse");
    assert_non_null(tok);
    char body[256];
    snprintf(body, sizeof body, "{\"email\":\"%s\",\"password\":\"wrong-horse\"}", email);
    struct http_resp r;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(api_send(&L, "POST", "/v1/auth/login", NULL, body, &r), 0);
        assert_int_equal(r.status, 401);
        resp_free(&r);
    }
    /* Now even the right password waits. */
    snprintf(body, sizeof body, "{\"email\":\"%s\",\"password\":\"correct-horse\"}", email);
    assert_int_equal(api_send(&L, "POST", "/v1/auth/login", NULL, body, &r), 0);
    assert_int_equal(r.status, 429);
    assert_string_equal(resp_code(&r), "rate_limited");
    char retry[32];
    assert_true(resp_header(&r, "Retry-After", retry, sizeof retry));
    assert_true(strtol(retry, NULL, 10) > 0);
    resp_free(&r);
    /* Another account is not affected. */
    const char *other = harness_email("limit-other");
    char *t2 = api_signup(&L, other, "correct-horse");
    assert_non_null(t2);
    char *t3 = api_login(&L, other, "correct-horse");
    assert_non_null(t3);
    free(tok);
    free(t2);
    free(t3);
    assert_int_equal(srv_stop(&L), 0);
    srv_cleanup(&L);
}

/* The status of a failed login from xff; a 429 must carry Retry-After. */
static long login_status(struct srv *s, const char *xff)
{
    char h[128];
    snprintf(h, sizeof h, "X-Forwarded-For: %s", xff);
    const char *hs[] = {h, NULL};
    const char *b = "{\"email\":\"nobody@test.example\",\"password\":\"wrong-horse\"}";
    struct http_resp r;
    if (http_do(s, "POST", "/v1/auth/login", "application/json", b, strlen(b), hs, &r) != 0)
        return -1;
    long st = r.status;
    char retry[32];
    if (st == 429 &&
        (!resp_header(&r, "Retry-After", retry, sizeof retry) || strtol(retry, NULL, 10) < 1))
        st = -429;
    resp_free(&r);
    return st;
}

static void login_limit_per_address_and_trusted_proxy(void **state)
{
    (void)state;
    /* Without a trusted proxy, X-Forwarded-For is ignored: all attempts come
     * from 127.0.0.1 and the third is refused. */
    struct srv L;
    memset(&L, 0, sizeof L);
    const char *plain[] = {"--login-max-per-address", "2", "--login-max-per-account", "100", NULL};
    assert_int_equal(srv_start(&L, plain), 0);
    assert_int_equal(login_status(&L, "203.0.113.1"), 401);
    assert_int_equal(login_status(&L, "203.0.113.2"), 401);
    assert_int_equal(login_status(&L, "203.0.113.3"), 429);
    assert_int_equal(srv_stop(&L), 0);
    srv_cleanup(&L);

    /* Behind a trusted proxy each forwarded client has its own budget. */
    memset(&L, 0, sizeof L);
    const char *proxied[] = {"--login-max-per-address",
                             "2",
                             "--login-max-per-account",
                             "100",
                             "--trusted-proxies",
                             "127.0.0.1",
                             NULL};
    assert_int_equal(srv_start(&L, proxied), 0);
    assert_int_equal(login_status(&L, "203.0.113.1"), 401);
    assert_int_equal(login_status(&L, "203.0.113.1"), 401);
    assert_int_equal(login_status(&L, "203.0.113.1"), 429);
    assert_int_equal(login_status(&L, "203.0.113.2"), 401);
    /* A client cannot escape by prepending addresses: the right-most
     * untrusted entry is the client. */
    assert_int_equal(login_status(&L, "198.51.100.7, 203.0.113.1"), 429);
    assert_int_equal(srv_stop(&L), 0);
    srv_cleanup(&L);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(signup_logs_in_and_rejects_duplicates),
        cmocka_unit_test(only_a_hash_of_the_token_is_stored),
        cmocka_unit_test(login_accepts_the_password_only),
        cmocka_unit_test(logout_revokes_only_that_session),
        cmocka_unit_test(password_change_ends_other_sessions),
        cmocka_unit_test(expired_token_is_refused),
        cmocka_unit_test(roles_are_enforced_on_routes),
        cmocka_unit_test(malformed_or_unknown_tokens_are_401),
        cmocka_unit_test(disabled_account_cannot_log_in),
        cmocka_unit_test(checking_a_token_does_not_write),
        cmocka_unit_test(login_limit_per_account),
        cmocka_unit_test(login_limit_per_address_and_trusted_proxy),
    };
    return cmocka_run_group_tests_name("p02_auth", tests, setup, teardown);
}
