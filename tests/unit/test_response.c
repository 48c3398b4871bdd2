/*
 * test_response.c - src/http/response.c and src/core/errcode.c: the one
 * writer of RFC 9457 problem details, the error-code table behind it, and
 * the response helpers handlers use.
 *
 * Clients branch on the stable "code" and the status; a problem body that
 * misses a member, a code that maps to the wrong status, or two codes with
 * the same string would break every client at once.  Statuses are checked
 * against the classes of RFC 9110 and the problem shape against RFC 9457.
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
#include "core/errcode.h"
#include "core/mem.h"
#include "http/http.h"
#include "json/js.h"

static struct http_res fresh(void)
{
    struct http_res res;
    memset(&res, 0, sizeof res);
    return res;
}

static void release(struct http_res *res)
{
    json_decref(res->json);
    mem_free(res->raw);
    memset(res, 0, sizeof *res);
}

static const char *member(const struct http_res *res, const char *key)
{
    return json_string_value(json_object_get(res->json, key));
}

static void error_codes_are_unique_and_their_statuses_fit_the_class(void **state)
{
    (void)state;
    for (int i = 0; i < ERR_COUNT_; i++) {
        const char *code = errcode_code((enum errcode)i);
        int status = errcode_status((enum errcode)i);
        assert_true(status >= 200 && status <= 599);
        assert_true(errcode_title((enum errcode)i)[0] != '\0');
        /* lower_snake_case, as documented in docs/api.md */
        assert_int_equal(strspn(code, "abcdefghijklmnopqrstuvwxyz_"), strlen(code));
        for (int k = 0; k < i; k++)
            if (strcmp(code, errcode_code((enum errcode)k)) == 0)
                fail_msg("code %s used twice", code);
    }
    /* The statuses the API conventions promise (issue 2). */
    assert_int_equal(errcode_status(ERR_MALFORMED_JSON), 400);
    assert_int_equal(errcode_status(ERR_UNAUTHENTICATED), 401);
    assert_int_equal(errcode_status(ERR_FORBIDDEN), 403);
    assert_int_equal(errcode_status(ERR_ROUTE_NOT_FOUND), 404);
    assert_int_equal(errcode_status(ERR_METHOD_NOT_ALLOWED), 405);
    assert_int_equal(errcode_status(ERR_IDEMPOTENCY_IN_PROGRESS), 409);
    assert_int_equal(errcode_status(ERR_PAYLOAD_TOO_LARGE), 413);
    assert_int_equal(errcode_status(ERR_UNSUPPORTED_MEDIA_TYPE), 415);
    assert_int_equal(errcode_status(ERR_VALIDATION), 422);
    assert_int_equal(errcode_status(ERR_IDEMPOTENCY_MISMATCH), 422);
    assert_int_equal(errcode_status(ERR_RATE_LIMITED), 429);
    assert_int_equal(errcode_status(ERR_UNAVAILABLE), 503);
    /* Out of the table: an internal error, never a crash. */
    assert_int_equal(errcode_status((enum errcode)ERR_COUNT_), 500);
    assert_int_equal(errcode_status((enum errcode)-1), 500);
    assert_string_equal(errcode_code((enum errcode)ERR_COUNT_ + 7), "internal_error");
}

static void a_problem_has_every_rfc9457_member(void **state)
{
    (void)state;
    for (int i = 1; i < ERR_COUNT_; i++) {
        struct http_res res = fresh();
        int status = http_problem(&res, (enum errcode)i, "item %d is %s", 42, "gone");
        assert_int_equal(status, errcode_status((enum errcode)i));
        assert_int_equal(res.status, status);
        assert_int_equal(res.error, i);
        assert_string_equal(res.content_type, "application/problem+json");
        char type[96];
        snprintf(type, sizeof type, "urn:agora:problem:%s", errcode_code((enum errcode)i));
        assert_string_equal(member(&res, "type"), type);
        assert_string_equal(member(&res, "title"), errcode_title((enum errcode)i));
        assert_string_equal(member(&res, "code"), errcode_code((enum errcode)i));
        assert_int_equal(json_integer_value(json_object_get(res.json, "status")), status);
        assert_string_equal(member(&res, "detail"), "item 42 is gone");
        assert_null(json_object_get(res.json, "errors"));
        release(&res);
    }
    /* Without a detail, the title stands in. */
    struct http_res res = fresh();
    http_problem(&res, ERR_FORBIDDEN, NULL);
    assert_string_equal(member(&res, "detail"), errcode_title(ERR_FORBIDDEN));
    release(&res);
}

