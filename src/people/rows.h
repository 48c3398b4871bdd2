/*
 * rows.h - running a query of the people module into JSON: one page of a
 * keyset-paginated list, or every row (exports).
 *
 * The statement is prepared and bound by the caller (a page query asks
 * for limit + 1 rows to learn whether another page exists); these step it
 * to the end and always reset it.  Two one-line helpers run the module's
 * statements keyed by one id.  Each row becomes one item through a
 * row function, which receives the context value given (the viewer).
 */
#ifndef AG_PEOPLE_ROWS_H
#define AG_PEOPLE_ROWS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

typedef json_t *(*people_row_fn)(store_stmt *st, int64_t ctx);

struct people_page {
    int limit;       /* in: the page size */
    json_t *items;   /* in: borrowed array the items are appended to */
    int key_col[2];  /* in: columns of the keyset key (-1: unused) */
    bool more;       /* out: another page exists */
    int64_t last[2]; /* out: the key of the last item appended */
};

/* Steps st into pg.  Returns STORE_DONE or an error. */
int people_rows_page(store_stmt *st, struct people_page *pg, people_row_fn row, int64_t ctx);

/* Steps st into a new array stored in *out.  Returns STORE_DONE or an
 * error (*out untouched). */
int people_rows_all(store_stmt *st, people_row_fn row, int64_t ctx, json_t **out);

/* Runs sql with $1 = id (a DELETE or UPDATE by owner): STORE_DONE or an
 * error. */
int people_run_id(store_conn *db, const char *sql, int64_t id);
/* The single integer sql answers with $1 = id (a COUNT), or a negative
 * error. */
int64_t people_count_id(store_conn *db, const char *sql, int64_t id);

#endif
