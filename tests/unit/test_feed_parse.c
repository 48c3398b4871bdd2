/*
 * test_feed_parse.c - the streaming TSV/CSV reader and the Merchant
 * Center line checks: BOM, CRLF, quotes with tabs and line breaks inside,
 * line numbers, unknown columns, and every bad field reported.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include <cmocka.h>

#include "catalog/feed_parse.h"
#include "catalog/feed_row.h"
#include "core/timeutil.h"

static void bom_crlf_quotes_and_line_numbers(void **state)
{
    (void)state;
    const char data[] = "\xEF\xBB\xBFid\ttitle\tdescription\r\n"
                        "1\t\"Tab\there\"\t\"two\r\nlines, \"\"quoted\"\"\"\r\n"
                        "\r\n"
                        "2\tplain\t\r\n"
                        "3\tlast\tno newline at the end";
    struct feed_reader r;
    feed_reader_open_mem(&r, data, sizeof data - 1, '\t');
    assert_int_equal(feed_reader_next(&r), FEED_RECORD);
    assert_null(r.error);
    assert_int_equal(r.nfields, 3);
    assert_string_equal(feed_field(&r, 0, NULL), "id");
    assert_int_equal(r.rec_line, 1);
    assert_int_equal(feed_reader_next(&r), FEED_RECORD);
    assert_string_equal(feed_field(&r, 1, NULL), "Tab\there");
    assert_string_equal(feed_field(&r, 2, NULL), "two\r\nlines, \"quoted\"");
    assert_int_equal(r.rec_line, 2);
    assert_int_equal(feed_reader_next(&r), FEED_RECORD); /* the blank line is skipped */
    assert_int_equal(r.rec_line, 5);
    assert_string_equal(feed_field(&r, 0, NULL), "2");
    assert_int_equal(r.nfields, 3);
    assert_string_equal(feed_field(&r, 2, NULL), "");
    assert_int_equal(feed_reader_next(&r), FEED_RECORD);
    assert_int_equal(r.rec_line, 6);
    assert_string_equal(feed_field(&r, 2, NULL), "no newline at the end");
    assert_int_equal(feed_reader_next(&r), FEED_END);
    feed_reader_close(&r);
}

static void csv_and_unclosed_quote(void **state)
{
    (void)state;
    const char data[] = "a,b\n\"x,y\",z\n\"never closed,\n";
    struct feed_reader r;
    feed_reader_open_mem(&r, data, sizeof data - 1, ',');
    assert_int_equal(feed_reader_next(&r), FEED_RECORD);
    assert_int_equal(feed_reader_next(&r), FEED_RECORD);
    assert_string_equal(feed_field(&r, 0, NULL), "x,y");
    assert_int_equal(feed_reader_next(&r), FEED_RECORD);
    assert_non_null(r.error);
    assert_int_equal(r.rec_line, 3);
    assert_int_equal(feed_reader_next(&r), FEED_END);
    feed_reader_close(&r);
}

static void reads_a_file_through_a_small_buffer(void **state)
{
    (void)state;
    char path[] = "/tmp/agora-feed-test-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fprintf(f, "id\ttitle\n");
    for (int i = 0; i < 20000; i++)
        fprintf(f, "%d\ttitle number %d with some padding to cross buffer edges\n", i, i);
    fclose(f);
    int in = open(path, 0);
    struct feed_reader r;
    feed_reader_open_fd(&r, in, '\t');
    long n = 0;
    while (feed_reader_next(&r) == FEED_RECORD) {
        assert_null(r.error);
        assert_int_equal(r.nfields, 2);
        n++;
    }
    assert_int_equal(n, 20001);
    assert_int_equal(r.line, 20002);
    feed_reader_close(&r);
    close(in);
    unlink(path);
}

