/*
 * test_query.c - src/http/query.c: our query-string parser, the declarative
 * parameter checks (422 naming each bad parameter), the typed getters and
 * pagination cursors.
 *
 * Every list endpoint reads its filters here.  A decoder that lets a NUL or
 * invalid UTF-8 through hands it to SQL and JSON; one that misreads '+' or
 * a bad escape changes a search; a cursor that does not round-trip breaks
 * paging.  Expected decodings are written out by hand from RFC 3986 and the
 * HTML form encoding ('+' is a space).
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
#include "http/query.h"
#include "json/js.h"
#include "unit_util.h"

static struct arena *A;

static int setup(void **state)
{
    (void)state;
    A = arena_new();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    arena_free(A);
    A = NULL;
    return 0;
}

/* Parses raw into req (fresh each call); returns query_parse's result. */
static int parse_into(struct http_req *req, const char *raw, const char **why)
{
    memset(req, 0, sizeof *req);
    req->arena = A;
    req->raw_query = raw;
    *why = NULL;
    return query_parse(A, raw, req->query, AG_QUERY_PARAMS_MAX, &req->nquery, why);
}

static void percent_escapes_and_plus_are_decoded_in_names_and_values(void **state)
{
    (void)state;
    struct http_req req;
    const char *why;
    assert_int_equal(parse_into(&req, "a=1&b=x%20y&q=caf%C3%A9+au+lait&%6Bey=%2B%25%26%3D", &why),
                     0);
    assert_int_equal(req.nquery, 4);
    assert_string_equal(http_query(&req, "a"), "1");
    assert_string_equal(http_query(&req, "b"), "x y");
    assert_string_equal(http_query(&req, "q"), "caf\xC3\xA9 au lait");
    assert_string_equal(http_query(&req, "key"), "+%&="); /* escaped delimiters are data */
    assert_null(http_query(&req, "missing"));
    /* Upper and lower case hex digits alike. */
    assert_int_equal(parse_into(&req, "s=%e2%82%ac%E2%82%AC", &why), 0);
    assert_string_equal(http_query(&req, "s"), "\xE2\x82\xAC\xE2\x82\xAC");
}

/* An empty value is no parameter (an HTML form sends "q=&brand=" for the
 * fields left empty): "a=" and a bare "flag" are absent to http_query, but
 * kept with their names (query_check still refuses an unknown one); empty
 * pairs are nothing; the rest keeps its order. */
static void empty_pairs_values_and_bare_names_are_absent(void **state)
{
    (void)state;
    struct http_req req;
    const char *why;
    assert_int_equal(parse_into(&req, "&&a=&flag&&b=1=2&c=%20&", &why), 0);
    assert_int_equal(req.nquery, 4);
    assert_string_equal(req.query[2].name, "b");
    assert_string_equal(req.query[2].value, "1=2");
    assert_string_equal(req.query[3].name, "c");
    assert_string_equal(http_query(&req, "c"), " "); /* a space is a value */
    assert_null(http_query(&req, "a"));
    assert_null(http_query(&req, "flag"));
    /* An empty value next to a given one leaves the given one alone. */
    assert_int_equal(parse_into(&req, "q=&q=milk&q=", &why), 0);
    assert_string_equal(http_query(&req, "q"), "milk");
    /* Left out, but still checked: a bad name is refused. */
    assert_int_equal(parse_into(&req, "%ZZ=", &why), -1);
    assert_int_equal(parse_into(&req, "a%00=", &why), -1);
    assert_int_equal(parse_into(&req, "", &why), 0);
    assert_int_equal(req.nquery, 0);
    assert_int_equal(parse_into(&req, NULL, &why), 0);
    assert_int_equal(req.nquery, 0);
}

/* raw must be refused with a reason containing word. */
static void expect_refused(const char *raw, const char *word)
{
    struct http_req req;
    const char *why;
    if (parse_into(&req, raw, &why) != -1)
        fail_msg("'%s' accepted", raw);
    assert_non_null(why);
    if (!strstr(why, word))
        fail_msg("'%s': reason '%s' does not say '%s'", raw, why, word);
}

