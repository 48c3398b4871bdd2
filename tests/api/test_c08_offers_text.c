/*
 * test_c08_offers_text.c - GET /v1/offers names the product of each
 * offer: every offer object (list, one offer, a product's offers, search
 * hits, the answers of writes) carries {id, title, gtin} of its product,
 * the shared title the product page shows, also for a retailer whose own
 * listing says something else, and a renamed title at once.
 *
 * Expected answers are derived from the data the test publishes (ITEMS),
 * not written out.
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
#define ZAGREB "45.8131,15.9772"

/* What the test publishes: retailer 0 or 1, the retailer's item id and
 * title, brand, GTIN ("" for a product local to the retailer), prices,
 * and the store code ("" online).  The first listing of a GTIN gives the
 * product its shared title. */
static const struct item {
    int retailer;
    const char *id, *title, *brand, *gtin, *price, *sale, *store;
} ITEMS[] = {
    {0, "C1", "Čokolada mliječna 100 g", "Kraš", "3850000000015", "2.00 EUR", "1.50 EUR", ""},
    {0, "C1", "Čokolada mliječna 100 g", "Kraš", "3850000000015", "1.80 EUR", "", "Z01"},
    {0, "C2", "Čokoladni keksi", "Domaćica", "3850000000022", "3.20 EUR", "", ""},
    {0, "C2", "Čokoladni keksi", "Domaćica", "3850000000022", "3.00 EUR", "2.50 EUR", "Z01"},
    {0, "M1", "Mlijeko svježe 1 l", "Dukat", "3850000000039", "1.20 EUR", "1.00 EUR", ""},
    {0, "M1", "Mlijeko svježe 1 l", "Dukat", "3850000000039", "1.10 EUR", "", "Z01"},
    {0, "T1", "Trail running shoe", "Salomon", "", "89.90 EUR", "79.90 EUR", "Z01"},
    {1, "X", "Chocolate bar", "", "3850000000015", "1.00 EUR", "0.90 EUR", "S01"},
    {1, "X", "Chocolate bar", "", "3850000000015", "1.10 EUR", "", ""},
    {1, "K", "Kava mljevena 250 g", "", "3850000000046", "4.00 EUR", "", "S01"},
};
#define NITEMS (sizeof ITEMS / sizeof ITEMS[0])

static struct srv S;
static char *admin;
static long retailers[2], zagreb_store;

/* Uploads retailer r's lines of ITEMS as a TSV feed. */
static int upload(int r)
{
    char feed[2048];
    size_t o = (size_t)snprintf(feed, sizeof feed,
                                "id\ttitle\tbrand\tgtin\tprice\tsale_price\tstore_code\n");
    for (size_t i = 0; i < NITEMS; i++)
        if (ITEMS[i].retailer == r)
            o += (size_t)snprintf(feed + o, sizeof feed - o, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
                                  ITEMS[i].id, ITEMS[i].title, ITEMS[i].brand, ITEMS[i].gtin,
                                  ITEMS[i].price, ITEMS[i].sale, ITEMS[i].store);
    struct http_resp res;
    if (cat_upload(&S, retailers[r], admin, TSV, feed, o, "", &res) != 0)
        return -1;
    int ok = res.status == 200;
    if (!ok)
        fprintf(stderr, "feed %d: %ld %s\n", r, res.status, res.body);
    resp_free(&res);
    return ok ? 0 : -1;
}

static long store(long retailer, const char *code, const char *name, const char *latlon)
{
    char path[96], body[300], lat[16];
    snprintf(path, sizeof path, "/v1/retailers/%ld/stores", retailer);
    snprintf(lat, sizeof lat, "%.*s", (int)strcspn(latlon, ","), latlon);
    snprintf(body, sizeof body,
             "{\"code\":\"%s\",\"name\":\"%s\",\"latitude\":%s,\"longitude\":%s,"
             "\"time_zone\":\"Europe/Zagreb\"}",
             code, name, lat, strchr(latlon, ',') + 1);
    return cat_create(&S, path, admin, body, 201);
}

