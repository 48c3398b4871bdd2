/*
 * test_p01_http.c - API conventions that every route relies on: routing
 * (404, 405 + Allow), problem+json errors, body parsing and limits (400,
 * 413, 415, 422; negative and huge numbers; the larger limit of upload
 * routes), pagination bounds, request ids, keep-alive.  Every refused request must
 * leave the server up and write nothing.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "catalog_fixtures.h"
#include "harness.h"

static struct srv S;

static int setup(void **state)
{
    (void)state;
    const char *extra[] = {"--json-body-max", "65536", "--upload-body-max", "200000", NULL};
    return srv_start(&S, extra);
}

static int teardown(void **state)
{
    (void)state;
    int rc = srv_stop(&S);
    srv_cleanup(&S);
    return rc == 0 ? 0 : -1;
}

static long accounts(void)
{
    return db_count(&S, "SELECT COUNT(*) FROM accounts");
}

/* The server still answers after whatever the test did. */
static void assert_alive(void)
{
    struct http_resp r;
    assert_int_equal(api_get(&S, "/healthz", NULL, &r), 0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
}

/* Sends body to signup with a content type and checks status and code,
 * and that no account was written. */
static void expect_refused(const char *ctype, const char *body, size_t len, long status,
                           const char *code)
{
    long before = accounts();
    struct http_resp r;
    assert_int_equal(http_do(&S, "POST", "/v1/auth/signup", ctype, body, len, NULL, &r), 0);
    if (r.status != status || strcmp(resp_code(&r), code) != 0)
        fprintf(stderr, "got %ld %s\n", r.status, r.body);
    assert_int_equal(r.status, status);
    assert_string_equal(resp_code(&r), code);
    char ct[128];
    assert_true(resp_header(&r, "Content-Type", ct, sizeof ct));
    assert_string_equal(ct, "application/problem+json");
    assert_non_null(json_object_get(r.json, "detail"));
    assert_int_equal(json_integer_value(json_object_get(r.json, "status")), status);
    resp_free(&r);
    assert_int_equal(accounts(), before);
    assert_alive();
}

static void unknown_route_is_404_problem(void **state)
{
    (void)state;
    struct http_resp r;
    assert_int_equal(api_get(&S, "/v1/no-such-thing", NULL, &r), 0);
    assert_int_equal(r.status, 404);
    assert_string_equal(resp_code(&r), "route_not_found");
    assert_string_equal(json_string_value(json_object_get(r.json, "instance")),
                        "/v1/no-such-thing");
    resp_free(&r);
}

static void wrong_method_is_405_with_allow(void **state)
{
    (void)state;
    struct http_resp r;
    assert_int_equal(api_send(&S, "DELETE", "/v1/auth/login", NULL, NULL, &r), 0);
    assert_int_equal(r.status, 405);
    assert_string_equal(resp_code(&r), "method_not_allowed");
    char allow[64];
    assert_true(resp_header(&r, "Allow", allow, sizeof allow));
    assert_string_equal(allow, "POST");
    resp_free(&r);
    assert_int_equal(api_send(&S, "PUT", "/v1/me", NULL, "{}", &r), 0);
    assert_int_equal(r.status, 405);
    assert_true(resp_header(&r, "Allow", allow, sizeof allow));
    assert_non_null(strstr(allow, "GET"));
    resp_free(&r);
}

static void truncated_json_is_400(void **state)
{
    (void)state;
    const char *b = "{\"email\":\"a@b.example\",\"password\":\"0123456789";
    expect_refused("application/json", b, strlen(b), 400, "malformed_json");
}

static void invalid_utf8_is_400(void **state)
{
    (void)state;
    const char b[] = "{\"email\":\"a\xff@b.example\",\"password\":\"0123456789ab\"}";
    expect_refused("application/json", b, sizeof b - 1, 400, "malformed_json");
}

static void deep_nesting_is_400(void **state)
{
    (void)state;
    size_t depth = 10000;
    char *b = malloc(depth * 2 + 1);
    memset(b, '[', depth);
    memset(b + depth, ']', depth);
    b[depth * 2] = '\0';
    expect_refused("application/json", b, depth * 2, 400, "malformed_json");
    free(b);
}

static void empty_body_is_400(void **state)
{
    (void)state;
    expect_refused("application/json", "", 0, 400, "malformed_json");
}

static void wrong_content_type_is_415(void **state)
{
    (void)state;
    const char *b = "{\"email\":\"x@y.example\",\"password\":\"0123456789ab\"}";
    expect_refused("text/plain", b, strlen(b), 415, "unsupported_media_type");
    expect_refused("application/json; charset=latin1", b, strlen(b), 415, "unsupported_media_type");
    expect_refused(NULL, b, strlen(b), 415, "unsupported_media_type");
}

static void body_over_limit_is_413(void **state)
{
    (void)state;
    size_t n = 70000; /* the server runs with --json-body-max 65536 */
    char *b = malloc(n + 1);
    memset(b, ' ', n);
    memcpy(b, "{\"email\":\"", 10);
    b[n - 2] = '"';
    b[n - 1] = '}';
    b[n] = '\0';
    expect_refused("application/json", b, n, 413, "payload_too_large");
    free(b);
}

/* A Content-Length over the limit is refused from the headers alone: the
 * answer comes although not one byte of the body was sent. */
static void declared_length_over_limit_is_413_before_the_body(void **state)
{
    (void)state;
    long before = accounts();
    const char *req = "POST /v1/auth/signup HTTP/1.1\r\nHost: t\r\n"
                      "Content-Type: application/json\r\n"
                      "Content-Length: 50000000\r\n\r\n";
    char resp[8192];
    int closed = 0;
    int got = raw_http(&S, req, strlen(req), resp, sizeof resp, &closed);
    assert_true(got > 0);
    assert_non_null(strstr(resp, " 413 "));
    assert_non_null(strstr(resp, "payload_too_large"));
    assert_int_equal(accounts(), before);
    assert_alive();
}

/* Sends a raw request (freeing it) whose chunked body outgrows the limit:
 * the answer is a 413 or a closed connection, never a success. */
static void expect_413_or_closed(char *req, size_t len)
{
    char resp[8192];
    int closed = 0;
    int got = raw_http(&S, req, len, resp, sizeof resp, &closed);
    free(req);
    assert_true(got >= 0);
    if (got > 0)
        assert_non_null(strstr(resp, " 413 "));
    else
        assert_true(closed);
}

static void chunked_body_over_limit_is_refused(void **state)
{
    (void)state;
    long before = accounts();
    /* 80 chunks of 1000 bytes: 80,000 bytes, over the 65,536 limit, with no
     * Content-Length for the server to refuse early. */
    size_t cap = 200000, off = 0;
    char *req = malloc(cap);
    off += (size_t)snprintf(req, cap,
                            "POST /v1/auth/signup HTTP/1.1\r\nHost: t\r\n"
                            "Content-Type: application/json\r\n"
                            "Transfer-Encoding: chunked\r\n\r\n");
    for (int i = 0; i < 80; i++) {
        off += (size_t)snprintf(req + off, cap - off, "3e8\r\n");
        memset(req + off, i == 0 ? '{' : ' ', 1000);
        off += 1000;
        off += (size_t)snprintf(req + off, cap - off, "\r\n");
    }
    off += (size_t)snprintf(req + off, cap - off, "0\r\n\r\n");
    expect_413_or_closed(req, off);
    assert_int_equal(accounts(), before);
    assert_alive();
}

/* Files the server left in its temporary folder (uploads stream there). */
static int upload_files_left(void)
{
    DIR *d = opendir(S.dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += strncmp(e->d_name, "agora-upload-", 13) == 0;
    closedir(d);
    return n;
}

/* Upload routes (feeds) stream to a temporary file up to their own, larger
 * limit (--upload-body-max, 200,000 bytes here, over the JSON limit): a
 * feed above the JSON limit is accepted, one past its own limit is 413
 * whether it declares its length or arrives chunked, nothing is imported
 * and no temporary file stays behind. */
static void upload_routes_have_their_own_limit(void **state)
{
    (void)state;
    char *admin = api_make_user(&S, harness_email("adm-up-"), "admin", 0);
    long retailer = cat_retailer(&S, admin, "Upload Limits");
    char *staff = api_make_user(&S, harness_email("staff-up-"), "staff", retailer);
    const char *head = "id\ttitle\tprice\tlink\tavailability\n";
    /* Rows of about 100 bytes: 1,000 of them make 100 KB (over the JSON
     * limit, under the upload limit), 3,000 make 300 KB (over both). */
    size_t cap = 400000, len = 0;
    char *feed = malloc(cap);
    len += (size_t)snprintf(feed, cap, "%s", head);
    size_t at_1000 = 0;
    for (int i = 0; i < 3000; i++) {
        len += (size_t)snprintf(feed + len, cap - len,
                                "LIMIT-%05d\tProduct number %05d of the upload limit test, "
                                "padded\t1.00 EUR\thttps://x.example/%05d\tin_stock\n",
                                i, i, i);
        if (i == 999)
            at_1000 = len;
    }
    long listings = db_count(&S, "SELECT COUNT(*) FROM listings");
    struct http_resp r;
    assert_int_equal(
        cat_upload(&S, retailer, staff, "text/tab-separated-values", feed, len, "", &r), 0);
    assert_int_equal(r.status, 413);
    assert_string_equal(resp_code(&r), "payload_too_large");
    resp_free(&r);
    assert_int_equal(db_count(&S, "SELECT COUNT(*) FROM listings"), listings);

    /* The same, chunked: no length for the server to refuse early. */
    char *req = malloc(len + 4096);
    char tok_header[300];
    snprintf(tok_header, sizeof tok_header, "Authorization: Bearer %s\r\n", staff);
    size_t off = (size_t)snprintf(req, 4096,
                                  "POST /v1/retailers/%ld/feeds HTTP/1.1\r\nHost: t\r\n%s"
                                  "Content-Type: text/tab-separated-values\r\n"
                                  "Transfer-Encoding: chunked\r\n\r\n",
                                  retailer, tok_header);
    for (size_t done = 0; done < len;) {
        size_t n = len - done < 8192 ? len - done : 8192;
        off += (size_t)snprintf(req + off, 16, "%zx\r\n", n);
        memcpy(req + off, feed + done, n);
        off += n;
        memcpy(req + off, "\r\n", 2);
        off += 2;
        done += n;
    }
    memcpy(req + off, "0\r\n\r\n", 5);
    off += 5;
    expect_413_or_closed(req, off);
    assert_int_equal(db_count(&S, "SELECT COUNT(*) FROM listings"), listings);
    assert_alive();

    /* 100 KB, past the JSON limit but within the upload limit, imports. */
    assert_int_equal(
        cat_upload(&S, retailer, staff, "text/tab-separated-values", feed, at_1000, "", &r), 0);
    if (r.status >= 300)
        fprintf(stderr, "%ld %s\n", r.status, r.body);
    assert_true(r.status == 200 || r.status == 201);
    resp_free(&r);
    assert_int_equal(db_count(&S, "SELECT COUNT(*) FROM listings"), listings + 1000);
    /* The file goes when the request completes, just after the answer. */
    for (int i = 0; i < 200 && upload_files_left() > 0; i++)
        usleep(10000);
    assert_int_equal(upload_files_left(), 0);
    free(feed);
    free(staff);
    free(admin);
}

static void route_without_body_refuses_one(void **state)
{
    (void)state;
    struct http_resp r;
    assert_int_equal(http_do(&S, "GET", "/healthz", "application/json", "{}", 2, NULL, &r), 0);
    assert_int_equal(r.status, 413);
    assert_string_equal(resp_code(&r), "payload_too_large");
    resp_free(&r);
}

static void huge_number_is_422_with_pointer(void **state)
{
    (void)state;
    const char *b = "{\"email\":123456789012345678901234567890,\"password\":\"0123456789ab\"}";
    long before = accounts();
    struct http_resp r;
    assert_int_equal(api_send(&S, "POST", "/v1/auth/signup", NULL, b, &r), 0);
    assert_int_equal(r.status, 422);
    assert_string_equal(resp_code(&r), "validation_failed");
    json_t *e = json_array_get(json_object_get(r.json, "errors"), 0);
    assert_string_equal(json_string_value(json_object_get(e, "pointer")), "/email");
    resp_free(&r);
    assert_int_equal(accounts(), before);
}

/* Integers a route bounds (google_category_id: 1 to 10^9): negative, zero,
 * past the bound, past 64 bits (either sign), past a double, and a
 * fraction are each a 422 naming the field, and nothing is written. */
static void negative_and_huge_numbers_are_422(void **state)
{
    (void)state;
    char *admin = api_make_user(&S, harness_email("adm-num-"), "admin", 0);
    assert_non_null(admin);
    const char *values[] = {"-1",
                            "0",
                            "1000000001",
                            "-9223372036854775808",
                            "99999999999999999999",
                            "-99999999999999999999",
                            "1e400",
                            "1.5"};
    long before = db_count(&S, "SELECT COUNT(*) FROM categories");
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        char body[160];
        snprintf(body, sizeof body, "{\"name\":\"Numbers\",\"google_category_id\":%s}", values[i]);
        struct http_resp r;
        assert_int_equal(api_send(&S, "POST", "/v1/categories", admin, body, &r), 0);
        if (r.status != 422)
            fprintf(stderr, "%s -> %ld %s\n", values[i], r.status, r.body);
        assert_int_equal(r.status, 422);
        assert_string_equal(resp_code(&r), "validation_failed");
        json_t *e = json_array_get(json_object_get(r.json, "errors"), 0);
        assert_string_equal(json_string_value(json_object_get(e, "pointer")),
                            "/google_category_id");
        assert_non_null(json_string_value(json_object_get(e, "detail")));
        resp_free(&r);
        assert_alive();
    }
    assert_int_equal(db_count(&S, "SELECT COUNT(*) FROM categories"), before);
    /* The bounds themselves are accepted. */
    struct http_resp r;
    assert_int_equal(api_send(&S, "POST", "/v1/categories", admin,
                              "{\"name\":\"Numbers\",\"google_category_id\":1000000000}", &r),
                     0);
    assert_int_equal(r.status, 201);
    resp_free(&r);
    assert_int_equal(db_count(&S, "SELECT COUNT(*) FROM categories"), before + 1);
    free(admin);
}

static void wrong_types_and_unknown_fields_are_all_reported(void **state)
{
    (void)state;
    const char *b = "{\"email\":-5,\"password\":true,\"colour\":\"red\"}";
    long before = accounts();
    struct http_resp r;
    assert_int_equal(api_send(&S, "POST", "/v1/auth/signup", NULL, b, &r), 0);
    assert_int_equal(r.status, 422);
    json_t *errors = json_object_get(r.json, "errors");
    assert_int_equal(json_array_size(errors), 3);
    int seen = 0;
    for (size_t i = 0; i < json_array_size(errors); i++) {
        const char *p = json_string_value(json_object_get(json_array_get(errors, i), "pointer"));
        seen |= strcmp(p, "/email") == 0      ? 1
                : strcmp(p, "/password") == 0 ? 2
                : strcmp(p, "/colour") == 0   ? 4
                                              : 0;
    }
    assert_int_equal(seen, 7);
    resp_free(&r);
    assert_int_equal(accounts(), before);
}

static void missing_fields_and_bounds_are_422(void **state)
{
    (void)state;
    struct http_resp r;
    assert_int_equal(api_send(&S, "POST", "/v1/auth/signup", NULL, "{}", &r), 0);
    assert_int_equal(r.status, 422);
    assert_int_equal(json_array_size(json_object_get(r.json, "errors")), 2);
    resp_free(&r);
    assert_int_equal(api_send(&S, "POST", "/v1/auth/signup", NULL,
                              "{\"email\":\"no-at-sign\",\"password\":\"short\"}", &r),
                     0);
    assert_int_equal(r.status, 422);
    assert_int_equal(json_array_size(json_object_get(r.json, "errors")), 2);
    resp_free(&r);
    assert_int_equal(api_send(&S, "POST", "/v1/auth/signup", NULL, "[1,2]", &r), 0);
    assert_int_equal(r.status, 422);
    resp_free(&r);
}

static void bad_query_parameters_are_reported(void **state)
{
    (void)state;
    char *admin = api_make_user(&S, harness_email("adm-q-"), "admin", 0);
    assert_non_null(admin);
    struct http_resp r;
    const char *bad[] = {
        "/v1/admin/users?limit=-1",    "/v1/admin/users?limit=99999999999999999999",
        "/v1/admin/users?limit=abc",   "/v1/admin/users?colour=red",
        "/v1/admin/users?cursor=%%%%", "/v1/admin/users?limit=101",
        "/v1/admin/users?limit=0"};
    long want[] = {422, 422, 422, 422, 400, 422, 422};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(api_get(&S, bad[i], admin, &r), 0);
        if (r.status != want[i])
            fprintf(stderr, "%s -> %ld %s\n", bad[i], r.status, r.body);
        assert_int_equal(r.status, want[i]);
        resp_free(&r);
    }
    /* 100 is the largest page. */
    assert_int_equal(api_get(&S, "/v1/admin/users?limit=100", admin, &r), 0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
    assert_int_equal(api_get(&S, "/v1/admin/users?limit=1&limit=2", admin, &r), 0);
    assert_int_equal(r.status, 422);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(r.json, "errors"), 0), "parameter")),
                        "limit");
    resp_free(&r);
    free(admin);
}

