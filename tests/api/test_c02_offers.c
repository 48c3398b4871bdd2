/*
 * test_c02_offers.c - products and offers over the API: one product for
 * the UPC-12 and EAN-13 of an item, barcode look-up, offers with effective
 * price, distance and the cheapest marked (per currency), price changes in
 * the history, the EU rule for a "real" reduction (against the lowest
 * price of the previous 30 days, measured here with a server started 31
 * days in the past; a sale_start in the past or a price shown for a moment
 * cannot fake it), on sale near a point by reduction, permissions and
 * validation (nothing written on refusal).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "catalog_fixtures.h"
#include "harness.h"

static struct srv S;
static char *admin, *staff_a, *staff_b;
static long ret_a, ret_b, z01, z02, s01, milk, choc_offer, tv_offer;

#define ZAGREB "45.8131,15.9772"

static long offer(const char *token, const char *body, long status)
{
    return cat_create(&S, "/v1/offers", token, body, status);
}

static int setup(void **state)
{
    (void)state;
    /* Everything below is created 31 days ago: the whole 30-day window of a
     * reduction is on record. */
    const char *past[] = {"--time-offset", "-2678400", "--session-ttl", "5184000", NULL};
    if (srv_start(&S, past) != 0)
        return -1;
    admin = api_make_user(&S, harness_email("admin"), "admin", 0);
    ret_a = cat_retailer(&S, admin, "Alpha");
    ret_b = cat_retailer(&S, admin, "Beta");
    staff_a = api_make_user(&S, harness_email("sa"), "staff", ret_a);
    staff_b = api_make_user(&S, harness_email("sb"), "staff", ret_b);
    char path[96];
    snprintf(path, sizeof path, "/v1/retailers/%ld/stores", ret_a);
    z01 = cat_create(&S, path, staff_a,
                     "{\"code\":\"Z01\",\"name\":\"Centar\",\"latitude\":45.8131,"
                     "\"longitude\":15.9772,\"time_zone\":\"Europe/Zagreb\"}",
                     201);
    z02 = cat_create(&S, path, staff_a,
                     "{\"code\":\"Z02\",\"name\":\"Istok\",\"latitude\":45.8270,"
                     "\"longitude\":16.0600,\"time_zone\":\"Europe/Zagreb\"}",
                     201);
    snprintf(path, sizeof path, "/v1/retailers/%ld/stores", ret_b);
    s01 = cat_create(&S, path, staff_b,
                     "{\"code\":\"S01\",\"name\":\"Split\",\"latitude\":43.5081,"
                     "\"longitude\":16.4402,\"time_zone\":\"Europe/Zagreb\"}",
                     201);
    char body[512];
    offer(staff_a,
          "{\"item_id\":\"MILK\",\"title\":\"Milk 1 l\",\"gtin\":\"036000291452\",\"brand\":\"Dukat\","
          "\"price\":{\"amount\":129,\"currency\":\"EUR\"},\"unit_pricing_measure\":\"1 l\"}",
          201);
    snprintf(body, sizeof body,
             "{\"item_id\":\"MILK\",\"title\":\"Milk 1 l\",\"gtin\":\"036000291452\","
             "\"store_id\":\"%ld\",\"price\":{\"amount\":119,\"currency\":\"EUR\"}}",
             z01);
    offer(staff_a, body, 201);
    offer(staff_b,
          "{\"item_id\":\"m-1\",\"title\":\"Fresh milk\",\"gtin\":\"0036000291452\","
          "\"price\":{\"amount\":125,\"currency\":\"EUR\"}}",
          201);
    snprintf(body, sizeof body,
             "{\"item_id\":\"m-1\",\"title\":\"Fresh milk\",\"gtin\":\"0036000291452\","
             "\"store_id\":\"%ld\",\"price\":{\"amount\":100,\"currency\":\"USD\"}}",
             s01);
    offer(staff_b, body, 201);
    snprintf(body, sizeof body,
             "{\"item_id\":\"CHOC\",\"title\":\"Chocolate\",\"gtin\":\"3850000000015\","
             "\"store_id\":\"%ld\",\"price\":{\"amount\":1000,\"currency\":\"EUR\"}}",
             z02);
    choc_offer = offer(staff_a, body, 201);
    snprintf(body, sizeof body,
             "{\"item_id\":\"TV\",\"title\":\"Television\",\"store_id\":\"%ld\","
             "\"price\":{\"amount\":50000,\"currency\":\"EUR\"}}",
             z01);
    tv_offer = offer(staff_a, body, 201);
    if (srv_stop(&S) != 0)
        return -1;
    return srv_start(&S, NULL); /* back to the present */
}

