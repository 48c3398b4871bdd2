/*
 * test_c09_input_checks.c - bad input gets a clear error and writes
 * nothing, the same way on every catalog write (docs/api.md, Errors):
 *
 * - POST /v1/offers refuses what a feed line refuses (links that are not
 *   http(s), control characters, blank ids and titles): each bad value is
 *   sent both ways and both must refuse it, naming the same field; the
 *   shared product never takes a refused link;
 * - every failing field of a body is reported in one answer (POST
 *   /v1/offers, POST and PATCH of stores: time zone, coordinates, hours and
 *   exceptions together), and a field of the wrong type is not reported
 *   twice;
 * - the other writes (retailers, brands, categories, stores, products,
 *   signup) refuse control characters, blank names and other URL schemes;
 * - an empty query parameter (an HTML form's empty field) is absent, on
 *   every route;
 * - `agora user add --role staff` names an existing retailer;
 * - slugs are lower-case ASCII with Latin diacritics folded, while rows made
 *   before keep their slug and are still found by name.
 *
 * Expectations come from the cases themselves (the field each bad value is
 * put in, the answer of the same request without the empty parameters),
 * and every refusal is checked against the row counts before it.
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

#define TSV "text/tab-separated-values"

static struct srv S;
static char *admin, *staff;
static long retailer;

static int setup(void **state)
{
    (void)state;
    if (srv_start(&S, NULL) != 0)
        return -1;
    admin = api_make_user(&S, harness_email("admin"), "admin", 0);
    if (!admin)
        return -1;
    retailer = cat_retailer(&S, admin, "Checks Grocer");
    staff = api_make_user(&S, harness_email("staff"), "staff", retailer);
    return staff ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(admin);
    free(staff);
    return srv_finish(&S);
}

static long count(const char *table)
{
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", table);
    return db_count(&S, sql);
}

/* Sends body (stolen) as JSON; the answer in r. */
static void send_json(const char *method, const char *path, const char *token, json_t *body,
                      struct http_resp *r)
{
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    assert_int_equal(api_send(&S, method, path, token, text, r), 0);
    free(text);
}

/* 1 when the problem in r names pointer. */
static int names_pointer(const struct http_resp *r, const char *pointer)
{
    const json_t *e;
    size_t i;
    json_array_foreach(json_object_get(r->json, "errors"), i, e)
    {
        const char *p = json_string_value(json_object_get(e, "pointer"));
        if (p && strcmp(p, pointer) == 0)
            return 1;
    }
    return 0;
}

/* r is a 422 validation_failed problem naming exactly the n pointers of
 * want, each once. */
static void expect_exactly(const struct http_resp *r, const char *const *want, size_t n)
{
    if (r->status != 422 || json_array_size(json_object_get(r->json, "errors")) != n)
        fprintf(stderr, "want %zu errors, got %ld %s\n", n, r->status, r->body);
    assert_int_equal(r->status, 422);
    char ctype[80];
    assert_true(resp_header(r, "Content-Type", ctype, sizeof ctype));
    assert_string_equal(ctype, "application/problem+json");
    assert_string_equal(resp_code(r), "validation_failed");
    assert_int_equal(json_array_size(json_object_get(r->json, "errors")), n);
    for (size_t i = 0; i < n; i++) {
        if (!names_pointer(r, want[i]))
            fprintf(stderr, "no error at %s in %s\n", want[i], r->body);
        assert_true(names_pointer(r, want[i]));
    }
}

/* The counts a refused write must leave as they were. */
struct counts {
    long v[8];
};
static const char *const counted[] = {"retailers", "brands",  "categories", "stores",
                                      "listings",  "offers",  "products",   "accounts"};

static struct counts counts_now(void)
{
    struct counts c;
    for (size_t i = 0; i < sizeof counted / sizeof counted[0]; i++)
        c.v[i] = count(counted[i]);
    return c;
}

static void assert_counts(const struct counts *before)
{
    struct counts now = counts_now();
    for (size_t i = 0; i < sizeof counted / sizeof counted[0]; i++) {
        if (now.v[i] != before->v[i])
            fprintf(stderr, "%s: %ld rows, %ld before\n", counted[i], now.v[i], before->v[i]);
        assert_int_equal(now.v[i], before->v[i]);
    }
}

