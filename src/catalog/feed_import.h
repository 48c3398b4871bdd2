/*
 * feed_import.h - importing a product feed or a stores file, streamed from
 * a file descriptor, inside the caller's write transaction.
 *
 * All-or-nothing by default: when any line is bad the result is
 * ERR_VALIDATION and the caller rolls back, so nothing is written; with
 * skip_bad the good lines are written and the bad ones reported.  A feed
 * is a full snapshot of the retailer's online offers (when it has lines
 * without store_code, or no store_code column) and of each store whose
 * store_code it names: offers absent from it become out of stock and keep
 * their history.  partial updates only the lines sent.
 */
#ifndef AG_FEED_IMPORT_H
#define AG_FEED_IMPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "catalog/feed_row.h"

struct feed_import_opts {
    int64_t retailer_id;
    int64_t account_id; /* 0 for the command line */
    char delim;         /* '\t' or ',' */
    bool skip_bad;
    bool partial;
    bool allow_empty; /* a full feed with no valid line may empty the catalog */
    int64_t now;
};

struct feed_import_result {
    int64_t import_id;
    long lines, imported, bad, created, updated, unchanged, out_of_stock, price_changes;
    struct feed_report report; /* owned: feed_import_result_free */
};

void feed_import_result_free(struct feed_import_result *res);

/* Imports a product feed.  ERR_OK (commit), ERR_VALIDATION (bad lines
 * without skip_bad, or an unreadable header: roll back), ERR_NOT_FOUND
 * (no such retailer) or a storage error. */
enum errcode feed_import_products(store_conn *db, int fd, const struct feed_import_opts *o,
                                  struct feed_import_result *res);

/* Imports stores (CSV or TSV: code, name, address, city, latitude,
 * longitude, time_zone; postal_code, country, phone optional), upserting
 * by code.  Lines without coordinates are imported without a location and
 * reported as warnings.  Same results as above. */
enum errcode feed_import_stores(store_conn *db, int fd, const struct feed_import_opts *o,
                                struct feed_import_result *res);

/* The report as JSON (new reference): whether it was committed, counts,
 * errors and warnings.  When not committed the write counts are 0 and
 * import_id null: nothing of it was kept. */
json_t *feed_import_result_json(const struct feed_import_result *res, bool committed);

#endif
