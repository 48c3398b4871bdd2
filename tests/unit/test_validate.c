/*
 * test_validate.c - src/json/validate.c: the one declarative validator of
 * request bodies (the 422 "validation_failed" problem).
 *
 * A client relies on it to learn every wrong field of a form in one round
 * trip, each named by the right JSON pointer, and the server relies on it
 * so that no handler sees a value of the wrong type or out of bounds.
 * Bodies are parsed from JSON text and each test compares the exact set of
 * failing pointers with the set written out by hand.
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
#include "core/money.h"
#include "json/js.h"
#include "json/validate.h"
#include "unit_util.h"

static const char *const kinds[] = {"pickup", "delivery", "community", NULL};

static const struct jv_field address_fields[] = {
    {"city", JV_STRING, JV_REQUIRED, .min = 1, .max = 40},
    {"zip", JV_STRING, 0, .max = 10},
    {0},
};

static const struct jv_field tag_item = {"", JV_STRING, 0, .min = 1, .max = 4};

/* One field of every kind. */
static const struct jv_field order_fields[] = {
    {"name", JV_STRING, JV_REQUIRED, .min = 2, .max = 5},
    {"qty", JV_INT, JV_REQUIRED, .min = 1, .max = 10},
    {"count", JV_INT, 0},
    {"price", JV_MONEY, 0, .max = 100000},
    {"refund", JV_MONEY, 0, .min = -5000, .max = -1},
    {"at", JV_TIME, 0},
    {"store_id", JV_ID, 0},
    {"kind", JV_STRING, 0, .choices = kinds},
    {"tags", JV_ARRAY, 0, .min = 1, .max = 3, .item = &tag_item},
    {"address", JV_OBJECT, 0, .fields = address_fields},
    {"note", JV_STRING, JV_NULLABLE, .max = 10},
    {"gift", JV_BOOL, 0},
    {"ratio", JV_NUMBER, 0, .fmin = 0, .fmax = 1},
    {"email", JV_STRING, 0, .check = jv_check_email},
    {0},
};

/* The failing pointers of body (JSON text) against fields, sorted and
 * joined with spaces ("" when valid), in out. */
static void failing(const char *body, const struct jv_field *fields, char *out, size_t outlen)
{
    struct js_parse_result res;
    json_t *v = js_parse(body, strlen(body), AG_JSON_DEPTH_MAX, &res);
    if (!v)
        fail_msg("test body does not parse: %s", res.detail);
    json_t *errors = jv_check(v, fields);
    const char *ptrs[AG_FIELD_ERRORS_MAX];
    size_t n = errors ? json_array_size(errors) : 0;
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(errors, i);
        ptrs[i] = json_string_value(json_object_get(e, "pointer"));
        assert_non_null(ptrs[i]);
        const char *detail = json_string_value(json_object_get(e, "detail"));
        assert_non_null(detail); /* every error says why */
        assert_true(detail[0] != '\0');
    }
    if (errors)
        assert_true(n > 0); /* no empty error list: NULL means valid */
    unit_join_sorted(ptrs, n, out, outlen);
    json_decref(errors);
    json_decref(v);
}

/* Asserts that body fails exactly at want (sorted pointers, "" = valid). */
static void expect(const char *body, const char *want)
{
    char got[2048];
    failing(body, order_fields, got, sizeof got);
    if (strcmp(got, want) != 0)
        fail_msg("%s\n  failing: '%s'\n  want:    '%s'", body, got, want);
}

/* The detail of the single error of body, in out. */
static void detail_of(const char *body, char *out, size_t outlen)
{
    struct js_parse_result res;
    json_t *v = js_parse(body, strlen(body), AG_JSON_DEPTH_MAX, &res);
    assert_non_null(v);
    json_t *errors = jv_check(v, order_fields);
    assert_non_null(errors);
    assert_int_equal(json_array_size(errors), 1);
    snprintf(out, outlen, "%s",
             json_string_value(json_object_get(json_array_get(errors, 0), "detail")));
    json_decref(errors);
    json_decref(v);
}

