/*
 * test_c04_search.c - GET /v1/search: prefixes, diacritics folded,
 * relevance order, brand, category (with its subtree) and price filters,
 * the cheapest offer passing the filters (with near=: the stores within
 * the radius plus online offers, each marked), cursor pagination,
 * refused parameters, price filters on the price in force (a running
 * sale's, else the regular), a filter passed only by a low-ranked match, a
 * renamed product found by its new title only, and the shortest titles
 * first among thousands of matches.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "catalog_fixtures.h"
#include "harness.h"

static struct srv S;
static char *admin;
static long food, sweets, kras;

#define TSV "text/tab-separated-values"

static int setup(void **state)
{
    (void)state;
    if (srv_start(&S, NULL) != 0)
        return -1;
    admin = api_make_user(&S, harness_email("admin"), "admin", 0);
    long a = cat_retailer(&S, admin, "Alpha");
    long b = cat_retailer(&S, admin, "Beta");
    food = cat_create(&S, "/v1/categories", admin, "{\"name\":\"Food\"}", 201);
    char body[200];
    snprintf(body, sizeof body, "{\"name\":\"Sweets\",\"parent_id\":\"%ld\"}", food);
    sweets = cat_create(&S, "/v1/categories", admin, body, 201);
    kras = cat_create(&S, "/v1/brands", admin, "{\"name\":\"Kraš\"}", 201);
    char path[96];
    snprintf(path, sizeof path, "/v1/retailers/%ld/stores", a);
    cat_create(&S, path, admin,
               "{\"code\":\"Z01\",\"name\":\"Zagreb\",\"latitude\":45.8131,\"longitude\":15.9772,"
               "\"time_zone\":\"Europe/Zagreb\"}",
               201);
    snprintf(path, sizeof path, "/v1/retailers/%ld/stores", b);
    cat_create(&S, path, admin,
               "{\"code\":\"S01\",\"name\":\"Split\",\"latitude\":43.5081,\"longitude\":16.4402,"
               "\"time_zone\":\"Europe/Zagreb\"}",
               201);
    const char *feed_a =
        "id\ttitle\tbrand\tgtin\tprice\tproduct_type\tstore_code\n"
        "C1\tČokolada mliječna 100 g\tKraš\t3850000000015\t2.00 EUR\tFood > Sweets\t\n"
        "C1\tČokolada mliječna 100 g\tKraš\t3850000000015\t1.50 EUR\tFood > Sweets\tZ01\n"
        "C2\tČokoladni keksi\tDomaćica\t3850000000022\t3.00 EUR\tFood > Sweets\t\n"
        "M1\tMlijeko svježe 1 l\tDukat\t3850000000039\t1.20 EUR\tFood\t\n"
        "T1\tTrail running shoe\tSalomon\t0012345678905\t89.90 EUR\tSports\t\n"
        "T2\tRunning shorts\tSalomon\t0012345678912\t25.00 EUR\tSports\t\n";
    struct http_resp r;
    if (cat_upload(&S, a, admin, TSV, feed_a, strlen(feed_a), "", &r) != 0 || r.status != 200) {
        fprintf(stderr, "feed A: %s\n", r.body);
        return -1;
    }
    resp_free(&r);
    const char *feed_b = "id,title,gtin,price,store_code\n"
                         "X,Chocolate bar,3850000000015,1.00 EUR,S01\n"
                         "Y,Chocolate bar,3850000000015,0.90 USD,\n";
    if (cat_upload(&S, b, admin, "text/csv", feed_b, strlen(feed_b), "", &r) != 0 ||
        r.status != 200) {
        fprintf(stderr, "feed B: %s\n", r.body);
        return -1;
    }
    resp_free(&r);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(admin);
    int rc = srv_stop(&S);
    srv_cleanup(&S);
    return rc == 0 ? 0 : -1;
}

/* GETs a search and returns its hits (the response is kept in r). */
static json_t *search(const char *query, struct http_resp *r)
{
    char path[512];
    snprintf(path, sizeof path, "/v1/search?%s", query);
    assert_int_equal(api_get(&S, path, NULL, r), 0);
    if (r->status != 200)
        fprintf(stderr, "%s -> %ld %s\n", path, r->status, r->body);
    assert_int_equal(r->status, 200);
    return json_object_get(r->json, "items");
}

static const char *title(json_t *hits, size_t i)
{
    return json_string_value(json_object_get(json_object_get(json_array_get(hits, i), "product"),
                                             "title"));
}

