/*
 * test_s03_privacy.c - what other people see of a shopper.
 *
 * GET /v1/shoppers/{id}: display name and relationship for any signed-in
 * account; the coarse area only as the shopper's area setting allows
 * (friends by default), and never more precise than the ~1 km grid.
 * GET /v1/shoppers/{id}/activity: accepted friends only (403
 * friends_only for everyone else, 403 activity_hidden when the shopper
 * shows it to no one).  Non-shoppers and unknown ids are 404.
 */
#include <math.h>
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

/* GET /v1/shoppers/{id} of target by viewer (200); the response stays in r. */
static void view(const struct fx_user *viewer, const struct fx_user *target, struct http_resp *r)
{
    char path[64];
    snprintf(path, sizeof path, "/v1/shoppers/%lld", target->id);
    fx_expect(&S, "GET", path, viewer->token, NULL, 200, r);
    /* Whatever the view, the precise home never appears. */
    assert_null(strstr(r->body, "48.8584"));
    assert_null(strstr(r->body, "2.2945"));
    assert_null(strstr(r->body, "email"));
}

static const char *relationship(const struct http_resp *r)
{
    return json_string_value(json_object_get(r->json, "relationship"));
}

/* The shopper lives at the Eiffel Tower (48.8584 N, 2.2945 E). */
#define HOME "{\"home\":{\"lat\":48.8584,\"lon\":2.2945}}"

static void area_follows_the_setting_and_is_always_coarse(void **state)
{
    (void)state;
    struct fx_user owner, friend, stranger;
    fx_shopper(&S, "Olive", &owner);
    fx_shopper(&S, "Fred", &friend);
    fx_shopper(&S, "Stan", &stranger);
    fx_patch_me(&S, &owner, HOME);
    fx_befriend(&S, &friend, &owner);
    struct http_resp r;
    /* Default "friends": the friend sees the grid node, the stranger null. */
    view(&friend, &owner, &r);
    assert_string_equal(relationship(&r), "friend");
    assert_string_equal(json_string_value(json_object_get(r.json, "display_name")), "Olive");
    json_t *area = json_object_get(r.json, "area");
    /* 48.8584 -> 48.86; the longitude step at 48.86 N is 0.02 degree. */
    assert_true(fabs(json_number_value(json_object_get(area, "lat")) - 48.86) < 1e-9);
    assert_true(fabs(json_number_value(json_object_get(area, "lon")) - 2.30) < 1e-9);
    resp_free(&r);
    view(&stranger, &owner, &r);
    assert_string_equal(relationship(&r), "none");
    assert_true(json_is_null(json_object_get(r.json, "area")));
    resp_free(&r);
    /* "everyone": the stranger sees the same coarse node, no more. */
    fx_patch_me(&S, &owner, "{\"privacy\":{\"area\":\"everyone\"}}");
    view(&stranger, &owner, &r);
    area = json_object_get(r.json, "area");
    assert_true(fabs(json_number_value(json_object_get(area, "lat")) - 48.86) < 1e-9);
    assert_true(fabs(json_number_value(json_object_get(area, "lon")) - 2.30) < 1e-9);
    resp_free(&r);
    /* "nobody": not even friends. */
    fx_patch_me(&S, &owner, "{\"privacy\":{\"area\":\"nobody\"}}");
    view(&friend, &owner, &r);
    assert_true(json_is_null(json_object_get(r.json, "area")));
    resp_free(&r);
    /* The owner always sees their own, as stored. */
    view(&owner, &owner, &r);
    assert_string_equal(relationship(&r), "self");
    assert_false(json_is_null(json_object_get(r.json, "area")));
    resp_free(&r);
    /* Other people's lists never carry an area. */
    fx_expect(&S, "GET", "/v1/me/friends", friend.token, NULL, 200, &r);
    assert_null(strstr(r.body, "area"));
    assert_null(strstr(r.body, "48.8"));
    resp_free(&r);
    fx_user_free(&owner);
    fx_user_free(&friend);
    fx_user_free(&stranger);
}

static void relationship_tells_where_a_request_stands(void **state)
{
    (void)state;
    struct fx_user a, b;
    fx_shopper(&S, "Rae", &a);
    fx_shopper(&S, "Sid", &b);
    char body[64];
    snprintf(body, sizeof body, "{\"shopper_id\":\"%lld\"}", b.id);
    struct http_resp r;
    fx_expect(&S, "POST", "/v1/me/friend-requests", a.token, body, 201, &r);
    long long req = fx_id(r.json);
    resp_free(&r);
    view(&a, &b, &r);
    assert_string_equal(relationship(&r), "request_sent");
    resp_free(&r);
    view(&b, &a, &r);
    assert_string_equal(relationship(&r), "request_received");
    resp_free(&r);
    char path[96];
    snprintf(path, sizeof path, "/v1/me/friend-requests/%lld/decline", req);
    fx_expect(&S, "POST", path, b.token, NULL, 200, &r);
    resp_free(&r);
    view(&a, &b, &r);
    assert_string_equal(relationship(&r), "request_declined");
    resp_free(&r);
    view(&b, &a, &r);
    assert_string_equal(relationship(&r), "none");
    resp_free(&r);
    fx_user_free(&a);
    fx_user_free(&b);
}

