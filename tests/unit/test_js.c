/*
 * test_js.c - src/json/js.c: the guarded parser every JSON request body goes
 * through, and the small builders and accessors over jansson.
 *
 * The parser decides between 400 (empty, not UTF-8, too deep, not JSON) and
 * 422 (a number out of range, with the JSON pointer of the culprit), and it
 * must stop a 10,000-deep body before jansson's recursive descent sees it.
 * jansson 2.14 has its own depth limit of 2048 and answers "malformed" past
 * it, so JS_PARSE_TOO_DEEP on such a body proves our pre-scan stopped it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/limits.h"
#include "core/mem.h"
#include "core/timeutil.h"
#include "json/js.h"

/* Parses s with the server's depth limit; returns the status and, for a
 * number out of range, copies the pointer into ptr (128 bytes). */
static enum js_parse_status parse_len(const char *s, size_t len, char *ptr)
{
    struct js_parse_result res;
    json_t *v = js_parse(s, len, AG_JSON_DEPTH_MAX, &res);
    if (v) {
        assert_int_equal(res.status, JS_PARSE_OK);
        json_decref(v);
    } else {
        assert_int_not_equal(res.status, JS_PARSE_OK);
        assert_true(res.detail[0] != '\0'); /* every refusal explains itself */
    }
    if (ptr)
        memcpy(ptr, res.pointer, sizeof res.pointer);
    return res.status;
}

static enum js_parse_status parse(const char *s)
{
    return parse_len(s, strlen(s), NULL);
}

static void empty_and_whitespace_bodies_are_empty(void **state)
{
    (void)state;
    assert_int_equal(parse(""), JS_PARSE_EMPTY);
    assert_int_equal(parse(" "), JS_PARSE_EMPTY);
    assert_int_equal(parse(" \t\r\n  \n"), JS_PARSE_EMPTY);
    assert_int_equal(parse_len(NULL, 0, NULL), JS_PARSE_EMPTY);
    assert_int_equal(parse(" {} "), JS_PARSE_OK);
    assert_int_equal(parse("[]"), JS_PARSE_OK);
}

static void every_truncation_of_a_document_is_refused(void **state)
{
    (void)state;
    const char *doc = "{\"email\": \"a@b.example\", \"n\": [1, 2.5, -3e2, true, null],"
                      " \"o\": {\"k\": \"\\u00e9\\\"\"}, \"z\": false}";
    size_t len = strlen(doc);
    assert_int_equal(parse_len(doc, len, NULL), JS_PARSE_OK);
    for (size_t n = 1; n < len; n++) {
        enum js_parse_status st = parse_len(doc, n, NULL);
        if (st != JS_PARSE_MALFORMED)
            fail_msg("prefix of %zu bytes: status %d", n, st);
    }
}

static void malformed_json_is_refused_with_a_position(void **state)
{
    (void)state;
    static const char *const bad[] = {"{", "}", "{\"a\"}", "{\"a\":}", "{a:1}", "{'a':1}",
                                      "[1,]", "[1 2]", "{\"a\":1,}", "nul", "tru", "\"str",
                                      "{\"a\":01}", "{\"a\":.5}", "{\"a\":-}", "{\"a\":1}x",
                                      "{\"a\":\"\\x\"}", "{\"a\":\"\\ud800\"}",
                                      "{\"a\":\"tab\there\"}", "[1]\n[2]"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct js_parse_result res;
        json_t *v = js_parse(bad[i], strlen(bad[i]), AG_JSON_DEPTH_MAX, &res);
        if (v || res.status != JS_PARSE_MALFORMED)
            fail_msg("'%s': status %d", bad[i], res.status);
        assert_non_null(strstr(res.detail, "column "));
    }
}

static void raw_nul_bytes_are_malformed_wherever_they_are(void **state)
{
    (void)state;
    /* jansson would accept the first of these (it drops a NUL after a
     * number); a body that is all NULs is not an empty body either. */
    assert_int_equal(parse_len("{\"a\":2\0}", 8, NULL), JS_PARSE_MALFORMED);
    assert_int_equal(parse_len("{\"a\":\"x\0y\"}", 11, NULL), JS_PARSE_MALFORMED);
    assert_int_equal(parse_len("\0{}", 3, NULL), JS_PARSE_MALFORMED);
    assert_int_equal(parse_len("\0\0", 2, NULL), JS_PARSE_MALFORMED);
    assert_int_equal(parse_len("{}\0", 3, NULL), JS_PARSE_MALFORMED);
    /* An escaped NUL is not a raw one, but jansson refuses it in strings. */
    assert_int_equal(parse("{\"a\":\"x\\u0000y\"}"), JS_PARSE_MALFORMED);
}

