/*
 * feed_row.h - Merchant Center columns: the header of a feed and the
 * checking of one line into a publish_item (pure: no database).
 *
 * Columns are matched by their Merchant Center names (case-insensitive,
 * "g:" prefix and spaces allowed: "sale price" = "sale_price"); unknown
 * columns are ignored.  Every problem of a line is reported with its line
 * number, column and reason into a struct feed_report.
 */
#ifndef AG_FEED_ROW_H
#define AG_FEED_ROW_H

#include <jansson.h>
#include <stdbool.h>

#include "catalog/feed_parse.h"
#include "catalog/gtin.h"
#include "catalog/publish.h"

enum feed_col {
    FC_ID,
    FC_TITLE,
    FC_DESCRIPTION,
    FC_LINK,
    FC_IMAGE_LINK,
    FC_AVAILABILITY,
    FC_PRICE,
    FC_SALE_PRICE,
    FC_SALE_DATE,
    FC_BRAND,
    FC_GTIN,
    FC_MPN,
    FC_PRODUCT_TYPE,
    FC_GOOGLE_CATEGORY,
    FC_STORE_CODE,
    FC_UNIT_MEASURE,
    FC_UNIT_BASE,
    FC_COUNT
};

/* The Merchant Center name of a column ("sale_price_effective_date"). */
const char *feed_col_name(enum feed_col c);

struct feed_header {
    int col[FC_COUNT]; /* field index of each known column, -1 when absent */
    int nfields;
};

/* Every line problem of an import; errors holds at most
 * AG_FEED_ERRORS_MAX items ({line, column, detail}), total counts all. */
struct feed_report {
    json_t *errors;   /* owned */
    json_t *warnings; /* owned: lines accepted with a remark */
    long total;
    long nwarnings;
    bool unordered;   /* errors may come out of line order: feed_report_settle */
};

void feed_report_init(struct feed_report *rep);
void feed_report_free(struct feed_report *rep);
/* column may be NULL (the whole line). */
void feed_report_add(struct feed_report *rep, long line, const char *column,
                     const char *detail);
void feed_report_warn(struct feed_report *rep, long line, const char *column,
                      const char *detail);
/* Lets errors arrive out of line order (a batched import reports a line's
 * outcome after reading the next ones); feed_report_settle then sorts them
 * by line, keeping the first AG_FEED_ERRORS_MAX, as if they had come in
 * order.  Memory stays bounded meanwhile. */
void feed_report_unordered(struct feed_report *rep);
void feed_report_settle(struct feed_report *rep);

/* Reads the header record.  Returns 0, or -1 when the feed cannot be read
 * at all (empty, required column missing, duplicate column): reported on
 * line 1. */
int feed_header_read(struct feed_reader *r, struct feed_header *h, struct feed_report *rep);

/* The line as checked: strings borrow the reader's current record. */
struct feed_line {
    struct publish_item item;
    char gtin[GTIN_LEN + 1];
    const char *store_code; /* NULL when none */
};

/* Checks the reader's current record.  Returns 0 when good, -1 when bad
 * (each problem reported). */
int feed_line_parse(const struct feed_reader *r, const struct feed_header *h,
                    struct feed_line *out, struct feed_report *rep);

/* Parses an ISO 8601 date or date-time as Merchant Center writes them
 * ("2026-02-24", "2026-02-24T11:07+0100", "...T11:07:00Z"); no zone means
 * UTC.  Returns 0 or -1. */
int feed_parse_datetime(const char *s, size_t len, int64_t *out);

#endif
