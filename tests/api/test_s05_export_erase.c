/*
 * test_s05_export_erase.c - a person's data on request.
 *
 * GET /v1/me/export: one JSON document with every part (account, profile,
 * interests, consents with history, friends, friend requests, follows,
 * sessions' metadata), offered as a download.  DELETE /v1/me: password
 * required again; erases the personal data, ends every session, leaves a
 * tombstone account row, and frees the e-mail for a new sign-up.  A
 * refused erasure writes nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"
#include "people_fixtures.h"

static struct srv S;
static struct fx_user Admin;

static int setup(void **state)
{
    (void)state;
    return srv_start(&S, NULL);
}

static int teardown(void **state)
{
    (void)state;
    fx_user_free(&Admin);
    int rc = srv_stop(&S);
    srv_cleanup(&S);
    return rc == 0 ? 0 : -1;
}

static long count_for(const char *fmt, long long id)
{
    char sql[300];
    snprintf(sql, sizeof sql, fmt, id, id);
    return db_count(&S, sql);
}

static void export_holds_every_part(void **state)
{
    (void)state;
    struct fx_user me, pal, fan;
    fx_shopper(&S, "Exa", &me);
    fx_shopper(&S, "Pal", &pal);
    fx_shopper(&S, "Fan", &fan);
    fx_patch_me(&S, &me,
                "{\"home\":{\"lat\":52.52,\"lon\":13.405},\"interests\":{\"tags\":[\"jazz\"]},"
                "\"consents\":{\"retailer_messages\":true},\"privacy\":{\"area\":\"nobody\"}}");
    fx_patch_me(&S, &me, "{\"consents\":{\"retailer_messages\":false}}");
    fx_befriend(&S, &me, &pal);
    fx_ask(&S, &fan, me.id, 201);
    struct http_resp r;
    fx_expect(&S, "GET", "/v1/me/export", me.token, NULL, 200, &r);
    char v[256], want[128];
    assert_true(resp_header(&r, "Content-Disposition", v, sizeof v));
    snprintf(want, sizeof want, "attachment; filename=\"agora-export-%lld-", me.id);
    assert_true(strncmp(v, want, strlen(want)) == 0);
    assert_non_null(strstr(v, ".json\""));
    assert_true(resp_header(&r, "Content-Type", v, sizeof v));
    assert_string_equal(v, "application/json");
    json_t *doc = r.json;
    assert_string_equal(json_string_value(json_object_get(doc, "format")), "agora-export/1");
    assert_true(json_is_string(json_object_get(doc, "exported_at")));
    /* Every part, and nothing secret. */
    const char *parts[] = {"account", "profile",         "interests", "consents",
                           "friends", "friend_requests", "follows",   "sessions"};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        if (!json_object_get(doc, parts[i]))
            fprintf(stderr, "missing %s in %s\n", parts[i], r.body);
        assert_non_null(json_object_get(doc, parts[i]));
    }
    assert_int_equal(json_object_size(doc), 2 + sizeof parts / sizeof parts[0]);
    assert_null(strstr(r.body, "password"));
    assert_null(strstr(r.body, "argon2"));
    assert_null(strstr(r.body, "token"));
    json_t *acct = json_object_get(doc, "account");
    assert_string_equal(json_string_value(json_object_get(acct, "email")), me.email);
    json_t *profile = json_object_get(doc, "profile");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(profile, "privacy"), "area")), "nobody");
    assert_false(json_is_null(json_object_get(profile, "home")));
    json_t *tags = json_object_get(json_object_get(doc, "interests"), "tags");
    assert_string_equal(json_string_value(json_array_get(tags, 0)), "jazz");
    json_t *consents = json_object_get(doc, "consents");
    assert_true(json_is_false(json_object_get(
        json_object_get(json_object_get(consents, "current"), "retailer_messages"), "granted")));
    json_t *history = json_object_get(consents, "history");
    assert_int_equal(json_array_size(history), 2);
    assert_true(json_is_true(json_object_get(json_array_get(history, 0), "granted")));
    assert_true(json_is_false(json_object_get(json_array_get(history, 1), "granted")));
    json_t *friends = json_object_get(doc, "friends");
    assert_int_equal(json_array_size(friends), 1);
    assert_int_equal(fx_id(json_object_get(json_array_get(friends, 0), "shopper")), pal.id);
    json_t *reqs = json_object_get(doc, "friend_requests");
    assert_int_equal(json_array_size(reqs), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(reqs, 0), "direction")),
                        "incoming");
    json_t *sessions = json_object_get(doc, "sessions");
    assert_true(json_array_size(sessions) >= 1);
    json_t *s0 = json_array_get(sessions, 0);
    assert_true(json_is_string(json_object_get(s0, "created_at")));
    assert_true(json_is_string(json_object_get(s0, "expires_at")));
    resp_free(&r);
    fx_expect_problem(&S, "GET", "/v1/me/export", NULL, NULL, 401, "unauthenticated");
    fx_user_free(&me);
    fx_user_free(&pal);
    fx_user_free(&fan);
}

