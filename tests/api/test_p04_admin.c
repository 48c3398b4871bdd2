/*
 * test_p04_admin.c - administration of accounts: cursor pagination of the
 * account list, reading one account, changing role, staff scope and the
 * disabled state, and the rules that keep the platform manageable (staff
 * need a retailer, the last admin stays).
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

static struct srv S;
static char *admin;

static int setup(void **state)
{
    (void)state;
    if (srv_start(&S, NULL) != 0)
        return -1;
    admin = api_make_user(&S, harness_email("adm"), "admin", 0);
    return admin ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(admin);
    int rc = srv_stop(&S);
    srv_cleanup(&S);
    return rc == 0 ? 0 : -1;
}

static char *signup_id(char *out, size_t len)
{
    char *tok = api_signup(&S, harness_email("member"), "correct-horse");
    struct http_resp r;
    assert_int_equal(api_get(&S, "/v1/me", tok, &r), 0);
    snprintf(out, len, "%s", json_string_value(json_object_get(r.json, "id")));
    resp_free(&r);
    return tok;
}

static void list_pages_through_every_account_once(void **state)
{
    (void)state;
    for (int i = 0; i < 23; i++) {
        char id[32];
        free(signup_id(id, sizeof id));
    }
    long total = db_count(&S, "SELECT COUNT(*) FROM accounts");
    assert_true(total >= 24);
    char path[600] = "/v1/admin/users?limit=10";
    long seen = 0, pages = 0;
    long last_id = 0;
    for (;;) {
        struct http_resp r;
        assert_int_equal(api_get(&S, path, admin, &r), 0);
        assert_int_equal(r.status, 200);
        json_t *items = json_object_get(r.json, "items");
        assert_true(json_array_size(items) <= 10);
        for (size_t i = 0; i < json_array_size(items); i++) {
            long id = strtol(
                json_string_value(json_object_get(json_array_get(items, i), "id")), NULL, 10);
            assert_true(id > last_id); /* ordered, no repeats */
            last_id = id;
            seen++;
        }
        pages++;
        json_t *next = json_object_get(r.json, "next_cursor");
        if (json_is_null(next)) {
            resp_free(&r);
            break;
        }
        snprintf(path, sizeof path, "/v1/admin/users?limit=10&cursor=%s", json_string_value(next));
        resp_free(&r);
        assert_true(pages < 100);
    }
    assert_int_equal(seen, total);
    assert_int_equal(pages, (total + 9) / 10);
    /* The default page is 20. */
    struct http_resp r;
    assert_int_equal(api_get(&S, "/v1/admin/users", admin, &r), 0);
    assert_int_equal(json_array_size(json_object_get(r.json, "items")), 20);
    resp_free(&r);
}

static void get_one_and_unknown(void **state)
{
    (void)state;
    char id[32], path[64];
    free(signup_id(id, sizeof id));
    snprintf(path, sizeof path, "/v1/admin/users/%s", id);
    struct http_resp r;
    assert_int_equal(api_get(&S, path, admin, &r), 0);
    assert_int_equal(r.status, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "id")), id);
    resp_free(&r);
    const char *missing[] = {"/v1/admin/users/999999", "/v1/admin/users/abc",
                             "/v1/admin/users/007", "/v1/admin/users/-1"};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(api_get(&S, missing[i], admin, &r), 0);
        assert_int_equal(r.status, 404);
        assert_string_equal(resp_code(&r), "not_found");
        resp_free(&r);
    }
}