static void a_long_detail_is_cut_not_overrun(void **state)
{
    (void)state;
    char big[2000];
    memset(big, 'd', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    struct http_res res = fresh();
    http_problem(&res, ERR_BAD_REQUEST, "%s", big);
    const char *d = member(&res, "detail");
    assert_non_null(d);
    assert_true(strlen(d) > 0 && strlen(d) < sizeof big - 1);
    assert_int_equal(strspn(d, "d"), strlen(d));
    release(&res);
}

static void validation_problems_carry_their_fields(void **state)
{
    (void)state;
    struct http_res res = fresh();
    json_t *errors = json_array();
    json_array_append_new(errors, json_pack("{s:s,s:s}", "pointer", "/email", "detail", "x"));
    assert_int_equal(http_problem_fields(&res, errors, NULL), 422);
    assert_string_equal(member(&res, "code"), "validation_failed");
    assert_int_equal(json_array_size(json_object_get(res.json, "errors")), 1);
    assert_true(member(&res, "detail")[0] != '\0');
    release(&res);

    res = fresh();
    assert_int_equal(http_problem_field(&res, "/password", "must be at least 10 characters"),
                     422);
    json_t *e = json_array_get(json_object_get(res.json, "errors"), 0);
    assert_string_equal(json_string_value(json_object_get(e, "pointer")), "/password");
    assert_non_null(strstr(member(&res, "detail"), "password"));
    release(&res);

    res = fresh();
    assert_int_equal(http_problem_param(&res, "limit", "must be between 1 and 100"), 422);
    e = json_array_get(json_object_get(res.json, "errors"), 0);
    assert_string_equal(json_string_value(json_object_get(e, "parameter")), "limit");
    assert_non_null(strstr(member(&res, "detail"), "limit"));
    release(&res);
}

static void storage_errors_map_to_retryable_or_conflict_statuses(void **state)
{
    (void)state;
    static const struct {
        int rc;
        int status;
        const char *code;
    } map[] = {
        {STORE_UNIQUE, 409, "already_exists"},  {STORE_CONSTRAINT, 409, "conflict"},
        {STORE_BUSY, 503, "unavailable"},       {STORE_UNAVAILABLE, 503, "unavailable"},
        {STORE_ERR, 500, "internal_error"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        struct http_res res = fresh();
        assert_int_equal(http_problem_store(&res, map[i].rc), map[i].status);
        assert_string_equal(member(&res, "code"), map[i].code);
        release(&res);
    }
}

static void bodies_replace_each_other_without_leaking(void **state)
{
    (void)state;
    struct http_res res = fresh();
    http_json(&res, 200, json_pack("{s:i}", "a", 1));
    http_problem(&res, ERR_CONFLICT, "later"); /* replaces the first body */
    assert_int_equal(res.status, 409);
    assert_null(json_object_get(res.json, "a"));
    release(&res);

    res = fresh();
    const char data[] = "bin\0ary";
    assert_int_equal(http_raw(&res, 201, "application/octet-stream", data, sizeof data - 1), 201);
    assert_int_equal(res.raw_len, sizeof data - 1);
    assert_memory_equal(res.raw, data, sizeof data - 1);
    assert_int_equal(res.raw[res.raw_len], '\0');
    http_raw(&res, 200, "text/plain", "x", 1); /* replaces, frees the first */
    assert_string_equal(res.raw, "x");
    release(&res);

    res = fresh();
    assert_int_equal(http_no_content(&res), 204);
    assert_null(res.json);
}

static void headers_are_copied_replaced_and_capped(void **state)
{
    (void)state;
    struct http_req req;
    memset(&req, 0, sizeof req);
    req.arena = arena_new();
    struct http_res res = fresh();
    char value[16] = "first";
    http_header(&req, &res, "Location", value);
    value[0] = 'X'; /* the response has its own copy */
    assert_string_equal(res.headers[0].value, "first");
    http_header(&req, &res, "Location", "second");
    assert_int_equal(res.nheaders, 1);
    assert_string_equal(res.headers[0].value, "second");
    static const char *const names[] = {"A", "B", "C", "D", "E", "F", "G", "H", "I", "J"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        http_header(&req, &res, names[i], "v");
    assert_int_equal(res.nheaders, HTTP_MAX_HEADERS);
    arena_free(req.arena);
}

static void path_ids_parse_or_answer_404(void **state)
{
    (void)state;
    struct http_req req;
    memset(&req, 0, sizeof req);
    req.params[0] = "42";
    req.params[1] = "042";
    req.nparams = 2;
    int64_t id = 0;
    struct http_res res = fresh();
    assert_int_equal(http_param_id(&req, &res, 0, &id), 0);
    assert_true(id == 42);
    assert_null(res.json);
    assert_int_equal(http_param_id(&req, &res, 1, &id), -1);
    assert_int_equal(res.status, 404);
    assert_string_equal(member(&res, "code"), "not_found");
    release(&res);
    assert_int_equal(http_param_id(&req, &res, 2, &id), -1); /* no such segment */
    assert_int_equal(res.status, 404);
    release(&res);
}

int main(void)
{
    js_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(error_codes_are_unique_and_their_statuses_fit_the_class),
        cmocka_unit_test(a_problem_has_every_rfc9457_member),
        cmocka_unit_test(a_long_detail_is_cut_not_overrun),
        cmocka_unit_test(validation_problems_carry_their_fields),
        cmocka_unit_test(storage_errors_map_to_retryable_or_conflict_statuses),
        cmocka_unit_test(bodies_replace_each_other_without_leaking),
        cmocka_unit_test(headers_are_copied_replaced_and_capped),
        cmocka_unit_test(path_ids_parse_or_answer_404),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