static int teardown(void **state)
{
    (void)state;
    free(admin);
    free(staff_a);
    free(staff_b);
    int rc = srv_stop(&S);
    srv_cleanup(&S);
    return rc == 0 ? 0 : -1;
}

static long history(void)
{
    return db_count(&S, "SELECT COUNT(*) FROM price_history");
}

static void one_product_for_upc_and_ean(void **state)
{
    (void)state;
    struct http_resp r;
    assert_int_equal(api_get(&S, "/v1/products?gtin=036000291452", NULL, &r), 0);
    assert_int_equal(r.status, 200);
    json_t *items = json_object_get(r.json, "items");
    assert_int_equal(json_array_size(items), 1);
    milk = cat_num(json_array_get(items, 0), "id");
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "gtin")),
                        "00036000291452");
    resp_free(&r);
    assert_int_equal(api_get(&S, "/v1/products?gtin=0036000291452", NULL, &r), 0);
    assert_int_equal(cat_num(json_array_get(json_object_get(r.json, "items"), 0), "id"), milk);
    resp_free(&r);
    char path[64];
    snprintf(path, sizeof path, "/v1/products/%ld", milk);
    assert_int_equal(api_get(&S, path, NULL, &r), 0);
    /* Shared content came from the first listing; both listings point here. */
    assert_string_equal(json_string_value(json_object_get(r.json, "title")), "Milk 1 l");
    json_t *listings = json_object_get(r.json, "listings");
    assert_int_equal(json_array_size(listings), 2);
    /* Each listing keeps its retailer's own text. */
    for (size_t i = 0; i < 2; i++) {
        json_t *l = json_array_get(listings, i);
        bool of_a = cat_num(l, "retailer_id") == ret_a;
        assert_string_equal(json_string_value(json_object_get(l, "title")),
                            of_a ? "Milk 1 l" : "Fresh milk");
        assert_string_equal(json_string_value(json_object_get(l, "item_id")), of_a ? "MILK" : "m-1");
        assert_true(json_is_string(json_object_get(l, "description")));
        assert_non_null(json_object_get(l, "image_link"));
    }
    resp_free(&r);
    assert_int_equal(api_get(&S, "/v1/products?gtin=036000291453", NULL, &r), 0);
    assert_int_equal(r.status, 422);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(r.json, "errors"), 0), "parameter")),
                        "gtin");
    resp_free(&r);
    /* The list, filtered by brand. */
    char bq[96];
    assert_int_equal(api_get(&S, path, NULL, &r), 0);
    snprintf(bq, sizeof bq, "/v1/products?brand=%ld",
             cat_num(json_object_get(r.json, "brand"), "id"));
    resp_free(&r);
    assert_int_equal(api_get(&S, bq, NULL, &r), 0);
    assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
    assert_int_equal(cat_num(json_array_get(json_object_get(r.json, "items"), 0), "id"), milk);
    resp_free(&r);
    assert_int_equal(api_get(&S, "/v1/products?limit=2", NULL, &r), 0);
    assert_int_equal(json_array_size(json_object_get(r.json, "items")), 2);
    assert_true(json_is_string(json_object_get(r.json, "next_cursor")));
    resp_free(&r);
    assert_int_equal(api_get(&S, "/v1/products?gtin=96385074", NULL, &r), 0);
    assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
    resp_free(&r);
}

/* The currency of offer o's prices. */
static const char *offer_currency(const json_t *o)
{
    return json_string_value(json_object_get(json_object_get(o, "effective_price"), "currency"));
}

