/*
 * test_s02_friends.c - friend requests and friendships.
 *
 * Sending, accepting, declining, cancelling, removing and listing; every
 * wrong move is a clear problem with a stable code and writes nothing:
 * asking oneself (friend_self), asking twice (friend_request_pending),
 * asking a friend (already_friends), asking again soon after a decline
 * (friend_request_declined, until the cool-off ends), answering a request
 * that does not exist or is not yours (friend_request_not_found),
 * answering your own (forbidden), answering twice
 * (friend_request_not_pending), removing a non-friend (not_friends).
 * Asking someone who already asked you accepts their request.
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

static long long ask(const struct fx_user *a, long long b, long status)
{
    return fx_ask(&S, a, b, status);
}

/* Expects a refused request with code, writing nothing. */
static void ask_refused(const struct fx_user *a, const char *body, long status, const char *code)
{
    long rows = fx_people_rows(&S);
    fx_expect_problem(&S, "POST", "/v1/me/friend-requests", a->token, body, status, code);
    assert_int_equal(fx_people_rows(&S), rows);
}

static void move(const struct fx_user *u, long long req, const char *what, long status,
                 const char *code)
{
    char path[96];
    snprintf(path, sizeof path, "/v1/me/friend-requests/%lld%s%s", req, what[0] ? "/" : "", what);
    const char *method = what[0] ? "POST" : "DELETE";
    long rows = fx_people_rows(&S);
    if (code) {
        fx_expect_problem(&S, method, path, u->token, NULL, status, code);
        assert_int_equal(fx_people_rows(&S), rows);
    } else {
        struct http_resp r;
        fx_expect(&S, method, path, u->token, NULL, status, &r);
        resp_free(&r);
    }
}

/* The ids of the shoppers in a list of friends or the ids of requests. */
static int list_has(const char *path, const struct fx_user *u, long long id, const char *member)
{
    struct http_resp r;
    fx_expect(&S, "GET", path, u->token, NULL, 200, &r);
    json_t *items = json_object_get(r.json, "items");
    assert_true(json_is_array(items));
    assert_non_null(json_object_get(r.json, "next_cursor"));
    int found = 0;
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *it = json_array_get(items, i);
        if (member)
            it = json_object_get(it, member);
        found |= fx_id(it) == id;
    }
    resp_free(&r);
    return found;
}

static int are_friends(const struct fx_user *a, const struct fx_user *b)
{
    return list_has("/v1/me/friends", a, b->id, "shopper");
}

static void request_accept_and_lists(void **state)
{
    (void)state;
    struct fx_user ann, bob;
    fx_shopper(&S, "Ann", &ann);
    fx_shopper(&S, "Bob", &bob);
    char body[64];
    snprintf(body, sizeof body, "{\"shopper_id\":\"%lld\"}", bob.id);
    struct http_resp r;
    fx_expect(&S, "POST", "/v1/me/friend-requests", ann.token, body, 201, &r);
    long long req = fx_id(r.json);
    char loc[128], want[128];
    assert_true(resp_header(&r, "Location", loc, sizeof loc));
    snprintf(want, sizeof want, "/v1/me/friend-requests/%lld", req);
    assert_string_equal(loc, want);
    assert_string_equal(json_string_value(json_object_get(r.json, "state")), "pending");
    assert_string_equal(json_string_value(json_object_get(r.json, "direction")), "outgoing");
    assert_int_equal(fx_id(json_object_get(r.json, "from")), ann.id);
    assert_int_equal(fx_id(json_object_get(r.json, "to")), bob.id);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(r.json, "to"), "display_name")), "Bob");
    assert_true(json_is_null(json_object_get(r.json, "decided_at")));
    resp_free(&r);
    /* Each side sees it in its direction. */
    assert_true(list_has("/v1/me/friend-requests?direction=outgoing", &ann, req, NULL));
    assert_false(list_has("/v1/me/friend-requests?direction=incoming", &ann, req, NULL));
    assert_true(list_has("/v1/me/friend-requests?direction=incoming", &bob, req, NULL));
    assert_true(list_has("/v1/me/friend-requests", &bob, req, NULL));
    fx_expect(&S, "GET", loc, bob.token, NULL, 200, &r);
    assert_string_equal(json_string_value(json_object_get(r.json, "direction")), "incoming");
    resp_free(&r);
    /* Bob accepts. */
    char path[96];
    snprintf(path, sizeof path, "/v1/me/friend-requests/%lld/accept", req);
    fx_expect(&S, "POST", path, bob.token, NULL, 200, &r);
    assert_string_equal(json_string_value(json_object_get(r.json, "state")), "accepted");
    assert_true(json_is_string(json_object_get(r.json, "decided_at")));
    resp_free(&r);
    assert_true(are_friends(&ann, &bob));
    assert_true(are_friends(&bob, &ann));
    fx_expect(&S, "GET", "/v1/me/friends", ann.token, NULL, 200, &r);
    json_t *it = json_array_get(json_object_get(r.json, "items"), 0);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(it, "shopper"), "display_name")), "Bob");
    assert_true(json_is_string(json_object_get(it, "since")));
    resp_free(&r);
    /* The request is gone once answered. */
    assert_false(list_has("/v1/me/friend-requests", &bob, req, NULL));
    fx_expect_problem(&S, "GET", loc, ann.token, NULL, 404, "friend_request_not_found");
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM friendships WHERE account_id IN (%lld, %lld)",
             ann.id, bob.id);
    assert_int_equal(db_count(&S, sql), 2);
    fx_user_free(&ann);
    fx_user_free(&bob);
}

