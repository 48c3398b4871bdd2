/*
 * query.h - query strings: our own parser (fuzzed) and declarative checks.
 *
 * Like request bodies, a route declares its query parameters in a table and
 * checks them in one call; every failing or unknown parameter is reported
 * in one 422.  Pagination parameters come from QUERY_PAGE_PARAMS.
 *
 *   static const struct query_param list_params[] = {
 *       QUERY_PAGE_PARAMS,
 *       {"q", QUERY_STRING, .max = 200},
 *       {0},
 *   };
 *   if (query_check(req, res, list_params) != 0) return res->status;
 */
#ifndef AG_QUERY_H
#define AG_QUERY_H

#include <stdbool.h>
#include <stdint.h>

#include "http/http.h"

enum query_type {
    QUERY_STRING, /* min/max: length in characters; choices: allowed values */
    QUERY_INT,    /* min/max: inclusive bounds */
    QUERY_NUMBER, /* fmin/fmax: inclusive bounds */
    QUERY_BOOL,   /* true/false/1/0 */
    QUERY_LATLON, /* "LAT,LON" in degrees */
    QUERY_ID,     /* positive integer id */
    QUERY_CURSOR, /* an opaque cursor from next_cursor */
};

struct query_param {
    const char *name;
    enum query_type type;
    int64_t min, max;
    double fmin, fmax;
    const char *const *choices;
};

#define QUERY_PAGE_PARAMS                                                                    \
    {"limit", QUERY_INT, 1, AG_PAGE_MAX, 0, 0, NULL}, {"cursor", QUERY_CURSOR, 0, 0, 0, 0, NULL}

/* Splits raw ("a=1&b=x%20y") into decoded pairs allocated from arena.  A
 * pair with an empty value ("a=", a bare "a") is kept with its name but is
 * absent to http_query and to the checks of query_check (which still
 * refuses an unknown name), for every route: an HTML form sends its empty
 * fields so.  Returns 0, or -1 with a reason in *why (static) when the
 * string is malformed: bad percent-escape, invalid UTF-8, NUL, or more than
 * max pairs (empty pairs "&&" do not count). */
int query_parse(struct arena *arena, const char *raw, struct http_query_pair *out, int max,
                int *n, const char **why);

/* Checks every query parameter of req against params (NULL-name ended).
 * Returns 0 when all are valid; otherwise fills res with a 422 naming
 * every failing parameter and returns its status. */
int query_check(struct http_req *req, struct http_res *res, const struct query_param *params);

/* Typed getters, to call after query_check (they re-parse the text). */
int64_t query_int(const struct http_req *req, const char *name, int64_t dflt);
double query_double(const struct http_req *req, const char *name, double dflt);
bool query_bool(const struct http_req *req, const char *name, bool dflt);
/* Returns 1 and fills lat/lon when present and valid, else 0. */
int query_latlon(const struct http_req *req, const char *name, double *lat, double *lon);

/* Pagination ------------------------------------------------------------ */

/* limit from the query (default AG_PAGE_DEFAULT). */
int query_limit(const struct http_req *req);
/* The raw text inside the cursor (decoded), or NULL when no cursor was
 * sent.  Cursors are base64url of a short text that the list chooses. */
const char *query_cursor(const struct http_req *req);
/* Encodes raw as a cursor string allocated from arena. */
char *query_cursor_encode(struct arena *arena, const char *raw);
/* Decodes a cursor into arena text; NULL if malformed. */
char *query_cursor_decode(struct arena *arena, const char *cursor);

#endif