static void malformed_escapes_nul_and_invalid_utf8_are_refused(void **state)
{
    (void)state;
    expect_refused("a=%", "escape");
    expect_refused("a=%4", "escape");
    expect_refused("a=%zz", "escape");
    expect_refused("a=%G1", "escape");
    expect_refused("a=%1G", "escape");
    expect_refused("a=1%", "escape");
    expect_refused("%=1", "escape");
    expect_refused("a=%%41", "escape");
    expect_refused("a=%00", "NUL");
    expect_refused("a%00b=1", "NUL");
    expect_refused("a=%C3%28", "UTF-8");
    expect_refused("a=%C0%AF", "UTF-8");    /* overlong '/' */
    expect_refused("a=%ED%A0%80", "UTF-8"); /* surrogate */
    expect_refused("a=%E2%82", "UTF-8");    /* truncated */
    expect_refused("a=\xFF", "UTF-8");      /* raw, not escaped */
    expect_refused("%FF=1", "UTF-8");
}

static void too_many_parameters_are_refused(void **state)
{
    (void)state;
    char raw[1024];
    size_t o = 0;
    for (int i = 0; i < AG_QUERY_PARAMS_MAX; i++)
        o += (size_t)snprintf(raw + o, sizeof raw - o, "%sp%d=%d", i ? "&" : "", i, i);
    struct http_req req;
    const char *why;
    assert_int_equal(parse_into(&req, raw, &why), 0);
    assert_int_equal(req.nquery, AG_QUERY_PARAMS_MAX);
    snprintf(raw + o, sizeof raw - o, "&one=more");
    expect_refused(raw, "too many");
    /* Empty pairs do not count; an empty value keeps its name, so does. */
    snprintf(raw + o, sizeof raw - o, "&&&&");
    assert_int_equal(parse_into(&req, raw, &why), 0);
    assert_int_equal(req.nquery, AG_QUERY_PARAMS_MAX);
    snprintf(raw + o, sizeof raw - o, "&empty=");
    expect_refused(raw, "too many");
}

static const char *const sorts[] = {"price", "distance", "new", NULL};

/* One parameter of every type. */
static const struct query_param all_params[] = {
    QUERY_PAGE_PARAMS,
    {"q", QUERY_STRING, 2, 5, 0, 0, NULL},
    {"sort", QUERY_STRING, 0, 0, 0, 0, sorts},
    {"min_price", QUERY_INT, 0, 1000000, 0, 0, NULL},
    {"offset", QUERY_INT, 0, 0, 0, 0, NULL},
    {"radius", QUERY_NUMBER, 0, 0, 0.5, 50, NULL},
    {"open", QUERY_BOOL, 0, 0, 0, 0, NULL},
    {"near", QUERY_LATLON, 0, 0, 0, 0, NULL},
    {"store", QUERY_ID, 0, 0, 0, 0, NULL},
    {0},
};

/* Checks raw against all_params; returns the sorted failing parameter
 * names joined by spaces in out ("" when valid). */
static void failing(const char *raw, char *out, size_t outlen)
{
    struct http_req req;
    const char *why;
    if (parse_into(&req, raw, &why) != 0)
        fail_msg("'%s' does not parse: %s", raw, why);
    struct http_res res;
    memset(&res, 0, sizeof res);
    int rc = query_check(&req, &res, all_params);
    out[0] = '\0';
    if (rc == 0) {
        assert_null(res.json);
        return;
    }
    assert_int_equal(rc, 422);
    assert_int_equal(res.status, 422);
    assert_string_equal(json_string_value(json_object_get(res.json, "code")),
                        "validation_failed");
    json_t *errors = json_object_get(res.json, "errors");
    size_t n = json_array_size(errors);
    assert_true(n > 0);
    const char *names[AG_FIELD_ERRORS_MAX];
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(errors, i);
        names[i] = json_string_value(json_object_get(e, "parameter"));
        assert_non_null(names[i]);
        assert_non_null(json_string_value(json_object_get(e, "detail")));
    }
    unit_join_sorted(names, n, out, outlen);
    json_decref(res.json);
}