static void a_complete_valid_body_passes(void **state)
{
    (void)state;
    expect("{\"name\":\"Ann\",\"qty\":3,\"count\":-7,"
           "\"price\":{\"amount\":1299,\"currency\":\"EUR\"},"
           "\"refund\":{\"amount\":-500,\"currency\":\"JPY\"},\"at\":\"2026-11-22T14:05:09+01:00\","
           "\"store_id\":\"42\",\"kind\":\"pickup\",\"tags\":[\"a\",\"bcde\"],"
           "\"address\":{\"city\":\"Zagreb\",\"zip\":\"10000\"},\"note\":null,\"gift\":false,"
           "\"ratio\":0.5,\"email\":\"ann@shop.example\"}",
           "");
    expect("{\"name\":\"Ann\",\"qty\":1}", "");
}

static void missing_required_fields_are_each_reported(void **state)
{
    (void)state;
    expect("{}", "/name /qty");
    expect("{\"name\":\"Ann\"}", "/qty");
    expect("{\"name\":\"Ann\",\"qty\":1,\"address\":{}}", "/address/city");
}

static void unknown_fields_are_errors_at_every_level(void **state)
{
    (void)state;
    expect("{\"name\":\"Ann\",\"qty\":1,\"nmae\":\"x\"}", "/nmae");
    expect("{\"name\":\"Ann\",\"qty\":1,\"address\":{\"city\":\"Z\",\"street\":\"x\"}}",
           "/address/street");
    expect("{\"name\":\"Ann\",\"qty\":1,\"price\":{\"amount\":1,\"currency\":\"EUR\",\"tax\":0}}",
           "/price/tax");
}

static void wrong_types_are_reported_for_every_kind(void **state)
{
    (void)state;
    expect("{\"name\":5,\"qty\":\"3\",\"count\":1.5,\"price\":12.99,\"at\":1700000000,"
           "\"store_id\":42,\"kind\":true,\"tags\":\"a\",\"address\":[],\"gift\":\"yes\","
           "\"ratio\":\"0.5\",\"email\":[]}",
           "/address /at /count /email /gift /kind /name /price /qty /ratio /store_id /tags");
    char d[200];
    detail_of("{\"name\":\"Ann\",\"qty\":true}", d, sizeof d);
    assert_non_null(strstr(d, "integer"));
}

static void string_bounds_count_characters_not_bytes(void **state)
{
    (void)state;
    /* "é" is two bytes, "🛒" four: five of either is five characters. */
    expect("{\"name\":\"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\",\"qty\":1}", "");
    expect("{\"name\":\"\xF0\x9F\x9B\x92\xF0\x9F\x9B\x92\",\"qty\":1}", "");
    expect("{\"name\":\"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\",\"qty\":1}", "/name");
    expect("{\"name\":\"\xC3\xA9\",\"qty\":1}", "/name"); /* one character, min is 2 */
    expect("{\"name\":\"abcdef\",\"qty\":1}", "/name");
    expect("{\"name\":\"\",\"qty\":1}", "/name");
    expect("{\"name\":\"ab\",\"qty\":1,\"tags\":[\"\xF0\x9F\x9B\x92\xF0\x9F\x9B\x92\"]}", "");
}

static void strings_with_nul_are_refused(void **state)
{
    (void)state;
    json_t *body = json_pack("{s:s%,s:i}", "name", "a\0b", (size_t)3, "qty", 1);
    assert_non_null(body);
    json_t *errors = jv_check(body, order_fields);
    assert_non_null(errors);
    assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "pointer")),
                        "/name");
    json_decref(errors);
    json_decref(body);
}