static void header_names_and_line_checks(void **state)
{
    (void)state;
    const char data[] =
        "g:ID\tTitle\tSale Price\tprice\tcolour\tgtin\tsale_price_effective_date\tavailability\n"
        "A1\tMilk\t0.99 EUR\t1.29 EUR\tred\t3850334043641\t2026-11-20/2026-11-30\tin stock\n"
        "A2\t\t\t-1.00 EUR\t\t3850334043642\t\tmaybe\n"
        "A3\tX\t2.00 EUR\t1.00 XYZ\t\t\t2026-11-30T10:00+0100/2026-11-20T10:00Z\t\n"
        "A4\tY\t2.00 EUR\t1.00 EUR\t\t\t\t\textra\n";
    struct feed_reader r;
    struct feed_header h;
    struct feed_report rep;
    feed_report_init(&rep);
    feed_reader_open_mem(&r, data, sizeof data - 1, '\t');
    assert_int_equal(feed_header_read(&r, &h, &rep), 0);
    assert_int_equal(h.col[FC_ID], 0);
    assert_int_equal(h.col[FC_SALE_PRICE], 2);
    assert_int_equal(h.col[FC_STORE_CODE], -1);

    struct feed_line line;
    assert_int_equal(feed_reader_next(&r), FEED_RECORD);
    assert_int_equal(feed_line_parse(&r, &h, &line, &rep), 0);
    assert_string_equal(line.item.item_id, "A1");
    assert_string_equal(line.gtin, "03850334043641");
    assert_int_equal(line.item.prices.s.price, 129);
    assert_int_equal(line.item.prices.s.sale_price, 99);
    assert_string_equal(line.item.availability, "in_stock");
    int64_t start;
    time_parse_rfc3339("2026-11-20T00:00:00Z", &start);
    assert_int_equal(line.item.prices.s.sale_start, start);

    /* Line 3: title missing, negative price, bad check digit, bad
     * availability: four errors, each with its column. */
    assert_int_equal(feed_reader_next(&r), FEED_RECORD);
    assert_int_equal(feed_line_parse(&r, &h, &line, &rep), -1);
    assert_int_equal(rep.total, 4);
    const char *cols[] = {"title", "availability", "gtin", "price"};
    for (int i = 0; i < 4; i++) {
        json_t *e = json_array_get(rep.errors, (size_t)i);
        assert_int_equal(json_integer_value(json_object_get(e, "line")), 3);
        assert_string_equal(json_string_value(json_object_get(e, "column")), cols[i]);
    }
    /* Line 4: unknown currency, window ending before it starts. */
    assert_int_equal(feed_reader_next(&r), FEED_RECORD);
    assert_int_equal(feed_line_parse(&r, &h, &line, &rep), -1);
    assert_non_null(strstr(json_string_value(json_object_get(json_array_get(rep.errors, 4),
                                                             "detail")),
                           "currency"));
    assert_non_null(strstr(json_string_value(json_object_get(json_array_get(rep.errors, 5),
                                                             "detail")),
                           "ends before it starts"));
    /* Line 5: more fields than the header. */
    assert_int_equal(feed_reader_next(&r), FEED_RECORD);
    assert_int_equal(feed_line_parse(&r, &h, &line, &rep), -1);
    feed_reader_close(&r);
    feed_report_free(&rep);
}

static void missing_required_columns_fail_the_header(void **state)
{
    (void)state;
    const char data[] = "title\tdescription\n";
    struct feed_reader r;
    struct feed_header h;
    struct feed_report rep;
    feed_report_init(&rep);
    feed_reader_open_mem(&r, data, sizeof data - 1, '\t');
    assert_int_equal(feed_header_read(&r, &h, &rep), -1);
    assert_int_equal(rep.total, 2); /* id and price */
    feed_reader_close(&r);
    feed_report_free(&rep);
}

static void merchant_center_dates(void **state)
{
    (void)state;
    int64_t t, u;
    assert_int_equal(feed_parse_datetime("2026-02-24T11:07+0100", 21, &t), 0);
    time_parse_rfc3339("2026-02-24T10:07:00Z", &u);
    assert_int_equal(t, u);
    assert_int_equal(feed_parse_datetime("2026-02-24T11:07:30Z", 20, &t), 0);
    assert_int_equal(feed_parse_datetime("2026-02-24", 10, &t), 0);
    assert_int_equal(feed_parse_datetime("2026-02-30", 10, &t), -1);
    assert_int_equal(feed_parse_datetime("yesterday", 9, &t), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bom_crlf_quotes_and_line_numbers),
        cmocka_unit_test(csv_and_unclosed_quote),
        cmocka_unit_test(reads_a_file_through_a_small_buffer),
        cmocka_unit_test(header_names_and_line_checks),
        cmocka_unit_test(missing_required_columns_fail_the_header),
        cmocka_unit_test(merchant_center_dates),
    };
    return cmocka_run_group_tests_name("feed_parse", tests, NULL, NULL);
}