static void prefixes_and_folded_diacritics(void **state)
{
    (void)state;
    struct http_resp r;
    json_t *hits = search("q=cokol", &r);
    assert_int_equal(json_array_size(hits), 2);
    resp_free(&r);
    hits = search("q=%C4%8Dokol", &r); /* "čokol" */
    assert_int_equal(json_array_size(hits), 2);
    resp_free(&r);
    hits = search("q=mlij", &r); /* Mlijeko, and mliječna */
    assert_int_equal(json_array_size(hits), 2);
    resp_free(&r);
    hits = search("q=running+sal", &r); /* every word must match, brand included */
    assert_int_equal(json_array_size(hits), 2);
    resp_free(&r);
    hits = search("q=trail+running", &r);
    assert_int_equal(json_array_size(hits), 1);
    assert_string_equal(title(hits, 0), "Trail running shoe");
    resp_free(&r);
    hits = search("q=zzzz", &r);
    assert_int_equal(json_array_size(hits), 0);
    resp_free(&r);
}

static void best_matches_first(void **state)
{
    (void)state;
    struct http_resp r;
    json_t *hits = search("q=running+shoe", &r);
    assert_string_equal(title(hits, 0), "Trail running shoe");
    resp_free(&r);
    hits = search("q=running", &r);
    double prev = 1e300;
    for (size_t i = 0; i < json_array_size(hits); i++) {
        double s = json_real_value(json_object_get(json_array_get(hits, i), "score"));
        assert_true(s <= prev);
        prev = s;
    }
    resp_free(&r);
}

static void filters_and_the_cheapest_offer(void **state)
{
    (void)state;
    struct http_resp r;
    char q[128];
    snprintf(q, sizeof q, "q=cokol&brand=%ld", kras);
    json_t *hits = search(q, &r);
    assert_int_equal(json_array_size(hits), 1);
    /* Cheapest in EUR anywhere: Beta's store in Split at 1.00; the USD
     * offer is never compared with it. */
    json_t *o = json_object_get(json_array_get(hits, 0), "offer");
    assert_int_equal(cat_amount(o, "effective_price"), 100);
    resp_free(&r);
    snprintf(q, sizeof q, "category=%ld", food); /* the subtree: sweets too */
    hits = search(q, &r);
    assert_int_equal(json_array_size(hits), 3);
    resp_free(&r);
    snprintf(q, sizeof q, "category=%ld", sweets);
    hits = search(q, &r);
    assert_int_equal(json_array_size(hits), 2);
    resp_free(&r);
    hits = search("q=running&min_price=30", &r);
    assert_int_equal(json_array_size(hits), 1);
    assert_int_equal(cat_amount(json_object_get(json_array_get(hits, 0), "offer"),
                                "effective_price"),
                     8990);
    resp_free(&r);
    hits = search("q=cokolada+mlijecna&currency=USD", &r);
    assert_int_equal(cat_amount(json_object_get(json_array_get(hits, 0), "offer"),
                                "effective_price"),
                     90);
    resp_free(&r);
    hits = search("max_price=1.10", &r); /* the chocolate (Split) only */
    assert_int_equal(json_array_size(hits), 1);
    resp_free(&r);
}

static void near_limits_store_offers_to_the_radius(void **state)
{
    (void)state;
    struct http_resp r;
    /* In Zagreb: Split is out of reach; the Zagreb store beats online. */
    json_t *hits = search("q=cokolada+mlijecna&near=45.81,15.98&radius_km=10", &r);
    json_t *o = json_object_get(json_array_get(hits, 0), "offer");
    assert_int_equal(cat_amount(o, "effective_price"), 150);
    assert_false(json_is_true(json_object_get(o, "online")));
    assert_true(json_real_value(json_object_get(o, "distance_km")) < 1.0);
    resp_free(&r);
    /* Far from every store: the online offer, marked online. */
    hits = search("q=cokolada+mlijecna&near=48.2,16.37&radius_km=5", &r);
    o = json_object_get(json_array_get(hits, 0), "offer");
    assert_int_equal(cat_amount(o, "effective_price"), 200);
    assert_true(json_is_true(json_object_get(o, "online")));
    assert_null(json_object_get(o, "distance_km"));
    resp_free(&r);
}

