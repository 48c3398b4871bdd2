/*
 * test_c03_feeds.c - product feeds and store imports: a realistic
 * Merchant Center sample (tests/data/feed_sample.tsv: BOM, CRLF, quoted
 * tabs and line breaks, unknown columns, six broken lines) refused as a
 * whole with every bad line reported, imported with skip_bad, re-imported
 * unchanged without a trace, changed prices in the history, absent items
 * out of stock, partial mode, local inventory by store_code, CSV, the
 * command line, and permissions.
 */
#include <setjmp.h>
#include <stdarg.h>
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
static long ret_a, ret_b;
static char *sample;
static size_t sample_len;

#define TSV "text/tab-separated-values"

static int setup(void **state)
{
    (void)state;
    if (srv_start(&S, NULL) != 0)
        return -1;
    admin = api_make_user(&S, harness_email("admin"), "admin", 0);
    ret_a = cat_retailer(&S, admin, "Alpha");
    ret_b = cat_retailer(&S, admin, "Beta");
    staff_a = api_make_user(&S, harness_email("sa"), "staff", ret_a);
    staff_b = api_make_user(&S, harness_email("sb"), "staff", ret_b);
    sample = cat_read_file("tests/data/feed_sample.tsv", &sample_len);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(admin);
    free(staff_a);
    free(staff_b);
    free(sample);
    int rc = srv_stop(&S);
    srv_cleanup(&S);
    return rc == 0 ? 0 : -1;
}

static long n(const char *sql)
{
    return db_count(&S, sql);
}

/* Row counts that a refused import must leave alone. */
struct counts {
    long products, listings, offers, history, imports, updated_sum;
};

static void counts(struct counts *c)
{
    c->products = n("SELECT COUNT(*) FROM products");
    c->listings = n("SELECT COUNT(*) FROM listings");
    c->offers = n("SELECT COUNT(*) FROM offers");
    c->history = n("SELECT COUNT(*) FROM price_history");
    c->imports = n("SELECT COUNT(*) FROM feed_imports");
    c->updated_sum = n("SELECT COALESCE(SUM(updated_at % 100000), 0) FROM offers");
}

static void same_counts(const struct counts *a)
{
    struct counts b;
    counts(&b);
    assert_int_equal(a->products, b.products);
    assert_int_equal(a->listings, b.listings);
    assert_int_equal(a->offers, b.offers);
    assert_int_equal(a->history, b.history);
    assert_int_equal(a->imports, b.imports);
    assert_int_equal(a->updated_sum, b.updated_sum);
}

/* Runs `agora ARGS` and parses the JSON report it prints. */
static json_t *cli_report(const char *const *args, int *status)
{
    static char out[1 << 17];
    *status = srv_cli(&S, args, out, sizeof out);
    const char *j = strstr(out, "{\"import_id\"");
    if (!j)
        fprintf(stderr, "no report in: %s\n", out);
    return j ? json_loads(j, JSON_DISABLE_EOF_CHECK, NULL) : NULL;
}

/* The template of a stores file of a test (mkstemp fills the X's). */
#define STORES_TMP "/tmp/agora-stores-XXXXXX"

/* Writes text to a new file under /tmp; its name into path (the caller
 * unlinks it). */
static void temp_file(const char *text, char path[sizeof STORES_TMP])
{
    memcpy(path, STORES_TMP, sizeof STORES_TMP);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (long)strlen(text));
    close(fd);
}

