/*
 * people_http.h - small helpers shared by the HTTP handlers of the people
 * module: keyset cursors and list responses.
 *
 * Lists of the module page newest first by a key of one or two integers
 * (an id, or a time and an id); the cursor carries the key of the last
 * item sent, as "id" or "time.id", base64url-encoded by query.h.
 */
#ifndef AG_PEOPLE_HTTP_H
#define AG_PEOPLE_HTTP_H

#include <stdint.h>

#include "http/http.h"
#include "people/rows.h"

/* Reads the cursor into key[0..nkeys); without a cursor every key is
 * INT64_MAX (the first page).  Returns 0, or the status of the 422
 * written when the cursor was not made by this list. */
int people_http_cursor(struct http_req *req, struct http_res *res, int nkeys, int64_t key[2]);

/* Answers 200 {"items": pg->items, "next_cursor": string|null} (the items
 * reference is stolen). */
int people_http_page(struct http_req *req, struct http_res *res, struct people_page *pg, int nkeys);

/* Prepares pg for a page of the size the query asks (new items array). */
void people_http_page_init(struct http_req *req, struct people_page *pg);

#endif