static void wrong_requests_are_clear_problems(void **state)
{
    (void)state;
    struct fx_user a, b, c, admin;
    fx_shopper(&S, "Cat", &a);
    fx_shopper(&S, "Dan", &b);
    fx_shopper(&S, "Eve", &c);
    fx_account(&S, "admin", 0, &admin);
    char body[64];
    /* Oneself. */
    snprintf(body, sizeof body, "{\"shopper_id\":\"%lld\"}", a.id);
    ask_refused(&a, body, 422, "friend_self");
    /* Nobody, and accounts that are not shoppers. */
    ask_refused(&a, "{\"shopper_id\":\"987654321\"}", 404, "not_found");
    snprintf(body, sizeof body, "{\"shopper_id\":\"%lld\"}", admin.id);
    ask_refused(&a, body, 404, "not_found");
    /* Staff and admins do not have friends. */
    snprintf(body, sizeof body, "{\"shopper_id\":\"%lld\"}", a.id);
    ask_refused(&admin, body, 403, "forbidden");
    /* Bad bodies. */
    ask_refused(&a, "{}", 422, "validation_failed");
    ask_refused(&a, "{\"shopper_id\":5}", 422, "validation_failed");
    ask_refused(&a, "{\"shopper_id\":\"5\",\"note\":\"hi\"}", 422, "validation_failed");
    /* Twice. */
    long long req = ask(&a, b.id, 201);
    snprintf(body, sizeof body, "{\"shopper_id\":\"%lld\"}", b.id);
    ask_refused(&a, body, 409, "friend_request_pending");
    /* Moves by the wrong party, or on requests that are not yours. */
    move(&a, req, "accept", 403, "forbidden");
    move(&a, req, "decline", 403, "forbidden");
    move(&b, req, "", 403, "forbidden");
    move(&c, req, "accept", 404, "friend_request_not_found");
    move(&c, req, "", 404, "friend_request_not_found");
    move(&b, 99999999, "accept", 404, "friend_request_not_found");
    move(&b, 99999999, "decline", 404, "friend_request_not_found");
    fx_expect_problem(&S, "POST", "/v1/me/friend-requests/abc/accept", b.token, NULL, 404,
                      "not_found");
    char path[96];
    snprintf(path, sizeof path, "/v1/me/friend-requests/%lld", req);
    fx_expect_problem(&S, "GET", path, c.token, NULL, 404, "friend_request_not_found");
    /* Accept, then every further move and request is refused. */
    move(&b, req, "accept", 200, NULL);
    move(&b, req, "accept", 404, "friend_request_not_found");
    ask_refused(&a, body, 409, "already_friends");
    snprintf(body, sizeof body, "{\"shopper_id\":\"%lld\"}", a.id);
    ask_refused(&b, body, 409, "already_friends");
    /* Removing someone who is not a friend. */
    snprintf(path, sizeof path, "/v1/me/friends/%lld", c.id);
    long rows = fx_people_rows(&S);
    fx_expect_problem(&S, "DELETE", path, a.token, NULL, 404, "not_friends");
    fx_expect_problem(&S, "DELETE", "/v1/me/friends/0", a.token, NULL, 404, "not_found");
    assert_int_equal(fx_people_rows(&S), rows);
    /* No token, no friends. */
    fx_expect_problem(&S, "GET", "/v1/me/friends", NULL, NULL, 401, "unauthenticated");
    fx_expect_problem(&S, "POST", "/v1/me/friend-requests", NULL, body, 401, "unauthenticated");
    fx_user_free(&a);
    fx_user_free(&b);
    fx_user_free(&c);
    fx_user_free(&admin);
}