static void integer_bounds_are_inclusive_and_unbounded_means_json_safe(void **state)
{
    (void)state;
    expect("{\"name\":\"ab\",\"qty\":0}", "/qty");
    expect("{\"name\":\"ab\",\"qty\":1}", "");
    expect("{\"name\":\"ab\",\"qty\":10}", "");
    expect("{\"name\":\"ab\",\"qty\":11}", "/qty");
    expect("{\"name\":\"ab\",\"qty\":-9223372036854775808}", "/qty");
    expect("{\"name\":\"ab\",\"qty\":1.0}", "/qty"); /* a real, even if whole */
    /* Unbounded integers stop where JavaScript loses precision (2^53 - 1). */
    expect("{\"name\":\"ab\",\"qty\":1,\"count\":9007199254740991}", "");
    expect("{\"name\":\"ab\",\"qty\":1,\"count\":-9007199254740991}", "");
    expect("{\"name\":\"ab\",\"qty\":1,\"count\":9007199254740992}", "/count");
    expect("{\"name\":\"ab\",\"qty\":1,\"count\":-9223372036854775808}", "/count");
}

static void number_bounds_accept_integers_and_reals(void **state)
{
    (void)state;
    expect("{\"name\":\"ab\",\"qty\":1,\"ratio\":0}", "");
    expect("{\"name\":\"ab\",\"qty\":1,\"ratio\":1}", "");
    expect("{\"name\":\"ab\",\"qty\":1,\"ratio\":0.25}", "");
    expect("{\"name\":\"ab\",\"qty\":1,\"ratio\":1.0001}", "/ratio");
    expect("{\"name\":\"ab\",\"qty\":1,\"ratio\":-1e-9}", "/ratio");
}

static void arrays_bound_their_length_and_check_each_item(void **state)
{
    (void)state;
    expect("{\"name\":\"ab\",\"qty\":1,\"tags\":[]}", "/tags");
    expect("{\"name\":\"ab\",\"qty\":1,\"tags\":[\"a\",\"b\",\"c\",\"d\"]}", "/tags");
    expect("{\"name\":\"ab\",\"qty\":1,\"tags\":[\"a\",\"toolong\",7,\"\"]}", "/tags");
    expect("{\"name\":\"ab\",\"qty\":1,\"tags\":[\"a\",\"toolong\",7]}", "/tags/1 /tags/2");
}

static void money_needs_an_iso_currency_and_bounded_integer_minor_units(void **state)
{
    (void)state;
#define P(x) "{\"name\":\"ab\",\"qty\":1,\"price\":" x "}"
    expect(P("{\"amount\":0,\"currency\":\"EUR\"}"), "");
    expect(P("{\"amount\":100000,\"currency\":\"KWD\"}"), "");
    expect(P("{\"amount\":100001,\"currency\":\"EUR\"}"), "/price/amount");
    expect(P("{\"amount\":-1,\"currency\":\"EUR\"}"), "/price/amount"); /* min defaults to 0 */
    expect(P("{\"amount\":12.99,\"currency\":\"EUR\"}"), "/price/amount");
    expect(P("{\"amount\":\"1299\",\"currency\":\"EUR\"}"), "/price/amount");
    expect(P("{\"amount\":1299,\"currency\":\"eur\"}"), "/price/currency");
    expect(P("{\"amount\":1299,\"currency\":\"XXX\"}"), "/price/currency");
    expect(P("{\"amount\":1299,\"currency\":978}"), "/price/currency");
    expect(P("{\"amount\":1299}"), "/price/currency");
    expect(P("{}"), "/price/amount /price/currency");
    expect(P("\"12.99 EUR\""), "/price");
    expect(P("{\"amount\":null,\"currency\":null}"), "/price/amount /price/currency");
#undef P
    /* Explicit bounds (a refund is negative); no max means MONEY_AMOUNT_MAX. */
    expect("{\"name\":\"ab\",\"qty\":1,\"refund\":{\"amount\":-5000,\"currency\":\"EUR\"}}", "");
    expect("{\"name\":\"ab\",\"qty\":1,\"refund\":{\"amount\":-5001,\"currency\":\"EUR\"}}",
           "/refund/amount");
    expect("{\"name\":\"ab\",\"qty\":1,\"refund\":{\"amount\":0,\"currency\":\"EUR\"}}",
           "/refund/amount");
    static const struct jv_field any_price[] = {{"p", JV_MONEY, JV_REQUIRED}, {0}};
    char body[128], got[256];
    snprintf(body, sizeof body, "{\"p\":{\"amount\":%lld,\"currency\":\"EUR\"}}", MONEY_AMOUNT_MAX);
    failing(body, any_price, got, sizeof got);
    assert_string_equal(got, "");
    snprintf(body, sizeof body, "{\"p\":{\"amount\":%lld,\"currency\":\"EUR\"}}",
             MONEY_AMOUNT_MAX + 1);
    failing(body, any_price, got, sizeof got);
    assert_string_equal(got, "/p/amount");
}

