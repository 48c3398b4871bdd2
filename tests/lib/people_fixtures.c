/*
 * people_fixtures.c - shared helpers of the people API tests (see
 * people_fixtures.h).
 */
#include "people_fixtures.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

long long fx_id(const json_t *obj)
{
    const char *s = json_string_value(json_object_get(obj, "id"));
    return s ? strtoll(s, NULL, 10) : -1;
}

static void fx_read_id(struct srv *s, struct fx_user *u)
{
    struct http_resp r;
    assert_int_equal(api_get(s, "/v1/me", u->token, &r), 0);
    assert_int_equal(r.status, 200);
    u->id = fx_id(r.json);
    assert_true(u->id > 0);
    resp_free(&r);
}

void fx_shopper(struct srv *s, const char *name, struct fx_user *u)
{
    memset(u, 0, sizeof *u);
    snprintf(u->email, sizeof u->email, "%s", harness_email("s-"));
    char body[512];
    snprintf(body, sizeof body,
             "{\"email\":\"%s\",\"password\":\"test-password-1\",\"display_name\":\"%s\"}",
             u->email, name);
    struct http_resp r;
    assert_int_equal(api_send(s, "POST", "/v1/auth/signup", NULL, body, &r), 0);
    if (r.status != 201)
        fprintf(stderr, "signup: %ld %s\n", r.status, r.body);
    assert_int_equal(r.status, 201);
    u->token = strdup(json_string_value(json_object_get(r.json, "token")));
    resp_free(&r);
    fx_read_id(s, u);
}

void fx_account(struct srv *s, const char *role, long retailer, struct fx_user *u)
{
    memset(u, 0, sizeof *u);
    snprintf(u->email, sizeof u->email, "%s", harness_email(role));
    u->token = api_make_user(s, u->email, role, retailer);
    assert_non_null(u->token);
    fx_read_id(s, u);
}

void fx_user_free(struct fx_user *u)
{
    free(u->token);
    u->token = NULL;
}

long long fx_catalog(struct srv *s, const char *admin_token, const char *kind, const char *name)
{
    char path[64], body[512];
    snprintf(path, sizeof path, "/v1/%s", kind);
    if (strcmp(kind, "retailers") == 0)
        snprintf(body, sizeof body,
                 "{\"name\":\"%s\",\"kind\":\"grocery\",\"website\":\"https://shop.example\"}",
                 name);
    else if (strcmp(kind, "categories") == 0)
        snprintf(body, sizeof body, "{\"name\":\"%s\",\"parent_id\":null}", name);
    else
        snprintf(body, sizeof body, "{\"name\":\"%s\"}", name);
    struct http_resp r;
    assert_int_equal(api_send(s, "POST", path, admin_token, body, &r), 0);
    if (r.status != 201)
        fprintf(stderr, "POST %s: %ld %s\n", path, r.status, r.body);
    assert_int_equal(r.status, 201);
    long long id = fx_id(r.json);
    resp_free(&r);
    assert_true(id > 0);
    return id;
}

void fx_expect(struct srv *s, const char *method, const char *path, const char *token,
               const char *body, long status, struct http_resp *r)
{
    assert_int_equal(api_send(s, method, path, token, body, r), 0);
    if (r->status != status)
        fprintf(stderr, "%s %s: want %ld, got %ld %s\n", method, path, status, r->status, r->body);
    assert_int_equal(r->status, status);
}

void fx_expect_problem(struct srv *s, const char *method, const char *path, const char *token,
                       const char *body, long status, const char *code)
{
    struct http_resp r;
    fx_expect(s, method, path, token, body, status, &r);
    if (strcmp(resp_code(&r), code) != 0)
        fprintf(stderr, "%s %s: want code %s, got %s\n", method, path, code, r.body);
    assert_string_equal(resp_code(&r), code);
    resp_free(&r);
}

long fx_people_rows(struct srv *s)
{
    return db_count(s, "SELECT (SELECT COUNT(*) FROM profiles) + (SELECT COUNT(*) FROM interests)"
                       " + (SELECT COUNT(*) FROM consents)"
                       " + (SELECT COUNT(*) FROM consent_history)"
                       " + (SELECT COUNT(*) FROM friend_requests)"
                       " + (SELECT COUNT(*) FROM friendships) + (SELECT COUNT(*) FROM follows)"
                       " + (SELECT COUNT(*) FROM accounts WHERE erased_at IS NOT NULL)");
}

void fx_patch_me(struct srv *s, const struct fx_user *u, const char *body)
{
    struct http_resp r;
    fx_expect(s, "PATCH", "/v1/me", u->token, body, 200, &r);
    resp_free(&r);
}

long long fx_ask(struct srv *s, const struct fx_user *a, long long to, long status)
{
    char body[64];
    snprintf(body, sizeof body, "{\"shopper_id\":\"%lld\"}", to);
    struct http_resp r;
    fx_expect(s, "POST", "/v1/me/friend-requests", a->token, body, status, &r);
    long long id = status < 300 ? fx_id(r.json) : -1;
    resp_free(&r);
    return id;
}

void fx_accept(struct srv *s, const struct fx_user *u, long long req)
{
    char path[96];
    snprintf(path, sizeof path, "/v1/me/friend-requests/%lld/accept", req);
    struct http_resp r;
    fx_expect(s, "POST", path, u->token, NULL, 200, &r);
    resp_free(&r);
}

void fx_befriend(struct srv *s, const struct fx_user *a, const struct fx_user *b)
{
    fx_accept(s, b, fx_ask(s, a, b->id, 201));
}
