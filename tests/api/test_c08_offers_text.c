/*
 * test_c08_offers_text.c - GET /v1/offers names the product of each offer
 * and takes q=: every offer object (list, one offer, a product's offers,
 * search hits, the answers of writes) carries {id, title, gtin} of its
 * product, the shared title the product page shows, also for a retailer
 * whose own listing says something else, and a renamed title at once; q=
 * keeps the offers of the products GET /v1/search finds for the same words
 * (prefixes, diacritics and case folded, brands included), combined with
 * on_sale, near=, sort, retailer_id, store_id and the cursor; a q that is
 * too long or without a word is refused with a 422 naming q.
 *
 * Expected answers are derived from the data the test publishes (ITEMS)
 * and from the unfiltered lists, not written out.
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
#define MAX_IDS 64

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

struct ids {
    long v[MAX_IDS];
    size_t n;
};

static void ids_add(struct ids *s, long v)
{
    assert_true(s->n < MAX_IDS);
    s->v[s->n++] = v;
}

static int ids_has(const struct ids *s, long v)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i] == v)
            return 1;
    return 0;
}

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

/* How many offers GET /v1/offers?query lists. */
static size_t walk_count(const char *query)
{
    json_t *all = walk(query);
    size_t n = json_array_size(all);
    json_decref(all);
    return n;
}

/* The ids of offers, in their order. */
static struct ids offer_ids(const json_t *offers)
{
    struct ids s = {.n = 0};
    const json_t *o;
    size_t i;
    json_array_foreach(offers, i, o) ids_add(&s, cat_num(o, "id"));
    return s;
}

/* The products GET /v1/search finds for q (URL-encoded). */
static struct ids search_products(const char *q)
{
    char path[300];
    snprintf(path, sizeof path, "/v1/search?q=%s&limit=100", q);
    struct http_resp r;
    json_t *body = get_ok(path, &r);
    assert_true(json_is_null(json_object_get(body, "next_cursor")));
    struct ids s = {.n = 0};
    json_t *hit;
    size_t i;
    json_array_foreach(json_object_get(body, "items"), i, hit)
        ids_add(&s, cat_num(json_object_get(hit, "product"), "id"));
    resp_free(&r);
    return s;
}

/* The offers of GET /v1/offers?filters (in its order) whose product is in
 * products: what adding q= to the filters must answer. */
static struct ids expected_with_q(const char *filters, const struct ids *products)
{
    json_t *all = walk(filters);
    struct ids s = {.n = 0};
    json_t *o;
    size_t i;
    json_array_foreach(all, i, o) {
        if (ids_has(products, cat_num(o, "product_id")))
            ids_add(&s, cat_num(o, "id"));
    }
    json_decref(all);
    return s;
}

static void assert_same_ids(const struct ids *want, const struct ids *got, const char *what)
{
    if (want->n != got->n)
        fprintf(stderr, "%s: %zu offers, expected %zu\n", what, got->n, want->n);
    assert_int_equal(got->n, want->n);
    for (size_t i = 0; i < want->n; i++)
        assert_int_equal(got->v[i], want->v[i]);
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
 * product; an admin's rename shows at once, and q= finds the product by
 * its new title only. */
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
    char renamed[64];
    snprintf(renamed, sizeof renamed, "%s", json_string_value(json_object_get(r.json, "title")));
    resp_free(&r);
    snprintf(path, sizeof path, "/v1/offers/%ld", offer);
    assert_int_equal(api_send(&S, "PATCH", path, admin,
                              "{\"price\":{\"amount\":400,\"currency\":\"EUR\"}}", &r),
                     0);
    assert_int_equal(r.status, 200);
    assert_offer_names_its_product(r.json);
    assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "product"),
                                                          "title")),
                        renamed);
    resp_free(&r);
    json_t *found = walk("q=rooibos");
    assert_int_equal(json_array_size(found), 1);
    assert_int_equal(cat_num(json_array_get(found, 0), "id"), offer);
    json_decref(found);
    assert_int_equal(walk_count("q=wombat+tea"), 0);
}