static void times_must_be_rfc3339(void **state)
{
    (void)state;
    expect("{\"name\":\"ab\",\"qty\":1,\"at\":\"2026-11-22T14:05:09Z\"}", "");
    expect("{\"name\":\"ab\",\"qty\":1,\"at\":\"2024-02-29T00:00:00.123-05:00\"}", "");
    expect("{\"name\":\"ab\",\"qty\":1,\"at\":\"2026-02-29T00:00:00Z\"}", "/at");
    expect("{\"name\":\"ab\",\"qty\":1,\"at\":\"2026-11-22\"}", "/at");
    expect("{\"name\":\"ab\",\"qty\":1,\"at\":\"tomorrow\"}", "/at");
    expect("{\"name\":\"ab\",\"qty\":1,\"at\":\"\"}", "/at");
}

static void ids_are_positive_digit_strings(void **state)
{
    (void)state;
    expect("{\"name\":\"ab\",\"qty\":1,\"store_id\":\"1\"}", "");
    expect("{\"name\":\"ab\",\"qty\":1,\"store_id\":\"9223372036854775807\"}", "");
    static const char *const bad[] = {"\"0\"", "\"-1\"", "\"012\"", "\"1a\"", "\"\"",
                                      "\"9223372036854775808\"", "7", "\" 1\""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char body[128];
        snprintf(body, sizeof body, "{\"name\":\"ab\",\"qty\":1,\"store_id\":%s}", bad[i]);
        expect(body, "/store_id");
    }
}

static void choices_are_exact_and_the_detail_lists_them(void **state)
{
    (void)state;
    expect("{\"name\":\"ab\",\"qty\":1,\"kind\":\"delivery\"}", "");
    expect("{\"name\":\"ab\",\"qty\":1,\"kind\":\"Delivery\"}", "/kind");
    expect("{\"name\":\"ab\",\"qty\":1,\"kind\":\"\"}", "/kind");
    char d[200];
    detail_of("{\"name\":\"ab\",\"qty\":1,\"kind\":\"drone\"}", d, sizeof d);
    for (const char *const *k = kinds; *k; k++)
        assert_non_null(strstr(d, *k));
}

static void null_is_accepted_only_where_declared(void **state)
{
    (void)state;
    expect("{\"name\":\"ab\",\"qty\":1,\"note\":null}", "");
    expect("{\"name\":\"ab\",\"qty\":1,\"note\":\"01234567890\"}", "/note");
    /* Present but null is not missing: reported once, as null. */
    expect("{\"name\":null,\"qty\":null,\"gift\":null,\"address\":null}",
           "/address /gift /name /qty");
    char d[200];
    detail_of("{\"name\":\"ab\",\"qty\":1,\"gift\":null}", d, sizeof d);
    assert_non_null(strstr(d, "null"));
}

static void every_failing_field_is_reported_at_once(void **state)
{
    (void)state;
    expect("{\"qty\":99,\"kind\":\"x\",\"tags\":[\"\"],\"address\":{\"zip\":\"12345678901\"},"
           "\"price\":{\"amount\":-1,\"currency\":\"US\"},\"extra\":1,\"email\":\"nope\"}",
           "/address/city /address/zip /email /extra /kind /name /price/amount /price/currency "
           "/qty /tags/0");
}

