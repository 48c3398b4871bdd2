/*
 * test_c04_search_paging.c - GET /v1/search walks its windows: paging
 * reaches every product that matches q and the filters, once, however far
 * down the search order (title length, or id without q) the matches lie;
 * a whole word outranks a word it only begins; cursors are checked.
 *
 * The data set, made here: LAMPS titles with "lamp", each ending in its
 * number i, uploaded in order of i (so in id order):
 *   - "Lamp fNNNNN", brand Lumen, no category, 10.00 EUR: most;
 *   - "Lamp sNNNNN", brand Sparse, 30.00 EUR: every 400th (i % 400 == 7),
 *     a few in each window of 2,000 shortest titles or ids;
 *   - "Lamp in the attic NNNNN", brand Lumen, category Attic, 20.00 EUR:
 *     the last ATTIC, after every other lamp in title length and in id,
 *     so beyond the windows one request walks (a page may come back short,
 *     even empty, with a next_cursor);
 * then "Trail running shoe" (Salomon) and TRAILMARK "Trailmark boots NN"
 * (brand Trailmark: "trail" begins a word of their title and their brand).
 * The expected set of each query is computed from i; each page walk
 * checks that no product comes twice and that exactly that set came.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "catalog_fixtures.h"
#include "core/text.h"
#include "harness.h"

enum { LAMPS = 8400, ATTIC = 200, TRAILMARK = 68, MAX_PAGES = 400 };

static struct srv S;
static char *admin;
static long sparse, attic;

#define TSV "text/tab-separated-values"

static bool is_sparse(int i)
{
    return i % 400 == 7 && i < LAMPS - ATTIC;
}

static bool is_attic(int i)
{
    return i >= LAMPS - ATTIC;
}

/* Uploads feed text to a new retailer; 0 or -1 with the answer printed. */
static int upload(const char *retailer, const char *feed, size_t len)
{
    long r = cat_retailer(&S, admin, retailer);
    struct http_resp resp;
    if (cat_upload(&S, r, admin, TSV, feed, len, "", &resp) != 0 || resp.status != 200) {
        fprintf(stderr, "feed %s: %s\n", retailer, resp.body ? resp.body : "(no answer)");
        return -1;
    }
    resp_free(&resp);
    return 0;
}

static int upload_lamps(void)
{
    size_t cap = (size_t)LAMPS * 96 + 64, o = 0;
    char *feed = malloc(cap);
    if (!feed)
        return -1;
    o += (size_t)snprintf(feed + o, cap - o, "id\ttitle\tbrand\tprice\tproduct_type\n");
    for (int i = 0; i < LAMPS; i++) {
        if (is_attic(i))
            o += (size_t)snprintf(feed + o, cap - o,
                                  "A%05d\tLamp in the attic %05d\tLumen\t20.00 EUR\tAttic\n", i, i);
        else if (is_sparse(i))
            o += (size_t)snprintf(feed + o, cap - o, "S%05d\tLamp s%05d\tSparse\t30.00 EUR\t\n", i,
                                  i);
        else
            o += (size_t)snprintf(feed + o, cap - o,
                                  "F%05d\tLamp f%05d\tLumen\t10.00 EUR\t\n", i, i);
    }
    int rc = upload("Lamps", feed, o);
    free(feed);
    return rc;
}

static int upload_trail(void)
{
    char feed[4096] = "id\ttitle\tbrand\tprice\n"
                      "T0\tTrail running shoe\tSalomon\t89.90 EUR\n";
    size_t o = strlen(feed);
    for (int i = 1; i <= TRAILMARK; i++)
        o += (size_t)snprintf(feed + o, sizeof feed - o, "T%d\tTrailmark boots %02d\tTrailmark\t"
                                                         "59.00 EUR\n",
                              i, i);
    return upload("Trails", feed, o);
}

static int setup(void **state)
{
    (void)state;
    if (srv_start(&S, NULL) != 0)
        return -1;
    admin = api_make_user(&S, harness_email("admin"), "admin", 0);
    sparse = cat_create(&S, "/v1/brands", admin, "{\"name\":\"Sparse\"}", 201);
    attic = cat_create(&S, "/v1/categories", admin, "{\"name\":\"Attic\"}", 201);
    return upload_lamps() == 0 && upload_trail() == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(admin);
    return srv_finish(&S) == 0 ? 0 : -1;
}

/* The number at the end of a lamp's title, or -1 for another product. */
static int lamp_number(const char *title)
{
    if (strncmp(title, "Lamp ", 5) != 0)
        return -1;
    const char *sp = strrchr(title, ' ');
    const char *digits = sp[1] == 'f' || sp[1] == 's' ? sp + 2 : sp + 1;
    int64_t n = -1;
    if (text_parse_i64(digits, strlen(digits), &n) != 0 || n < 0 || n >= LAMPS)
        return -1;
    return (int)n;
}