static void stores_import_reports_missing_coordinates(void **state)
{
    (void)state;
    char rid[16];
    snprintf(rid, sizeof rid, "%ld", ret_a);
    const char *args[] = {"import", "stores", "--retailer", rid, "tests/data/stores_sample.csv",
                          NULL};
    int status;
    json_t *rep = cli_report(args, &status);
    assert_int_equal(status, 0);
    assert_non_null(rep);
    assert_int_equal(cat_num(rep, "imported"), 4);
    assert_int_equal(cat_num(rep, "warnings_total"), 1);
    json_t *w = json_array_get(json_object_get(rep, "warnings"), 0);
    assert_int_equal(cat_num(w, "line"), 5);
    assert_int_equal(cat_num(rep, "created") + cat_num(rep, "updated") + cat_num(rep, "unchanged"),
                     4);
    assert_true(json_is_string(json_object_get(rep, "import_id")));
    json_decref(rep);
    assert_int_equal(n("SELECT COUNT(*) FROM stores WHERE latitude IS NULL"), 1);
    /* Again, one store renamed, under a header written by hand ("Time
     * zone", "Lat", "Lng"): one updated, three unchanged. */
    char again[sizeof STORES_TMP];
    const char *csv = "Code,Name,Address,City,Lat,Lng,Time zone,Phone\n"
                      "Z01,Zagreb Centar,Ilica 1,Zagreb,45.8131,15.9772,Europe/Zagreb,+385 1 000 000\n"
                      "Z02,Zagreb Istok II,Avenija Dubrava 10,Zagreb,45.8270,16.0600,Europe/Zagreb,\n"
                      "S01,Split Riva,\"Obala, 5\",Split,43.5081,16.4402,Europe/Zagreb,\n"
                      "R01,Rijeka no location,Korzo 1,Rijeka,,,Europe/Zagreb,\n";
    temp_file(csv, again);
    const char *args3[] = {"import", "stores", "--retailer", rid, "--format", "csv", again, NULL};
    rep = cli_report(args3, &status);
    assert_int_equal(status, 0);
    assert_int_equal(cat_num(rep, "created"), 0);
    assert_int_equal(cat_num(rep, "updated"), 1);
    assert_int_equal(cat_num(rep, "unchanged"), 3);
    json_decref(rep);
    unlink(again);
    assert_int_equal(n("SELECT COUNT(*) FROM stores WHERE name = 'Zagreb Istok II'"), 1);
    /* A bad line refuses the whole file. */
    char path[sizeof STORES_TMP];
    temp_file("code,name,latitude,longitude,time_zone\nN1,North,91,10,Europe/Oslo\n"
              "N2,Nowhere,60,10,Mars/Base\nN3,Bell\x07Store,60,10,Europe/Oslo\n",
              path);
    const char *args2[] = {"import", "stores", "--retailer", rid, "--format", "csv", path, NULL};
    long before = n("SELECT COUNT(*) FROM stores");
    rep = cli_report(args2, &status);
    assert_int_equal(status, 1);
    assert_int_equal(cat_num(rep, "errors_total"), 3);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(rep, "errors"), 0), "column")),
                        "latitude");
    /* A control character in a name: refused as the API refuses it. */
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(rep, "errors"), 2), "column")),
                        "name");
    json_decref(rep);
    assert_int_equal(n("SELECT COUNT(*) FROM stores"), before);
    unlink(path);
}

static void a_bad_line_refuses_the_whole_feed(void **state)
{
    (void)state;
    struct counts before;
    counts(&before);
    struct http_resp r;
    assert_int_equal(cat_upload(&S, ret_a, staff_a, TSV, sample, sample_len, "", &r), 0);
    assert_int_equal(r.status, 422);
    json_t *errors = json_object_get(r.json, "errors");
    struct {
        long line;
        const char *column;
    } want[] = {{8, "price"}, {9, "gtin"}, {10, "price"}, {11, "sale_price_effective_date"},
                {12, "price"}, {14, "title"}};
    assert_int_equal(json_array_size(errors), 6);
    for (size_t i = 0; i < 6; i++) {
        json_t *e = json_array_get(errors, i);
        assert_int_equal(cat_num(e, "line"), want[i].line);
        assert_string_equal(json_string_value(json_object_get(e, "column")), want[i].column);
        assert_non_null(json_string_value(json_object_get(e, "detail")));
    }
    assert_non_null(strstr(json_string_value(json_object_get(r.json, "detail")), "nothing"));
    resp_free(&r);
    same_counts(&before);
    /* Staff of another retailer, a shopper's media type, a bad mode. */
    assert_int_equal(cat_upload(&S, ret_a, staff_b, TSV, sample, sample_len, "?skip_bad=true", &r),
                     0);
    assert_int_equal(r.status, 403);
    resp_free(&r);
    assert_int_equal(cat_upload(&S, ret_a, staff_a, "text/plain", sample, sample_len, "", &r), 0);
    assert_int_equal(r.status, 415);
    resp_free(&r);
    assert_int_equal(cat_upload(&S, ret_a, staff_a, TSV, sample, sample_len, "?mode=some", &r), 0);
    assert_int_equal(r.status, 422);
    resp_free(&r);
    same_counts(&before);
}