static void pointers_escape_tilde_and_slash_in_keys(void **state)
{
    (void)state;
    expect("{\"name\":\"ab\",\"qty\":1,\"a/b\":1,\"c~d\":2,\"~/\":3}", "/a~1b /c~0d /~0~1");
    expect("{\"name\":\"ab\",\"qty\":1,\"address\":{\"city\":\"Z\",\"x/y~z\":1}}",
           "/address/x~1y~0z");
    expect("{\"name\":\"ab\",\"qty\":1,\"\":1}", "/");
}

static void a_flood_of_errors_is_capped(void **state)
{
    (void)state;
    char body[4096];
    size_t o = (size_t)snprintf(body, sizeof body, "{\"name\":\"ab\",\"qty\":1");
    for (int i = 0; i < 200; i++)
        o += (size_t)snprintf(body + o, sizeof body - o, ",\"u%d\":%d", i, i);
    snprintf(body + o, sizeof body - o, "}");
    struct js_parse_result res;
    json_t *v = js_parse(body, strlen(body), AG_JSON_DEPTH_MAX, &res);
    assert_non_null(v);
    json_t *errors = jv_check(v, order_fields);
    assert_int_equal(json_array_size(errors), AG_FIELD_ERRORS_MAX);
    json_decref(errors);
    json_decref(v);
}

static void a_body_that_is_not_an_object_is_one_error_at_the_root(void **state)
{
    (void)state;
    json_t *bodies[] = {json_array(), json_integer(5), json_string("x"), json_null()};
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        json_t *errors = jv_check(bodies[i], order_fields);
        assert_int_equal(json_array_size(errors), 1);
        json_t *e = json_array_get(errors, 0);
        assert_string_equal(json_string_value(json_object_get(e, "pointer")), "");
        json_decref(errors);
        json_decref(bodies[i]);
    }
}

static void email_check_refuses_what_cannot_be_an_address(void **state)
{
    (void)state;
    static const char *const good[] = {"a@b.example", "first.last+tag@sub.shop.example"};
    static const char *const bad[] = {"",        "plain",  "@b.example", "a@",     "a@b",
                                      "a@b@c.de", "a@.com", "a@b.",       "a b@c.de", "a@b.c\t"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        json_t *s = json_string(good[i]);
        assert_null(jv_check_email(s));
        json_decref(s);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *s = json_string(bad[i]);
        if (!jv_check_email(s))
            fail_msg("'%s' accepted as an e-mail address", bad[i]);
        json_decref(s);
    }
}

/* The text rules as extra checks: each string against each check, with
 * the verdict written out (1 passes).  A value that is not a string passes
 * (the type check reports it). */
static void text_checks_refuse_controls_blanks_and_other_schemes(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int line, lines, url;
    } cases[] = {
        {"Ann", 1, 1, 0},
        {"", 1, 1, 1}, /* a length bound or "required" says whether empty is fine */
        {"  ", 0, 0, 0},
        {" \n\t ", 0, 0, 0},
        {"a\tb", 0, 1, 0},
        {"two\r\nlines", 0, 1, 0},
        {"bell\x07", 0, 0, 0},
        {"\x1b[31m", 0, 0, 0},
        {"del\x7f", 0, 0, 0},
        {"c1 \xc2\x85", 0, 0, 0},
        {"\xc2\xa0nbsp", 1, 1, 0}, /* U+00A0 is a space, not a control */
        {"caf\xc3\xa9", 1, 1, 0},
        {"https://shop.example/a?b=1", 1, 1, 1},
        {"HTTP://SHOP.EXAMPLE", 1, 1, 1},
        {"http://", 1, 1, 0},
        {"https:///path", 1, 1, 0},
        {"javascript:alert(1)", 1, 1, 0},
        {"data:text/html,x", 1, 1, 0},
        {"//shop.example/a", 1, 1, 0},
        {"ftp://shop.example", 1, 1, 0},
        {"https://shop.example/\x01", 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *v = json_string(cases[i].s);
        const char *why[3] = {jv_check_line(v), jv_check_lines(v), jv_check_url(v)};
        const int want[3] = {cases[i].line, cases[i].lines, cases[i].url};
        for (int k = 0; k < 3; k++)
            if ((why[k] == NULL) != want[k])
                fail_msg("case %zu check %d: got %s", i, k, why[k] ? why[k] : "(passes)");
        json_decref(v);
    }
    json_t *n = json_integer(5);
    assert_null(jv_check_line(n));
    assert_null(jv_check_lines(n));
    assert_null(jv_check_url(n));
    json_decref(n);
}

