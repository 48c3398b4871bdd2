/*
 * fuzz_feed.c - libFuzzer target for the product feed reader and the
 * Merchant Center line checks (the code that reads untrusted uploads).
 * The first byte picks the delimiter (odd: comma, even: tab).  As a
 * batched import does, a line's late outcome may be reported after later
 * lines (here every third line, one to four lines late); the settled
 * report must come out in line order, within its ceiling.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "catalog/feed_parse.h"
#include "catalog/feed_row.h"
#include "core/limits.h"
#include "json/js.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static int init;
    if (!init) {
        js_init();
        init = 1;
    }
    char delim = (data[0] & 1) ? ',' : '\t';
    struct feed_reader r;
    struct feed_header h;
    struct feed_report rep;
    feed_report_init(&rep);
    feed_reader_open_mem(&r, (const char *)data + 1, size - 1, delim);
    if (feed_header_read(&r, &h, &rep) == 0) {
        feed_report_unordered(&rep);
        while (feed_reader_next(&r) == FEED_RECORD) {
            struct feed_line line;
            feed_line_parse(&r, &h, &line, &rep);
            if (r.rec_line % 3 == 0)
                feed_report_add(&rep, r.rec_line - 1 - data[0] % 4, "id", "late");
        }
        feed_report_settle(&rep);
        size_t n = json_array_size(rep.errors);
        if (n > AG_FEED_ERRORS_MAX)
            abort();
        for (size_t i = 1; i < n; i++)
            if (json_integer_value(json_object_get(json_array_get(rep.errors, i - 1), "line")) >
                json_integer_value(json_object_get(json_array_get(rep.errors, i), "line")))
                abort();
    }
    feed_reader_close(&r);
    feed_report_free(&rep);
    return 0;
}