static void skip_bad_imports_the_good_lines(void **state)
{
    (void)state;
    struct http_resp r;
    assert_int_equal(cat_upload(&S, ret_a, staff_a, TSV, sample, sample_len, "?skip_bad=true", &r),
                     0);
    assert_int_equal(r.status, 200);
    assert_int_equal(cat_num(r.json, "lines"), 12);
    assert_int_equal(cat_num(r.json, "imported"), 6);
    assert_int_equal(cat_num(r.json, "bad"), 6);
    assert_int_equal(cat_num(r.json, "created"), 6);
    assert_int_equal(cat_num(r.json, "errors_total"), 6);
    resp_free(&r);
    assert_int_equal(n("SELECT COUNT(*) FROM offers"), 6);
    assert_int_equal(n("SELECT COUNT(*) FROM products WHERE gtin IS NULL"), 1); /* the honey */
    assert_int_equal(n("SELECT COUNT(*) FROM price_history"), 6);
    /* Quoted tabs and line breaks arrive whole. */
    assert_int_equal(n("SELECT COUNT(*) FROM listings WHERE description LIKE "
                       "'Light shoe_for trails' AND length(description) = 21"),
                     1);
    assert_int_equal(n("SELECT COUNT(*) FROM listings WHERE description LIKE "
                       "'%lje_njacima._S tabom.'"),
                     1);
    /* The sale has a real window; unit prices come from the measures. */
    assert_int_equal(api_get(&S, "/v1/products?gtin=3850000000015", NULL, &r), 0);
    long pid = cat_num(json_array_get(json_object_get(r.json, "items"), 0), "id");
    resp_free(&r);
    char path[64];
    snprintf(path, sizeof path, "/v1/products/%ld/offers", pid);
    assert_int_equal(api_get(&S, path, NULL, &r), 0);
    json_t *o = json_array_get(json_object_get(r.json, "items"), 0);
    assert_int_equal(cat_amount(o, "effective_price"), 149);
    assert_int_equal(cat_amount(o, "unit_price"), 1490); /* 1.49 per 100 g = 14.90 per kg */
    assert_string_equal(json_string_value(json_object_get(o, "sale_start")),
                        "2025-12-31T23:00:00Z");
    resp_free(&r);
}

static void an_unchanged_feed_changes_nothing(void **state)
{
    (void)state;
    struct counts before;
    counts(&before);
    struct http_resp r;
    assert_int_equal(cat_upload(&S, ret_a, staff_a, TSV, sample, sample_len, "?skip_bad=true", &r),
                     0);
    assert_int_equal(r.status, 200);
    assert_int_equal(cat_num(r.json, "unchanged"), 6);
    assert_int_equal(cat_num(r.json, "updated"), 0);
    assert_int_equal(cat_num(r.json, "created"), 0);
    assert_int_equal(cat_num(r.json, "out_of_stock"), 0);
    resp_free(&r);
    before.imports++; /* the import itself is recorded */
    same_counts(&before);
}