/* q= keeps exactly the offers of the products search finds for the same
 * words, in the list's order. */
static void q_keeps_the_offers_of_what_search_finds(void **state)
{
    (void)state;
    const char *queries[] = {"cokol", "%C4%8Cokol", "COKOL", "mlijecna", "cokol+keks",
                             "kra%C5%A1", "run", "zzzz"};
    for (size_t k = 0; k < sizeof queries / sizeof queries[0]; k++) {
        struct ids products = search_products(queries[k]);
        struct ids want = expected_with_q("", &products);
        char query[128];
        snprintf(query, sizeof query, "q=%s", queries[k]);
        json_t *got = walk(query);
        struct ids got_ids = offer_ids(got);
        assert_same_ids(&want, &got_ids, query);
        json_decref(got);
    }
}

/* Offers of products whose title begins with a prefix (folded: "cokol"
 * for "Čokol..."), counted from ITEMS by the shared title of their GTIN. */
static size_t items_with_title_prefix(const char *prefix)
{
    size_t n = 0;
    for (size_t i = 0; i < NITEMS; i++) {
        const char *t = ITEMS[i].gtin[0] ? first_title(ITEMS[i].gtin) : ITEMS[i].title;
        n += strncmp(t, prefix, strlen(prefix)) == 0;
    }
    return n;
}

/* Prefixes with diacritics and case folded, every word required, brands
 * matched as in search: checked against the published titles. */
static void q_matches_prefixes_with_diacritics_folded(void **state)
{
    (void)state;
    size_t choc = items_with_title_prefix("Čokol");
    assert_true(choc > 0);
    const char *same[] = {"q=cokol", "q=%C4%8Dokol", "q=COKOL", "q=%C4%8Cokol"};
    for (size_t k = 0; k < sizeof same / sizeof same[0]; k++) {
        json_t *got = walk(same[k]);
        assert_int_equal(json_array_size(got), choc);
        json_t *o;
        size_t i;
        json_array_foreach(got, i, o) {
            const char *t =
                json_string_value(json_object_get(json_object_get(o, "product"), "title"));
            assert_int_equal(strncmp(t, "Čokol", strlen("Čokol")), 0);
        }
        json_decref(got);
    }
    /* Both words must match: the biscuits only. */
    assert_int_equal(walk_count("q=cokol+keks"), items_with_title_prefix("Čokoladni keksi"));
    /* "Kraš" is the brand of the chocolate, not in its title. */
    assert_int_equal(walk_count("q=kras"), items_with_title_prefix("Čokolada mliječna"));
    assert_int_equal(walk_count("q=zzzz"), 0);
}

/* q= with each other filter: the offers passing both, in the filter's
 * order; each filter removes offers the other keeps. */
static void q_combines_with_the_other_filters(void **state)
{
    (void)state;
    struct ids products = search_products("cokol");
    json_t *q_only = walk("q=cokol");
    char retailer[64], in_store[64];
    snprintf(retailer, sizeof retailer, "retailer_id=%ld", retailers[1]);
    snprintf(in_store, sizeof in_store, "store_id=%ld", zagreb_store);
    const char *filters[] = {"on_sale=true",
                             "near=" ZAGREB "&radius_km=10",
                             "on_sale=true&near=" ZAGREB "&radius_km=10&sort=reduction",
                             "on_sale=true&sort=price",
                             retailer,
                             in_store};
    for (size_t k = 0; k < sizeof filters / sizeof filters[0]; k++) {
        struct ids want = expected_with_q(filters[k], &products);
        json_t *alone = walk(filters[k]);
        char query[300];
        snprintf(query, sizeof query, "q=cokol&%s", filters[k]);
        json_t *got = walk(query);
        struct ids got_ids = offer_ids(got);
        assert_same_ids(&want, &got_ids, query);
        assert_true(want.n > 0);
        assert_true(want.n < json_array_size(alone));
        assert_true(want.n < json_array_size(q_only));
        if (strstr(filters[k], "near="))
            for (size_t i = 0; i < json_array_size(got); i++)
                assert_true(json_is_real(json_object_get(json_array_get(got, i), "distance_km")));
        json_decref(alone);
        json_decref(got);
    }
    json_decref(q_only);
}