static void product_offers_mark_the_cheapest_per_currency(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "/v1/products/%ld/offers", milk);
    struct http_resp r;
    assert_int_equal(api_get(&S, path, NULL, &r), 0);
    json_t *items = json_object_get(r.json, "items");
    assert_int_equal(json_array_size(items), 4);
    int cheapest = 0;
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *o = json_array_get(items, i);
        if (!json_is_true(json_object_get(o, "cheapest")))
            continue;
        cheapest++;
        const char *cur = offer_currency(o);
        assert_int_equal(cat_amount(o, "effective_price"), strcmp(cur, "EUR") == 0 ? 119 : 100);
    }
    assert_int_equal(cheapest, 2); /* one in EUR, one in USD: never compared */
    resp_free(&r);
    /* near=: online offers and the Zagreb store within 3 km, with distance. */
    snprintf(path, sizeof path, "/v1/products/%ld/offers?near=" ZAGREB "&radius_km=3", milk);
    assert_int_equal(api_get(&S, path, NULL, &r), 0);
    items = json_object_get(r.json, "items");
    assert_int_equal(json_array_size(items), 3);
    int with_distance = 0;
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *o = json_array_get(items, i);
        if (json_object_get(o, "distance_km")) {
            with_distance++;
            assert_true(json_real_value(json_object_get(o, "distance_km")) < 0.01);
            assert_int_equal(cat_num(o, "store_id"), z01);
        } else {
            assert_true(json_is_true(json_object_get(o, "online")));
        }
    }
    assert_int_equal(with_distance, 1);
    resp_free(&r);
}

