/*
 * test_c01_catalog.c - retailers, brands, categories and stores over the
 * API: success paths, who may write what (staff only their own retailer),
 * validation with the failing field named, opening hours and open_now,
 * and the staff scope of PATCH /v1/admin/users naming a real retailer.
 * Every refused request writes nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "catalog_fixtures.h"
#include "harness.h"

static struct srv S;
static char *admin, *staff_a, *staff_b, *shopper;
static long ret_a, ret_b;

static int setup(void **state)
{
    (void)state;
    if (srv_start(&S, NULL) != 0)
        return -1;
    admin = api_make_user(&S, harness_email("admin"), "admin", 0);
    shopper = api_signup(&S, harness_email("shopper"), "shopper-password-1");
    return admin && shopper ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(admin);
    free(staff_a);
    free(staff_b);
    free(shopper);
    int rc = srv_stop(&S);
    srv_cleanup(&S);
    return rc == 0 ? 0 : -1;
}

static long count(const char *table)
{
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", table);
    return db_count(&S, sql);
}

/* Expects status and, for 422, a failing field named pointer. */
static void expect(const char *method, const char *path, const char *token, const char *body,
                   long status, const char *pointer)
{
    struct http_resp r;
    assert_int_equal(api_send(&S, method, path, token, body, &r), 0);
    if (r.status != status)
        fprintf(stderr, "%s %s -> %ld %s\n", method, path, r.status, r.body);
    assert_int_equal(r.status, status);
    if (pointer) {
        int found = 0;
        json_t *errors = json_object_get(r.json, "errors");
        for (size_t i = 0; i < json_array_size(errors); i++)
            found |= strcmp(json_string_value(json_object_get(json_array_get(errors, i),
                                                              "pointer")),
                            pointer) == 0;
        if (!found)
            fprintf(stderr, "no error at %s in %s\n", pointer, r.body);
        assert_true(found);
    }
    resp_free(&r);
}

static void retailers_are_created_by_admins(void **state)
{
    (void)state;
    long before = count("retailers");
    expect("POST", "/v1/retailers", shopper, "{\"name\":\"Nope\"}", 403, NULL);
    expect("POST", "/v1/retailers", NULL, "{\"name\":\"Nope\"}", 401, NULL);
    expect("POST", "/v1/retailers", admin, "{\"name\":\"\",\"kind\":\"zoo\",\"website\":\"ftp://x\"}",
           422, "/kind");
    assert_int_equal(count("retailers"), before);
    struct http_resp r;
    assert_int_equal(api_send(&S, "POST", "/v1/retailers", admin,
                              "{\"name\":\"Grocer A\",\"kind\":\"grocery\","
                              "\"website\":\"https://a.example\"}",
                              &r),
                     0);
    assert_int_equal(r.status, 201);
    assert_string_equal(json_string_value(json_object_get(r.json, "slug")), "grocer-a");
    assert_string_equal(json_string_value(json_object_get(r.json, "kind")), "grocery");
    ret_a = cat_num(r.json, "id");
    resp_free(&r);
    ret_b = cat_retailer(&S, admin, "Grocer A"); /* same name: its own slug */
    assert_int_equal(api_get(&S, "/v1/retailers?limit=1", NULL, &r), 0);
    assert_int_equal(r.status, 200);
    assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
    assert_true(json_is_string(json_object_get(r.json, "next_cursor")));
    resp_free(&r);
    char path[64];
    snprintf(path, sizeof path, "/v1/retailers/%ld", ret_b);
    assert_int_equal(api_get(&S, path, NULL, &r), 0);
    assert_string_equal(json_string_value(json_object_get(r.json, "slug")), "grocer-a-2");
    resp_free(&r);
    staff_a = api_make_user(&S, harness_email("staffa"), "staff", ret_a);
    staff_b = api_make_user(&S, harness_email("staffb"), "staff", ret_b);
    assert_non_null(staff_a);
    assert_non_null(staff_b);
}