static void request_id_on_every_response(void **state)
{
    (void)state;
    struct http_resp r;
    char id[128];
    assert_int_equal(api_get(&S, "/healthz", NULL, &r), 0);
    assert_true(resp_header(&r, "X-Request-Id", id, sizeof id));
    assert_true(strlen(id) >= 8);
    resp_free(&r);
    const char *h[] = {"X-Request-Id: trace-abc.123", NULL};
    assert_int_equal(http_do(&S, "GET", "/v1/nope", NULL, NULL, 0, h, &r), 0);
    assert_true(resp_header(&r, "X-Request-Id", id, sizeof id));
    assert_string_equal(id, "trace-abc.123");
    assert_string_equal(json_string_value(json_object_get(r.json, "request_id")), "trace-abc.123");
    resp_free(&r);
    const char *bad[] = {"X-Request-Id: has spaces in it", NULL};
    assert_int_equal(http_do(&S, "GET", "/healthz", NULL, NULL, 0, bad, &r), 0);
    assert_true(resp_header(&r, "X-Request-Id", id, sizeof id));
    assert_string_not_equal(id, "has spaces in it");
    resp_free(&r);
}

static void keep_alive_reuses_the_connection(void **state)
{
    (void)state;
    struct http_resp r;
    assert_int_equal(api_get(&S, "/healthz", NULL, &r), 0);
    resp_free(&r);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(api_get(&S, "/healthz", NULL, &r), 0);
        assert_int_equal(r.status, 200);
        assert_int_equal(r.new_connections, 0);
        char conn[64] = "";
        resp_header(&r, "Connection", conn, sizeof conn);
        assert_string_not_equal(conn, "close");
        resp_free(&r);
    }
    /* A JSON POST keeps the connection too. */
    assert_int_equal(api_send(&S, "POST", "/v1/auth/login", NULL,
                              "{\"email\":\"nobody@x.example\",\"password\":\"whatever12\"}", &r),
                     0);
    assert_int_equal(r.status, 401);
    resp_free(&r);
    assert_int_equal(api_get(&S, "/healthz", NULL, &r), 0);
    assert_int_equal(r.new_connections, 0);
    resp_free(&r);
}