static void expect(const char *raw, const char *want)
{
    char got[1024];
    failing(raw, got, sizeof got);
    if (strcmp(got, want) != 0)
        fail_msg("%s\n  failing: '%s'\n  want:    '%s'", raw, got, want);
}

static void valid_parameters_of_every_type_pass(void **state)
{
    (void)state;
    expect("limit=100&cursor=MTIz&q=shoe&sort=new&min_price=0&offset=-5&radius=0.5&open=true"
           "&near=45.815,15.982&store=7",
           "");
    expect("limit=1&open=0&near=-90,-180&radius=50", "");
    expect("open=false&near=90,180", "");
    expect("open=1", "");
    expect("", "");
}

static void unknown_and_repeated_parameters_are_reported(void **state)
{
    (void)state;
    expect("lmit=5", "lmit");
    expect("limit=5&limit=6", "limit");
    expect("q=ab&q=ab&q=ab", "q q");
    expect("x=1&y=2&limit=0", "limit x y");
}

static void integers_are_strict_and_bounded(void **state)
{
    (void)state;
    expect("limit=0", "limit");
    expect("limit=101", "limit");
    expect("limit=", ""); /* empty: absent, the default applies */
    expect("limit=5.0", "limit");
    expect("limit=+5", "limit");
    expect("limit=%205", "limit");
    expect("limit=1e2", "limit");
    expect("limit=99999999999999999999", "limit");
    expect("min_price=1000001", "min_price");
    expect("min_price=-1", "min_price");
    expect("offset=-9223372036854775808", "");
}

static void strings_count_characters_and_choices_are_exact(void **state)
{
    (void)state;
    expect("q=%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9", ""); /* 5 characters, 10 bytes */
    expect("q=%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9", "q");
    expect("q=a", "q");
    expect("q=", ""); /* empty: absent, not "shorter than 2" */
    expect("qq=", "qq"); /* empty, but unknown: a typo is still refused */
    expect("q=&q=ab", ""); /* an empty one beside a given one: not twice */
    expect("sort=Price", "sort");
    expect("sort=price+", "sort");
}

static void numbers_booleans_and_ids(void **state)
{
    (void)state;
    expect("radius=0.49", "radius");
    expect("radius=50.01", "radius");
    expect("radius=abc", "radius");
    expect("radius=nan", "radius");
    expect("radius=inf", "radius");
    expect("open=yes", "open");
    expect("open=TRUE", "open");
    expect("open=", ""); /* empty: absent */
    expect("store=0", "store");
    expect("store=007", "store");
    expect("store=-3", "store");
    expect("store=abc", "store");
}