/* What a walk through every page of a query saw. */
struct walk {
    int pages, hits, others;   /* others: hits that are not lamps */
    int short_pages_with_more; /* pages shorter than the limit, with a cursor */
    bool seen[LAMPS];
};

/* Pages through GET /v1/search?query&limit=limit to the end, failing on
 * a product seen twice. */
static void walk(const char *query, int limit, struct walk *w)
{
    memset(w, 0, sizeof *w);
    char path[512];
    char cursor[300] = "";
    for (;;) {
        assert_true(w->pages < MAX_PAGES);
        snprintf(path, sizeof path, "/v1/search?%s&limit=%d%s%s", query, limit,
                 cursor[0] ? "&cursor=" : "", cursor);
        struct http_resp r;
        assert_int_equal(api_get(&S, path, NULL, &r), 0);
        if (r.status != 200)
            fprintf(stderr, "%s -> %ld %s\n", path, r.status, r.body);
        assert_int_equal(r.status, 200);
        w->pages++;
        json_t *items = json_object_get(r.json, "items");
        assert_true(json_array_size(items) <= (size_t)limit);
        for (size_t i = 0; i < json_array_size(items); i++) {
            json_t *p = json_object_get(json_array_get(items, i), "product");
            int n = lamp_number(json_string_value(json_object_get(p, "title")));
            w->hits++;
            if (n < 0) {
                w->others++;
                continue;
            }
            if (w->seen[n])
                fprintf(stderr, "%s: lamp %d again\n", path, n);
            assert_false(w->seen[n]);
            w->seen[n] = true;
        }
        json_t *next = json_object_get(r.json, "next_cursor");
        if (json_is_null(next)) {
            resp_free(&r);
            return;
        }
        if (json_array_size(items) < (size_t)limit)
            w->short_pages_with_more++;
        snprintf(cursor, sizeof cursor, "%s", json_string_value(next));
        resp_free(&r);
    }
}

/* The walk saw exactly the lamps for which want(i) holds, and no other
 * product. */
static void saw_exactly(const struct walk *w, bool (*want)(int))
{
    int expected = 0;
    for (int i = 0; i < LAMPS; i++) {
        if (w->seen[i] != want(i))
            fprintf(stderr, "lamp %d: seen %d, expected %d\n", i, w->seen[i], want(i));
        assert_int_equal(w->seen[i], want(i));
        expected += want(i);
    }
    assert_int_equal(w->others, 0);
    assert_int_equal(w->hits, expected);
}

/* walk() with the query fmt (naming one id), then saw_exactly(want). */
static void walk_exactly(struct walk *w, const char *fmt, long id, int limit, bool (*want)(int))
{
    char q[128];
    snprintf(q, sizeof q, fmt, id);
    walk(q, limit, w);
    saw_exactly(w, want);
}

static bool any_lamp(int i)
{
    (void)i;
    return true;
}

static bool sparse_or_attic(int i)
{
    return is_sparse(i) || is_attic(i);
}

/* A brand with a few products in every window of 2,000 ids: the pages
 * carry on into the next windows instead of ending at the first. */
static void a_brand_filter_pages_through_every_window(void **state)
{
    (void)state;
    struct walk *w = malloc(sizeof *w);
    assert_non_null(w);
    walk_exactly(w, "brand=%ld", sparse, 10, is_sparse);
    walk_exactly(w, "q=lamp&brand=%ld", sparse, 5, is_sparse);
    assert_true(w->pages >= 5);
    free(w);
}

/* A category whose products all come after 8,000 others, in id order and
 * in title length: the first request walks its windows and answers an
 * empty page with a cursor; paging on reaches all of them. */
static void a_category_beyond_the_windows_of_one_request_is_reached(void **state)
{
    (void)state;
    struct walk *w = malloc(sizeof *w);
    assert_non_null(w);
    walk_exactly(w, "category=%ld", attic, 50, is_attic);
    assert_true(w->short_pages_with_more >= 1);
    walk_exactly(w, "q=lamp&category=%ld", attic, 50, is_attic);
    assert_true(w->short_pages_with_more >= 1);
    walk_exactly(w, "q=lamp+attic&category=%ld", attic, 100, is_attic);
    assert_int_equal(w->pages, 2);
    free(w);
}

/* Many matches passing the filters: windows end at their 500th ranked
 * hit, and the next one starts right after it. */