/* A good item of POST /v1/offers for retailer (item id id); a new object. */
static json_t *good_item(const char *id)
{
    return json_pack("{s:s,s:s,s:{s:i,s:s}}", "item_id", id, "title", "Checked item", "price",
                     "amount", 199, "currency", "EUR");
}

/* The same item as one feed line: header and line of columns id, title,
 * price and, when field names another column, that one; field's value is
 * value (field "item_id" is the column "id"). */
static void feed_of(const char *id, const char *field, const char *value, char *out,
                    size_t len)
{
    const char *col = strcmp(field, "item_id") == 0 ? "id" : field;
    int own = strcmp(col, "id") == 0 || strcmp(col, "title") == 0;
    snprintf(out, len, "id\ttitle\tprice%s%s\n%s\t%s\t1.99 EUR%s%s\n", own ? "" : "\t",
             own ? "" : col, strcmp(col, "id") == 0 ? value : id,
             strcmp(col, "title") == 0 ? value : "Checked item", own ? "" : "\t",
             own ? "" : value);
}

/* The bad values a feed line refuses, by field: POST /v1/offers must
 * refuse each of them too. */
static const struct {
    const char *field, *value;
} BAD[] = {
    {"link", "javascript:alert(1)"},
    {"image_link", "javascript:alert(1)"},
    {"image_link", "data:text/html,<b>x</b>"},
    {"link", "http://"},
    {"title", "Milk\x01"},
    {"title", "Milk\x1b[31m"},
    {"title", "   "},
    {"item_id", "   "},
    {"brand", "Dukat\x07"},
    {"description", "Fresh\x01milk"},
    {"mpn", "M\x7f"},
};

static void offers_refuse_what_a_feed_refuses(void **state)
{
    (void)state;
    struct counts before = counts_now();
    char feed[512], id[32];
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        snprintf(id, sizeof id, "BAD-%zu", i);
        /* The feed refuses the line, naming the column. */
        feed_of(id, BAD[i].field, BAD[i].value, feed, sizeof feed);
        struct http_resp r;
        assert_int_equal(cat_upload(&S, retailer, staff, TSV, feed, strlen(feed), "", &r), 0);
        if (r.status != 422)
            fprintf(stderr, "feed with %s=%s -> %ld %s\n", BAD[i].field, BAD[i].value, r.status,
                    r.body);
        assert_int_equal(r.status, 422);
        const char *col = strcmp(BAD[i].field, "item_id") == 0 ? "id" : BAD[i].field;
        json_t *e = json_array_get(json_object_get(r.json, "errors"), 0);
        assert_string_equal(json_string_value(json_object_get(e, "column")), col);
        resp_free(&r);
        /* POST /v1/offers refuses the same value, naming the field. */
        json_t *body = good_item(id);
        json_object_set_new(body, BAD[i].field, json_string(BAD[i].value));
        send_json("POST", "/v1/offers", staff, body, &r);
        char pointer[40];
        snprintf(pointer, sizeof pointer, "/%s", BAD[i].field);
        const char *want[] = {pointer};
        expect_exactly(&r, want, 1);
        resp_free(&r);
    }
    assert_counts(&before);
    /* The same item with good values passes both ways: the refusals above
     * were the values'.  A description may hold line breaks and tabs. */
    feed_of("GOOD-FEED", "link", "https://shop.example/milk", feed, sizeof feed);
    struct http_resp r;
    assert_int_equal(cat_upload(&S, retailer, staff, TSV, feed, strlen(feed), "", &r), 0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
    json_t *body = good_item("GOOD-JSON");
    json_object_set_new(body, "link", json_string("HTTPS://shop.example/milk"));
    json_object_set_new(body, "description", json_string("Fresh milk.\n\tFrom the farm."));
    send_json("POST", "/v1/offers", staff, body, &r);
    assert_int_equal(r.status, 201);
    resp_free(&r);
}