static int setup(void **state)
{
    (void)state;
    if (srv_start(&S, NULL) != 0)
        return -1;
    admin = api_make_user(&S, harness_email("admin"), "admin", 0);
    retailers[0] = cat_retailer(&S, admin, "Alpha");
    retailers[1] = cat_retailer(&S, admin, "Beta");
    zagreb_store = store(retailers[0], "Z01", "Zagreb", ZAGREB);
    store(retailers[1], "S01", "Split", "43.5081,16.4402");
    return upload(0) == 0 && upload(1) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(admin);
    return srv_finish(&S);
}

/* GET path, expecting 200; the answer stays in r. */
static json_t *get_ok(const char *path, struct http_resp *r)
{
    assert_int_equal(api_get(&S, path, NULL, r), 0);
    if (r->status != 200)
        fprintf(stderr, "GET %s -> %ld %s\n", path, r->status, r->body);
    assert_int_equal(r->status, 200);
    return r->json;
}

/* Every offer of GET /v1/offers?query, two a page through the cursor,
 * none twice; a new array. */
static json_t *walk(const char *query)
{
    json_t *all = json_array();
    char path[600];
    snprintf(path, sizeof path, "/v1/offers?%s%slimit=2", query, query[0] ? "&" : "");
    for (int page = 0; page < 40; page++) {
        struct http_resp r;
        json_t *body = get_ok(path, &r);
        json_t *items = json_object_get(body, "items"), *o;
        size_t i;
        json_array_foreach(items, i, o) {
            for (size_t k = 0; k < json_array_size(all); k++)
                assert_int_not_equal(cat_num(json_array_get(all, k), "id"), cat_num(o, "id"));
            json_array_append(all, o);
        }
        const char *next = json_string_value(json_object_get(body, "next_cursor"));
        if (next)
            snprintf(path, sizeof path, "/v1/offers?%s%slimit=2&cursor=%s", query,
                     query[0] ? "&" : "", next);
        resp_free(&r);
        if (!next)
            return all;
    }
    fail_msg("more than 40 pages for %s", query);
    return all;
}

/* The id of the product of GTIN gtin (as published). */
static long product_of_gtin(const char *gtin)
{
    char path[96];
    snprintf(path, sizeof path, "/v1/products?gtin=%s", gtin);
    struct http_resp r;
    json_t *p = json_array_get(json_object_get(get_ok(path, &r), "items"), 0);
    assert_non_null(p);
    long id = cat_num(p, "id");
    resp_free(&r);
    return id;
}

/* The title the first listing of gtin gave its product. */
static const char *first_title(const char *gtin)
{
    for (size_t i = 0; i < NITEMS; i++)
        if (strcmp(ITEMS[i].gtin, gtin) == 0)
            return ITEMS[i].title;
    return NULL;
}

/* o["product"] is {id, title, gtin} of the product o is for, as GET
 * /v1/products/{id} shows it. */
static void assert_offer_names_its_product(const json_t *o)
{
    const json_t *p = json_object_get(o, "product");
    assert_true(json_is_object(p));
    assert_int_equal(cat_num(p, "id"), cat_num(o, "product_id"));
    char path[64];
    snprintf(path, sizeof path, "/v1/products/%ld", cat_num(o, "product_id"));
    struct http_resp r;
    json_t *shared = get_ok(path, &r);
    assert_string_equal(json_string_value(json_object_get(p, "title")),
                        json_string_value(json_object_get(shared, "title")));
    assert_true(json_equal(json_object_get(p, "gtin"), json_object_get(shared, "gtin")));
    resp_free(&r);
}

/* The line of ITEMS an offer comes from (its retailer and item id). */
static const struct item *item_of(const json_t *o)
{
    const char *id = json_string_value(json_object_get(o, "item_id"));
    for (size_t i = 0; i < NITEMS; i++)
        if (retailers[ITEMS[i].retailer] == cat_num(o, "retailer_id") &&
            strcmp(ITEMS[i].id, id) == 0)
            return &ITEMS[i];
    return NULL;
}