/* jv_errors_merge adds the rule errors that jv_check did not already give
 * for the same field or a field around it, and steals its argument. */
static void merged_errors_skip_fields_already_reported(void **state)
{
    (void)state;
    json_t *errors = NULL;
    jv_error_add(&errors, "/hours/0", "must be an object");
    jv_error_add(&errors, "/hours/1", "must be an object");
    jv_error_add(&errors, "/latitude", "must be between -90 and 90");
    json_t *more = NULL;
    jv_error_add(&more, "/hours/0/opens", "must be HH:MM");   /* under /hours/0 */
    jv_error_add(&more, "/latitude", "must be between -90 and 90"); /* the same */
    jv_error_add(&more, "/hours/10", "overlaps"); /* not under /hours/1 */
    jv_error_add(&more, "/time_zone", "is not known");
    jv_error_add(&more, "/time_zone", "is not known either"); /* more never hides more */
    jv_errors_merge(&errors, more);
    const char *want[] = {"/hours/0", "/hours/1", "/latitude", "/hours/10", "/time_zone", "/time_zone"};
    assert_int_equal(json_array_size(errors), sizeof want / sizeof want[0]);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_string_equal(
            json_string_value(json_object_get(json_array_get(errors, i), "pointer")), want[i]);
    json_decref(errors);
    /* Into nothing: everything is new; from nothing: nothing changes. */
    json_t *none = NULL;
    more = NULL;
    jv_error_add(&more, "/a", "x");
    jv_errors_merge(&none, more);
    assert_int_equal(json_array_size(none), 1);
    jv_errors_merge(&none, NULL);
    assert_int_equal(json_array_size(none), 1);
    json_decref(none);
    /* The root ("" : the body is not an object) covers every field. */
    json_t *root = NULL;
    jv_error_add(&root, "", "the body must be a JSON object");
    more = NULL;
    jv_error_add(&more, "/name", "x");
    jv_errors_merge(&root, more);
    assert_int_equal(json_array_size(root), 1);
    json_decref(root);
}

int main(void)
{
    js_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_complete_valid_body_passes),
        cmocka_unit_test(missing_required_fields_are_each_reported),
        cmocka_unit_test(unknown_fields_are_errors_at_every_level),
        cmocka_unit_test(wrong_types_are_reported_for_every_kind),
        cmocka_unit_test(string_bounds_count_characters_not_bytes),
        cmocka_unit_test(strings_with_nul_are_refused),
        cmocka_unit_test(integer_bounds_are_inclusive_and_unbounded_means_json_safe),
        cmocka_unit_test(number_bounds_accept_integers_and_reals),
        cmocka_unit_test(arrays_bound_their_length_and_check_each_item),
        cmocka_unit_test(money_needs_an_iso_currency_and_bounded_integer_minor_units),
        cmocka_unit_test(times_must_be_rfc3339),
        cmocka_unit_test(ids_are_positive_digit_strings),
        cmocka_unit_test(choices_are_exact_and_the_detail_lists_them),
        cmocka_unit_test(null_is_accepted_only_where_declared),
        cmocka_unit_test(every_failing_field_is_reported_at_once),
        cmocka_unit_test(pointers_escape_tilde_and_slash_in_keys),
        cmocka_unit_test(a_flood_of_errors_is_capped),
        cmocka_unit_test(a_body_that_is_not_an_object_is_one_error_at_the_root),
        cmocka_unit_test(email_check_refuses_what_cannot_be_an_address),
        cmocka_unit_test(text_checks_refuse_controls_blanks_and_other_schemes),
        cmocka_unit_test(merged_errors_skip_fields_already_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