static void every_failing_field_of_an_offer_in_one_answer(void **state)
{
    (void)state;
    struct counts before = counts_now();
    /* The first bad value of each field of BAD, a GTIN with a wrong check
     * digit and a sale above the price: every one is named. */
    json_t *body = good_item("ALL");
    const char *want[sizeof BAD / sizeof BAD[0] + 2];
    char pointers[sizeof BAD / sizeof BAD[0]][40];
    size_t n = 0;
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        snprintf(pointers[n], sizeof pointers[n], "/%s", BAD[i].field);
        int seen = 0;
        for (size_t k = 0; k < n; k++)
            seen |= strcmp(want[k], pointers[n]) == 0;
        if (seen)
            continue;
        json_object_set_new(body, BAD[i].field, json_string(BAD[i].value));
        want[n] = pointers[n];
        n++;
    }
    json_object_set_new(body, "gtin", json_string("3850000000016"));
    json_object_set_new(body, "sale_price", json_pack("{s:i,s:s}", "amount", 500, "currency", "EUR"));
    want[n++] = "/gtin";
    want[n++] = "/sale_price/amount";
    struct http_resp r;
    send_json("POST", "/v1/offers", staff, body, &r);
    expect_exactly(&r, want, n);
    resp_free(&r);
    /* A field of the wrong type is named once, by its type. */
    body = good_item("TYPES");
    json_object_set_new(body, "price", json_string("1.99 EUR"));
    json_object_set_new(body, "sale_start", json_string("2026-11-20T00:00:00Z"));
    json_object_set_new(body, "sale_end", json_string("2026-11-10T00:00:00Z"));
    send_json("POST", "/v1/offers", staff, body, &r);
    const char *typed[] = {"/price", "/sale_end", "/sale_price"};
    expect_exactly(&r, typed, 3);
    resp_free(&r);
    assert_counts(&before);
}

/* The product of a published offer keeps its link when a later publish
 * with a bad one is refused, and admins cannot set one either. */
static void a_refused_link_never_reaches_the_product(void **state)
{
    (void)state;
    const char *good = "https://img.example/milk.jpg";
    json_t *body = good_item("IMG");
    json_object_set_new(body, "gtin", json_string("3850000000039"));
    json_object_set_new(body, "image_link", json_string(good));
    struct http_resp r;
    send_json("POST", "/v1/offers", staff, body, &r);
    assert_int_equal(r.status, 201);
    long product = cat_num(r.json, "product_id");
    resp_free(&r);
    char path[64];
    snprintf(path, sizeof path, "/v1/products/%ld", product);
    struct counts before = counts_now();
    body = good_item("IMG");
    json_object_set_new(body, "gtin", json_string("3850000000039"));
    json_object_set_new(body, "image_link", json_string("javascript:alert(1)"));
    send_json("POST", "/v1/offers", staff, body, &r);
    const char *img[] = {"/image_link"};
    expect_exactly(&r, img, 1);
    resp_free(&r);
    static const struct {
        const char *field, *value;
    } patch[] = {
        {"image_url", "javascript:alert(1)"},
        {"title", "  "},
        {"title", "Milk\x01"},
        {"description", "a\x02"},
    };
    for (size_t i = 0; i < sizeof patch / sizeof patch[0]; i++) {
        send_json("PATCH", path, admin, json_pack("{s:s}", patch[i].field, patch[i].value), &r);
        char pointer[40];
        snprintf(pointer, sizeof pointer, "/%s", patch[i].field);
        const char *want[] = {pointer};
        expect_exactly(&r, want, 1);
        resp_free(&r);
    }
    assert_int_equal(api_get(&S, path, NULL, &r), 0);
    assert_string_equal(json_string_value(json_object_get(r.json, "image_url")), good);
    assert_false(json_is_true(json_object_get(r.json, "content_locked")));
    resp_free(&r);
    assert_counts(&before);
}

