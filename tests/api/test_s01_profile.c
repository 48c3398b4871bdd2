/*
 * test_s01_profile.c - the shopper's own profile: GET and PATCH /v1/me.
 *
 * Display name, coarse home (stored and shown rounded to the ~1 km grid),
 * privacy settings, consents with the time of each change, interests
 * (catalog categories and brands that must exist, free tags cleaned and
 * bounded).  Every refused PATCH is a 422 naming each failing field and
 * leaves the profile exactly as it was.
 */
#include <math.h>
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
static struct fx_user Admin;

static int setup(void **state)
{
    (void)state;
    if (srv_start(&S, NULL) != 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fx_user_free(&Admin);
    int rc = srv_stop(&S);
    srv_cleanup(&S);
    return rc == 0 ? 0 : -1;
}

static const char *admin_token(void)
{
    if (!Admin.token)
        fx_account(&S, "admin", 0, &Admin);
    return Admin.token;
}

static json_t *profile_of(const struct http_resp *r)
{
    json_t *p = json_object_get(r->json, "profile");
    assert_non_null(p);
    return p;
}

/* The whole /v1/me document as text, to prove a refusal changed nothing. */
static char *me_text(const char *token)
{
    struct http_resp r;
    fx_expect(&S, "GET", "/v1/me", token, NULL, 200, &r);
    char *t = strdup(r.body);
    resp_free(&r);
    return t;
}

/* PATCHes body, expects a 422 listing exactly the pointers given (in any
 * order), and checks that nothing was written. */
static void expect_invalid(const char *token, const char *body, const char *const *pointers)
{
    char *before = me_text(token);
    long rows = fx_people_rows(&S);
    struct http_resp r;
    fx_expect(&S, "PATCH", "/v1/me", token, body, 422, &r);
    assert_string_equal(resp_code(&r), "validation_failed");
    json_t *errors = json_object_get(r.json, "errors");
    size_t want = 0;
    for (; pointers[want]; want++) {
        int seen = 0;
        for (size_t i = 0; i < json_array_size(errors); i++)
            seen |= strcmp(json_string_value(json_object_get(json_array_get(errors, i), "pointer")),
                           pointers[want]) == 0;
        if (!seen)
            fprintf(stderr, "no error for %s in %s\n", pointers[want], r.body);
        assert_true(seen);
    }
    if (json_array_size(errors) != want)
        fprintf(stderr, "errors: %s\n", r.body);
    assert_int_equal(json_array_size(errors), want);
    resp_free(&r);
    char *after = me_text(token);
    assert_string_equal(before, after);
    assert_int_equal(fx_people_rows(&S), rows);
    free(before);
    free(after);
}

static void new_account_has_default_profile(void **state)
{
    (void)state;
    struct fx_user u;
    fx_shopper(&S, "Dee Fault", &u);
    struct http_resp r;
    fx_expect(&S, "GET", "/v1/me", u.token, NULL, 200, &r);
    assert_string_equal(json_string_value(json_object_get(r.json, "display_name")), "Dee Fault");
    json_t *p = profile_of(&r);
    assert_true(json_is_null(json_object_get(p, "home")));
    assert_true(json_is_null(json_object_get(p, "updated_at")));
    json_t *priv = json_object_get(p, "privacy");
    assert_string_equal(json_string_value(json_object_get(priv, "activity")), "friends");
    assert_string_equal(json_string_value(json_object_get(priv, "area")), "friends");
    json_t *in = json_object_get(p, "interests");
    assert_int_equal(json_array_size(json_object_get(in, "categories")), 0);
    assert_int_equal(json_array_size(json_object_get(in, "brands")), 0);
    assert_int_equal(json_array_size(json_object_get(in, "tags")), 0);
    json_t *c = json_object_get(p, "consents");
    assert_int_equal(json_object_size(c), 3);
    json_t *deals = json_object_get(c, "personalised_deals");
    assert_true(json_is_false(json_object_get(deals, "granted")));
    assert_true(json_is_null(json_object_get(deals, "changed_at")));
    resp_free(&r);
    fx_user_free(&u);
}

static void patch_sets_name_home_privacy_tags(void **state)
{
    (void)state;
    struct fx_user u;
    fx_shopper(&S, "Pat", &u);
    struct http_resp r;
    fx_expect(&S, "PATCH", "/v1/me", u.token,
              "{\"display_name\":\"  Pat   Smith \",\"home\":{\"lat\":59.3293,\"lon\":18.0686},"
              "\"privacy\":{\"activity\":\"nobody\",\"area\":\"everyone\"},"
              "\"interests\":{\"tags\":[\"Trail  Running\",\"vegan\",\"VEGAN\",\" caf\\u00e9 \"]}}",
              200, &r);
    /* The answer is the new /v1/me document. */
    assert_string_equal(json_string_value(json_object_get(r.json, "display_name")), "Pat Smith");
    json_t *p = profile_of(&r);
    json_t *home = json_object_get(p, "home");
    /* 59.3293 N rounds to 59.33; at that latitude the longitude step is
     * 0.02 degree, so 18.0686 E rounds to 18.06. */
    assert_true(fabs(json_real_value(json_object_get(home, "lat")) - 59.33) < 1e-9);
    assert_true(fabs(json_real_value(json_object_get(home, "lon")) - 18.06) < 1e-9);
    json_t *priv = json_object_get(p, "privacy");
    assert_string_equal(json_string_value(json_object_get(priv, "activity")), "nobody");
    assert_string_equal(json_string_value(json_object_get(priv, "area")), "everyone");
    json_t *tags = json_object_get(json_object_get(p, "interests"), "tags");
    /* Cleaned (trimmed, spaces collapsed, ASCII lower-cased), duplicates
     * merged, sorted. */
    assert_int_equal(json_array_size(tags), 3);
    assert_string_equal(json_string_value(json_array_get(tags, 0)), "caf\xc3\xa9");
    assert_string_equal(json_string_value(json_array_get(tags, 1)), "trail running");
    assert_string_equal(json_string_value(json_array_get(tags, 2)), "vegan");
    assert_false(json_is_null(json_object_get(p, "updated_at")));
    resp_free(&r);
    /* GET shows the same; the precise point was never stored. */
    fx_expect(&S, "GET", "/v1/me", u.token, NULL, 200, &r);
    assert_null(strstr(r.body, "59.3293"));
    assert_null(strstr(r.body, "18.0686"));
    resp_free(&r);
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT COUNT(*) FROM profiles WHERE account_id = %lld AND home_lat = 59.33 "
             "AND home_lon = 18.06",
             u.id);
    assert_int_equal(db_count(&S, sql), 1);
    /* A partial PATCH leaves the rest alone; tags are replaced whole. */
    fx_expect(&S, "PATCH", "/v1/me", u.token, "{\"interests\":{\"tags\":[\"books\"]}}", 200, &r);
    p = profile_of(&r);
    assert_string_equal(json_string_value(json_object_get(json_object_get(p, "privacy"), "area")),
                        "everyone");
    assert_false(json_is_null(json_object_get(p, "home")));
    tags = json_object_get(json_object_get(p, "interests"), "tags");
    assert_int_equal(json_array_size(tags), 1);
    assert_string_equal(json_string_value(json_array_get(tags, 0)), "books");
    resp_free(&r);
    /* null clears the home; an empty list clears the tags. */
    fx_expect(&S, "PATCH", "/v1/me", u.token, "{\"home\":null,\"interests\":{\"tags\":[]}}", 200,
              &r);
    p = profile_of(&r);
    assert_true(json_is_null(json_object_get(p, "home")));
    assert_int_equal(json_array_size(json_object_get(json_object_get(p, "interests"), "tags")), 0);
    resp_free(&r);
    snprintf(sql, sizeof sql,
             "SELECT COUNT(*) FROM profiles WHERE account_id = %lld AND home_lat IS NULL", u.id);
    assert_int_equal(db_count(&S, sql), 1);
    /* An empty PATCH changes nothing and answers the document. */
    char *before = me_text(u.token);
    fx_expect(&S, "PATCH", "/v1/me", u.token, "{}", 200, &r);
    assert_string_equal(r.body, before);
    resp_free(&r);
    free(before);
    fx_user_free(&u);
}

