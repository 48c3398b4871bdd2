/*
 * router.c - the route matcher (see router.h).
 *
 * Patterns are split into segments once at start; a request path is split
 * once per request and compared segment by segment.  With a hundred routes
 * this costs well under a microsecond, so no trie is needed.
 */
#include "http/router.h"

#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "core/mem.h"
#include "core/text.h"

struct router_pattern {
    int nseg;
    const char *seg[AG_PATH_SEGMENTS_MAX]; /* NULL for a {param} segment */
    size_t seglen[AG_PATH_SEGMENTS_MAX];
    /* One bit per {param} segment, the first segment highest: of two
     * patterns matching a path, the smaller mask has a literal where the
     * other has its first parameter, and wins. */
    unsigned param_mask;
};

static const struct route *router_table;
static size_t router_count;
static struct router_pattern *router_patterns;

/* Splits path into segments (pointers into path, with lengths).  Returns the
 * count, or -1 if there are too many or the path is not absolute. */
static int router_split(const char *path, const char **seg, size_t *len)
{
    if (path[0] != '/')
        return -1;
    int n = 0;
    const char *p = path + 1;
    if (*p == '\0')
        return 0;
    for (;;) {
        const char *slash = strchr(p, '/');
        size_t l = slash ? (size_t)(slash - p) : strlen(p);
        if (n >= AG_PATH_SEGMENTS_MAX)
            return -1;
        seg[n] = p;
        len[n] = l;
        n++;
        if (!slash)
            break;
        p = slash + 1;
    }
    return n;
}

int router_init(const struct route *routes, size_t n)
{
    router_table = routes;
    router_count = n;
    mem_free(router_patterns);
    router_patterns = mem_calloc(n, sizeof *router_patterns);
    for (size_t i = 0; i < n; i++) {
        struct router_pattern *rp = &router_patterns[i];
        rp->nseg = router_split(routes[i].pattern, rp->seg, rp->seglen);
        if (rp->nseg < 0) {
            log_error("bad route pattern", "\"pattern\":\"%s\"", routes[i].pattern);
            return -1;
        }
        int nparams = 0;
        for (int k = 0; k < rp->nseg; k++) {
            if (rp->seglen[k] >= 2 && rp->seg[k][0] == '{' && rp->seg[k][rp->seglen[k] - 1] == '}') {
                rp->seg[k] = NULL;
                rp->param_mask |= 1u << (AG_PATH_SEGMENTS_MAX - 1 - k);
                nparams++;
            }
        }
        if (nparams > AG_PATH_PARAMS_MAX) {
            log_error("too many route parameters", "\"pattern\":\"%s\"", routes[i].pattern);
            return -1;
        }
    }
    return 0;
}

const struct route *router_routes(size_t *n)
{
    *n = router_count;
    return router_table;
}

/* 1 if the pattern matches the split path. */
static int router_pattern_matches(const struct router_pattern *rp, int nseg, const char **seg,
                                  const size_t *len)
{
    if (rp->nseg != nseg)
        return 0;
    for (int k = 0; k < nseg; k++) {
        if (rp->seg[k] == NULL) {
            if (len[k] == 0)
                return 0; /* an empty parameter never matches */
            continue;
        }
        if (rp->seglen[k] != len[k] || memcmp(rp->seg[k], seg[k], len[k]) != 0)
            return 0;
    }
    return 1;
}

/* Adds method to the set of allowed methods (kept unique, in table order). */
static void router_allow_add(const char **set, int *n, int max, const char *method)
{
    for (int k = 0; k < *n; k++)
        if (strcmp(set[k], method) == 0)
            return;
    if (*n < max)
        set[(*n)++] = method;
}

/* Writes the set as "GET, HEAD, PATCH", whole names only. */
static void router_allow_write(const char **set, int n, char *allow, size_t allowlen)
{
    size_t off = 0;
    for (int k = 0; k < n && allowlen; k++) {
        int w = snprintf(allow + off, allowlen - off, "%s%s", k ? ", " : "", set[k]);
        if (w < 0 || (size_t)w >= allowlen - off) {
            allow[off] = '\0';
            break;
        }
        off += (size_t)w;
    }
}

int router_match(struct arena *arena, const char *method, const char *path,
                 const char **params, int *nparams, char *allow, size_t allowlen)
{
    const char *seg[AG_PATH_SEGMENTS_MAX];
    size_t len[AG_PATH_SEGMENTS_MAX];
    *nparams = 0;
    if (allowlen)
        allow[0] = '\0';
    int nseg = router_split(path, seg, len);
    if (nseg < 0)
        return ROUTER_NOT_FOUND;
    const char *want = strcmp(method, "HEAD") == 0 ? "GET" : method;
    int best = -1;
    const char *allowed[16];
    int nallowed = 0;
    for (size_t i = 0; i < router_count; i++) {
        const struct router_pattern *rp = &router_patterns[i];
        if (!router_pattern_matches(rp, nseg, seg, len))
            continue;
        if (strcmp(router_table[i].method, want) == 0) {
            /* The most specific pattern wins, not the first listed:
             * /stores/nearby over /stores/{id}. */
            if (best < 0 || rp->param_mask < router_patterns[best].param_mask)
                best = (int)i;
            continue;
        }
        router_allow_add(allowed, &nallowed, 16, router_table[i].method);
        if (strcmp(router_table[i].method, "GET") == 0)
            router_allow_add(allowed, &nallowed, 16, "HEAD");
    }
    if (best >= 0) {
        const struct router_pattern *rp = &router_patterns[best];
        for (int k = 0; k < nseg; k++)
            if (rp->seg[k] == NULL)
                params[(*nparams)++] = arena_strndup(arena, seg[k], len[k]);
        return best;
    }
    if (nallowed == 0)
        return ROUTER_NOT_FOUND;
    router_allow_write(allowed, nallowed, allow, allowlen);
    return ROUTER_METHOD_NOT_ALLOWED;
}