static void export_lists_catalog_interests_and_follows(void **state)
{
    (void)state;
    if (!Admin.token)
        fx_account(&S, "admin", 0, &Admin);
    long long cat = fx_catalog(&S, Admin.token, "categories", "Garden");
    long long brand = fx_catalog(&S, Admin.token, "brands", "Exported Brand");
    long long shop = fx_catalog(&S, Admin.token, "retailers", "Exported Shop");
    struct fx_user me;
    fx_shopper(&S, "Cato", &me);
    char body[200], path[96];
    snprintf(body, sizeof body, "{\"interests\":{\"categories\":[\"%lld\"],\"brands\":[\"%lld\"]}}",
             cat, brand);
    fx_patch_me(&S, &me, body);
    snprintf(path, sizeof path, "/v1/me/follows/retailers/%lld", shop);
    struct http_resp r;
    fx_expect(&S, "PUT", path, me.token, NULL, 201, &r);
    resp_free(&r);
    fx_expect(&S, "GET", "/v1/me/export", me.token, NULL, 200, &r);
    json_t *in = json_object_get(r.json, "interests");
    assert_int_equal(fx_id(json_array_get(json_object_get(in, "categories"), 0)), cat);
    assert_int_equal(fx_id(json_array_get(json_object_get(in, "brands"), 0)), brand);
    json_t *follows = json_object_get(r.json, "follows");
    assert_int_equal(json_array_size(follows), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(follows, 0), "name")),
                        "Exported Shop");
    resp_free(&r);
    /* Erasure takes them along; the catalog stays. */
    fx_expect(&S, "DELETE", "/v1/me", me.token, "{\"password\":\"test-password-1\"}", 204, &r);
    resp_free(&r);
    assert_int_equal(
        count_for("SELECT COUNT(*) FROM follows WHERE account_id = %lld OR 0 = %lld", me.id), 0);
    assert_int_equal(count_for("SELECT COUNT(*) FROM brands WHERE id = %lld OR 0 = %lld", brand),
                     1);
    fx_user_free(&me);
}

static void erase_needs_the_password(void **state)
{
    (void)state;
    struct fx_user me;
    fx_shopper(&S, "Wes", &me);
    fx_patch_me(&S, &me, "{\"interests\":{\"tags\":[\"keep\"]}}");
    long rows = fx_people_rows(&S);
    long accounts = db_count(&S, "SELECT COUNT(*) FROM accounts WHERE disabled = 0");
    fx_expect_problem(&S, "DELETE", "/v1/me", me.token, "{\"password\":\"wrong-password\"}", 422,
                      "validation_failed");
    fx_expect_problem(&S, "DELETE", "/v1/me", me.token, "{}", 422, "validation_failed");
    fx_expect_problem(&S, "DELETE", "/v1/me", me.token, "{\"password\":\"\"}", 422,
                      "validation_failed");
    fx_expect_problem(&S, "DELETE", "/v1/me", me.token, NULL, 400, "malformed_json");
    fx_expect_problem(&S, "DELETE", "/v1/me", NULL, "{\"password\":\"test-password-1\"}", 401,
                      "unauthenticated");
    assert_int_equal(fx_people_rows(&S), rows);
    assert_int_equal(db_count(&S, "SELECT COUNT(*) FROM accounts WHERE disabled = 0"), accounts);
    struct http_resp r;
    fx_expect(&S, "GET", "/v1/me", me.token, NULL, 200, &r);
    resp_free(&r);
    fx_user_free(&me);
}

