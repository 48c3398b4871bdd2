/*
 * router.h - matching "METHOD /path" against the route table.
 *
 * Patterns are literal segments and {name} parameters ("/v1/stores/{id}").
 * When several patterns match, the most specific wins whatever the table
 * order: a literal segment beats a parameter at the first place they differ
 * ("/v1/stores/nearby" over "/v1/stores/{id}").  A path that matches no
 * pattern is a 404; one that matches a pattern under another method is a
 * 405 with the Allow list (each method once).  HEAD is served by GET routes.
 */
#ifndef AG_ROUTER_H
#define AG_ROUTER_H

#include <stddef.h>

#include "http/http.h"

enum { ROUTER_NOT_FOUND = -1, ROUTER_METHOD_NOT_ALLOWED = -2 };

/* Prepares the table (splits patterns); call once. Returns 0, or -1 if a
 * pattern is malformed (programming error, logged). */
int router_init(const struct route *routes, size_t n);

/* Finds the route for method and path.  On a match returns its index and
 * stores pointers to the parameter values (allocated from arena) in params.
 * Otherwise returns ROUTER_NOT_FOUND, or ROUTER_METHOD_NOT_ALLOWED with the
 * allowed methods ("GET, PATCH") written into allow. */
int router_match(struct arena *arena, const char *method, const char *path,
                 const char **params, int *nparams, char *allow, size_t allowlen);

/* The table given to router_init. */
const struct route *router_routes(size_t *n);

#endif