/* A page of 100 holds what the cursor walk of two a page found. */
static void q_pages_as_one_list(void **state)
{
    (void)state;
    json_t *walked = walk("q=cokol&sort=price");
    struct http_resp r;
    json_t *items = json_object_get(get_ok("/v1/offers?q=cokol&sort=price&limit=100", &r), "items");
    struct ids a = offer_ids(walked), b = offer_ids(items);
    assert_same_ids(&a, &b, "one page");
    for (size_t i = 1; i < json_array_size(items); i++)
        assert_true(cat_amount(json_array_get(items, i - 1), "effective_price") <=
                    cat_amount(json_array_get(items, i), "effective_price"));
    assert_true(json_is_null(json_object_get(r.json, "next_cursor")));
    resp_free(&r);
    json_decref(walked);
}

/* Writes n copies of the UTF-8 character ch after "q=", percent-encoded. */
static void repeated_q(char *out, size_t len, const char *ch, int n)
{
    size_t o = (size_t)snprintf(out, len, "/v1/offers?q=");
    for (int i = 0; i < n; i++)
        o += (size_t)snprintf(out + o, len - o, "%s", ch);
}

static void a_bad_q_is_a_422_naming_q(void **state)
{
    (void)state;
    static char long_ascii[400], long_folded[1400], longest[1400];
    repeated_q(long_ascii, sizeof long_ascii, "a", 201);
    repeated_q(long_folded, sizeof long_folded, "%C3%A9", 201); /* "é": characters count */
    repeated_q(longest, sizeof longest, "%C3%A9", 200);
    /* An empty q is no q (docs/api.md: an empty parameter is absent; see
     * test_c09_input_checks.c), but spaces or punctuation alone are bad. */
    const char *bad[] = {"/v1/offers?q=%20%20", "/v1/offers?q=%21%3F%2C", long_ascii,
                         long_folded, "/v1/offers?q=milk&q=tea",
                         "/v1/offers?q=%20&on_sale=true"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        struct http_resp r;
        assert_int_equal(api_get(&S, bad[k], NULL, &r), 0);
        if (r.status != 422)
            fprintf(stderr, "%.60s -> %ld %s\n", bad[k], r.status, r.body);
        assert_int_equal(r.status, 422);
        char ctype[80];
        assert_true(resp_header(&r, "Content-Type", ctype, sizeof ctype));
        assert_string_equal(ctype, "application/problem+json");
        assert_string_equal(resp_code(&r), "validation_failed");
        json_t *e = json_array_get(json_object_get(r.json, "errors"), 0);
        assert_string_equal(json_string_value(json_object_get(e, "parameter")), "q");
        resp_free(&r);
    }
    struct http_resp r;
    json_t *body = get_ok(longest, &r); /* 200 characters: the most allowed */
    assert_int_equal(json_array_size(json_object_get(body, "items")), 0);
    resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_listed_offer_names_its_product),
        cmocka_unit_test(other_routes_name_the_product),
        cmocka_unit_test(q_keeps_the_offers_of_what_search_finds),
        cmocka_unit_test(q_matches_prefixes_with_diacritics_folded),
        cmocka_unit_test(q_combines_with_the_other_filters),
        cmocka_unit_test(q_pages_as_one_list),
        cmocka_unit_test(a_bad_q_is_a_422_naming_q),
        /* Adds an offer and renames its product: last. */
        cmocka_unit_test(writes_answer_with_the_product_and_renames_show),
    };
    return cmocka_run_group_tests_name("c08_offers_text", tests, setup, teardown);
}