static void erase_removes_personal_data_and_frees_the_email(void **state)
{
    (void)state;
    struct fx_user me, pal, fan, idol;
    fx_shopper(&S, "Gone", &me);
    fx_shopper(&S, "Pal", &pal);
    fx_shopper(&S, "Fan", &fan);
    fx_shopper(&S, "Idol", &idol);
    fx_patch_me(&S, &me,
                "{\"display_name\":\"Gone Soon\",\"home\":{\"lat\":40.7128,\"lon\":-74.006},"
                "\"interests\":{\"tags\":[\"secret\"]},\"consents\":{\"insights\":true}}");
    fx_befriend(&S, &me, &pal);
    fx_ask(&S, &fan, me.id, 201);
    fx_ask(&S, &me, idol.id, 201);
    /* A second session, and an idempotent write whose stored answer holds
     * the profile. */
    char *second = api_login(&S, me.email, "test-password-1");
    assert_non_null(second);
    struct http_resp r;
    assert_int_equal(api_send_idem(&S, "PATCH", "/v1/me", me.token, "{\"display_name\":\"Kept\"}",
                                   "erase-k1", &r),
                     0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
    long long id = me.id;
    fx_expect(&S, "DELETE", "/v1/me", me.token, "{\"password\":\"test-password-1\"}", 204, &r);
    assert_int_equal(r.len, 0);
    resp_free(&r);
    /* Every session ended. */
    fx_expect_problem(&S, "GET", "/v1/me", me.token, NULL, 401, "unauthenticated");
    fx_expect_problem(&S, "GET", "/v1/me", second, NULL, 401, "unauthenticated");
    free(second);
    /* Nothing personal is left. */
    const char *gone[] = {
        "SELECT COUNT(*) FROM profiles WHERE account_id = %lld OR 0 = %lld",
        "SELECT COUNT(*) FROM interests WHERE account_id = %lld OR 0 = %lld",
        "SELECT COUNT(*) FROM consents WHERE account_id = %lld OR 0 = %lld",
        "SELECT COUNT(*) FROM consent_history WHERE account_id = %lld OR 0 = %lld",
        "SELECT COUNT(*) FROM friendships WHERE account_id = %lld OR friend_id = %lld",
        "SELECT COUNT(*) FROM friend_requests WHERE from_id = %lld OR to_id = %lld",
        "SELECT COUNT(*) FROM follows WHERE account_id = %lld OR 0 = %lld",
        "SELECT COUNT(*) FROM sessions WHERE account_id = %lld OR 0 = %lld",
        "SELECT COUNT(*) FROM idempotency_keys WHERE scope = 'a:' || %lld OR 0 = %lld",
    };
    for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++) {
        long n = count_for(gone[i], id);
        if (n != 0)
            fprintf(stderr, "left: %s -> %ld\n", gone[i], n);
        assert_int_equal(n, 0);
    }
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM rate_limits WHERE bucket LIKE '%%%s%%'",
             me.email);
    assert_int_equal(db_count(&S, sql), 0);
    /* The tombstone keeps the id for content others rely on, and nothing
     * else. */
    assert_int_equal(count_for("SELECT COUNT(*) FROM accounts WHERE id = %lld AND erased_at IS "
                               "NOT NULL AND disabled = 1 AND display_name = '' AND email = "
                               "'erased:' || %lld",
                               id),
                     1);
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM accounts WHERE email = '%s'", me.email);
    assert_int_equal(db_count(&S, sql), 0);
    /* Others no longer see them. */
    fx_expect(&S, "GET", "/v1/me/friends", pal.token, NULL, 200, &r);
    assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
    resp_free(&r);
    fx_expect(&S, "GET", "/v1/me/friend-requests", fan.token, NULL, 200, &r);
    assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
    resp_free(&r);
    fx_expect(&S, "GET", "/v1/me/friend-requests", idol.token, NULL, 200, &r);
    assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
    resp_free(&r);
    char path[64];
    snprintf(path, sizeof path, "/v1/shoppers/%lld", id);
    fx_expect_problem(&S, "GET", path, pal.token, NULL, 404, "not_found");
    char body[128];
    snprintf(body, sizeof body, "{\"shopper_id\":\"%lld\"}", id);
    fx_expect_problem(&S, "POST", "/v1/me/friend-requests", pal.token, body, 404, "not_found");
    /* The old password opens nothing; the e-mail signs up afresh. */
    char login[512];
    snprintf(login, sizeof login, "{\"email\":\"%s\",\"password\":\"test-password-1\"}", me.email);
    fx_expect_problem(&S, "POST", "/v1/auth/login", NULL, login, 401, "invalid_credentials");
    snprintf(login, sizeof login, "{\"email\":\"erased:%lld\",\"password\":\"!\"}", id);
    fx_expect_problem(&S, "POST", "/v1/auth/login", NULL, login, 401, "invalid_credentials");
    snprintf(login, sizeof login, "{\"email\":\"%s\",\"password\":\"another-password\"}", me.email);
    fx_expect(&S, "POST", "/v1/auth/signup", NULL, login, 201, &r);
    const char *tok = json_string_value(json_object_get(r.json, "token"));
    assert_true(fx_id(json_object_get(r.json, "account")) != id);
    struct http_resp again;
    fx_expect(&S, "GET", "/v1/me/export", tok, NULL, 200, &again);
    assert_int_equal(json_array_size(json_object_get(again.json, "friends")), 0);
    assert_int_equal(
        json_array_size(json_object_get(json_object_get(again.json, "interests"), "tags")), 0);
    assert_null(strstr(again.body, "Gone Soon"));
    resp_free(&again);
    resp_free(&r);
    fx_user_free(&me);
    fx_user_free(&pal);
    fx_user_free(&fan);
    fx_user_free(&idol);
}