static void staff_need_a_retailer_and_only_staff_have_one(void **state)
{
    (void)state;
    char id[32], path[64];
    char *tok = signup_id(id, sizeof id);
    snprintf(path, sizeof path, "/v1/admin/users/%s", id);
    struct http_resp r;
    assert_int_equal(api_send(&S, "PATCH", path, admin, "{\"role\":\"staff\"}", &r), 0);
    assert_int_equal(r.status, 422);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(json_object_get(r.json, "errors"), 0),
                                          "pointer")),
        "/retailer_id");
    resp_free(&r);
    assert_int_equal(api_send(&S, "PATCH", path, admin, "{\"retailer_id\":\"1\"}", &r), 0);
    assert_int_equal(r.status, 422);
    resp_free(&r);
    assert_int_equal(api_send(&S, "PATCH", path, admin, "{\"role\":\"boss\"}", &r), 0);
    assert_int_equal(r.status, 422);
    resp_free(&r);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM accounts WHERE id = %s AND role = 'shopper'",
             id);
    assert_int_equal(db_count(&S, sql), 1);
    free(tok);
}

static void disabling_ends_sessions(void **state)
{
    (void)state;
    char id[32], path[64];
    char *tok = signup_id(id, sizeof id);
    snprintf(path, sizeof path, "/v1/admin/users/%s", id);
    struct http_resp r;
    assert_int_equal(api_send(&S, "PATCH", path, admin, "{\"disabled\":true}", &r), 0);
    assert_int_equal(r.status, 200);
    assert_true(json_is_true(json_object_get(r.json, "disabled")));
    resp_free(&r);
    assert_int_equal(api_get(&S, "/v1/me", tok, &r), 0);
    assert_int_equal(r.status, 401);
    resp_free(&r);
    /* Enabling again does not bring the old session back. */
    assert_int_equal(api_send(&S, "PATCH", path, admin, "{\"disabled\":false}", &r), 0);
    resp_free(&r);
    assert_int_equal(api_get(&S, "/v1/me", tok, &r), 0);
    assert_int_equal(r.status, 401);
    resp_free(&r);
    free(tok);
}

static void the_last_admin_stays(void **state)
{
    (void)state;
    /* Make every other admin a shopper, then try to demote the last. */
    struct srv *s = &S;
    struct http_resp r;
    assert_int_equal(api_get(s, "/v1/me", admin, &r), 0);
    char me[64];
    snprintf(me, sizeof me, "/v1/admin/users/%s", json_string_value(json_object_get(r.json, "id")));
    resp_free(&r);
    assert_int_equal(db_count(s, "SELECT COUNT(*) FROM accounts WHERE role = 'admin'"), 1);
    assert_int_equal(api_send(s, "PATCH", me, admin, "{\"role\":\"shopper\"}", &r), 0);
    assert_int_equal(r.status, 409);
    assert_string_equal(resp_code(&r), "conflict");
    resp_free(&r);
    assert_int_equal(api_send(s, "PATCH", me, admin, "{\"disabled\":true}", &r), 0);
    assert_int_equal(r.status, 409);
    resp_free(&r);
    /* With a second admin, the first may step down. */
    char id[32], other[64];
    char *tok = signup_id(id, sizeof id);
    snprintf(other, sizeof other, "/v1/admin/users/%s", id);
    assert_int_equal(api_send(s, "PATCH", other, admin, "{\"role\":\"admin\"}", &r), 0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
    assert_int_equal(api_send(s, "PATCH", me, admin, "{\"role\":\"shopper\"}", &r), 0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
    /* The former admin's token now lacks admin rights. */
    assert_int_equal(api_get(s, "/v1/admin/users", admin, &r), 0);
    assert_int_equal(r.status, 403);
    resp_free(&r);
    /* The new admin restores the old one for later tests. */
    char *newadmin = tok;
    assert_int_equal(api_send(s, "PATCH", me, newadmin, "{\"role\":\"admin\"}", &r), 0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
    free(tok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(list_pages_through_every_account_once),
        cmocka_unit_test(get_one_and_unknown),
        cmocka_unit_test(staff_need_a_retailer_and_only_staff_have_one),
        cmocka_unit_test(disabling_ends_sessions),
        cmocka_unit_test(the_last_admin_stays),
    };
    return cmocka_run_group_tests_name("p04_admin", tests, setup, teardown);
}