static void changes_and_absent_items(void **state)
{
    (void)state;
    /* SKU-001 costs more, SKU-002 is gone, the rest is as before. */
    char *feed = malloc(sample_len + 1);
    memcpy(feed, sample, sample_len + 1);
    char *p = strstr(feed, "\t1.99 EUR\t");
    memcpy(p, "\t2.49 EUR\t", 10);
    char *start = strstr(feed, "SKU-002"), *end = strstr(start, "\r\n") + 2;
    memmove(start, end, strlen(end) + 1);
    long history = n("SELECT COUNT(*) FROM price_history");
    struct http_resp r;
    assert_int_equal(cat_upload(&S, ret_a, staff_a, TSV, feed, strlen(feed), "?skip_bad=true", &r),
                     0);
    assert_int_equal(r.status, 200);
    assert_int_equal(cat_num(r.json, "updated"), 1);
    assert_int_equal(cat_num(r.json, "unchanged"), 4);
    assert_int_equal(cat_num(r.json, "out_of_stock"), 1);
    resp_free(&r);
    assert_int_equal(n("SELECT COUNT(*) FROM price_history"), history + 1);
    assert_int_equal(n("SELECT COUNT(*) FROM price_history h JOIN offers o ON o.id = h.offer_id "
                       "JOIN listings l ON l.id = o.listing_id WHERE l.item_id = 'SKU-001'"),
                     2);
    /* The absent item is out of stock and keeps its history. */
    assert_int_equal(n("SELECT COUNT(*) FROM offers o JOIN listings l ON l.id = o.listing_id "
                       "WHERE l.item_id = 'SKU-002' AND o.availability = 'out_of_stock'"),
                     1);
    assert_int_equal(n("SELECT COUNT(*) FROM price_history h JOIN offers o ON o.id = h.offer_id "
                       "JOIN listings l ON l.id = o.listing_id WHERE l.item_id = 'SKU-002'"),
                     1);
    /* Partial: only the line sent changes; nothing else goes out of stock. */
    const char *one = "id\ttitle\tprice\nSKU-003\tTrail running shoe\t79.90 EUR\n";
    assert_int_equal(cat_upload(&S, ret_a, staff_a, TSV, one, strlen(one), "?mode=partial", &r), 0);
    assert_int_equal(r.status, 200);
    assert_int_equal(cat_num(r.json, "updated"), 1);
    assert_int_equal(cat_num(r.json, "out_of_stock"), 0);
    resp_free(&r);
    assert_int_equal(n("SELECT COUNT(*) FROM offers WHERE availability = 'out_of_stock'"), 1);
    free(feed);
    /* A sale given by dates alone runs through its last day. */
    const char *dated = "id\ttitle\tgtin\tprice\tsale_price\tsale_price_effective_date\n"
                        "SKU-DATES\tDated sale\t4006381333931\t10.00 EUR\t8.00 EUR\t"
                        "2026-12-01/2026-12-31\n";
    assert_int_equal(cat_upload(&S, ret_a, staff_a, TSV, dated, strlen(dated), "?mode=partial", &r),
                     0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
    struct tm first = {.tm_year = 126, .tm_mon = 11, .tm_mday = 1};
    struct tm after_last = {.tm_year = 127, .tm_mon = 0, .tm_mday = 1};
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT COUNT(*) FROM offers o JOIN listings l ON l.id = o.listing_id WHERE "
             "l.item_id = 'SKU-DATES' AND o.sale_start = %lld AND o.sale_end = %lld",
             (long long)timegm(&first), (long long)timegm(&after_last));
    assert_int_equal(n(sql), 1);
}