static void every_match_is_reached_once_across_ranked_windows(void **state)
{
    (void)state;
    struct walk *w = malloc(sizeof *w);
    assert_non_null(w);
    walk("q=lamp", 100, w);
    saw_exactly(w, any_lamp);
    walk("q=lamp&min_price=15", 7, w);
    saw_exactly(w, sparse_or_attic);
    free(w);
}

/* The first page of a common word still holds its best matches, the
 * shortest titles, in rank order. */
static void the_first_page_is_still_the_best_ranked(void **state)
{
    (void)state;
    struct http_resp r;
    assert_int_equal(api_get(&S, "/v1/search?q=lamp&limit=100", NULL, &r), 0);
    assert_int_equal(r.status, 200);
    json_t *items = json_object_get(r.json, "items");
    assert_int_equal(json_array_size(items), 100);
    double prev = 1e300;
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *hit = json_array_get(items, i);
        const char *t =
            json_string_value(json_object_get(json_object_get(hit, "product"), "title"));
        assert_int_equal(strlen(t), strlen("Lamp f00000"));
        double s = json_real_value(json_object_get(hit, "score"));
        assert_true(s <= prev);
        prev = s;
    }
    resp_free(&r);
}

/* "trail" is a whole word of "Trail running shoe" and only begins
 * "Trailmark", twice in each Trailmark product (title and brand), whose
 * titles are no longer: the shoe still comes first. */
static void a_whole_word_outranks_a_prefix(void **state)
{
    (void)state;
    struct http_resp r;
    assert_int_equal(api_get(&S, "/v1/search?q=trail&limit=100", NULL, &r), 0);
    assert_int_equal(r.status, 200);
    json_t *items = json_object_get(r.json, "items");
    assert_int_equal(json_array_size(items), TRAILMARK + 1);
    assert_string_equal(json_string_value(json_object_get(
                            json_object_get(json_array_get(items, 0), "product"), "title")),
                        "Trail running shoe");
    double first = json_real_value(json_object_get(json_array_get(items, 0), "score"));
    double second = json_real_value(json_object_get(json_array_get(items, 1), "score"));
    assert_true(first > second);
    resp_free(&r);
    /* Prefixes still match: "trai" finds them all, "trailm" the boots. */
    assert_int_equal(api_get(&S, "/v1/search?q=trai&limit=100", NULL, &r), 0);
    assert_int_equal(json_array_size(json_object_get(r.json, "items")), TRAILMARK + 1);
    resp_free(&r);
    assert_int_equal(api_get(&S, "/v1/search?q=TRAILM&limit=100", NULL, &r), 0);
    assert_int_equal(json_array_size(json_object_get(r.json, "items")), TRAILMARK);
    resp_free(&r);
}

/* GETs /v1/search?QUERY&cursor= the base64url of raw; returns the status. */
static long with_raw_cursor(const char *query, const char *raw)
{
    char enc[128], path[256];
    text_b64url_encode((const unsigned char *)raw, strlen(raw), enc);
    snprintf(path, sizeof path, "/v1/search?%s&cursor=%s", query, enc);
    struct http_resp r;
    assert_int_equal(api_get(&S, path, NULL, &r), 0);
    long status = r.status;
    if (status == 422)
        assert_string_equal(resp_code(&r), "validation_failed");
    resp_free(&r);
    return status;
}

/* Cursors stay opaque and checked: text that is not one is a 422; a
 * cursor of the earlier single-window form (rank:key) still pages. */
static void malformed_cursors_are_422(void **state)
{
    (void)state;
    const char *bad[] = {"x", "-1", "1:2:x", "1:nan:5", "1:inf:5", "5:-0.5:0", "1:2:3:4",
                         ":1", "1:", "0.5:-3", "18446744073709551616"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        long st = with_raw_cursor("q=lamp", bad[i]);
        if (st != 422)
            fprintf(stderr, "cursor %s -> %ld\n", bad[i], st);
        assert_int_equal(st, 422);
    }
    assert_int_equal(with_raw_cursor("q=lamp", "-1.5:3"), 200);
    assert_int_equal(with_raw_cursor("q=lamp", "0"), 200);
    assert_int_equal(with_raw_cursor("brand=1", "0:42"), 200);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_brand_filter_pages_through_every_window),
        cmocka_unit_test(a_category_beyond_the_windows_of_one_request_is_reached),
        cmocka_unit_test(every_match_is_reached_once_across_ranked_windows),
        cmocka_unit_test(the_first_page_is_still_the_best_ranked),
        cmocka_unit_test(a_whole_word_outranks_a_prefix),
        cmocka_unit_test(malformed_cursors_are_422),
    };
    return cmocka_run_group_tests_name("c04_search_paging", tests, setup, teardown);
}
