/*
 * search.h - product search: full text (SQLite FTS5 / PostgreSQL tsvector
 * behind one query shape), filters, relevance order and cursors; rules
 * and storage, no HTTP.
 *
 * Words are matched as prefixes with diacritics folded ("cokol" finds
 * "Čokolada"), all words must match, best matches first.  Each hit
 * carries its cheapest current offer among those passing the filters
 * (currency, price range, and with near= the stores within the radius plus
 * online offers).  For speed a common word is not ranked over every
 * match: the filters are checked on its AG_SEARCH_CANDIDATES shortest
 * matching titles and the first AG_SEARCH_RANKED that pass are ranked
 * (see search_run): one query per page, plus a primary-key read per hit.
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

struct search_query {
    const char *q; /* NULL or empty: every product, by id */
    int64_t category_id, brand_id;
    bool has_min, has_max;
    int64_t min_price, max_price; /* minor units of currency */
    char currency[4];
    struct catalog_near near; /* near.on: store offers within the radius, and online */
    int limit;
    bool has_cursor;
    double cursor_rank;
    int64_t cursor_id;
    int64_t now;
};

/* Room for the match expression of any q of AG_SEARCH_QUERY_MAX
 * characters (4 bytes each at most, and "\"\"* " around each word). */
#define SEARCH_MATCH_MAX (AG_SEARCH_QUERY_MAX * 4 + AG_SEARCH_TERMS * 5 + 1)

/* Turns user text into the engine-neutral match expression ("\"word\"*
 * \"other\"*"), at most AG_SEARCH_TERMS words.  Returns the number of
 * words (0: nothing searchable). */
int search_match_expr(const char *q, char *out, size_t outlen);

/* Appends to sql the set of the ids of the products matching the match
 * expression bound at $param, as a subquery "(SELECT ...)" for "IN": every
 * match, in no order (not the bounded, ranked window of search_run). */
void search_product_ids_sql(struct buf *sql, int param);

/* Appends hits to items; *more, and the last (rank, id) for the cursor. */
enum errcode search_run(store_conn *db, const struct search_query *q, json_t *items,
                        bool *more, double *last_rank, int64_t *last_id);

#endif