static void invalid_utf8_is_refused_before_parsing(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "{\"a\":\"\xC3\x28\"}",     /* bad continuation */
        "{\"a\":\"\xC0\xAF\"}",     /* overlong '/' */
        "{\"a\":\"\xED\xA0\x80\"}", /* UTF-8 encoded surrogate */
        "{\"a\":\"\xF4\x90\x80\x80\"}",
        "{\"a\":\"caf\xE9\"}",      /* Latin-1 */
        "{\"\xFF\":1}",
        "{\"a\":1}\xC3",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(parse(bad[i]), JS_PARSE_BAD_UTF8);
    assert_int_equal(parse("{\"a\":\"caf\xC3\xA9 \xF0\x9F\x9B\x92\"}"), JS_PARSE_OK);
}

/* "[[[...]]]" (or objects) n deep, in a new mem_alloc'd string. */
static char *nested(size_t n, int objects)
{
    const char *open = objects ? "{\"k\":" : "[";
    const char *close = objects ? "}" : "]";
    size_t lo = strlen(open), lc = strlen(close);
    char *s = mem_alloc(n * (lo + lc) + 2);
    char *p = s;
    for (size_t i = 0; i < n; i++, p += lo)
        memcpy(p, open, lo);
    *p++ = '1';
    for (size_t i = 0; i < n; i++, p += lc)
        memcpy(p, close, lc);
    *p = '\0';
    return s;
}

static void nesting_is_limited_before_jansson_recurses(void **state)
{
    (void)state;
    for (int objects = 0; objects <= 1; objects++) {
        char *ok = nested(AG_JSON_DEPTH_MAX, objects);
        char *over = nested(AG_JSON_DEPTH_MAX + 1, objects);
        char *deep = nested(10000, objects);
        assert_int_equal(parse(ok), JS_PARSE_OK);
        assert_int_equal(parse(over), JS_PARSE_TOO_DEEP);
        assert_int_equal(parse(deep), JS_PARSE_TOO_DEEP);
        /* Truncated (never closed): still too deep, not malformed. */
        assert_int_equal(parse_len(deep, 10000, NULL), JS_PARSE_TOO_DEEP);
        mem_free(ok);
        mem_free(over);
        mem_free(deep);
    }
}

static void brackets_inside_strings_do_not_count_as_nesting(void **state)
{
    (void)state;
    char body[200];
    char brackets[101];
    memset(brackets, '[', 100);
    brackets[100] = '\0';
    snprintf(body, sizeof body, "{\"a\":\"%s\", \"b\\\"[[\": \"\\\\\"}", brackets);
    assert_int_equal(parse(body), JS_PARSE_OK);
    assert_int_equal(js_depth(body, strlen(body), 64), 1);
    assert_int_equal(js_depth("[{\"a\":[]}, [[]]]", 16, 64), 3);
    /* Past the limit the count stops early: any value above it. */
    assert_true(js_depth("[[[[[[", 6, 3) > 3);
}

static void duplicate_keys_are_refused_at_any_depth(void **state)
{
    (void)state;
    assert_int_equal(parse("{\"a\":1,\"a\":2}"), JS_PARSE_MALFORMED);
    assert_int_equal(parse("{\"a\":1,\"b\":{\"c\":1,\"c\":1}}"), JS_PARSE_MALFORMED);
    assert_int_equal(parse("[{\"x\":[{\"y\":1,\"y\":null}]}]"), JS_PARSE_MALFORMED);
    /* The same key in two different objects is fine. */
    assert_int_equal(parse("[{\"a\":1},{\"a\":2}]"), JS_PARSE_OK);
}

/* Expects s to be refused as a number out of range at pointer want. */
static void expect_range(const char *s, const char *want)
{
    char ptr[128];
    enum js_parse_status st = parse_len(s, strlen(s), ptr);
    if (st != JS_PARSE_NUMBER_RANGE || strcmp(ptr, want) != 0)
        fail_msg("%s: status %d pointer '%s', want range at '%s'", s, st, ptr, want);
}