static void other_catalog_writes_refuse_controls_blanks_and_schemes(void **state)
{
    (void)state;
    char stores[64];
    snprintf(stores, sizeof stores, "/v1/retailers/%ld/stores", retailer);
    struct {
        const char *path, *field, *value;
        int admin;
    } cases[] = {
        {"/v1/retailers", "name", "Grocer\x07", 1},
        {"/v1/retailers", "name", "   ", 1},
        {"/v1/retailers", "website", "javascript:alert(1)", 1},
        {"/v1/retailers", "website", "ftp://grocer.example", 1},
        {"/v1/brands", "name", "  ", 0},
        {"/v1/brands", "name", "Two\nlines", 0},
        {"/v1/categories", "name", "\t", 1},
        {"/v1/categories", "name", "Dairy\x1b", 1},
        {stores, "name", "   ", 0},
        {stores, "code", "Z\x01", 0},
        {stores, "address", "Ilica 1\r\n", 0},
        {stores, "city", "Zagreb\xc2\x85", 0}, /* C1 NEL */
        {stores, "phone", "+385\x7f", 0},
    };
    struct counts before = counts_now();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *body = json_pack("{s:s,s:s,s:s,s:s}", "name", "Fine name", "code", "C09",
                                 "time_zone", "Europe/Zagreb", "kind", "grocery");
        if (strcmp(cases[i].path, stores) == 0)
            json_object_del(body, "kind");
        else {
            json_object_del(body, "code");
            json_object_del(body, "time_zone");
            if (strcmp(cases[i].path, "/v1/retailers") != 0)
                json_object_del(body, "kind");
        }
        json_object_set_new(body, cases[i].field, json_string(cases[i].value));
        struct http_resp r;
        send_json("POST", cases[i].path, cases[i].admin ? admin : staff, body, &r);
        char pointer[40];
        snprintf(pointer, sizeof pointer, "/%s", cases[i].field);
        const char *want[] = {pointer};
        expect_exactly(&r, want, 1);
        resp_free(&r);
    }
    /* A note of an exception is one line too. */
    struct http_resp r;
    send_json("POST", stores, staff,
              json_pack("{s:s,s:s,s:s,s:[{s:s,s:b,s:s}]}", "code", "C09", "name", "Fine",
                        "time_zone", "Europe/Zagreb", "exceptions", "date", "2026-12-25",
                        "closed", 1, "note", "Christmas\n"),
              &r);
    const char *note[] = {"/exceptions/0/note"};
    expect_exactly(&r, note, 1);
    resp_free(&r);
    /* A shopper's display name at signup, as PATCH /v1/me. */
    send_json("POST", "/v1/auth/signup", NULL,
              json_pack("{s:s,s:s,s:s}", "email", harness_email("ctl"), "password",
                        "long-enough-password", "display_name", "Ann\x01"),
              &r);
    const char *name[] = {"/display_name"};
    expect_exactly(&r, name, 1);
    resp_free(&r);
    assert_counts(&before);
}

