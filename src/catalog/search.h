/*
 * search.h - product search: full text (SQLite FTS5 / PostgreSQL tsvector
 * behind one query shape), filters, relevance order and cursors; rules
 * and storage, no HTTP.
 *
 * Words are matched as prefixes with diacritics folded ("cokol" finds
 * "Čokolada"), all words must match, best matches first; a word found
 * whole counts more than one it only begins ("trail" before "Trailmark").
 * Each hit carries its cheapest current offer among those passing the
 * filters (currency, price range, and with near= the stores within the
 * radius plus online offers).
 *
 * For speed a common word is not ranked over every match: search walks the
 * matches by windows in full-text key order (the shortest titles first;
 * without words, product ids in order).  A window is the next
 * AG_SEARCH_CANDIDATES matches, checked against the filters, of which the
 * first AG_SEARCH_RANKED that pass are ranked; a page is taken in rank
 * order from a window, and from the next ones while it is not full, at
 * most AG_SEARCH_WINDOWS windows a request (see search_run).  Every match
 * that passes the filters is reached by paging; a page may be short (even
 * empty) and still have a next cursor.
 */
#ifndef AG_SEARCH_H
#define AG_SEARCH_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/catalog.h"
#include "catalog/near.h"
#include "core/buf.h"
#include "core/limits.h"

/* A place in the search order: the window of the matches after full-text
 * key start (0: the first window; without words, the products after id
 * start), and with at, within that window the hits after (rank, key);
 * without at, the whole window. */
struct search_cursor {
    int64_t start;
    bool at;
    double rank;
    int64_t key;
};

struct search_query {
    const char *q; /* NULL or empty: every product, by id */
    int64_t category_id, brand_id;
    bool has_min, has_max;
    int64_t min_price, max_price; /* minor units of currency */
    char currency[4];
    struct catalog_near near; /* near.on: store offers within the radius, and online */
    int limit;
    struct search_cursor cursor; /* all zero: from the first hit */
    int64_t now;
};

/* Room for the match expression of any q of AG_SEARCH_QUERY_MAX
 * characters (4 bytes each at most, written twice, and "(\"\" OR \"\"*)"
 * and " AND " around each word). */
#define SEARCH_MATCH_MAX (AG_SEARCH_QUERY_MAX * 4 * 2 + AG_SEARCH_TERMS * 16 + 1)

/* Turns user text into the engine-neutral match expression, at most
 * AG_SEARCH_TERMS words, each matched whole or as a prefix:
 * ("word" OR "word"*) AND ("other" OR "other"*).  Both forms match the
 * same rows; the whole word also weighs in the rank (a rare exact term
 * outranks a frequent prefix).  Returns the number of words (0: nothing
 * searchable). */
int search_match_expr(const char *q, char *out, size_t outlen);

/* Appends to sql the set of the ids of the products matching the match
 * expression bound at $param, as a subquery "(SELECT ...)" for "IN": every
 * match, in no order (not the windows of search_run). */
void search_product_ids_sql(struct buf *sql, int param);

/* Room for a cursor's text. */
#define SEARCH_CURSOR_MAX 80

/* Reads the text of a cursor ("START" or "START:RANK:KEY"; a cursor of
 * the single-window search before, "RANK:KEY", is the first window).
 * Returns 0, or -1 when it is not one. */
int search_cursor_parse(const char *raw, struct search_cursor *out);

/* Writes c as text that search_cursor_parse reads back exactly. */
void search_cursor_format(const struct search_cursor *c, char out[SEARCH_CURSOR_MAX]);

/* Appends the page's hits to items (at most q->limit, fewer when the
 * request's windows run out first).  *more: whether to ask again, from
 * *next. */
enum errcode search_run(store_conn *db, const struct search_query *q, json_t *items, bool *more,
                        struct search_cursor *next);

#endif