static void numbers_at_the_int64_bounds_are_accepted(void **state)
{
    (void)state;
    struct js_parse_result res;
    const char *s = "{\"max\":9223372036854775807,\"min\":-9223372036854775808,\"tiny\":1e-400}";
    json_t *v = js_parse(s, strlen(s), AG_JSON_DEPTH_MAX, &res);
    assert_non_null(v);
    assert_true(json_integer_value(json_object_get(v, "max")) == INT64_MAX);
    assert_true(json_integer_value(json_object_get(v, "min")) == INT64_MIN);
    json_decref(v);
}

static void numbers_beyond_int64_are_reported_with_their_pointer(void **state)
{
    (void)state;
    expect_range("{\"a\":9223372036854775808}", "/a");
    expect_range("{\"a\":-9223372036854775809}", "/a");
    expect_range("{\"a\":1e999}", "/a");
    expect_range("{\"a\":-1e400}", "/a");
    expect_range("[99999999999999999999]", "/0");
    expect_range("{\"a\":{\"b\":[1,2,99999999999999999999]}}", "/a/b/2");
    expect_range("[0,{\"x\":-9223372036854775809}]", "/1/x");
    expect_range("[[1],[2,3],[1e999]]", "/2/0");
    expect_range("{\"a\":{\"x\":1},\"b\":[{}, 1e999]}", "/b/1");
    expect_range("{\"a\":[1,{\"c\":2}],\"b\":{\"c\":[3,4,5,6e9999]}}", "/b/c/3");
    /* A number where a key belongs, and a NUL right after a number. */
    char ptr[128];
    assert_int_equal(js_find_out_of_range_number("{1e999}", 7, ptr, sizeof ptr), 1);
    assert_string_equal(ptr, "/");
    assert_int_equal(js_find_out_of_range_number("{\"a\":2\0}", 8, ptr, sizeof ptr), 0);
    /* Numbers inside strings are text, not numbers. */
    expect_range("{\"s\":\"99999999999999999999\",\"n\":99999999999999999999}", "/n");
}

static void range_pointers_escape_and_unescape_keys(void **state)
{
    (void)state;
    /* RFC 6901: '~' is written ~0 and '/' ~1. */
    expect_range("{\"a/b\":{\"c~d\":1e400}}", "/a~1b/c~0d");
    /* The pointer names the key as decoded, not as escaped in the text. */
    expect_range("{\"q\\\"uote\":1e400}", "/q\"uote");
    expect_range("{\"caf\\u00e9\":1e400}", "/caf\xC3\xA9");
    expect_range("{\"sl\\/ash\":1e400}", "/sl~1ash");
    expect_range("{\"\\ud83d\\uded2\":1e400}", "/\xF0\x9F\x9B\x92");
    /* A long key is named in full, not cut at an internal buffer size. */
    char key[101], body[256], want[128];
    memset(key, 'k', 100);
    key[100] = '\0';
    snprintf(body, sizeof body, "{\"%s\":1e400}", key);
    snprintf(want, sizeof want, "/%s", key);
    expect_range(body, want);
}

static void a_syntax_error_before_a_huge_number_is_malformed(void **state)
{
    (void)state;
    /* The body is broken before the number: 400 malformed, not 422. */
    assert_int_equal(parse("{\"a\" 1, \"b\": 1e999}"), JS_PARSE_MALFORMED);
    assert_int_equal(parse("{\"a\": tru, \"b\": 99999999999999999999}"), JS_PARSE_MALFORMED);
    assert_int_equal(parse("{\"a\": -, \"b\": 1}"), JS_PARSE_MALFORMED);
    assert_int_equal(parse("{\"a\": 1.2.3}"), JS_PARSE_MALFORMED);
    /* A body is an object or an array: a bare huge number is not JSON we
     * take, whatever its size. */
    assert_int_equal(parse("99999999999999999999"), JS_PARSE_MALFORMED);
    assert_int_equal(parse(" -1e999 "), JS_PARSE_MALFORMED);
}

static void pointer_segments_escape_and_stay_within_the_buffer(void **state)
{
    (void)state;
    char p[64] = "";
    js_pointer_append(p, sizeof p, "items");
    js_pointer_append_index(p, sizeof p, 12);
    js_pointer_append(p, sizeof p, "a~b/c");
    js_pointer_append(p, sizeof p, "");
    assert_string_equal(p, "/items/12/a~0b~1c/");

    char small[8] = "";
    js_pointer_append(small, sizeof small, "abcdefghijkl");
    assert_true(strlen(small) < sizeof small);
    assert_memory_equal(small, "/abcde", 6); /* a cut segment, still a prefix */
    js_pointer_append(small, sizeof small, "more");
    assert_true(strlen(small) < sizeof small);
    char tilde[6] = "";
    js_pointer_append(tilde, sizeof tilde, "~~~~");
    assert_string_equal(tilde, "/~0~0"); /* never half an escape */
}