static void real_reduction_follows_the_30_day_low(void **state)
{
    (void)state;
    char path[64];
    snprintf(path, sizeof path, "/v1/offers/%ld", choc_offer);
    long h = history();
    struct http_resp r;
    assert_int_equal(api_send(&S, "PATCH", path, staff_a,
                              "{\"sale_price\":{\"amount\":750,\"currency\":\"EUR\"}}", &r),
                     0);
    assert_int_equal(r.status, 200);
    assert_int_equal(cat_amount(r.json, "effective_price"), 750);
    assert_true(json_is_true(json_object_get(r.json, "on_sale")));
    json_t *red = json_object_get(r.json, "reduction");
    assert_true(json_is_object(red));
    assert_true(json_real_value(json_object_get(red, "percent")) == 25.0);
    assert_int_equal(cat_amount(red, "reference_price"), 1000);
    resp_free(&r);
    assert_int_equal(history(), h + 1);
    /* The TV: price raised to 800.00 just now, then "reduced" to 600.00.
     * Against the list price that is 25 % off; against the lowest price
     * of the previous 30 days (500.00) it is no reduction at all. */
    snprintf(path, sizeof path, "/v1/offers/%ld", tv_offer);
    assert_int_equal(api_send(&S, "PATCH", path, staff_a,
                              "{\"price\":{\"amount\":80000,\"currency\":\"EUR\"}}", &r),
                     0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
    assert_int_equal(api_send(&S, "PATCH", path, staff_a,
                              "{\"sale_price\":{\"amount\":60000,\"currency\":\"EUR\"}}", &r),
                     0);
    red = json_object_get(r.json, "reduction");
    assert_true(json_real_value(json_object_get(red, "percent")) == 0.0);
    assert_int_equal(cat_amount(red, "reference_price"), 50000);
    resp_free(&r);
    assert_int_equal(history(), h + 3);
    /* Every change is in the price history. */
    char hp[96];
    struct http_resp g;
    assert_int_equal(api_get(&S, path, NULL, &g), 0);
    snprintf(hp, sizeof hp, "/v1/products/%ld/price-history?offer_id=%ld",
             cat_num(g.json, "product_id"), tv_offer);
    resp_free(&g);
    assert_int_equal(api_get(&S, hp, NULL, &r), 0);
    assert_int_equal(json_array_size(json_object_get(r.json, "items")), 3);
    json_t *newest = json_array_get(json_object_get(r.json, "items"), 0);
    assert_int_equal(cat_amount(newest, "sale_price"), 60000);
    resp_free(&r);
}

static void on_sale_near_a_point_by_reduction(void **state)
{
    (void)state;
    struct http_resp r;
    assert_int_equal(
        api_get(&S, "/v1/offers?on_sale=true&near=" ZAGREB "&radius_km=10&sort=reduction", NULL,
                &r),
        0);
    assert_int_equal(r.status, 200);
    json_t *items = json_object_get(r.json, "items");
    assert_int_equal(json_array_size(items), 2);
    assert_int_equal(cat_num(json_array_get(items, 0), "id"), choc_offer);
    assert_int_equal(cat_num(json_array_get(items, 1), "id"), tv_offer);
    double d = json_real_value(json_object_get(json_array_get(items, 0), "distance_km"));
    assert_true(d > 6 && d < 7.5);
    resp_free(&r);
    /* Page by page with the cursor. */
    assert_int_equal(api_get(&S, "/v1/offers?on_sale=true&near=" ZAGREB "&limit=1", NULL, &r),
                     0);
    char next[300];
    snprintf(next, sizeof next, "/v1/offers?on_sale=true&near=" ZAGREB "&limit=1&cursor=%s",
             json_string_value(json_object_get(r.json, "next_cursor")));
    resp_free(&r);
    assert_int_equal(api_get(&S, next, NULL, &r), 0);
    assert_int_equal(cat_num(json_array_get(json_object_get(r.json, "items"), 0), "id"), tv_offer);
    assert_true(json_is_null(json_object_get(r.json, "next_cursor")));
    resp_free(&r);
    /* Split is far: nothing on sale there. */
    assert_int_equal(api_get(&S, "/v1/offers?on_sale=true&near=43.5081,16.4402", NULL, &r), 0);
    assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
    resp_free(&r);
    assert_int_equal(api_get(&S, "/v1/offers?near=91,10", NULL, &r), 0);
    assert_int_equal(r.status, 422);
    resp_free(&r);
}

static void refused_writes_change_nothing(void **state)
{
    (void)state;
    long h = history();
    long offers = db_count(&S, "SELECT COUNT(*) FROM offers");
    long products = db_count(&S, "SELECT COUNT(*) FROM products");
    char path[64];
    snprintf(path, sizeof path, "/v1/offers/%ld", choc_offer);
    struct {
        const char *token, *body;
        long status;
        const char *pointer;
    } cases[] = {
        {NULL, "{\"price\":{\"amount\":1,\"currency\":\"EUR\"}}", 401, NULL},
        {NULL, "{\"price\":{\"amount\":-5,\"currency\":\"EUR\"}}", 422, "/price/amount"},
        {NULL, "{\"price\":{\"amount\":5,\"currency\":\"ABC\"}}", 422, "/price/currency"},
        {NULL, "{\"sale_start\":\"2026-12-01T00:00:00Z\",\"sale_end\":\"2026-11-01T00:00:00Z\"}",
         422, "/sale_end"},
        {NULL, "{\"sale_price\":{\"amount\":5000,\"currency\":\"EUR\"}}", 422,
         "/sale_price/amount"},
        {NULL, "{\"sale_price\":{\"amount\":500,\"currency\":\"USD\"}}", 422,
         "/sale_price/currency"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct http_resp r;
        assert_int_equal(api_send(&S, "PATCH", path, i == 0 ? NULL : staff_a, cases[i].body, &r),
                         0);
        if (r.status != cases[i].status)
            fprintf(stderr, "case %zu: %ld %s\n", i, r.status, r.body);
        assert_int_equal(r.status, cases[i].status);
        if (cases[i].pointer)
            assert_string_equal(json_string_value(json_object_get(
                                    json_array_get(json_object_get(r.json, "errors"), 0),
                                    "pointer")),
                                cases[i].pointer);
        resp_free(&r);
    }
    struct http_resp r;
    assert_int_equal(api_send(&S, "PATCH", path, staff_b,
                              "{\"price\":{\"amount\":1,\"currency\":\"EUR\"}}", &r),
                     0);
    assert_int_equal(r.status, 403);
    resp_free(&r);
    char body[300];
    snprintf(body, sizeof body,
             "{\"retailer_id\":\"%ld\",\"item_id\":\"X\",\"title\":\"X\","
             "\"price\":{\"amount\":1,\"currency\":\"EUR\"}}",
             ret_a);
    offer(staff_b, body, 403);
    offer(staff_a,
          "{\"item_id\":\"X\",\"title\":\"X\",\"gtin\":\"3850000000016\","
          "\"price\":{\"amount\":1,\"currency\":\"EUR\"}}",
          422);
    snprintf(body, sizeof body,
             "{\"item_id\":\"X\",\"title\":\"X\",\"store_id\":\"%ld\","
             "\"price\":{\"amount\":1,\"currency\":\"EUR\"}}",
             s01);
    offer(staff_a, body, 422);
    offer(admin, "{\"item_id\":\"X\",\"title\":\"X\",\"price\":{\"amount\":1,\"currency\":\"EUR\"}}",
          422); /* admins name the retailer */
    assert_int_equal(history(), h);
    assert_int_equal(db_count(&S, "SELECT COUNT(*) FROM offers"), offers);
    assert_int_equal(db_count(&S, "SELECT COUNT(*) FROM products"), products);
}

static void shared_content_belongs_to_admins(void **state)
{
    (void)state;
    char path[64];
    snprintf(path, sizeof path, "/v1/products/%ld", milk);
    struct http_resp r;
    assert_int_equal(api_send(&S, "PATCH", path, staff_a, "{\"title\":\"Mine\"}", &r), 0);
    assert_int_equal(r.status, 403);
    resp_free(&r);
    assert_int_equal(api_send(&S, "PATCH", path, admin,
                              "{\"title\":\"Whole milk 1 l\",\"attributes\":{\"fat\":\"3.5%\"}}",
                              &r),
                     0);
    assert_int_equal(r.status, 200);
    assert_true(json_is_true(json_object_get(r.json, "content_locked")));
    assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "attributes"),
                                                          "fat")),
                        "3.5%");
    resp_free(&r);
    assert_int_equal(api_send(&S, "PATCH", path, admin, "{\"brand_id\":\"999\"}", &r), 0);
    assert_int_equal(r.status, 422);
    resp_free(&r);
}