/* Each offer names its product with the shared title: the first
 * listing's of its GTIN (Beta's "Chocolate bar" shows Alpha's title, as
 * the product page does), or the item's own for a product local to its
 * retailer, which has no GTIN. */
static void every_listed_offer_names_its_product(void **state)
{
    (void)state;
    json_t *all = walk("");
    assert_int_equal(json_array_size(all), NITEMS);
    int listing_text_differs = 0;
    json_t *o;
    size_t i;
    json_array_foreach(all, i, o) {
        assert_offer_names_its_product(o);
        const struct item *it = item_of(o);
        assert_non_null(it);
        const json_t *p = json_object_get(o, "product");
        const char *title = json_string_value(json_object_get(p, "title"));
        assert_string_equal(title, it->gtin[0] ? first_title(it->gtin) : it->title);
        listing_text_differs |= strcmp(title, it->title) != 0;
        const char *gtin = json_string_value(json_object_get(p, "gtin"));
        if (!it->gtin[0]) {
            assert_null(gtin);
            continue;
        }
        assert_non_null(gtin); /* GTIN-14: the published digits, zero-padded */
        assert_int_equal(strlen(gtin), 14);
        assert_string_equal(gtin + 14 - strlen(it->gtin), it->gtin);
    }
    assert_true(listing_text_differs);
    json_decref(all);
}

/* One offer, a product's offers and a search hit's offer name the
 * product too. */
static void other_routes_name_the_product(void **state)
{
    (void)state;
    char path[128];
    long milk = product_of_gtin(ITEMS[4].gtin);
    snprintf(path, sizeof path, "/v1/products/%ld/offers", milk);
    struct http_resp r;
    json_t *items = json_object_get(get_ok(path, &r), "items"), *o;
    assert_true(json_array_size(items) > 0);
    size_t i;
    json_array_foreach(items, i, o) assert_offer_names_its_product(o);
    snprintf(path, sizeof path, "/v1/offers/%ld", cat_num(json_array_get(items, 0), "id"));
    resp_free(&r);
    assert_offer_names_its_product(get_ok(path, &r));
    resp_free(&r);
    json_t *hits = json_object_get(get_ok("/v1/search?q=mlijeko", &r), "items");
    assert_int_equal(json_array_size(hits), 1);
    assert_offer_names_its_product(json_object_get(json_array_get(hits, 0), "offer"));
    resp_free(&r);
}

/* The answers of POST /v1/offers and PATCH /v1/offers/{id} name the
 * product; an admin's rename shows at once. */
static void writes_answer_with_the_product_and_renames_show(void **state)
{
    (void)state;
    char body[300];
    snprintf(body, sizeof body,
             "{\"retailer_id\":\"%ld\",\"item_id\":\"W1\",\"title\":\"Wombat tea\","
             "\"price\":{\"amount\":450,\"currency\":\"EUR\"}}",
             retailers[0]);
    struct http_resp r;
    assert_int_equal(api_send(&S, "POST", "/v1/offers", admin, body, &r), 0);
    assert_int_equal(r.status, 201);
    assert_offer_names_its_product(r.json);
    long offer = cat_num(r.json, "id"), product = cat_num(r.json, "product_id");
    resp_free(&r);
    char path[64];
    snprintf(path, sizeof path, "/v1/products/%ld", product);
    assert_int_equal(api_send(&S, "PATCH", path, admin, "{\"title\":\"Wombat rooibos\"}", &r), 0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
    snprintf(path, sizeof path, "/v1/offers/%ld", offer);
    assert_int_equal(api_send(&S, "PATCH", path, admin,
                              "{\"price\":{\"amount\":400,\"currency\":\"EUR\"}}", &r),
                     0);
    assert_int_equal(r.status, 200);
    assert_offer_names_its_product(r.json);
    assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "product"),
                                                          "title")),
                        "Wombat rooibos");
    resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_listed_offer_names_its_product),
        cmocka_unit_test(other_routes_name_the_product),
        /* Adds an offer and renames its product: last. */
        cmocka_unit_test(writes_answer_with_the_product_and_renames_show),
    };
    return cmocka_run_group_tests_name("c08_offers_text", tests, setup, teardown);
}