static void local_inventory_by_store_code_in_csv(void **state)
{
    (void)state;
    const char *csv = "id,store_code,price,availability\n"
                      "SKU-001,Z01,2.29 EUR,in stock\n"
                      "SKU-004,Z02,0.89 EUR,in stock\n";
    struct http_resp r;
    assert_int_equal(cat_upload(&S, ret_a, staff_a, "text/csv", csv, strlen(csv), "", &r), 0);
    assert_int_equal(r.status, 200);
    assert_int_equal(cat_num(r.json, "created"), 2);
    /* A store snapshot never touches the online offers. */
    assert_int_equal(cat_num(r.json, "out_of_stock"), 0);
    resp_free(&r);
    assert_int_equal(n("SELECT COUNT(*) FROM offers WHERE store_id IS NOT NULL"), 2);
    struct counts before;
    counts(&before);
    const char *bad = "id,store_code,price\n"
                      "SKU-001,NOPE,2.29 EUR\n"
                      "NEW-1,Z01,1.00 EUR\n"
                      "SKU-004,Z02,0.89 EUR\n"
                      "SKU-004,Z02,0.79 EUR\n";
    assert_int_equal(cat_upload(&S, ret_a, staff_a, "text/csv", bad, strlen(bad), "", &r), 0);
    assert_int_equal(r.status, 422);
    json_t *errors = json_object_get(r.json, "errors");
    assert_int_equal(json_array_size(errors), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "column")),
                        "store_code");
    assert_int_equal(cat_num(json_array_get(errors, 1), "line"), 3);
    assert_int_equal(cat_num(json_array_get(errors, 2), "line"), 5); /* duplicate */
    resp_free(&r);
    same_counts(&before);
}

static void command_line_import(void **state)
{
    (void)state;
    char rid[16];
    snprintf(rid, sizeof rid, "%ld", ret_b);
    struct counts before;
    counts(&before);
    const char *args[] = {"import", "feed", "--retailer", rid, "tests/data/feed_sample.tsv", NULL};
    int status;
    json_t *rep = cli_report(args, &status);
    assert_int_equal(status, 1);
    assert_false(json_is_true(json_object_get(rep, "committed")));
    assert_int_equal(cat_num(rep, "errors_total"), 6);
    json_decref(rep);
    same_counts(&before);
    const char *args2[] = {"import", "feed", "--retailer", rid, "--skip-bad",
                           "tests/data/feed_sample.tsv", NULL};
    rep = cli_report(args2, &status);
    assert_int_equal(status, 0);
    assert_int_equal(cat_num(rep, "imported"), 6);
    json_decref(rep);
    /* Same GTINs: the products are shared with retailer A, not duplicated. */
    assert_int_equal(n("SELECT COUNT(*) FROM products"), before.products + 1);
    assert_int_equal(n("SELECT COUNT(*) FROM products WHERE gtin IS NULL"), 2);
    const char *args3[] = {"import", "feed", "--retailer", "9999", "tests/data/feed_sample.tsv",
                           NULL};
    char out[4096];
    assert_int_equal(srv_cli(&S, args3, out, sizeof out), 1);
}

static void a_full_feed_without_a_valid_line_empties_nothing(void **state)
{
    (void)state;
    char sql[160];
    snprintf(sql, sizeof sql,
             "SELECT COUNT(*) FROM offers WHERE retailer_id = %ld AND availability <> "
             "'out_of_stock'",
             ret_b);
    long selling = n(sql);
    assert_true(selling > 0);
    /* A header alone, and a file of bad lines sent with skip_bad: refused. */
    const char *empty = "id\ttitle\tprice\n";
    const char *bad = "id\ttitle\tprice\nX-1\tBroken\tfree\n";
    const char *bodies[] = {empty, bad};
    for (int i = 0; i < 2; i++) {
        struct http_resp r;
        assert_int_equal(cat_upload(&S, ret_b, staff_b, TSV, bodies[i], strlen(bodies[i]),
                                    "?skip_bad=true", &r),
                         0);
        assert_int_equal(r.status, 422);
        assert_non_null(strstr(r.body, "allow_empty"));
        resp_free(&r);
        assert_int_equal(n(sql), selling);
    }
    /* Said explicitly, it takes every offer out of stock. */
    struct http_resp r;
    assert_int_equal(cat_upload(&S, ret_b, staff_b, TSV, empty, strlen(empty), "?allow_empty=true",
                                &r),
                     0);
    assert_int_equal(r.status, 200);
    assert_int_equal(cat_num(r.json, "out_of_stock"), selling);
    resp_free(&r);
    assert_int_equal(n(sql), 0);
}