static void asking_someone_who_asked_you_accepts(void **state)
{
    (void)state;
    struct fx_user a, b;
    fx_shopper(&S, "Fay", &a);
    fx_shopper(&S, "Gus", &b);
    long long req = ask(&a, b.id, 201);
    char body[64];
    snprintf(body, sizeof body, "{\"shopper_id\":\"%lld\"}", a.id);
    struct http_resp r;
    fx_expect(&S, "POST", "/v1/me/friend-requests", b.token, body, 200, &r);
    /* The answer is a's request, now accepted. */
    assert_int_equal(fx_id(r.json), req);
    assert_string_equal(json_string_value(json_object_get(r.json, "state")), "accepted");
    assert_string_equal(json_string_value(json_object_get(r.json, "direction")), "incoming");
    resp_free(&r);
    assert_true(are_friends(&a, &b));
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM friend_requests WHERE from_id IN (%lld, %lld)",
             a.id, b.id);
    assert_int_equal(db_count(&S, sql), 0);
    fx_user_free(&a);
    fx_user_free(&b);
}

static void decline_cancel_and_remove(void **state)
{
    (void)state;
    struct fx_user a, b, c;
    fx_shopper(&S, "Hal", &a);
    fx_shopper(&S, "Ida", &b);
    fx_shopper(&S, "Jo", &c);
    /* Decline: the sender sees it declined, the recipient no longer sees
     * it waiting, and asking again soon is refused. */
    long long req = ask(&a, b.id, 201);
    char path[96];
    snprintf(path, sizeof path, "/v1/me/friend-requests/%lld/decline", req);
    struct http_resp r;
    fx_expect(&S, "POST", path, b.token, NULL, 200, &r);
    assert_string_equal(json_string_value(json_object_get(r.json, "state")), "declined");
    assert_true(json_is_string(json_object_get(r.json, "decided_at")));
    resp_free(&r);
    assert_false(list_has("/v1/me/friend-requests?direction=incoming", &b, req, NULL));
    assert_true(list_has("/v1/me/friend-requests?direction=outgoing", &a, req, NULL));
    char body[64];
    snprintf(body, sizeof body, "{\"shopper_id\":\"%lld\"}", b.id);
    ask_refused(&a, body, 409, "friend_request_declined");
    move(&b, req, "decline", 409, "friend_request_not_pending");
    move(&b, req, "accept", 409, "friend_request_not_pending");
    move(&a, req, "", 409, "friend_request_not_pending");
    assert_false(are_friends(&a, &b));
    /* The one who declined may still ask later; that is a new request. */
    long long back = ask(&b, a.id, 201);
    assert_true(back != req);
    move(&a, back, "accept", 200, NULL);
    assert_true(are_friends(&a, &b));
    /* Remove: both sides lose the friendship; either may ask again. */
    snprintf(path, sizeof path, "/v1/me/friends/%lld", a.id);
    fx_expect(&S, "DELETE", path, b.token, NULL, 204, &r);
    resp_free(&r);
    assert_false(are_friends(&a, &b));
    assert_false(are_friends(&b, &a));
    fx_expect_problem(&S, "DELETE", path, b.token, NULL, 404, "not_friends");
    /* Cancel: the sender withdraws a pending request. */
    req = ask(&a, c.id, 201);
    move(&a, req, "", 204, NULL);
    assert_false(list_has("/v1/me/friend-requests", &c, req, NULL));
    move(&c, req, "accept", 404, "friend_request_not_found");
    assert_true(ask(&a, c.id, 201) > 0);
    fx_user_free(&a);
    fx_user_free(&b);
    fx_user_free(&c);
}