static void security_headers_are_sent(void **state)
{
    (void)state;
    struct http_resp r;
    char v[512];
    assert_int_equal(api_get(&S, "/", NULL, &r), 0);
    assert_int_equal(r.status, 200);
    assert_true(resp_header(&r, "Content-Security-Policy", v, sizeof v));
    assert_non_null(strstr(v, "frame-ancestors 'none'"));
    assert_null(strstr(v, "unsafe-inline"));
    assert_true(resp_header(&r, "X-Content-Type-Options", v, sizeof v));
    assert_string_equal(v, "nosniff");
    resp_free(&r);
}

static void head_is_served_by_get_routes(void **state)
{
    (void)state;
    struct http_resp r;
    assert_int_equal(http_do(&S, "HEAD", "/healthz", NULL, NULL, 0, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.len, 0);
    resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unknown_route_is_404_problem),
        cmocka_unit_test(wrong_method_is_405_with_allow),
        cmocka_unit_test(truncated_json_is_400),
        cmocka_unit_test(invalid_utf8_is_400),
        cmocka_unit_test(deep_nesting_is_400),
        cmocka_unit_test(empty_body_is_400),
        cmocka_unit_test(wrong_content_type_is_415),
        cmocka_unit_test(body_over_limit_is_413),
        cmocka_unit_test(declared_length_over_limit_is_413_before_the_body),
        cmocka_unit_test(chunked_body_over_limit_is_refused),
        cmocka_unit_test(upload_routes_have_their_own_limit),
        cmocka_unit_test(route_without_body_refuses_one),
        cmocka_unit_test(huge_number_is_422_with_pointer),
        cmocka_unit_test(negative_and_huge_numbers_are_422),
        cmocka_unit_test(wrong_types_and_unknown_fields_are_all_reported),
        cmocka_unit_test(missing_fields_and_bounds_are_422),
        cmocka_unit_test(bad_query_parameters_are_reported),
        cmocka_unit_test(request_id_on_every_response),
        cmocka_unit_test(keep_alive_reuses_the_connection),
        cmocka_unit_test(security_headers_are_sent),
        cmocka_unit_test(head_is_served_by_get_routes),
    };
    return cmocka_run_group_tests_name("p01_http", tests, setup, teardown);
}