static void in_store_numbers_stay_each_retailers_own(void **state)
{
    (void)state;
    /* Two retailers weigh their avocados under one in-store code. */
    const char *feed = "id\ttitle\tgtin\tprice\nW-1\tAvocado per kg\t2011171540101\t3.99 EUR\n";
    long retailers[] = {ret_a, ret_b};
    char *staff[] = {staff_a, staff_b};
    for (int i = 0; i < 2; i++) {
        struct http_resp r;
        assert_int_equal(cat_upload(&S, retailers[i], staff[i], TSV, feed, strlen(feed),
                                    "?mode=partial", &r),
                         0);
        assert_int_equal(r.status, 200);
        assert_int_equal(cat_num(r.json, "created"), 1);
        json_t *w = json_array_get(json_object_get(r.json, "warnings"), 0);
        assert_string_equal(json_string_value(json_object_get(w, "column")), "gtin");
        resp_free(&r);
    }
    /* Two products, each local to its retailer; none under the code. */
    assert_int_equal(n("SELECT COUNT(*) FROM products WHERE title = 'Avocado per kg' AND gtin IS "
                       "NULL AND local_retailer_id IS NOT NULL"),
                     2);
    struct http_resp r;
    assert_int_equal(api_get(&S, "/v1/products?gtin=2011171540101", NULL, &r), 0);
    assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
    resp_free(&r);
}

/* Uploads one partial line for retailer A: item, its GTIN. */
static void move_item(const char *item, const char *gtin)
{
    char feed[200];
    snprintf(feed, sizeof feed, "id\ttitle\tgtin\tprice\n%s\tMoving item %s\t%s\t1.00 EUR\n", item,
             item, gtin);
    struct http_resp r;
    assert_int_equal(
        cat_upload(&S, ret_a, staff_a, TSV, feed, strlen(feed), "?mode=partial", &r), 0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
}

static long product_of(const char *item)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT product_id FROM listings WHERE item_id = '%s'", item);
    return n(sql);
}

static void a_product_nobody_lists_any_more_goes(void **state)
{
    (void)state;
    /* An item given another GTIN leaves its product with nothing: gone. */
    move_item("MOVE-1", "4000000000013");
    long left = product_of("MOVE-1");
    move_item("MOVE-1", "4000000000020");
    assert_true(product_of("MOVE-1") != left);
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM products WHERE id = %ld", left);
    assert_int_equal(n(sql), 0);
    /* One an admin has curated stays, listed by nobody for now. */
    move_item("MOVE-2", "4000000000037");
    long curated = product_of("MOVE-2");
    char path[64];
    snprintf(path, sizeof path, "/v1/products/%ld", curated);
    struct http_resp r;
    assert_int_equal(api_send(&S, "PATCH", path, admin, "{\"title\":\"Curated item\"}", &r), 0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
    move_item("MOVE-2", "4000000000044");
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM products WHERE id = %ld", curated);
    assert_int_equal(n(sql), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stores_import_reports_missing_coordinates),
        cmocka_unit_test(a_bad_line_refuses_the_whole_feed),
        cmocka_unit_test(skip_bad_imports_the_good_lines),
        cmocka_unit_test(an_unchanged_feed_changes_nothing),
        cmocka_unit_test(changes_and_absent_items),
        cmocka_unit_test(local_inventory_by_store_code_in_csv),
        cmocka_unit_test(command_line_import),
        cmocka_unit_test(a_full_feed_without_a_valid_line_empties_nothing),
        cmocka_unit_test(in_store_numbers_stay_each_retailers_own),
        cmocka_unit_test(a_product_nobody_lists_any_more_goes),
    };
    return cmocka_run_group_tests_name("c03_feeds", tests, setup, teardown);
}