static void activity_is_for_friends_only(void **state)
{
    (void)state;
    struct fx_user owner, friend, stranger, pending, admin;
    fx_shopper(&S, "Ola", &owner);
    fx_shopper(&S, "Fia", &friend);
    fx_shopper(&S, "Ste", &stranger);
    fx_shopper(&S, "Pen", &pending);
    fx_account(&S, "admin", 0, &admin);
    fx_patch_me(&S, &owner,
                "{\"home\":{\"lat\":48.8584,\"lon\":2.2945},"
                "\"interests\":{\"tags\":[\"cycling\"]},"
                "\"consents\":{\"insights\":true}}");
    fx_befriend(&S, &friend, &owner);
    char body[64], path[96];
    snprintf(body, sizeof body, "{\"shopper_id\":\"%lld\"}", owner.id);
    struct http_resp r;
    fx_expect(&S, "POST", "/v1/me/friend-requests", pending.token, body, 201, &r);
    resp_free(&r);
    snprintf(path, sizeof path, "/v1/shoppers/%lld/activity", owner.id);
    /* The friend sees interests and follows, and nothing private. */
    fx_expect(&S, "GET", path, friend.token, NULL, 200, &r);
    json_t *tags = json_object_get(json_object_get(r.json, "interests"), "tags");
    assert_string_equal(json_string_value(json_array_get(tags, 0)), "cycling");
    assert_true(json_is_array(json_object_get(r.json, "follows")));
    assert_int_equal(fx_id(json_object_get(r.json, "shopper")), owner.id);
    assert_null(json_object_get(r.json, "consents"));
    assert_null(json_object_get(r.json, "sessions"));
    assert_null(json_object_get(r.json, "account"));
    assert_null(strstr(r.body, owner.email));
    assert_null(strstr(r.body, "48.8584"));
    resp_free(&r);
    /* The owner sees their own. */
    fx_expect(&S, "GET", path, owner.token, NULL, 200, &r);
    resp_free(&r);
    /* Strangers, a pending asker and admins do not. */
    fx_expect_problem(&S, "GET", path, stranger.token, NULL, 403, "friends_only");
    fx_expect_problem(&S, "GET", path, pending.token, NULL, 403, "friends_only");
    fx_expect_problem(&S, "GET", path, admin.token, NULL, 403, "friends_only");
    fx_expect_problem(&S, "GET", path, NULL, NULL, 401, "unauthenticated");
    /* "nobody" hides it from friends too. */
    fx_patch_me(&S, &owner, "{\"privacy\":{\"activity\":\"nobody\"}}");
    fx_expect_problem(&S, "GET", path, friend.token, NULL, 403, "activity_hidden");
    fx_expect_problem(&S, "GET", path, stranger.token, NULL, 403, "friends_only");
    fx_patch_me(&S, &owner, "{\"privacy\":{\"activity\":\"friends\"}}");
    fx_expect(&S, "GET", path, friend.token, NULL, 200, &r);
    resp_free(&r);
    /* After the friendship ends, so does the access. */
    snprintf(path, sizeof path, "/v1/me/friends/%lld", owner.id);
    fx_expect(&S, "DELETE", path, friend.token, NULL, 204, &r);
    resp_free(&r);
    snprintf(path, sizeof path, "/v1/shoppers/%lld/activity", owner.id);
    fx_expect_problem(&S, "GET", path, friend.token, NULL, 403, "friends_only");
    fx_user_free(&owner);
    fx_user_free(&friend);
    fx_user_free(&stranger);
    fx_user_free(&pending);
    fx_user_free(&admin);
}

static void only_shoppers_are_shoppers(void **state)
{
    (void)state;
    struct fx_user u, admin;
    fx_shopper(&S, "Una", &u);
    fx_account(&S, "admin", 0, &admin);
    char path[64];
    snprintf(path, sizeof path, "/v1/shoppers/%lld", admin.id);
    fx_expect_problem(&S, "GET", path, u.token, NULL, 404, "not_found");
    snprintf(path, sizeof path, "/v1/shoppers/%lld/activity", admin.id);
    fx_expect_problem(&S, "GET", path, u.token, NULL, 404, "not_found");
    fx_expect_problem(&S, "GET", "/v1/shoppers/987654321", u.token, NULL, 404, "not_found");
    fx_expect_problem(&S, "GET", "/v1/shoppers/x1", u.token, NULL, 404, "not_found");
    snprintf(path, sizeof path, "/v1/shoppers/%lld", u.id);
    fx_expect_problem(&S, "GET", path, NULL, NULL, 401, "unauthenticated");
    /* A disabled shopper disappears from view. */
    char body[64];
    snprintf(path, sizeof path, "/v1/admin/users/%lld", u.id);
    snprintf(body, sizeof body, "{\"disabled\":true}");
    struct http_resp r;
    fx_expect(&S, "PATCH", path, admin.token, body, 200, &r);
    resp_free(&r);
    snprintf(path, sizeof path, "/v1/shoppers/%lld", u.id);
    fx_expect_problem(&S, "GET", path, admin.token, NULL, 404, "not_found");
    fx_user_free(&u);
    fx_user_free(&admin);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(area_follows_the_setting_and_is_always_coarse),
        cmocka_unit_test(relationship_tells_where_a_request_stands),
        cmocka_unit_test(activity_is_for_friends_only),
        cmocka_unit_test(only_shoppers_are_shoppers),
    };
    return cmocka_run_group_tests_name("s03_privacy", tests, setup, teardown);
}
