/*
 * test_c07_feed_batches.c - product feeds longer than one batch of the
 * import (AG_PUBLISH_BATCH lines): every line is decided as if written
 * alone, across batch boundaries.  Duplicates (within a batch and across
 * two) and a bad line are reported in line order and refuse the whole
 * feed; a GTIN shared within a batch and across two is one product; an unchanged re-import writes
 * nothing; a price change in the second batch and an item absent from the third are recorded; every
 * error is listed by line, up to AG_FEED_ERRORS_MAX; local
 * inventory with the same item at two stores in one batch, and a line for
 * an item never listed in its second batch; a thousand changed prices,
 * sales (with their 30-day reference), availabilities and titles in one
 * feed, each written.
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
#include "core/limits.h"
#include "harness.h"

#define TSV "text/tab-separated-values"
/* Three batches: 512 + 512 + 276. */
#define ITEMS 1300

static struct srv S;
static char *admin, *staff;
static long ret;

/* A growing text (the caller frees data). */
struct text {
    char *data;
    size_t len, cap;
};

static void add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add(struct text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (t->len + (size_t)n + 1 > t->cap) {
        t->cap = (t->len + (size_t)n + 1) * 2;
        t->data = realloc(t->data, t->cap);
        assert_non_null(t->data);
    }
    va_start(ap, fmt);
    vsnprintf(t->data + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    t->len += (size_t)n;
}

/* A valid EAN-13 made of "38" and n. */
static void ean13(long n, char out[14])
{
    snprintf(out, 14, "38%010ld", n);
    int sum = 0;
    for (int i = 0; i < 12; i++)
        sum += (out[i] - '0') * (i % 2 ? 3 : 1);
    out[12] = (char)('0' + (10 - sum % 10) % 10);
    out[13] = '\0';
}

/* The GTIN of item i: none for one in five (a local product); items 101
 * and 901 share the GTIN of 100 and 300 (within one batch, across two). */
static void item_gtin(int i, char out[14])
{
    out[0] = '\0';
    if (i % 5 == 4)
        return;
    ean13(i == 101 ? 100 : i == 901 ? 300 : i, out);
}

static void item_line(struct text *t, int i, long cents)
{
    char gtin[14];
    item_gtin(i, gtin);
    add(t, "B-%04d\tBatch item %d\t%ld.%02ld EUR\t%s\tBrand %d\n", i, i, cents / 100, cents % 100,
        gtin, i % 7);
}

/* The plain feed of items [0, n); item `bump` costs 1 EUR more. */
static void feed(struct text *t, int n, int bump)
{
    add(t, "id\ttitle\tprice\tgtin\tbrand\n");
    for (int i = 0; i < n; i++)
        item_line(t, i, 100 + i + (i == bump ? 100 : 0));
}

static int setup(void **state)
{
    (void)state;
    if (srv_start(&S, NULL) != 0)
        return -1;
    admin = api_make_user(&S, harness_email("admin"), "admin", 0);
    ret = cat_retailer(&S, admin, "Batches");
    staff = api_make_user(&S, harness_email("staff"), "staff", ret);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(admin);
    free(staff);
    int rc = srv_stop(&S);
    srv_cleanup(&S);
    return rc == 0 ? 0 : -1;
}

static long n(const char *sql)
{
    return db_count(&S, sql);
}

static long upload(const struct text *t, const char *ctype, const char *query, struct http_resp *r)
{
    assert_int_equal(cat_upload(&S, ret, staff, ctype, t->data, t->len, query, r), 0);
    return r->status;
}

/* An error expected in a report. */
struct want {
    long line;
    const char *column;
};

static void errors_are_found_across_batches_in_line_order(void **state)
{
    (void)state;
    /* The feed with three bad lines; want: their line numbers and columns. */
    struct text t = {0};
    struct want want[3];
    int nwant = 0;
    long line = 1;
    add(&t, "id\ttitle\tprice\tgtin\tbrand\n");
    for (int i = 0; i < ITEMS; i++) {
        item_line(&t, i, 100 + i);
        line++;
        if (i == 20) { /* the same item again, in the same batch */
            item_line(&t, 20, 100 + 20);
            want[nwant++] = (struct want){++line, "id"};
            add(&t, "B-BAD\tBad price\tcheap\t\tBrand 1\n");
            want[nwant++] = (struct want){++line, "price"};
        }
        if (i == 700) { /* item 10 again, two batches later */
            item_line(&t, 10, 100 + 10);
            want[nwant++] = (struct want){++line, "id"};
        }
    }
    long products = n("SELECT COUNT(*) FROM products");
    struct http_resp r;
    assert_int_equal(upload(&t, TSV, "", &r), 422);
    json_t *errors = json_object_get(r.json, "errors");
    assert_int_equal(json_array_size(errors), 3);
    for (int i = 0; i < nwant; i++) {
        json_t *e = json_array_get(errors, (size_t)i);
        assert_int_equal(cat_num(e, "line"), want[i].line);
        assert_string_equal(json_string_value(json_object_get(e, "column")), want[i].column);
    }
    resp_free(&r);
    assert_int_equal(n("SELECT COUNT(*) FROM products"), products);
    assert_int_equal(n("SELECT COUNT(*) FROM listings"), 0);
    /* skip_bad: the good lines are all there. */
    assert_int_equal(upload(&t, TSV, "?skip_bad=true", &r), 200);
    assert_int_equal(cat_num(r.json, "lines"), ITEMS + 3);
    assert_int_equal(cat_num(r.json, "imported"), ITEMS);
    assert_int_equal(cat_num(r.json, "bad"), 3);
    assert_int_equal(cat_num(r.json, "created"), ITEMS);
    assert_int_equal(cat_num(r.json, "errors_total"), 3);
    resp_free(&r);
    free(t.data);
    /* Two GTINs are shared: one product each. */
    assert_int_equal(n("SELECT COUNT(*) FROM products") - products, ITEMS - 2);
    assert_int_equal(n("SELECT COUNT(*) FROM listings"), ITEMS);
    assert_int_equal(n("SELECT COUNT(*) FROM offers"), ITEMS);
    assert_int_equal(n("SELECT COUNT(*) FROM price_history"), ITEMS);
    assert_int_equal(n("SELECT COUNT(*) FROM products WHERE gtin IS NULL"), ITEMS / 5);
    assert_int_equal(n("SELECT COUNT(DISTINCT product_id) FROM listings WHERE item_id IN "
                       "('B-0300', 'B-0901')"),
                     1);
    assert_int_equal(n("SELECT COUNT(DISTINCT o.product_id) FROM offers o JOIN listings l ON "
                       "l.id = o.listing_id WHERE l.item_id IN ('B-0100', 'B-0101')"),
                     1);
    /* The product's content came from the first listing. */
    assert_int_equal(n("SELECT COUNT(*) FROM products p JOIN listings l ON l.product_id = p.id "
                       "WHERE l.item_id = 'B-0901' AND p.title = 'Batch item 300'"),
                     1);
    /* Offers point at their listing's product. */
    assert_int_equal(n("SELECT COUNT(*) FROM offers o JOIN listings l ON l.id = o.listing_id "
                       "WHERE o.product_id <> l.product_id"),
                     0);
}

static void an_unchanged_long_feed_writes_nothing(void **state)
{
    (void)state;
    struct text t = {0};
    feed(&t, ITEMS, -1);
    long updated = n("SELECT SUM(updated_at % 100000) FROM offers");
    long listed = n("SELECT SUM(updated_at % 100000) FROM listings");
    long history = n("SELECT COUNT(*) FROM price_history");
    struct http_resp r;
    assert_int_equal(upload(&t, TSV, "", &r), 200);
    assert_int_equal(cat_num(r.json, "unchanged"), ITEMS);
    assert_int_equal(cat_num(r.json, "updated"), 0);
    assert_int_equal(cat_num(r.json, "created"), 0);
    assert_int_equal(cat_num(r.json, "out_of_stock"), 0);
    assert_int_equal(cat_num(r.json, "price_changes"), 0);
    resp_free(&r);
    free(t.data);
    assert_int_equal(n("SELECT SUM(updated_at % 100000) FROM offers"), updated);
    assert_int_equal(n("SELECT SUM(updated_at % 100000) FROM listings"), listed);
    assert_int_equal(n("SELECT COUNT(*) FROM price_history"), history);
    /* Every offer was seen by the last import. */
    assert_int_equal(n("SELECT COUNT(*) FROM offers WHERE feed_seen = "
                       "(SELECT MAX(id) FROM feed_imports)"),
                     ITEMS);
}

static void a_price_change_in_the_second_batch(void **state)
{
    (void)state;
    /* Item 700 (second batch) costs more; item 1299 (third) is gone. */
    struct text t = {0};
    feed(&t, ITEMS - 1, 700);
    long history = n("SELECT COUNT(*) FROM price_history");
    struct http_resp r;
    assert_int_equal(upload(&t, TSV, "", &r), 200);
    assert_int_equal(cat_num(r.json, "updated"), 1);
    assert_int_equal(cat_num(r.json, "unchanged"), ITEMS - 2);
    assert_int_equal(cat_num(r.json, "price_changes"), 1);
    assert_int_equal(cat_num(r.json, "out_of_stock"), 1);
    resp_free(&r);
    free(t.data);
    assert_int_equal(n("SELECT COUNT(*) FROM price_history"), history + 1);
    assert_int_equal(n("SELECT COUNT(*) FROM price_history h JOIN offers o ON o.id = h.offer_id "
                       "JOIN listings l ON l.id = o.listing_id WHERE l.item_id = 'B-0700'"),
                     2);
    assert_int_equal(n("SELECT o.price FROM offers o JOIN listings l ON l.id = o.listing_id "
                       "WHERE l.item_id = 'B-0700'"),
                     900);
    assert_int_equal(n("SELECT COUNT(*) FROM offers o JOIN listings l ON l.id = o.listing_id "
                       "WHERE l.item_id = 'B-1299' AND o.availability = 'out_of_stock'"),
                     1);
}

static void every_error_is_listed_by_line(void **state)
{
    (void)state;
    /* 600 x (an item, the same item again, a bad price): 1,200 errors,
     * some found when a batch is written, after later lines were read. */
    struct text t = {0};
    add(&t, "id\ttitle\tprice\n");
    for (int k = 0; k < 600; k++)
        add(&t, "E-%d\tItem %d\t1.00 EUR\nE-%d\tItem %d\t1.00 EUR\nX-%d\tBad\tfree\n", k, k, k, k,
            k);
    struct http_resp r;
    assert_int_equal(upload(&t, TSV, "", &r), 422);
    json_t *errors = json_object_get(r.json, "errors");
    assert_int_equal(json_array_size(errors), 1200);
    /* Beside them, the report: nothing kept. */
    assert_false(json_is_true(json_object_get(r.json, "committed")));
    assert_int_equal(cat_num(r.json, "lines"), 1800);
    assert_int_equal(cat_num(r.json, "bad"), 1200);
    assert_int_equal(cat_num(r.json, "imported"), 0);
    assert_int_equal(cat_num(r.json, "created"), 0);
    /* Lines 3, 4, 6, 7, ...: two of every three lines. */
    for (size_t i = 0; i < 1200; i++) {
        long want = (long)(3 + 3 * (i / 2) + i % 2);
        assert_int_equal(cat_num(json_array_get(errors, i), "line"), want);
    }
    resp_free(&r);
    free(t.data);
    assert_int_equal(n("SELECT COUNT(*) FROM listings WHERE item_id LIKE 'E-%'"), 0);
    /* A file of nothing but bad lines: the first AG_FEED_ERRORS_MAX are
     * listed, all are counted. */
    memset(&t, 0, sizeof t);
    add(&t, "id\ttitle\tprice\n");
    for (int k = 0; k < AG_FEED_ERRORS_MAX + 10; k++)
        add(&t, "X-%d\tBad\tfree\n", k);
    assert_int_equal(upload(&t, TSV, "", &r), 422);
    errors = json_object_get(r.json, "errors");
    assert_int_equal(json_array_size(errors), AG_FEED_ERRORS_MAX);
    assert_int_equal(cat_num(r.json, "errors_total"), AG_FEED_ERRORS_MAX + 10);
    assert_int_equal(cat_num(json_array_get(errors, AG_FEED_ERRORS_MAX - 1), "line"),
                     AG_FEED_ERRORS_MAX + 1);
    resp_free(&r);
    free(t.data);
}

static void local_inventory_over_several_batches(void **state)
{
    (void)state;
    char rid[16];
    snprintf(rid, sizeof rid, "%ld", ret);
    const char *args[] = {"import", "stores", "--retailer", rid, "tests/data/stores_sample.csv",
                          NULL};
    char out[8192];
    assert_int_equal(srv_cli(&S, args, out, sizeof out), 0);
    /* Items 0..599 at Z01 and Z02, each twice in one batch. */
    struct text t = {0};
    add(&t, "id,store_code,price,availability\n");
    for (int i = 0; i < 600; i++)
        add(&t, "B-%04d,Z01,3.%02d EUR,in stock\nB-%04d,Z02,4.%02d EUR,in stock\n", i, i % 100, i,
            i % 100);
    long online = n("SELECT COUNT(*) FROM offers WHERE store_id IS NULL");
    struct http_resp r;
    /* An item never listed, in the second batch: reported, nothing written. */
    struct text bad = {0};
    add(&bad, "%s", t.data);
    add(&bad, "NOPE-1,Z01,1.00 EUR,in stock\n");
    assert_int_equal(upload(&bad, "text/csv", "", &r), 422);
    json_t *errors = json_object_get(r.json, "errors");
    assert_int_equal(json_array_size(errors), 1);
    assert_int_equal(cat_num(json_array_get(errors, 0), "line"), 1202);
    assert_non_null(strstr(json_string_value(json_object_get(json_array_get(errors, 0), "detail")),
                           "not listed"));
    resp_free(&r);
    free(bad.data);
    assert_int_equal(n("SELECT COUNT(*) FROM offers WHERE store_id IS NOT NULL"), 0);
    assert_int_equal(upload(&t, "text/csv", "", &r), 200);
    assert_int_equal(cat_num(r.json, "created"), 1200);
    assert_int_equal(cat_num(r.json, "out_of_stock"), 0);
    resp_free(&r);
    assert_int_equal(n("SELECT COUNT(*) FROM offers WHERE store_id IS NOT NULL"), 1200);
    assert_int_equal(n("SELECT COUNT(*) FROM offers WHERE store_id IS NULL"), online);
    /* Again, unchanged; then without item 599 at Z02: only that offer goes. */
    assert_int_equal(upload(&t, "text/csv", "", &r), 200);
    assert_int_equal(cat_num(r.json, "unchanged"), 1200);
    resp_free(&r);
    t.len -= strlen("B-0599,Z02,4.99 EUR,in stock\n");
    t.data[t.len] = '\0';
    assert_int_equal(upload(&t, "text/csv", "", &r), 200);
    assert_int_equal(cat_num(r.json, "unchanged"), 1199);
    assert_int_equal(cat_num(r.json, "out_of_stock"), 1);
    resp_free(&r);
    free(t.data);
    assert_int_equal(n("SELECT COUNT(*) FROM offers o JOIN stores s ON s.id = o.store_id "
                       "JOIN listings l ON l.id = o.listing_id WHERE s.code = 'Z02' AND "
                       "l.item_id = 'B-0599' AND o.availability = 'out_of_stock'"),
                     1);
    assert_int_equal(n("SELECT COUNT(*) FROM offers WHERE availability = 'out_of_stock'"), 2);
}

/* A feed of M-items [0, 1000) (two batches): the first one, or the changed
 * one: a third dearer by 0.50, a third on sale 0.20 below their price, a
 * third out of stock and renamed. */
static void m_feed(struct text *t, bool changed)
{
    add(t, "id\ttitle\tprice\tsale_price\tavailability\n");
    for (int i = 0; i < 1000; i++) {
        int k = changed ? i % 3 : -1;
        long price = 200 + i + (k == 0 ? 50 : 0);
        add(t, "M-%04d\t%s %d\t%ld.%02ld EUR\t", i, k == 2 ? "Renamed" : "Many", i, price / 100,
            price % 100);
        if (k == 1)
            add(t, "%ld.%02ld EUR", (price - 20) / 100, (price - 20) % 100);
        add(t, "\t%s\n", k == 2 ? "out_of_stock" : "in_stock");
    }
}

/* Offers of M-items whose number i (from the item id) meets cond. */
static long m_count(const char *cond)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT COUNT(*) FROM (SELECT o.*, l.title, CAST(substr(l.item_id, 3) AS INTEGER) "
             "AS i FROM offers o JOIN listings l ON l.id = o.listing_id WHERE l.item_id LIKE "
             "'M-%%') x WHERE %s",
             cond);
    return n(sql);
}