static void brands_and_the_category_tree(void **state)
{
    (void)state;
    cat_create(&S, "/v1/brands", staff_a, "{\"name\":\"Kraš\"}", 201);
    long before = count("brands");
    expect("POST", "/v1/brands", staff_b, "{\"name\":\"kraš\"}", 409, NULL);
    expect("POST", "/v1/brands", staff_b, "{\"name\":\"KRAS\"}", 409, NULL); /* one slug */
    expect("POST", "/v1/brands", shopper, "{\"name\":\"Other\"}", 403, NULL);
    assert_int_equal(count("brands"), before);
    struct http_resp list;
    assert_int_equal(api_get(&S, "/v1/brands", NULL, &list), 0);
    assert_int_equal(list.status, 200);
    json_t *b0 = json_array_get(json_object_get(list.json, "items"), 0);
    /* Slugs are lower-case ASCII, diacritics folded (test_c09 covers more). */
    assert_string_equal(json_string_value(json_object_get(b0, "slug")), "kras");
    resp_free(&list);
    long food = cat_create(&S, "/v1/categories", admin, "{\"name\":\"Food\"}", 201);
    char body[128];
    snprintf(body, sizeof body, "{\"name\":\"Dairy\",\"parent_id\":\"%ld\"}", food);
    long dairy = cat_create(&S, "/v1/categories", admin, body, 201);
    assert_true(dairy > food);
    before = count("categories");
    expect("POST", "/v1/categories", staff_a, "{\"name\":\"Toys\"}", 403, NULL);
    expect("POST", "/v1/categories", admin, "{\"name\":\"Toys\",\"parent_id\":\"9999\"}", 422,
           "/parent_id");
    assert_int_equal(count("categories"), before);
    struct http_resp r;
    snprintf(body, sizeof body, "/v1/categories?parent_id=%ld", food);
    assert_int_equal(api_get(&S, body, NULL, &r), 0);
    assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
    json_t *c = json_array_get(json_object_get(r.json, "items"), 0);
    assert_string_equal(json_string_value(json_object_get(c, "slug")), "food-dairy");
    resp_free(&r);
}

static const char *store_body =
    "{\"code\":\"Z01\",\"name\":\"Zagreb Centar\",\"address\":\"Ilica 1\",\"city\":\"Zagreb\","
    "\"latitude\":45.8131,\"longitude\":15.9772,\"time_zone\":\"Europe/Zagreb\","
    "\"hours\":[{\"weekday\":1,\"opens\":\"00:00\",\"closes\":\"24:00\"},"
    "{\"weekday\":2,\"opens\":\"00:00\",\"closes\":\"24:00\"},"
    "{\"weekday\":3,\"opens\":\"00:00\",\"closes\":\"24:00\"},"
    "{\"weekday\":4,\"opens\":\"00:00\",\"closes\":\"24:00\"},"
    "{\"weekday\":5,\"opens\":\"00:00\",\"closes\":\"24:00\"},"
    "{\"weekday\":6,\"opens\":\"00:00\",\"closes\":\"24:00\"},"
    "{\"weekday\":7,\"opens\":\"00:00\",\"closes\":\"24:00\"}]}";

static void stores_with_hours_and_open_now(void **state)
{
    (void)state;
    char path[96];
    snprintf(path, sizeof path, "/v1/retailers/%ld/stores", ret_a);
    long before = count("stores");
    expect("POST", path, staff_b, store_body, 403, NULL);
    expect("POST", path, shopper, store_body, 403, NULL);
    assert_int_equal(count("stores"), before);
    long id = cat_create(&S, path, staff_a, store_body, 201);
    expect("POST", path, admin, store_body, 409, NULL); /* the code is taken */
    struct http_resp r;
    char spath[64];
    snprintf(spath, sizeof spath, "/v1/stores/%ld", id);
    assert_int_equal(api_get(&S, spath, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    assert_true(json_is_true(json_object_get(r.json, "open_now")));
    assert_int_equal(json_array_size(json_object_get(r.json, "hours")), 7);
    char today[11];
    snprintf(today, sizeof today, "%s", json_string_value(json_object_get(r.json, "local_time")));
    resp_free(&r);
    /* Closed today by an exception: open_now turns false. */
    char body[256];
    snprintf(body, sizeof body,
             "{\"exceptions\":[{\"date\":\"%s\",\"closed\":true,\"note\":\"inventory\"}]}", today);
    long hist = count("store_hours_exceptions");
    expect("PATCH", spath, staff_b, body, 403, NULL);
    assert_int_equal(count("store_hours_exceptions"), hist);
    assert_int_equal(api_send(&S, "PATCH", spath, staff_a, body, &r), 0);
    assert_int_equal(r.status, 200);
    assert_false(json_is_true(json_object_get(r.json, "open_now")));
    json_t *x = json_array_get(json_object_get(r.json, "exceptions"), 0);
    assert_string_equal(json_string_value(json_object_get(x, "note")), "inventory");
    resp_free(&r);
    /* The retailer's list carries hours and open_now too. */
    assert_int_equal(api_get(&S, path, NULL, &r), 0);
    assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
    assert_non_null(json_object_get(json_array_get(json_object_get(r.json, "items"), 0),
                                    "open_now"));
    resp_free(&r);
    /* An admin may change any store; a PATCH keeps what it does not name. */
    assert_int_equal(api_send(&S, "PATCH", spath, admin, "{\"name\":\"Zagreb Ilica\"}", &r), 0);
    assert_int_equal(r.status, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "name")), "Zagreb Ilica");
    assert_string_equal(json_string_value(json_object_get(r.json, "address")), "Ilica 1");
    resp_free(&r);
}

