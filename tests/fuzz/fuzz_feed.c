/*
 * fuzz_feed.c - libFuzzer target for the product feed reader and the
 * Merchant Center line checks (the code that reads untrusted uploads).
 * The first byte picks the delimiter (odd: comma, even: tab).
 */
#include <stddef.h>
#include <stdint.h>

#include "catalog/feed_parse.h"
#include "catalog/feed_row.h"
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
        while (feed_reader_next(&r) == FEED_RECORD) {
            struct feed_line line;
            feed_line_parse(&r, &h, &line, &rep);
        }
    }
    feed_reader_close(&r);
    feed_report_free(&rep);
    return 0;
}
