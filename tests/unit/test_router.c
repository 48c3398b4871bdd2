/*
 * test_router.c - src/http/router.c: matching "METHOD /path" against a route
 * table, with {param} segments, 404 versus 405 + Allow, and HEAD served by
 * GET routes.
 *
 * Clients rely on a 405 with a truthful Allow list (HTTP semantics, RFC
 * 9110 section 15.5.6) rather than a 404 when only the method is wrong, and
 * on a literal route such as /stores/nearby never being swallowed by
 * /stores/{id}, whatever order the table lists them in.  The table here is
 * our own, so the tests do not move when the application's routes do.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/limits.h"
#include "http/router.h"
#include "unit_util.h"

enum {
    R_ROOT,
    R_STORES_LIST,
    R_STORES_CREATE,
    R_STORE_GET,
    R_STORE_PATCH,
    R_STORES_NEARBY, /* literal, listed after {id} on purpose */
    R_OFFER_GET,
    R_OFFER_DELETE,
    R_DEEP,
    R_COUNT
};

static const struct route routes[R_COUNT] = {
    [R_ROOT] = {"GET", "/"},
    [R_STORES_LIST] = {"GET", "/v1/stores"},
    [R_STORES_CREATE] = {"POST", "/v1/stores"},
    [R_STORE_GET] = {"GET", "/v1/stores/{id}"},
    [R_STORE_PATCH] = {"PATCH", "/v1/stores/{id}"},
    [R_STORES_NEARBY] = {"GET", "/v1/stores/nearby"},
    [R_OFFER_GET] = {"GET", "/v1/stores/{id}/offers/{offer}"},
    [R_OFFER_DELETE] = {"DELETE", "/v1/stores/{store}/offers/{offer}"},
    [R_DEEP] = {"GET", "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/{p}"}, /* 16 segments */
};

static struct arena *A;

static int setup(void **state)
{
    (void)state;
    A = arena_new();
    return router_init(routes, R_COUNT);
}

static int teardown(void **state)
{
    (void)state;
    arena_free(A);
    return 0;
}

struct match {
    int rc;
    const char *params[AG_PATH_PARAMS_MAX];
    int nparams;
    char allow[128];
};

static struct match route(const char *method, const char *path)
{
    struct match m;
    memset(&m, 0, sizeof m);
    m.rc = router_match(A, method, path, m.params, &m.nparams, m.allow, sizeof m.allow);
    return m;
}

static void literal_paths_and_parameters_match_their_route(void **state)
{
    (void)state;
    struct match m = route("GET", "/v1/stores");
    assert_int_equal(m.rc, R_STORES_LIST);
    assert_int_equal(m.nparams, 0);
    assert_int_equal(route("POST", "/v1/stores").rc, R_STORES_CREATE);
    assert_int_equal(route("GET", "/").rc, R_ROOT);

    m = route("GET", "/v1/stores/42");
    assert_int_equal(m.rc, R_STORE_GET);
    assert_int_equal(m.nparams, 1);
    assert_string_equal(m.params[0], "42");

    m = route("PATCH", "/v1/stores/abc%20d");
    assert_int_equal(m.rc, R_STORE_PATCH);
    assert_string_equal(m.params[0], "abc%20d"); /* the router does not decode */

    m = route("GET", "/v1/stores/7/offers/99");
    assert_int_equal(m.rc, R_OFFER_GET);
    assert_int_equal(m.nparams, 2);
    assert_string_equal(m.params[0], "7"); /* in pattern order, NUL-terminated */
    assert_string_equal(m.params[1], "99");
}

static void a_literal_segment_wins_over_a_parameter_whatever_the_order(void **state)
{
    (void)state;
    struct match m = route("GET", "/v1/stores/nearby");
    assert_int_equal(m.rc, R_STORES_NEARBY);
    assert_int_equal(m.nparams, 0);
    /* HEAD follows GET to the literal route too. */
    assert_int_equal(route("HEAD", "/v1/stores/nearby").rc, R_STORES_NEARBY);
    /* Other methods on that path still reach the parameter route. */
    m = route("PATCH", "/v1/stores/nearby");
    assert_int_equal(m.rc, R_STORE_PATCH);
    assert_string_equal(m.params[0], "nearby");
}

static void head_is_served_by_get_routes(void **state)
{
    (void)state;
    assert_int_equal(route("HEAD", "/v1/stores").rc, R_STORES_LIST);
    struct match m = route("HEAD", "/v1/stores/5");
    assert_int_equal(m.rc, R_STORE_GET);
    assert_string_equal(m.params[0], "5");
}

/* Splits an Allow value into a sorted, space-joined list of methods,
 * failing on duplicates. */
static void allow_set(const char *allow, char *out, size_t outlen)
{
    char copy[128];
    snprintf(copy, sizeof copy, "%s", allow);
    const char *items[16];
    size_t n = 0;
    char *save = NULL;
    for (char *t = strtok_r(copy, ", ", &save); t && n < 16; t = strtok_r(NULL, ", ", &save))
        items[n++] = t;
    if (unit_join_sorted(items, n, out, outlen) != 0)
        fail_msg("Allow '%s' lists a method twice", allow);
}