/* PATCHes the offer at path with body; returns its reduction's reference
 * price, or -1 when it has no reduction (the caller frees nothing). */
static long patch_reference(const char *path, const char *body)
{
    struct http_resp r;
    assert_int_equal(api_send(&S, "PATCH", path, staff_a, body, &r), 0);
    if (r.status != 200)
        fprintf(stderr, "%s\n", r.body);
    assert_int_equal(r.status, 200);
    json_t *red = json_object_get(r.json, "reduction");
    long ref = json_is_object(red) ? cat_amount(red, "reference_price") : -1;
    resp_free(&r);
    return ref;
}

/* ISO 8601 (UTC) of now plus delta (the server is back in the present). */
static void iso_time(long delta, char out[32])
{
    time_t t = time(NULL) + delta;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void a_sale_cannot_hide_the_prices_just_charged(void **state)
{
    (void)state;
    char path[64], when[32], body[256];
    snprintf(path, sizeof path, "/v1/offers/%ld", choc_offer);
    /* 4.00 a moment ago, then 9.00, then "8.00 on sale since two days
     * ago": the sale is seen now, so 4.00 is in its 30 days. */
    patch_reference(path, "{\"sale_price\":null,\"price\":{\"amount\":400,\"currency\":\"EUR\"}}");
    sleep(1); /* charged for a second (a price never applied is no low) */
    patch_reference(path, "{\"price\":{\"amount\":900,\"currency\":\"EUR\"}}");
    iso_time(-2 * 86400, when);
    snprintf(body, sizeof body,
             "{\"sale_price\":{\"amount\":800,\"currency\":\"EUR\"},\"sale_start\":\"%s\"}",
             when);
    assert_int_equal(patch_reference(path, body), 400);
    /* A new offer shown at 200.00 for a moment before a sale has no 30-day
     * low on record: no real reduction; one whose sale starts in 31 days
     * will have been watched for the whole window by then. */
    for (int later = 0; later < 2; later++) {
        iso_time(later ? 31 * 86400 : 30, when);
        snprintf(body, sizeof body,
                 "{\"item_id\":\"NEW-%d\",\"title\":\"New %d\",\"price\":{\"amount\":20000,"
                 "\"currency\":\"EUR\"},\"sale_price\":{\"amount\":10000,\"currency\":\"EUR\"},"
                 "\"sale_start\":\"%s\"}",
                 later, later, when);
        long id = offer(staff_a, body, 201);
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT COALESCE(ref_price, -1) FROM offers WHERE id = %ld", id);
        assert_int_equal(db_count(&S, sql), later ? 20000 : -1);
    }
}

/* Walks GET /v1/offers?QUERY one offer a page; returns the offers
 * (a new reference). */
static json_t *walk_offers(const char *query)
{
    json_t *all = json_array();
    char path[512];
    const char *cursor = NULL;
    struct http_resp r = {0};
    for (int page = 0; page < 100; page++) {
        snprintf(path, sizeof path, "/v1/offers?%s&limit=1%s%s", query, cursor ? "&cursor=" : "",
                 cursor ? cursor : "");
        struct http_resp next;
        assert_int_equal(api_get(&S, path, NULL, &next), 0);
        assert_int_equal(next.status, 200);
        if (page)
            resp_free(&r);
        r = next;
        json_array_extend(all, json_object_get(r.json, "items"));
        cursor = json_string_value(json_object_get(r.json, "next_cursor"));
        if (!cursor)
            break;
    }
    resp_free(&r);
    return all;
}

static void prices_are_sorted_within_one_currency(void **state)
{
    (void)state;
    char body[300];
    /* Retailer B sells in euros and, online, in US dollars too. */
    const long usd[] = {500, 120000, 90};
    for (int i = 0; i < 3; i++) {
        snprintf(body, sizeof body,
                 "{\"item_id\":\"US-%d\",\"title\":\"Import %d\",\"price\":{\"amount\":%ld,"
                 "\"currency\":\"USD\"}}",
                 i, i, usd[i]);
        offer(staff_b, body, 201);
    }
    char query[64];
    snprintf(query, sizeof query, "retailer_id=%ld&sort=price", ret_b);
    json_t *all = walk_offers(query);
    size_t n = json_array_size(all), dollars = 0;
    long cheapest_usd = -1;
    assert_true(n > 3);
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(all, i);
        const char *cur = offer_currency(o);
        if (strcmp(cur, "USD") == 0 && dollars++ == 0)
            cheapest_usd = cat_amount(o, "effective_price");
        if (i == 0)
            continue;
        json_t *p = json_array_get(all, i - 1);
        const char *pcur = offer_currency(p);
        /* One currency after the other, each by effective price. */
        assert_true(strcmp(pcur, cur) <= 0);
        if (strcmp(pcur, cur) == 0)
            assert_true(cat_amount(p, "effective_price") <= cat_amount(o, "effective_price"));
    }
    assert_true(dollars >= 3);
    assert_true(cheapest_usd <= 90);
    json_decref(all);
    /* currency= lists one. */
    snprintf(query, sizeof query, "retailer_id=%ld&sort=price&currency=USD", ret_b);
    all = walk_offers(query);
    assert_int_equal(json_array_size(all), dollars);
    assert_int_equal(cat_amount(json_array_get(all, 0), "effective_price"), cheapest_usd);
    json_decref(all);
    struct http_resp r;
    assert_int_equal(api_get(&S, "/v1/offers?currency=ABC", NULL, &r), 0);
    assert_int_equal(r.status, 422);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(r.json, "errors"), 0), "parameter")),
                        "currency");
    resp_free(&r);
}