static void lists_page_with_cursors(void **state)
{
    (void)state;
    struct fx_user hub;
    fx_shopper(&S, "Hub", &hub);
    enum { N = 5 };
    struct fx_user f[N];
    for (int i = 0; i < N; i++) {
        char name[16];
        snprintf(name, sizeof name, "F%d", i);
        fx_shopper(&S, name, &f[i]);
        long long req = ask(&f[i], hub.id, 201);
        if (i < 3)
            move(&hub, req, "accept", 200, NULL);
    }
    /* Friends: 3, two pages of 2. */
    struct http_resp r;
    fx_expect(&S, "GET", "/v1/me/friends?limit=2", hub.token, NULL, 200, &r);
    assert_int_equal(json_array_size(json_object_get(r.json, "items")), 2);
    const char *cur = json_string_value(json_object_get(r.json, "next_cursor"));
    assert_non_null(cur);
    char path[256];
    snprintf(path, sizeof path, "/v1/me/friends?limit=2&cursor=%s", cur);
    long long seen =
        fx_id(json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "shopper"));
    resp_free(&r);
    fx_expect(&S, "GET", path, hub.token, NULL, 200, &r);
    assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
    assert_true(json_is_null(json_object_get(r.json, "next_cursor")));
    assert_true(fx_id(json_object_get(json_array_get(json_object_get(r.json, "items"), 0),
                                      "shopper")) != seen);
    resp_free(&r);
    /* Incoming: 2 pending, newest first. */
    fx_expect(&S, "GET", "/v1/me/friend-requests?direction=incoming&limit=1", hub.token, NULL, 200,
              &r);
    json_t *first = json_array_get(json_object_get(r.json, "items"), 0);
    assert_int_equal(fx_id(json_object_get(first, "from")), f[N - 1].id);
    cur = json_string_value(json_object_get(r.json, "next_cursor"));
    snprintf(path, sizeof path, "/v1/me/friend-requests?direction=incoming&limit=1&cursor=%s", cur);
    resp_free(&r);
    fx_expect(&S, "GET", path, hub.token, NULL, 200, &r);
    first = json_array_get(json_object_get(r.json, "items"), 0);
    assert_int_equal(fx_id(json_object_get(first, "from")), f[N - 2].id);
    assert_true(json_is_null(json_object_get(r.json, "next_cursor")));
    resp_free(&r);
    /* Bad parameters. */
    fx_expect_problem(&S, "GET", "/v1/me/friend-requests?direction=sideways", hub.token, NULL, 422,
                      "validation_failed");
    fx_expect_problem(&S, "GET", "/v1/me/friends?limit=0", hub.token, NULL, 422,
                      "validation_failed");
    /* A cursor of another list (one number instead of two) is refused. */
    fx_expect_problem(&S, "GET", "/v1/me/friends?cursor=MTI", hub.token, NULL, 422,
                      "validation_failed");
    fx_expect_problem(&S, "GET", "/v1/me/friends?cursor=%%%%", hub.token, NULL, 400, "bad_request");
    fx_user_free(&hub);
    for (int i = 0; i < N; i++)
        fx_user_free(&f[i]);
}

/* The cool-off test runs on a server of its own, restarted with a clock
 * 31 days ahead; S points at it meanwhile. */
static struct srv Main, Later;

static int later_setup(void **state)
{
    (void)state;
    memset(&Later, 0, sizeof Later);
    if (srv_start(&Later, NULL) != 0)
        return -1;
    Main = S;
    S = Later;
    return 0;
}

static int later_teardown(void **state)
{
    (void)state;
    srv_stop(&S);
    srv_cleanup(&S);
    S = Main;
    return 0;
}

static void relogin(struct fx_user *u)
{
    free(u->token);
    u->token = api_login(&S, u->email, "test-password-1");
    assert_non_null(u->token);
}

static void asking_again_after_the_cool_off(void **state)
{
    (void)state;
    struct fx_user a, b;
    fx_shopper(&S, "Kim", &a);
    fx_shopper(&S, "Lou", &b);
    long long req = ask(&a, b.id, 201);
    move(&b, req, "decline", 200, NULL);
    char body[64];
    snprintf(body, sizeof body, "{\"shopper_id\":\"%lld\"}", b.id);
    ask_refused(&a, body, 409, "friend_request_declined");
    assert_int_equal(srv_stop(&S), 0);
    const char *later[] = {"--time-offset", "2678400", NULL};
    assert_int_equal(srv_start(&S, later), 0);
    /* Sessions last 30 days: log in again on the later clock. */
    relogin(&a);
    relogin(&b);
    long long again = ask(&a, b.id, 201);
    char path[96];
    snprintf(path, sizeof path, "/v1/me/friend-requests/%lld", again);
    struct http_resp r;
    fx_expect(&S, "GET", path, b.token, NULL, 200, &r);
    assert_string_equal(json_string_value(json_object_get(r.json, "state")), "pending");
    resp_free(&r);
    fx_user_free(&a);
    fx_user_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(request_accept_and_lists),
        cmocka_unit_test(wrong_requests_are_clear_problems),
        cmocka_unit_test(asking_someone_who_asked_you_accepts),
        cmocka_unit_test(decline_cancel_and_remove),
        cmocka_unit_test(lists_page_with_cursors),
        cmocka_unit_test_setup_teardown(asking_again_after_the_cool_off, later_setup,
                                        later_teardown),
    };
    return cmocka_run_group_tests_name("s02_friends", tests, setup, teardown);
}