static void ids_are_positive_decimal_strings_without_padding(void **state)
{
    (void)state;
    int64_t v = 0;
    assert_int_equal(js_parse_id("1", &v), 0);
    assert_true(v == 1);
    assert_int_equal(js_parse_id("9223372036854775807", &v), 0);
    assert_true(v == INT64_MAX);
    static const char *const bad[] = {"",  "0",  "00", "01", "-1", "+1",
                                      " 1", "1 ", "1a", "9223372036854775808", "1.0"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (js_parse_id(bad[i], &v) == 0)
            fail_msg("'%s' accepted as an id", bad[i]);
    assert_int_equal(js_parse_id(NULL, &v), -1);
}

static void builders_produce_the_api_shapes(void **state)
{
    (void)state;
    json_t *o = json_object();
    json_object_set_new(o, "id", js_id(INT64_MAX));
    json_object_set_new(o, "price", js_money(1299, "EUR"));
    json_object_set_new(o, "never", js_time(0));
    json_object_set_new(o, "at", js_time(1795356309));
    json_object_set_new(o, "name", js_str_or_null(NULL));
    json_object_set_new(o, "flag", json_true());
    json_object_set_new(o, "n", json_integer(-5));
    size_t len = 0;
    char *s = js_dump(o, &len);
    assert_int_equal(len, strlen(s));
    struct js_parse_result res;
    json_t *back = js_parse(s, len, AG_JSON_DEPTH_MAX, &res);
    assert_non_null(back);
    assert_true(json_equal(o, back));

    char want[24];
    snprintf(want, sizeof want, "%lld", (long long)INT64_MAX);
    assert_string_equal(js_get_str(back, "id"), want); /* ids are strings */
    json_t *price = json_object_get(back, "price");
    assert_int_equal(js_get_int(price, "amount", -1), 1299);
    assert_string_equal(js_get_str(price, "currency"), "EUR");
    assert_true(json_is_null(json_object_get(back, "never")));
    int64_t t = 0;
    assert_int_equal(time_parse_rfc3339(js_get_str(back, "at"), &t), 0);
    assert_true(t == 1795356309);
    assert_true(json_is_null(json_object_get(back, "name")));
    assert_int_equal(js_get_bool(back, "flag", 0), 1);
    assert_true(js_get_int(back, "n", 0) == -5);
    /* Missing or of another type: the default, never a crash. */
    assert_null(js_get_str(back, "n"));
    assert_null(js_get_str(back, "missing"));
    assert_int_equal(js_get_int(back, "id", 77), 77);
    assert_int_equal(js_get_bool(back, "n", 2), 2);
    assert_null(js_get_str(NULL, "x"));
    mem_free(s);
    json_decref(back);
    json_decref(o);
}

static int setup(void **state)
{
    (void)state;
    js_init();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_and_whitespace_bodies_are_empty),
        cmocka_unit_test(every_truncation_of_a_document_is_refused),
        cmocka_unit_test(malformed_json_is_refused_with_a_position),
        cmocka_unit_test(raw_nul_bytes_are_malformed_wherever_they_are),
        cmocka_unit_test(invalid_utf8_is_refused_before_parsing),
        cmocka_unit_test(nesting_is_limited_before_jansson_recurses),
        cmocka_unit_test(brackets_inside_strings_do_not_count_as_nesting),
        cmocka_unit_test(duplicate_keys_are_refused_at_any_depth),
        cmocka_unit_test(numbers_at_the_int64_bounds_are_accepted),
        cmocka_unit_test(numbers_beyond_int64_are_reported_with_their_pointer),
        cmocka_unit_test(range_pointers_escape_and_unescape_keys),
        cmocka_unit_test(a_syntax_error_before_a_huge_number_is_malformed),
        cmocka_unit_test(pointer_segments_escape_and_stay_within_the_buffer),
        cmocka_unit_test(ids_are_positive_decimal_strings_without_padding),
        cmocka_unit_test(builders_produce_the_api_shapes),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