static void home_edges_round_onto_the_grid(void **state)
{
    (void)state;
    struct fx_user u;
    fx_shopper(&S, "Edge", &u);
    static const struct {
        const char *body;
        double lat, lon;
    } cases[] = {
        /* the equator: 0.01 degree both ways */
        {"{\"home\":{\"lat\":0.004,\"lon\":-0.006}}", 0.0, -0.01},
        /* the antimeridian: 180 E is 180 W */
        {"{\"home\":{\"lat\":-36.8485,\"lon\":180}}", -36.85, -180.0},
        /* integers are numbers too */
        {"{\"home\":{\"lat\":45,\"lon\":7}}", 45.0, 7.0},
        /* the pole: longitude collapses */
        {"{\"home\":{\"lat\":90,\"lon\":123.4}}", 90.0, 0.0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct http_resp r;
        fx_expect(&S, "PATCH", "/v1/me", u.token, cases[i].body, 200, &r);
        json_t *home = json_object_get(profile_of(&r), "home");
        double lat = json_number_value(json_object_get(home, "lat"));
        double lon = json_number_value(json_object_get(home, "lon"));
        if (fabs(lat - cases[i].lat) > 1e-9 || fabs(lon - cases[i].lon) > 1e-9)
            fprintf(stderr, "%s -> %s\n", cases[i].body, r.body);
        assert_true(fabs(lat - cases[i].lat) < 1e-9);
        assert_true(fabs(lon - cases[i].lon) < 1e-9);
        resp_free(&r);
    }
    fx_user_free(&u);
}

static void consents_record_the_time_of_each_change(void **state)
{
    (void)state;
    struct fx_user u;
    fx_shopper(&S, "Connie", &u);
    struct http_resp r;
    fx_expect(&S, "PATCH", "/v1/me", u.token,
              "{\"consents\":{\"personalised_deals\":true,\"insights\":false}}", 200, &r);
    json_t *c = json_object_get(profile_of(&r), "consents");
    json_t *deals = json_object_get(c, "personalised_deals");
    assert_true(json_is_true(json_object_get(deals, "granted")));
    assert_true(json_is_string(json_object_get(deals, "changed_at")));
    /* Withdrawing before ever granting is recorded too (an explicit no). */
    json_t *ins = json_object_get(c, "insights");
    assert_true(json_is_false(json_object_get(ins, "granted")));
    assert_true(json_is_string(json_object_get(ins, "changed_at")));
    /* Never answered stays null. */
    assert_true(
        json_is_null(json_object_get(json_object_get(c, "retailer_messages"), "changed_at")));
    resp_free(&r);
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM consent_history WHERE account_id = %lld", u.id);
    assert_int_equal(db_count(&S, sql), 2);
    /* Granting again what is granted changes nothing, not even the time. */
    fx_expect(&S, "PATCH", "/v1/me", u.token, "{\"consents\":{\"personalised_deals\":true}}", 200,
              &r);
    resp_free(&r);
    assert_int_equal(db_count(&S, sql), 2);
    /* Withdrawing is a change, kept in the history. */
    fx_expect(&S, "PATCH", "/v1/me", u.token, "{\"consents\":{\"personalised_deals\":false}}", 200,
              &r);
    deals = json_object_get(json_object_get(profile_of(&r), "consents"), "personalised_deals");
    assert_true(json_is_false(json_object_get(deals, "granted")));
    resp_free(&r);
    assert_int_equal(db_count(&S, sql), 3);
    fx_user_free(&u);
}

static void invalid_patches_name_every_field_and_write_nothing(void **state)
{
    (void)state;
    struct fx_user u;
    fx_shopper(&S, "Val", &u);
    struct http_resp r;
    fx_expect(&S, "PATCH", "/v1/me", u.token,
              "{\"home\":{\"lat\":10,\"lon\":10},\"interests\":{\"tags\":[\"keep\"]}}", 200, &r);
    resp_free(&r);

    expect_invalid(u.token, "{\"home\":{\"lat\":91,\"lon\":181}}",
                   (const char *[]){"/home/lat", "/home/lon", NULL});
    expect_invalid(u.token, "{\"home\":{\"lat\":\"59.3\"}}",
                   (const char *[]){"/home/lat", "/home/lon", NULL});
    expect_invalid(u.token, "{\"home\":[59,18]}", (const char *[]){"/home", NULL});
    expect_invalid(u.token, "{\"home\":{\"lat\":1,\"lon\":2,\"accuracy\":5}}",
                   (const char *[]){"/home/accuracy", NULL});
    expect_invalid(u.token, "{\"display_name\":\"   \"}", (const char *[]){"/display_name", NULL});
    expect_invalid(u.token, "{\"display_name\":\"\"}", (const char *[]){"/display_name", NULL});
    expect_invalid(u.token, "{\"display_name\":\"line\\nbreak\"}",
                   (const char *[]){"/display_name", NULL});
    expect_invalid(u.token, "{\"display_name\":null}", (const char *[]){"/display_name", NULL});
    expect_invalid(u.token, "{\"privacy\":{\"activity\":\"everyone\",\"area\":\"street\"}}",
                   (const char *[]){"/privacy/activity", "/privacy/area", NULL});
    expect_invalid(u.token, "{\"consents\":{\"personalised_deals\":\"yes\",\"spam\":true}}",
                   (const char *[]){"/consents/personalised_deals", "/consents/spam", NULL});
    expect_invalid(u.token, "{\"nickname\":\"x\",\"email\":\"a@b.example\"}",
                   (const char *[]){"/nickname", "/email", NULL});
    /* Tags: bounded count and length, no control characters, not blank. */
    char body[4096];
    int o = snprintf(body, sizeof body, "{\"interests\":{\"tags\":[");
    for (int i = 0; i < 31; i++)
        o += snprintf(body + o, sizeof body - (size_t)o, "%s\"t%d\"", i ? "," : "", i);
    snprintf(body + o, sizeof body - (size_t)o, "]}}");
    expect_invalid(u.token, body, (const char *[]){"/interests/tags", NULL});
    expect_invalid(u.token,
                   "{\"interests\":{\"tags\":[\"ok\",\"\",\" \",\"a\\tb\","
                   "\"abcdefghijklmnopqrstuvwxyz0123456\",7]}}",
                   (const char *[]){"/interests/tags/1", "/interests/tags/2", "/interests/tags/3",
                                    "/interests/tags/4", "/interests/tags/5", NULL});
    /* Ids are strings of digits; ids that name nothing are each reported,
     * together with the other failures of the body. */
    expect_invalid(u.token, "{\"interests\":{\"categories\":[12,\"abc\"],\"brands\":\"1\"}}",
                   (const char *[]){"/interests/categories/0", "/interests/categories/1",
                                    "/interests/brands", NULL});
    expect_invalid(u.token,
                   "{\"display_name\":\"New\",\"interests\":{\"categories\":[\"999999\"],"
                   "\"brands\":[\"888888\",\"777777\"],\"tags\":[\"new\"]}}",
                   (const char *[]){"/interests/categories/0", "/interests/brands/0",
                                    "/interests/brands/1", NULL});
    expect_invalid(u.token,
                   "{\"display_name\":\"\",\"interests\":{\"categories\":[\"999999\",\"x\"],"
                   "\"brands\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\","
                   "\"11\",\"12\",\"13\",\"14\",\"15\",\"16\",\"17\",\"18\",\"19\",\"20\","
                   "\"21\",\"22\",\"23\",\"24\",\"25\",\"26\",\"27\",\"28\",\"29\",\"30\","
                   "\"31\",\"32\",\"33\",\"34\",\"35\",\"36\",\"37\",\"38\",\"39\",\"40\","
                   "\"41\",\"42\",\"43\",\"44\",\"45\",\"46\",\"47\",\"48\",\"49\",\"50\","
                   "\"51\"]}}",
                   (const char *[]){"/display_name", "/interests/categories/0",
                                    "/interests/categories/1", "/interests/brands", NULL});
    expect_invalid(u.token, "[]", (const char *[]){"", NULL});
    fx_user_free(&u);
}

static void catalog_interests_must_exist(void **state)
{
    (void)state;
    long long food = fx_catalog(&S, admin_token(), "categories", "Food");
    long long bikes = fx_catalog(&S, admin_token(), "categories", "Bikes");
    long long acme = fx_catalog(&S, admin_token(), "brands", "Acme");
    struct fx_user u;
    fx_shopper(&S, "Ivy", &u);
    char body[512];
    snprintf(body, sizeof body,
             "{\"interests\":{\"categories\":[\"%lld\",\"%lld\",\"%lld\"],\"brands\":[\"%lld\"]}}",
             food, bikes, food, acme);
    struct http_resp r;
    fx_expect(&S, "PATCH", "/v1/me", u.token, body, 200, &r);
    json_t *in = json_object_get(profile_of(&r), "interests");
    json_t *cats = json_object_get(in, "categories");
    /* Duplicates merge; sorted by name, each with its name. */
    assert_int_equal(json_array_size(cats), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(cats, 0), "name")),
                        "Bikes");
    assert_int_equal(fx_id(json_array_get(cats, 1)), food);
    json_t *brands = json_object_get(in, "brands");
    assert_int_equal(json_array_size(brands), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(brands, 0), "name")),
                        "Acme");
    resp_free(&r);
    /* A brand id is not a category id. */
    char bad[256];
    snprintf(bad, sizeof bad, "{\"interests\":{\"categories\":[\"%lld\",\"%lld\"]}}", bikes,
             acme + 1000);
    expect_invalid(u.token, bad, (const char *[]){"/interests/categories/1", NULL});
    /* Replacing one list leaves the other. */
    snprintf(body, sizeof body, "{\"interests\":{\"categories\":[\"%lld\"]}}", bikes);
    fx_expect(&S, "PATCH", "/v1/me", u.token, body, 200, &r);
    in = json_object_get(profile_of(&r), "interests");
    assert_int_equal(json_array_size(json_object_get(in, "categories")), 1);
    assert_int_equal(json_array_size(json_object_get(in, "brands")), 1);
    resp_free(&r);
    fx_user_free(&u);
}