static void many_changes_in_one_feed_are_each_written(void **state)
{
    (void)state;
    struct text t = {0};
    struct http_resp r;
    m_feed(&t, false);
    assert_int_equal(upload(&t, TSV, "?mode=partial", &r), 200);
    assert_int_equal(cat_num(r.json, "created"), 1000);
    resp_free(&r);
    free(t.data);
    /* Those prices were in force 31 days ago: the 30-day low of a sale. */
    assert_int_equal(db_exec(&S, "UPDATE price_history SET recorded_at = recorded_at - 2678400 "
                                 "WHERE offer_id IN (SELECT o.id FROM offers o JOIN listings l ON "
                                 "l.id = o.listing_id WHERE l.item_id LIKE 'M-%')"),
                     0);
    long history = n("SELECT COUNT(*) FROM price_history");
    memset(&t, 0, sizeof t);
    m_feed(&t, true);
    assert_int_equal(upload(&t, TSV, "?mode=partial", &r), 200);
    assert_int_equal(cat_num(r.json, "updated"), 1000);
    assert_int_equal(cat_num(r.json, "price_changes"), 667);
    resp_free(&r);
    assert_int_equal(n("SELECT COUNT(*) FROM price_history"), history + 667);
    assert_int_equal(m_count("i % 3 = 0 AND price = 250 + i AND sale_price IS NULL"), 334);
    assert_int_equal(m_count("i % 3 = 1 AND price = 200 + i AND sale_price = 180 + i AND "
                             "ref_price = 200 + i AND reduction_bp = 20 * 10000 / (200 + i)"),
                     333);
    assert_int_equal(m_count("i % 3 = 2 AND availability = 'out_of_stock' AND title = "
                             "'Renamed ' || CAST(i AS TEXT) AND price = 200 + i"),
                     333);
    assert_int_equal(m_count("i % 3 <> 2 AND availability = 'in_stock' AND title = 'Many ' || "
                             "CAST(i AS TEXT)"),
                     667);
    /* The same feed again changes nothing. */
    assert_int_equal(upload(&t, TSV, "?mode=partial", &r), 200);
    assert_int_equal(cat_num(r.json, "unchanged"), 1000);
    resp_free(&r);
    free(t.data);
    assert_int_equal(n("SELECT COUNT(*) FROM price_history"), history + 667);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(errors_are_found_across_batches_in_line_order),
        cmocka_unit_test(an_unchanged_long_feed_writes_nothing),
        cmocka_unit_test(a_price_change_in_the_second_batch),
        cmocka_unit_test(every_error_is_listed_by_line),
        cmocka_unit_test(local_inventory_over_several_batches),
        cmocka_unit_test(many_changes_in_one_feed_are_each_written),
    };
    return cmocka_run_group_tests_name("c07_feed_batches", tests, setup, teardown);
}