static void the_last_admin_cannot_erase_themselves(void **state)
{
    (void)state;
    /* Admin accounts of this server: Admin (maybe) and this one; make sure
     * exactly one is enabled by disabling the others first. */
    struct fx_user a, b;
    fx_account(&S, "admin", 0, &a);
    fx_account(&S, "admin", 0, &b);
    char path[64];
    struct http_resp r;
    if (Admin.token) {
        snprintf(path, sizeof path, "/v1/admin/users/%lld", Admin.id);
        fx_expect(&S, "PATCH", path, a.token, "{\"disabled\":true}", 200, &r);
        resp_free(&r);
    }
    /* Two admins: one may go. */
    fx_expect(&S, "DELETE", "/v1/me", b.token, "{\"password\":\"test-password-1\"}", 204, &r);
    resp_free(&r);
    long rows = fx_people_rows(&S);
    fx_expect_problem(&S, "DELETE", "/v1/me", a.token, "{\"password\":\"test-password-1\"}", 409,
                      "conflict");
    assert_int_equal(fx_people_rows(&S), rows);
    fx_expect(&S, "GET", "/v1/me", a.token, NULL, 200, &r);
    resp_free(&r);
    fx_user_free(&a);
    fx_user_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(export_holds_every_part),
        cmocka_unit_test(export_lists_catalog_interests_and_follows),
        cmocka_unit_test(erase_needs_the_password),
        cmocka_unit_test(erase_removes_personal_data_and_frees_the_email),
        cmocka_unit_test(the_last_admin_cannot_erase_themselves),
    };
    return cmocka_run_group_tests_name("s05_export_erase", tests, setup, teardown);
}