static void cursor_walks_every_hit_once(void **state)
{
    (void)state;
    struct http_resp r;
    char query[400] = "limit=2";
    int seen = 0;
    long ids[16];
    for (int page = 0; page < 10; page++) {
        json_t *hits = search(query, &r);
        for (size_t i = 0; i < json_array_size(hits); i++) {
            long id = cat_num(json_object_get(json_array_get(hits, i), "product"), "id");
            for (int k = 0; k < seen; k++)
                assert_true(ids[k] != id);
            ids[seen++] = id;
        }
        json_t *next = json_object_get(r.json, "next_cursor");
        if (json_is_null(next)) {
            resp_free(&r);
            break;
        }
        snprintf(query, sizeof query, "limit=2&cursor=%s", json_string_value(next));
        resp_free(&r);
    }
    assert_int_equal(seen, 5);
    /* The same with a text query. */
    snprintf(query, sizeof query, "q=running&limit=1");
    json_t *hits = search(query, &r);
    assert_int_equal(json_array_size(hits), 1);
    snprintf(query, sizeof query, "q=running&limit=1&cursor=%s",
             json_string_value(json_object_get(r.json, "next_cursor")));
    resp_free(&r);
    hits = search(query, &r);
    assert_int_equal(json_array_size(hits), 1);
    assert_true(json_is_null(json_object_get(r.json, "next_cursor")));
    resp_free(&r);
}

static void bad_parameters_are_422(void **state)
{
    (void)state;
    const char *bad[] = {"near=91,0", "min_price=-1", "min_price=5&max_price=1",
                         "currency=XYZ", "radius_km=5", "cursor=nope", "colour=red"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char path[128];
        snprintf(path, sizeof path, "/v1/search?%s", bad[i]);
        struct http_resp r;
        assert_int_equal(api_get(&S, path, NULL, &r), 0);
        if (r.status != 422)
            fprintf(stderr, "%s -> %ld\n", path, r.status);
        assert_int_equal(r.status, 422);
        resp_free(&r);
    }
}

/* The one product passing a filter among 20 equally good matches is
 * found even when it ranks last: the filters are checked down the ranked
 * candidates until a page is full.  Adds products. */
static void a_late_match_passing_the_filter_is_found(void **state)
{
    (void)state;
    long g = cat_retailer(&S, admin, "Gamma");
    char feed[2048] = "id\ttitle\tprice\n";
    size_t o = strlen(feed);
    for (int i = 1; i <= 20; i++)
        o += (size_t)snprintf(feed + o, sizeof feed - o, "G%02d\tGadget g%02d\t%s EUR\n", i, i,
                              i == 20 ? "50.00" : "1.00");
    struct http_resp r;
    assert_int_equal(cat_upload(&S, g, admin, TSV, feed, strlen(feed), "", &r), 0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
    json_t *hits = search("q=gadget&limit=1", &r);
    assert_int_equal(json_array_size(hits), 1);
    assert_false(json_is_null(json_object_get(r.json, "next_cursor")));
    resp_free(&r);
    hits = search("q=gadget&min_price=40&limit=1", &r);
    assert_int_equal(json_array_size(hits), 1);
    assert_string_equal(title(hits, 0), "Gadget g20");
    assert_true(json_is_null(json_object_get(r.json, "next_cursor")));
    resp_free(&r);
    hits = search("q=gadget&max_price=40", &r);
    assert_int_equal(json_array_size(hits), 19);
    resp_free(&r);
}

/* Writes the UTC day of now + days (YYYY-MM-DD) into out. */
static void day_from_now(char out[16], int days)
{
    time_t t = time(NULL) + (time_t)days * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 16, "%Y-%m-%d", &tm);
}

/* Price filters compare the price in force: a running sale's price, the
 * regular price once the sale has ended.  Adds products. */