static void store_validation_names_the_field(void **state)
{
    (void)state;
    char path[96];
    snprintf(path, sizeof path, "/v1/retailers/%ld/stores", ret_b);
    long before = count("stores");
    expect("POST", path, staff_b,
           "{\"code\":\"X\",\"name\":\"X\",\"latitude\":91,\"longitude\":10,"
           "\"time_zone\":\"Europe/Zagreb\"}",
           422, "/latitude");
    expect("POST", path, staff_b,
           "{\"code\":\"X\",\"name\":\"X\",\"time_zone\":\"Mars/Olympus\"}", 422, "/time_zone");
    expect("POST", path, staff_b,
           "{\"code\":\"X\",\"name\":\"X\",\"latitude\":45,\"time_zone\":\"Europe/Zagreb\"}", 422,
           "/longitude");
    expect("POST", path, staff_b,
           "{\"code\":\"X\",\"name\":\"X\",\"time_zone\":\"Europe/Zagreb\","
           "\"hours\":[{\"weekday\":1,\"opens\":\"9am\",\"closes\":\"17:00\"}]}",
           422, "/hours/0/opens");
    expect("POST", path, staff_b,
           "{\"code\":\"X\",\"name\":\"X\",\"time_zone\":\"Europe/Zagreb\","
           "\"exceptions\":[{\"date\":\"2026-02-30\",\"closed\":true}]}",
           422, "/exceptions/0/date");
    /* Sunday night running into Monday morning (across the end of the
     * week), and Saturday night into Sunday morning: overlaps. */
    expect("POST", path, staff_b,
           "{\"code\":\"X\",\"name\":\"X\",\"time_zone\":\"Europe/Zagreb\","
           "\"hours\":[{\"weekday\":1,\"opens\":\"01:00\",\"closes\":\"09:00\"},"
           "{\"weekday\":7,\"opens\":\"22:00\",\"closes\":\"02:00\"}]}",
           422, "/hours/1");
    expect("POST", path, staff_b,
           "{\"code\":\"X\",\"name\":\"X\",\"time_zone\":\"Europe/Zagreb\","
           "\"hours\":[{\"weekday\":6,\"opens\":\"20:00\",\"closes\":\"03:00\"},"
           "{\"weekday\":7,\"opens\":\"02:00\",\"closes\":\"10:00\"}]}",
           422, "/hours/1");
    expect("POST", "/v1/retailers/9999/stores", admin,
           "{\"code\":\"X\",\"name\":\"X\",\"time_zone\":\"Europe/Zagreb\"}", 404, NULL);
    assert_int_equal(count("stores"), before);
    assert_int_equal(count("store_hours"), 7);
}

static void staff_scope_must_name_an_existing_retailer(void **state)
{
    (void)state;
    struct http_resp r;
    assert_int_equal(api_get(&S, "/v1/me", shopper, &r), 0);
    long uid = cat_num(r.json, "id");
    resp_free(&r);
    char path[64], body[96];
    snprintf(path, sizeof path, "/v1/admin/users/%ld", uid);
    long before = db_count(&S, "SELECT COUNT(*) FROM accounts WHERE role = 'staff'");
    expect("PATCH", path, admin, "{\"role\":\"staff\",\"retailer_id\":\"987654\"}", 422,
           "/retailer_id");
    assert_int_equal(db_count(&S, "SELECT COUNT(*) FROM accounts WHERE role = 'staff'"), before);
    snprintf(body, sizeof body, "{\"role\":\"staff\",\"retailer_id\":\"%ld\"}", ret_b);
    expect("PATCH", path, admin, body, 200, NULL);
    expect("PATCH", path, admin, "{\"role\":\"shopper\"}", 200, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(retailers_are_created_by_admins),
        cmocka_unit_test(brands_and_the_category_tree),
        cmocka_unit_test(stores_with_hours_and_open_now),
        cmocka_unit_test(store_validation_names_the_field),
        cmocka_unit_test(staff_scope_must_name_an_existing_retailer),
    };
    return cmocka_run_group_tests_name("c01_catalog", tests, setup, teardown);
}