static void every_offer_at_the_lowest_price_is_the_cheapest(void **state)
{
    (void)state;
    /* Retailer A's second store sells the milk at its lowest price too. */
    char path[128], body[300];
    snprintf(path, sizeof path, "/v1/products/%ld/offers", milk);
    struct http_resp r;
    assert_int_equal(api_get(&S, path, NULL, &r), 0);
    long low = -1;
    json_t *items = json_object_get(r.json, "items");
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *o = json_array_get(items, i);
        const char *cur = offer_currency(o);
        if (json_is_true(json_object_get(o, "cheapest")) && strcmp(cur, "EUR") == 0)
            low = cat_amount(o, "effective_price");
    }
    assert_true(low > 0);
    resp_free(&r);
    snprintf(body, sizeof body,
             "{\"item_id\":\"MILK\",\"title\":\"Milk 1 l\",\"gtin\":\"036000291452\","
             "\"store_id\":\"%ld\",\"price\":{\"amount\":%ld,\"currency\":\"EUR\"}}",
             z02, low);
    offer(staff_a, body, 201);
    /* Every offer in stock at the lowest price of its currency is marked. */
    assert_int_equal(api_get(&S, path, NULL, &r), 0);
    items = json_object_get(r.json, "items");
    int marked = 0;
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *o = json_array_get(items, i);
        const char *cur = offer_currency(o);
        if (strcmp(cur, "EUR") != 0)
            continue;
        bool in_stock = strcmp(json_string_value(json_object_get(o, "availability")),
                               "out_of_stock") != 0;
        bool want = in_stock && cat_amount(o, "effective_price") == low;
        assert_int_equal(json_is_true(json_object_get(o, "cheapest")), want);
        marked += want;
    }
    assert_int_equal(marked, 2);
    resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_product_for_upc_and_ean),
        cmocka_unit_test(product_offers_mark_the_cheapest_per_currency),
        cmocka_unit_test(real_reduction_follows_the_30_day_low),
        cmocka_unit_test(on_sale_near_a_point_by_reduction),
        cmocka_unit_test(refused_writes_change_nothing),
        cmocka_unit_test(shared_content_belongs_to_admins),
        cmocka_unit_test(a_sale_cannot_hide_the_prices_just_charged),
        cmocka_unit_test(prices_are_sorted_within_one_currency),
        cmocka_unit_test(every_offer_at_the_lowest_price_is_the_cheapest),
    };
    return cmocka_run_group_tests_name("c02_offers", tests, setup, teardown);
}