static void price_filters_use_the_price_in_force(void **state)
{
    (void)state;
    long d = cat_retailer(&S, admin, "Delta");
    char past[16], before[16], tomorrow[16], feed[512];
    day_from_now(past, -3);
    day_from_now(before, -2);
    day_from_now(tomorrow, 1);
    snprintf(feed, sizeof feed,
             "id\ttitle\tprice\tsale_price\tsale_price_effective_date\n"
             "K1\tKettle steel\t10.00 EUR\t5.00 EUR\t%s/%s\n"
             "K2\tKettle copper\t10.00 EUR\t5.00 EUR\t%s/%s\n",
             past, tomorrow, past, before);
    struct http_resp r;
    assert_int_equal(cat_upload(&S, d, admin, TSV, feed, strlen(feed), "", &r), 0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
    const struct {
        const char *query, *only;
    } want[] = {
        {"q=kettle&max_price=6", "Kettle steel"},
        {"q=kettle&min_price=8", "Kettle copper"},
        {"q=kettle&min_price=4&max_price=6", "Kettle steel"},
        {"q=kettle&min_price=9&max_price=11", "Kettle copper"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        json_t *hits = search(want[i].query, &r);
        if (json_array_size(hits) != 1)
            fprintf(stderr, "%s: %s\n", want[i].query, r.body);
        assert_int_equal(json_array_size(hits), 1);
        assert_string_equal(title(hits, 0), want[i].only);
        resp_free(&r);
    }
    json_t *hits = search("q=kettle&min_price=6&max_price=9", &r);
    assert_int_equal(json_array_size(hits), 0);
    resp_free(&r);
}

/* A product renamed by an admin is found by its new words and no longer
 * by its old ones, also when the rename changes the title's length (the
 * full-text key, migration 5). */
static void a_renamed_product_is_found_by_its_new_title_only(void **state)
{
    (void)state;
    struct http_resp r;
    json_t *hits = search("q=mlijeko", &r);
    assert_int_equal(json_array_size(hits), 1);
    long id = cat_num(json_object_get(json_array_get(hits, 0), "product"), "id");
    resp_free(&r);
    char path[64];
    snprintf(path, sizeof path, "/v1/products/%ld", id);
    assert_int_equal(api_send(&S, "PATCH", path, admin, "{\"title\":\"Kefir\"}", &r), 0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
    hits = search("q=mlijeko", &r);
    assert_int_equal(json_array_size(hits), 0);
    resp_free(&r);
    hits = search("q=kefir", &r);
    assert_int_equal(json_array_size(hits), 1);
    assert_int_equal(cat_num(json_object_get(json_array_get(hits, 0), "product"), "id"), id);
    resp_free(&r);
}

/* A word found in thousands of titles: the page holds the best matches
 * (the shortest titles, as BM25 ranks them) even though they were listed
 * last, and paging never repeats a product.  Adds products. */
static void shortest_titles_first_among_thousands(void **state)
{
    (void)state;
    long w = cat_retailer(&S, admin, "Widgets");
    enum { LONG_TITLES = 2400, SHORT_TITLES = 5 };
    size_t cap = 64 * (LONG_TITLES + SHORT_TITLES) + 64, o = 0;
    char *feed = malloc(cap);
    assert_non_null(feed);
    o += (size_t)snprintf(feed + o, cap - o, "id\ttitle\tprice\n");
    for (int i = 0; i < LONG_TITLES; i++)
        o += (size_t)snprintf(feed + o, cap - o,
                              "L%04d\tWidget with a longer title number %04d\t1.00 EUR\n", i, i);
    for (int i = 0; i < SHORT_TITLES; i++)
        o += (size_t)snprintf(feed + o, cap - o, "S%d\tWidget %d\t2.00 EUR\n", i, i);
    struct http_resp r;
    assert_int_equal(cat_upload(&S, w, admin, TSV, feed, o, "", &r), 0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
    free(feed);
    json_t *hits = search("q=widget&limit=5", &r);
    assert_int_equal(json_array_size(hits), 5);
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(strncmp(title(hits, i), "Widget ", 7) == 0 && strlen(title(hits, i)) == 8,
                         1);
    char query[200];
    snprintf(query, sizeof query, "q=widget&limit=5&cursor=%s",
             json_string_value(json_object_get(r.json, "next_cursor")));
    resp_free(&r);
    hits = search(query, &r);
    assert_int_equal(json_array_size(hits), 5);
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(strncmp(title(hits, i), "Widget with", 11), 0);
    resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(prefixes_and_folded_diacritics),
        cmocka_unit_test(best_matches_first),
        cmocka_unit_test(filters_and_the_cheapest_offer),
        cmocka_unit_test(near_limits_store_offers_to_the_radius),
        cmocka_unit_test(cursor_walks_every_hit_once),
        cmocka_unit_test(bad_parameters_are_422),
        cmocka_unit_test(a_late_match_passing_the_filter_is_found),
        cmocka_unit_test(price_filters_use_the_price_in_force),
        cmocka_unit_test(a_renamed_product_is_found_by_its_new_title_only),
        cmocka_unit_test(shortest_titles_first_among_thousands),
    };
    return cmocka_run_group_tests_name("c04_search", tests, setup, teardown);
}
