/*
 * catalog_fixtures.h - helpers of the catalog API tests (test_c*.c):
 * creating retailers, stores and users in one line, uploading feeds, and
 * reading members of JSON answers.  Every helper asserts (cmocka) on
 * failure, so a test reads as its story.
 *
 * Ownership: returned tokens are owned by the caller (free); JSON from
 * responses is owned by the struct http_resp (resp_free).
 */
#ifndef AG_TEST_CATALOG_FIXTURES_H
#define AG_TEST_CATALOG_FIXTURES_H

#include <jansson.h>

#include "harness.h"

/* POSTs body to path with token, expects status, returns the new "id"
 * as a number (0 when the answer has none). */
long cat_create(struct srv *s, const char *path, const char *token, const char *body,
                long status);
/* A retailer made by an admin token; returns its id. */
long cat_retailer(struct srv *s, const char *admin, const char *name);
/* Uploads a feed: ctype "text/tab-separated-values" or "text/csv";
 * query like "?skip_bad=true" or "". */
int cat_upload(struct srv *s, long retailer, const char *token, const char *ctype,
               const char *data, size_t len, const char *query, struct http_resp *out);
/* Reads a whole file (for tests/data); caller frees. */
char *cat_read_file(const char *path, size_t *len);
/* obj[key] as a number: JSON integer, or string id. */
long cat_num(const json_t *obj, const char *key);
/* obj[key].amount of a money member, -1 when null. */
long cat_amount(const json_t *obj, const char *key);

#endif