static void expect_405(const char *method, const char *path, const char *want)
{
    struct match m = route(method, path);
    if (m.rc != ROUTER_METHOD_NOT_ALLOWED)
        fail_msg("%s %s: %d, want 405", method, path, m.rc);
    char got[128];
    allow_set(m.allow, got, sizeof got);
    if (strcmp(got, want) != 0)
        fail_msg("%s %s: Allow '%s', want the methods %s", method, path, m.allow, want);
}

static void a_wrong_method_is_405_with_every_allowed_method(void **state)
{
    (void)state;
    expect_405("DELETE", "/v1/stores", "GET HEAD POST");
    expect_405("PUT", "/v1/stores/42", "GET HEAD PATCH");
    expect_405("POST", "/v1/stores/3/offers/4", "DELETE GET HEAD");
    expect_405("POST", "/", "GET HEAD");
    /* Two routes allow GET on this path: GET and HEAD are listed once. */
    expect_405("POST", "/v1/stores/nearby", "GET HEAD PATCH");
    /* A method name is case-sensitive (RFC 9110 section 9.1). */
    expect_405("get", "/v1/stores", "GET HEAD POST");
}

static void a_small_allow_buffer_is_never_overrun(void **state)
{
    (void)state;
    const char *params[AG_PATH_PARAMS_MAX];
    int n;
    char allow[12];
    memset(allow, '#', sizeof allow);
    int rc = router_match(A, "PUT", "/v1/stores/1", params, &n, allow, sizeof allow);
    assert_int_equal(rc, ROUTER_METHOD_NOT_ALLOWED);
    assert_non_null(memchr(allow, '\0', sizeof allow));
    assert_int_equal(router_match(A, "PUT", "/v1/stores/1", params, &n, NULL, 0),
                     ROUTER_METHOD_NOT_ALLOWED);
}

static void unknown_paths_are_404(void **state)
{
    (void)state;
    static const char *const paths[] = {
        "/v1/store",        "/v1/stores/",         /* a trailing slash is another path */
        "/v1/stores//offers/1",                    /* an empty parameter never matches */
        "/v1/stores/1/offers/",                    "/v1//stores",
        "/V1/stores",       "/v1/stores/1/offers", "/v1/stores/1/offers/2/x",
        "v1/stores",        "",                    "//",
        "/v1/storesx",      "/v1/stores/1/",
    };
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        struct match m = route("GET", paths[i]);
        if (m.rc != ROUTER_NOT_FOUND)
            fail_msg("GET '%s': %d, want 404", paths[i], m.rc);
        assert_int_equal(m.nparams, 0);
        assert_string_equal(m.allow, "");
        /* Not found is not found for every method, never a 405. */
        assert_int_equal(route("POST", paths[i]).rc, ROUTER_NOT_FOUND);
    }
}

static void paths_with_too_many_segments_are_404(void **state)
{
    (void)state;
    struct match m = route("GET", "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/last");
    assert_int_equal(m.rc, R_DEEP);
    assert_string_equal(m.params[0], "last");
    assert_int_equal(route("GET", "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q").rc, ROUTER_NOT_FOUND);
    char path[AG_PATH_MAX];
    size_t o = 0;
    while (o + 3 < sizeof path)
        o += (size_t)snprintf(path + o, sizeof path - o, "/x");
    assert_int_equal(route("GET", path).rc, ROUTER_NOT_FOUND);
}

static void malformed_tables_are_refused(void **state)
{
    (void)state;
    static const struct route too_many_params[] = {{"GET", "/{a}/{b}/{c}/{d}/{e}"}};
    static const struct route not_absolute[] = {{"GET", "v1/x"}};
    assert_int_equal(router_init(too_many_params, 1), -1);
    assert_int_equal(router_init(not_absolute, 1), -1);
    /* Back to the test table, which the remaining tests use. */
    assert_int_equal(router_init(routes, R_COUNT), 0);
    size_t n = 0;
    assert_ptr_equal(router_routes(&n), routes);
    assert_int_equal(n, R_COUNT);
    assert_int_equal(route("GET", "/v1/stores").rc, R_STORES_LIST);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(literal_paths_and_parameters_match_their_route),
        cmocka_unit_test(a_literal_segment_wins_over_a_parameter_whatever_the_order),
        cmocka_unit_test(head_is_served_by_get_routes),
        cmocka_unit_test(a_wrong_method_is_405_with_every_allowed_method),
        cmocka_unit_test(a_small_allow_buffer_is_never_overrun),
        cmocka_unit_test(unknown_paths_are_404),
        cmocka_unit_test(paths_with_too_many_segments_are_404),
        cmocka_unit_test(malformed_tables_are_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