/* GET of the store at path, without the parts that follow the clock. */
static json_t *store_state(const char *path)
{
    struct http_resp r;
    assert_int_equal(api_get(&S, path, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    json_t *s = json_deep_copy(r.json);
    resp_free(&r);
    json_object_del(s, "open_now");
    json_object_del(s, "local_time");
    return s;
}

static void a_store_write_names_every_failing_field(void **state)
{
    (void)state;
    char stores[64], path[64];
    snprintf(stores, sizeof stores, "/v1/retailers/%ld/stores", retailer);
    long id = cat_create(&S, stores, staff,
                         "{\"code\":\"S09\",\"name\":\"Store\",\"time_zone\":\"Europe/Zagreb\","
                         "\"latitude\":45.81,\"longitude\":15.97,"
                         "\"hours\":[{\"weekday\":1,\"opens\":\"08:00\",\"closes\":\"20:00\"}],"
                         "\"exceptions\":[{\"date\":\"2026-12-25\",\"closed\":true}]}",
                         201);
    snprintf(path, sizeof path, "/v1/stores/%ld", id);
    json_t *was = store_state(path);
    struct counts before = counts_now();
    long hours = count("store_hours"), exceptions = count("store_hours_exceptions");
    /* Each case: a body whose every bad field is listed after it. */
    static const struct {
        const char *body;
        const char *want[4];
    } cases[] = {
        {"{\"time_zone\":\"Mars/Olympus\","
         "\"hours\":[{\"weekday\":1,\"opens\":\"25:00\",\"closes\":\"17:00\"}],"
         "\"exceptions\":[{\"date\":\"2026-02-30\",\"closed\":true}]}",
         {"/time_zone", "/hours/0/opens", "/exceptions/0/date"}},
        {"{\"latitude\":91,\"longitude\":10,\"time_zone\":\"Mars/Olympus\"}",
         {"/latitude", "/time_zone"}},
        {"{\"name\":\"  \",\"hours\":[{\"weekday\":9,\"opens\":\"9am\",\"closes\":\"17:00\"},"
         "{\"weekday\":2,\"opens\":\"08:00\",\"closes\":\"12:00\"},"
         "{\"weekday\":2,\"opens\":\"11:00\",\"closes\":\"13:00\"}]}",
         {"/name", "/hours/0/weekday", "/hours/0/opens", "/hours/2"}},
        {"{\"latitude\":45.8,\"exceptions\":[{\"date\":\"2026-12-24\",\"closed\":true,"
         "\"opens\":\"08:00\"}],\"time_zone\":\"Europe/Nowhere\"}",
         {"/longitude", "/exceptions/0/closed", "/time_zone"}},
        /* Wrong types are named once, by jv_check, not again by the rules. */
        {"{\"hours\":[5],\"latitude\":\"45.8\",\"longitude\":15.9,\"time_zone\":7}",
         {"/hours/0", "/latitude", "/time_zone"}},
        {"{\"latitude\":null,\"longitude\":15.9,"
         "\"exceptions\":[{\"date\":20261224,\"closed\":true}]}",
         {"/latitude", "/exceptions/0/date"}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = 0;
        while (n < 4 && cases[i].want[n])
            n++;
        struct http_resp r;
        assert_int_equal(api_send(&S, "PATCH", path, staff, cases[i].body, &r), 0);
        expect_exactly(&r, cases[i].want, n);
        resp_free(&r);
        /* POST answers the same for the same fields (with those it needs). */
        json_t *body = json_loads(cases[i].body, 0, NULL);
        assert_non_null(body);
        if (!json_object_get(body, "name"))
            json_object_set_new(body, "name", json_string("New"));
        json_object_set_new(body, "code", json_string("NEW"));
        if (!json_object_get(body, "time_zone"))
            json_object_set_new(body, "time_zone", json_string("Europe/Zagreb"));
        send_json("POST", stores, staff, body, &r);
        expect_exactly(&r, cases[i].want, n);
        resp_free(&r);
    }
    json_t *is = store_state(path);
    assert_true(json_equal(was, is));
    json_decref(was);
    json_decref(is);
    assert_counts(&before);
    assert_int_equal(count("store_hours"), hours);
    assert_int_equal(count("store_hours_exceptions"), exceptions);
}

/* GET path and GET the same path with the empty parameters of extra
 * appended answer the same items (both 200). */
static void same_as_without(const char *path, const char *extra)
{
    char with[600];
    snprintf(with, sizeof with, "%s%s%s", path, strchr(path, '?') ? "&" : "?", extra);
    struct http_resp a, b;
    assert_int_equal(api_get(&S, path, staff, &a), 0);
    assert_int_equal(api_get(&S, with, staff, &b), 0);
    if (b.status != 200)
        fprintf(stderr, "GET %s -> %ld %s\n", with, b.status, b.body);
    assert_int_equal(a.status, 200);
    assert_int_equal(b.status, 200);
    json_t *ia = json_object_get(a.json, "items"), *ib = json_object_get(b.json, "items");
    assert_true(json_array_size(ia) > 0); /* something to compare */
    assert_true(json_equal(ia, ib));
    assert_true(json_equal(json_object_get(a.json, "next_cursor"),
                           json_object_get(b.json, "next_cursor")));
    resp_free(&a);
    resp_free(&b);
}

static void empty_query_parameters_are_absent(void **state)
{
    (void)state;
    /* Something in every list compared: a category, a store, an offer
     * there (so that near= finds one). */
    cat_create(&S, "/v1/categories", admin, "{\"name\":\"Form fields\"}", 201);
    char stores[96];
    snprintf(stores, sizeof stores, "/v1/retailers/%ld/stores", retailer);
    long store = cat_create(&S, stores, staff,
                            "{\"code\":\"E09\",\"name\":\"Form store\",\"latitude\":45.81,"
                            "\"longitude\":15.97,\"time_zone\":\"Europe/Zagreb\"}",
                            201);
    json_t *item = good_item("FORM");
    json_object_set_new(item, "store_id", json_sprintf("%ld", store));
    struct http_resp made;
    send_json("POST", "/v1/offers", staff, item, &made);
    assert_int_equal(made.status, 201);
    resp_free(&made);
    /* An HTML form of search sends every field, filled or not. */
    same_as_without("/v1/search",
                    "q=&category=&brand=&min_price=&max_price=&currency=&near=&radius_km=");
    same_as_without("/v1/search?q=checked", "category=&brand=&near=&radius_km=&limit=&cursor=");
    same_as_without("/v1/offers", "q=&on_sale=&near=&radius_km=&sort=&retailer_id=&store_id="
                                  "&product_id=&limit=&cursor=");
    same_as_without("/v1/offers?near=45.81,15.97", "radius_km=");
    same_as_without("/v1/offers?on_sale=false", "q");
    same_as_without("/v1/products", "gtin=&brand=&category=");
    same_as_without("/v1/retailers", "limit=&cursor=");
    same_as_without("/v1/categories", "parent_id=");
    same_as_without(stores, "limit=");
    /* A value that is there but wrong is still refused. */
    static const struct {
        const char *path, *parameter;
    } bad[] = {
        {"/v1/offers?q=%20", "q"},
        {"/v1/offers?q=%21%3F", "q"},
        {"/v1/search?near=&radius_km=5", "radius_km"},
        {"/v1/offers?limit=0&cursor=", "limit"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct http_resp r;
        assert_int_equal(api_get(&S, bad[i].path, NULL, &r), 0);
        if (r.status != 422)
            fprintf(stderr, "GET %s -> %ld %s\n", bad[i].path, r.status, r.body);
        assert_int_equal(r.status, 422);
        json_t *e = json_array_get(json_object_get(r.json, "errors"), 0);
        assert_string_equal(json_string_value(json_object_get(e, "parameter")),
                            bad[i].parameter);
        resp_free(&r);
    }
}

static void a_staff_account_needs_an_existing_retailer(void **state)
{
    (void)state;
    long missing = db_count(&S, "SELECT MAX(id) FROM retailers") + 1000;
    char rid[32], out[2048];
    snprintf(rid, sizeof rid, "%ld", missing);
    const char *email = harness_email("nostaff");
    const char *args[] = {"user",     "add",  "--email",          email, "--role",
                          "staff",    "--retailer", rid, "--password", "long-enough-1",
                          "--password-cost", "min", NULL};
    long accounts = count("accounts");
    assert_int_equal(srv_cli(&S, args, out, sizeof out), 1);
    assert_non_null(strstr(out, "no retailer"));
    assert_non_null(strstr(out, rid));
    assert_int_equal(count("accounts"), accounts);
    /* The same command with a retailer that exists creates the account. */
    snprintf(rid, sizeof rid, "%ld", retailer);
    assert_int_equal(srv_cli(&S, args, out, sizeof out), 0);
    assert_int_equal(count("accounts"), accounts + 1);
    char *token = api_login(&S, email, "long-enough-1");
    assert_non_null(token);
    struct http_resp r;
    assert_int_equal(api_get(&S, "/v1/me", token, &r), 0);
    assert_int_equal(cat_num(r.json, "retailer_id"), retailer);
    resp_free(&r);
    free(token);
    /* A display name is one line, as on the API. */
    const char *named[] = {"user", "add", "--email", harness_email("badname"), "--name",
                           "Ann\x01", "--password", "long-enough-1", NULL};
    assert_int_equal(srv_cli(&S, named, out, sizeof out), 2);
    assert_int_equal(count("accounts"), accounts + 1);
}

/* 1 when s is a clean slug: [a-z0-9] runs joined by single dashes. */
static int clean_slug(const char *s)
{
    if (!*s || *s == '-' || s[strlen(s) - 1] == '-' || strstr(s, "--"))
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return 0;
    return 1;
}

static void slugs_are_lower_case_ascii(void **state)
{
    (void)state;
    /* Latin-1 and Latin Extended-A letters fold; the rest separates. */
    static const struct {
        const char *name, *slug;
    } cases[] = {
        {"Électro", "electro"},
        {"Crème Brûlée & Co", "creme-brulee-co"},
        {"  Ça, c\xe2\x80\x99" "est Noël!  ", "ca-c-est-noel"},
        {"Straße Øl Łódź Œuvre Ĳssel Þing", "strasse-ol-lodz-oeuvre-ijssel-thing"},
        {"ŠKODA Čaj Đak Žuto Ćevap", "skoda-caj-dak-zuto-cevap"},
        {"Ţară Șes Ğüzel İyi", "tara-ses-guzel-iyi"},
        {"Pâtes\xc2\xa0" "fraîches 500\xc2\xa0g", "pates-fraiches-500-g"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *paths[] = {"/v1/brands", "/v1/categories", "/v1/retailers"};
        for (size_t k = 0; k < 3; k++) {
            struct http_resp r;
            send_json("POST", paths[k], admin, json_pack("{s:s}", "name", cases[i].name), &r);
            if (r.status != 201)
                fprintf(stderr, "%s %s -> %ld %s\n", paths[k], cases[i].name, r.status, r.body);
            assert_int_equal(r.status, 201);
            assert_string_equal(json_string_value(json_object_get(r.json, "name")),
                                cases[i].name); /* the name stays as given */
            assert_string_equal(json_string_value(json_object_get(r.json, "slug")),
                                cases[i].slug);
            resp_free(&r);
        }
    }
    /* A child's slug is its parent's, a dash, its own. */
    struct http_resp r;
    send_json("POST", "/v1/categories", admin, json_pack("{s:s}", "name", "Épicerie fine"), &r);
    char parent[32];
    snprintf(parent, sizeof parent, "%s", json_string_value(json_object_get(r.json, "id")));
    const char *parent_slug = json_string_value(json_object_get(r.json, "slug"));
    char want[96];
    snprintf(want, sizeof want, "%s-huiles-d-olive", parent_slug);
    resp_free(&r);
    send_json("POST", "/v1/categories", admin,
              json_pack("{s:s,s:s}", "name", "Huiles d'olive", "parent_id", parent), &r);
    assert_int_equal(r.status, 201);
    assert_string_equal(json_string_value(json_object_get(r.json, "slug")), want);
    resp_free(&r);
    /* Names in another script: clean slugs that still tell them apart,
     * so that a feed's "Сыр" never lands on the brand "Молоко". */
    const char *others[] = {"Молоко", "Сыр", "Сыр 1", "Молоко 1", "日本茶"};
    char slugs[5][128];
    for (size_t i = 0; i < 5; i++) {
        send_json("POST", "/v1/brands", staff, json_pack("{s:s}", "name", others[i]), &r);
        assert_int_equal(r.status, 201);
        snprintf(slugs[i], sizeof slugs[i], "%s",
                 json_string_value(json_object_get(r.json, "slug")));
        resp_free(&r);
        if (!clean_slug(slugs[i]))
            fail_msg("slug '%s' of '%s'", slugs[i], others[i]);
        for (size_t k = 0; k < i; k++)
            assert_string_not_equal(slugs[i], slugs[k]);
    }
    send_json("POST", "/v1/brands", staff, json_pack("{s:s}", "name", "Сыр"), &r);
    assert_int_equal(r.status, 409); /* the same name is the same brand */
    resp_free(&r);
    /* Whatever the name, the slug is clean. */
    const char *odd[] = {"---", "!!!", "a--b", "\xf0\x9f\x8d\x8e Apple", "Ÿ-ÿ", "ﬁne"};
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
        send_json("POST", "/v1/retailers", admin, json_pack("{s:s}", "name", odd[i]), &r);
        assert_int_equal(r.status, 201);
        const char *slug = json_string_value(json_object_get(r.json, "slug"));
        if (!clean_slug(slug))
            fail_msg("slug '%s' of '%s'", slug, odd[i]);
        resp_free(&r);
    }
}

/* Rows made before slugs were folded keep theirs, and are still the ones
 * a name finds: a new brand of the same name is 409, a feed naming it
 * attaches to it, a product type finds its category. */
static void older_slugs_stay_and_are_found(void **state)
{
    (void)state;
    /* The slugs older versions made ("É" kept, ASCII lower-cased): a state
     * no API produces any more. */
    assert_int_equal(db_exec(&S, "INSERT INTO brands (name, slug, created_at) "
                                 "VALUES ('Émile Frères', 'Émile-frères', 0)"),
                     0);
    assert_int_equal(db_exec(&S, "INSERT INTO categories (name, slug, created_at) "
                                 "VALUES ('Crèmerie', 'crèmerie', 0)"),
                     0);
    long brand = db_count(&S, "SELECT id FROM brands WHERE slug = 'Émile-frères'");
    long category = db_count(&S, "SELECT id FROM categories WHERE slug = 'crèmerie'");
    assert_true(brand > 0 && category > 0);
    struct counts before = counts_now();
    struct http_resp r;
    send_json("POST", "/v1/brands", staff, json_pack("{s:s}", "name", "Émile Frères"), &r);
    assert_int_equal(r.status, 409);
    resp_free(&r);
    send_json("POST", "/v1/categories", admin, json_pack("{s:s}", "name", "Crèmerie"), &r);
    assert_int_equal(r.status, 409);
    resp_free(&r);
    assert_counts(&before);
    /* A feed line naming both attaches its product to them. */
    const char *feed = "id\ttitle\tprice\tbrand\tproduct_type\n"
                       "OLD-1\tCrème fraîche\t2.49 EUR\tÉmile Frères\tFrais > Crèmerie\n";
    assert_int_equal(cat_upload(&S, retailer, staff, TSV, feed, strlen(feed), "", &r), 0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
    assert_int_equal(count("brands"), before.v[1]);
    long product = db_count(&S, "SELECT product_id FROM listings WHERE item_id = 'OLD-1'");
    char path[64];
    snprintf(path, sizeof path, "/v1/products/%ld", product);
    assert_int_equal(api_get(&S, path, NULL, &r), 0);
    assert_int_equal(cat_num(json_object_get(r.json, "brand"), "id"), brand);
    assert_int_equal(cat_num(r.json, "category_id"), category);
    resp_free(&r);
    /* The old rows still show their old slugs; a child gets a clean one. */
    assert_int_equal(db_count(&S, "SELECT COUNT(*) FROM brands WHERE slug = 'Émile-frères'"), 1);
    char parent[32];
    snprintf(parent, sizeof parent, "%ld", category);
    send_json("POST", "/v1/categories", admin,
              json_pack("{s:s,s:s}", "name", "Beurre", "parent_id", parent), &r);
    assert_int_equal(r.status, 201);
    assert_string_equal(json_string_value(json_object_get(r.json, "slug")), "cremerie-beurre");
    resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(offers_refuse_what_a_feed_refuses),
        cmocka_unit_test(every_failing_field_of_an_offer_in_one_answer),
        cmocka_unit_test(a_refused_link_never_reaches_the_product),
        cmocka_unit_test(other_catalog_writes_refuse_controls_blanks_and_schemes),
        cmocka_unit_test(a_store_write_names_every_failing_field),
        cmocka_unit_test(empty_query_parameters_are_absent),
        cmocka_unit_test(a_staff_account_needs_an_existing_retailer),
        cmocka_unit_test(slugs_are_lower_case_ascii),
        cmocka_unit_test(older_slugs_stay_and_are_found),
    };
    return cmocka_run_group_tests_name("c09_input_checks", tests, setup, teardown);
}
