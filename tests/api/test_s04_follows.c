/*
 * test_s04_follows.c - following retailers and brands: PUT to follow (201,
 * then 200: following twice is not an error), DELETE to unfollow (204,
 * then 404 not_following), GET /v1/me/follows to list (newest first,
 * filter by kind, cursor pages).  The target must exist; refused requests
 * write nothing.  Targets are made through the catalog API.
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

static long long make(const char *kind, const char *name)
{
    if (!Admin.token)
        fx_account(&S, "admin", 0, &Admin);
    return fx_catalog(&S, Admin.token, kind, name);
}

static void follow(const struct fx_user *u, const char *kind, long long id, long status)
{
    char path[96];
    snprintf(path, sizeof path, "/v1/me/follows/%s/%lld", kind, id);
    struct http_resp r;
    fx_expect(&S, "PUT", path, u->token, NULL, status, &r);
    if (status < 300) {
        assert_int_equal(fx_id(r.json), id);
        assert_string_equal(json_string_value(json_object_get(r.json, "kind")),
                            strcmp(kind, "retailers") == 0 ? "retailer" : "brand");
        assert_true(json_is_string(json_object_get(r.json, "followed_at")));
    }
    resp_free(&r);
}

static size_t count_items(const struct fx_user *u, const char *path)
{
    struct http_resp r;
    fx_expect(&S, "GET", path, u->token, NULL, 200, &r);
    size_t n = json_array_size(json_object_get(r.json, "items"));
    resp_free(&r);
    return n;
}

static void follow_list_unfollow(void **state)
{
    (void)state;
    long long shop = make("retailers", "Corner Shop");
    long long mart = make("retailers", "Mega Mart");
    long long acme = make("brands", "Acme");
    struct fx_user u;
    fx_shopper(&S, "Flo", &u);
    follow(&u, "retailers", shop, 201);
    follow(&u, "retailers", shop, 200); /* already: same follow */
    follow(&u, "brands", acme, 201);
    follow(&u, "retailers", mart, 201);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM follows WHERE account_id = %lld", u.id);
    assert_int_equal(db_count(&S, sql), 3);
    /* Newest first, with names. */
    struct http_resp r;
    fx_expect(&S, "GET", "/v1/me/follows", u.token, NULL, 200, &r);
    json_t *items = json_object_get(r.json, "items");
    assert_int_equal(json_array_size(items), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "name")),
                        "Mega Mart");
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 1), "name")),
                        "Acme");
    resp_free(&r);
    assert_int_equal(count_items(&u, "/v1/me/follows?kind=retailer"), 2);
    assert_int_equal(count_items(&u, "/v1/me/follows?kind=brand"), 1);
    /* Pages. */
    fx_expect(&S, "GET", "/v1/me/follows?limit=2", u.token, NULL, 200, &r);
    const char *cur = json_string_value(json_object_get(r.json, "next_cursor"));
    assert_non_null(cur);
    char path[200];
    snprintf(path, sizeof path, "/v1/me/follows?limit=2&cursor=%s", cur);
    resp_free(&r);
    fx_expect(&S, "GET", path, u.token, NULL, 200, &r);
    items = json_object_get(r.json, "items");
    assert_int_equal(json_array_size(items), 1);
    assert_int_equal(fx_id(json_array_get(items, 0)), shop);
    assert_true(json_is_null(json_object_get(r.json, "next_cursor")));
    resp_free(&r);
    /* Unfollow, then again. */
    snprintf(path, sizeof path, "/v1/me/follows/retailers/%lld", shop);
    fx_expect(&S, "DELETE", path, u.token, NULL, 204, &r);
    resp_free(&r);
    long rows = fx_people_rows(&S);
    fx_expect_problem(&S, "DELETE", path, u.token, NULL, 404, "not_following");
    /* A retailer id is not a brand follow. */
    snprintf(path, sizeof path, "/v1/me/follows/brands/%lld", mart);
    if (mart != acme)
        fx_expect_problem(&S, "DELETE", path, u.token, NULL, 404, "not_following");
    assert_int_equal(fx_people_rows(&S), rows);
    assert_int_equal(count_items(&u, "/v1/me/follows"), 2);
    fx_user_free(&u);
}

static void targets_must_exist(void **state)
{
    (void)state;
    long long shop = make("retailers", "Real Shop");
    struct fx_user u;
    fx_shopper(&S, "Gil", &u);
    long rows = fx_people_rows(&S);
    fx_expect_problem(&S, "PUT", "/v1/me/follows/retailers/987654", u.token, NULL, 404,
                      "not_found");
    fx_expect_problem(&S, "PUT", "/v1/me/follows/brands/987654", u.token, NULL, 404, "not_found");
    fx_expect_problem(&S, "PUT", "/v1/me/follows/retailers/abc", u.token, NULL, 404, "not_found");
    fx_expect_problem(&S, "PUT", "/v1/me/follows/stores/1", u.token, NULL, 404, "route_not_found");
    fx_expect_problem(&S, "POST", "/v1/me/follows", u.token, "{}", 405, "method_not_allowed");
    char path[96];
    snprintf(path, sizeof path, "/v1/me/follows/retailers/%lld", shop);
    fx_expect_problem(&S, "PUT", path, NULL, NULL, 401, "unauthenticated");
    fx_expect_problem(&S, "GET", "/v1/me/follows?kind=store", u.token, NULL, 422,
                      "validation_failed");
    fx_expect_problem(&S, "GET", "/v1/me/follows?cursor=MS4y", u.token, NULL, 422,
                      "validation_failed");
    assert_int_equal(fx_people_rows(&S), rows);
    fx_user_free(&u);
}

static void friends_see_follows_as_activity(void **state)
{
    (void)state;
    long long acme = make("brands", "Shown Brand");
    struct fx_user a, b;
    fx_shopper(&S, "Hep", &a);
    fx_shopper(&S, "Ike", &b);
    follow(&a, "brands", acme, 201);
    char body[64], path[96];
    snprintf(body, sizeof body, "{\"shopper_id\":\"%lld\"}", a.id);
    struct http_resp r;
    fx_expect(&S, "POST", "/v1/me/friend-requests", b.token, body, 201, &r);
    snprintf(path, sizeof path, "/v1/me/friend-requests/%lld/accept", fx_id(r.json));
    resp_free(&r);
    fx_expect(&S, "POST", path, a.token, NULL, 200, &r);
    resp_free(&r);
    snprintf(path, sizeof path, "/v1/shoppers/%lld/activity", a.id);
    fx_expect(&S, "GET", path, b.token, NULL, 200, &r);
    json_t *follows = json_object_get(r.json, "follows");
    assert_int_equal(json_array_size(follows), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(follows, 0), "name")),
                        "Shown Brand");
    resp_free(&r);
    fx_user_free(&a);
    fx_user_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(follow_list_unfollow),
        cmocka_unit_test(targets_must_exist),
        cmocka_unit_test(friends_see_follows_as_activity),
    };
    return cmocka_run_group_tests_name("s04_follows", tests, setup, teardown);
}