static void latlon_must_be_two_numbers_in_range(void **state)
{
    (void)state;
    static const char *const bad[] = {"near=90.0001,0", "near=-90.5,0", "near=0,180.01",
                                      "near=0,-181",    "near=45.8",    "near=45.8,",
                                      "near=,15.9",     "near=a,b",     "near=45.8;15.9",
                                      "near=45.8,15.9,1", "near=45.8+,15.9", "near=nan,0"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        expect(bad[i], "near");

    struct http_req req;
    const char *why;
    double lat = 0, lon = 0;
    assert_int_equal(parse_into(&req, "near=45.815%2C15.982", &why), 0);
    assert_int_equal(query_latlon(&req, "near", &lat, &lon), 1);
    assert_true(lat == 45.815 && lon == 15.982);
    assert_int_equal(query_latlon(&req, "far", &lat, &lon), 0);
}

static void getters_read_values_and_defaults(void **state)
{
    (void)state;
    struct http_req req;
    const char *why;
    assert_int_equal(parse_into(&req, "limit=7&radius=2.5&open=true", &why), 0);
    assert_int_equal(query_limit(&req), 7);
    assert_true(query_double(&req, "radius", 0) == 2.5);
    assert_true(query_bool(&req, "open", false));
    assert_true(query_int(&req, "nope", -3) == -3);
    assert_true(query_double(&req, "nope", 1.5) == 1.5);
    assert_false(query_bool(&req, "nope", false));
    assert_null(query_cursor(&req));
    assert_int_equal(parse_into(&req, "open=0", &why), 0);
    assert_int_equal(query_limit(&req), AG_PAGE_DEFAULT);
    assert_false(query_bool(&req, "open", true));
}

static void cursors_round_trip_any_text(void **state)
{
    (void)state;
    static const char *const raws[] = {"1",
                                       "2026-11-22T14:05:09Z|42",
                                       "price=12.99&id=7",
                                       "caf\xC3\xA9 \xF0\x9F\x9B\x92 / + = ?"};
    for (size_t i = 0; i < sizeof raws / sizeof raws[0]; i++) {
        char *c = query_cursor_encode(A, raws[i]);
        assert_null(strpbrk(c, "+/=&%")); /* safe in a URL as it is */
        assert_string_equal(query_cursor_decode(A, c), raws[i]);
        /* ... and through a request. */
        char raw[512];
        snprintf(raw, sizeof raw, "cursor=%s&limit=5", c);
        struct http_req req;
        const char *why;
        assert_int_equal(parse_into(&req, raw, &why), 0);
        assert_string_equal(query_cursor(&req), raws[i]);
        expect(raw, "");
    }
    /* The longest text whose cursor fits AG_CURSOR_MAX. */
    char longest[AG_CURSOR_MAX / 4 * 3 + 1];
    memset(longest, 'z', sizeof longest - 1);
    longest[sizeof longest - 1] = '\0';
    char *c = query_cursor_encode(A, longest);
    assert_true(strlen(c) <= AG_CURSOR_MAX);
    assert_string_equal(query_cursor_decode(A, c), longest);
}

static void malformed_cursors_are_refused(void **state)
{
    (void)state;
    char over[AG_CURSOR_MAX + 8];
    memset(over, 'A', AG_CURSOR_MAX + 4);
    over[AG_CURSOR_MAX + 4] = '\0';
    const char *bad[] = {
        "",
        "A",          /* one character: not base64 of anything */
        "Zh",         /* non-canonical spelling of "f" */
        "MTIz=",      /* padding */
        "MT+z",       /* not the URL alphabet */
        "!!!!",
        "wyg",        /* decodes to C3 28: invalid UTF-8 */
        "YQBi",       /* decodes to "a\0b" */
        over,
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (query_cursor_decode(A, bad[i]))
            fail_msg("cursor '%.20s' accepted", bad[i]);
        char raw[AG_CURSOR_MAX + 32];
        snprintf(raw, sizeof raw, "cursor=%s", bad[i]);
        /* "cursor=" is no cursor at all (the first page), not a bad one. */
        expect(raw, bad[i][0] ? "cursor" : "");
    }
}

int main(void)
{
    js_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(percent_escapes_and_plus_are_decoded_in_names_and_values),
        cmocka_unit_test(empty_pairs_values_and_bare_names_are_absent),
        cmocka_unit_test(malformed_escapes_nul_and_invalid_utf8_are_refused),
        cmocka_unit_test(too_many_parameters_are_refused),
        cmocka_unit_test(valid_parameters_of_every_type_pass),
        cmocka_unit_test(unknown_and_repeated_parameters_are_reported),
        cmocka_unit_test(integers_are_strict_and_bounded),
        cmocka_unit_test(strings_count_characters_and_choices_are_exact),
        cmocka_unit_test(numbers_booleans_and_ids),
        cmocka_unit_test(latlon_must_be_two_numbers_in_range),
        cmocka_unit_test(getters_read_values_and_defaults),
        cmocka_unit_test(cursors_round_trip_any_text),
        cmocka_unit_test(malformed_cursors_are_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