static void me_needs_a_token(void **state)
{
    (void)state;
    long rows = fx_people_rows(&S);
    fx_expect_problem(&S, "GET", "/v1/me", NULL, NULL, 401, "unauthenticated");
    fx_expect_problem(&S, "PATCH", "/v1/me", NULL, "{\"display_name\":\"x\"}", 401,
                      "unauthenticated");
    fx_expect_problem(&S, "PATCH", "/v1/me", "not-a-real-token-at-all", "{}", 401,
                      "unauthenticated");
    assert_int_equal(fx_people_rows(&S), rows);
}

static void staff_and_admins_have_profiles_too(void **state)
{
    (void)state;
    struct http_resp r;
    fx_expect(&S, "PATCH", "/v1/me", admin_token(), "{\"display_name\":\"Ada\"}", 200, &r);
    assert_string_equal(json_string_value(json_object_get(r.json, "role")), "admin");
    assert_string_equal(json_string_value(json_object_get(r.json, "display_name")), "Ada");
    resp_free(&r);
}

static void patch_replays_with_an_idempotency_key(void **state)
{
    (void)state;
    struct fx_user u;
    fx_shopper(&S, "Idem", &u);
    const char *body = "{\"display_name\":\"Once\"}";
    struct http_resp a, b;
    assert_int_equal(api_send_idem(&S, "PATCH", "/v1/me", u.token, body, "k-1", &a), 0);
    assert_int_equal(a.status, 200);
    assert_int_equal(api_send_idem(&S, "PATCH", "/v1/me", u.token, body, "k-1", &b), 0);
    assert_int_equal(b.status, 200);
    char v[16];
    assert_true(resp_header(&b, "Idempotent-Replayed", v, sizeof v));
    assert_string_equal(a.body, b.body);
    resp_free(&a);
    resp_free(&b);
    fx_user_free(&u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(new_account_has_default_profile),
        cmocka_unit_test(patch_sets_name_home_privacy_tags),
        cmocka_unit_test(home_edges_round_onto_the_grid),
        cmocka_unit_test(consents_record_the_time_of_each_change),
        cmocka_unit_test(invalid_patches_name_every_field_and_write_nothing),
        cmocka_unit_test(catalog_interests_must_exist),
        cmocka_unit_test(me_needs_a_token),
        cmocka_unit_test(staff_and_admins_have_profiles_too),
        cmocka_unit_test(patch_replays_with_an_idempotency_key),
    };
    return cmocka_run_group_tests_name("s01_profile", tests, setup, teardown);
}
