/*
 * fuzz_query.c - libFuzzer target for query strings: the bytes before the
 * first NUL are the raw query string (as the server passes it), parsed by
 * query_parse and checked by query_check against a table with a parameter
 * of every type, then read through every typed getter.  The bytes after the
 * NUL are a cursor text that must survive query_cursor_encode/decode,
 * and, when search_cursor_parse accepts it as a search cursor, read back
 * the same after search_cursor_format.
 *
 * Besides crashes, leaks and UB, it checks that every parsed name and value
 * is valid UTF-8, and that a refused check always carries a 422 body.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/search.h"
#include "core/arena.h"
#include "core/limits.h"
#include "core/text.h"
#include "http/query.h"
#include "json/js.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const sorts[] = {"price", "distance", "rating", NULL};

static const struct query_param every_type[] = {
    QUERY_PAGE_PARAMS,
    {"q", QUERY_STRING, 1, 200, 0, 0, NULL},
    {"sort", QUERY_STRING, 0, 0, 0, 0, sorts},
    {"min_price", QUERY_INT, 0, 100000000, 0, 0, NULL},
    {"offset", QUERY_INT, 0, 0, 0, 0, NULL},
    {"radius_km", QUERY_NUMBER, 0, 0, 0.1, 100, NULL},
    {"open_now", QUERY_BOOL, 0, 0, 0, 0, NULL},
    {"near", QUERY_LATLON, 0, 0, 0, 0, NULL},
    {"store", QUERY_ID, 0, 0, 0, 0, NULL},
    {0},
};

/* The raw query as a C string, cut at the server's limit. */
static char *raw_query(struct arena *a, const uint8_t *data, size_t size, size_t *used)
{
    const uint8_t *nul = memchr(data, 0, size);
    size_t n = nul ? (size_t)(nul - data) : size;
    *used = nul ? n + 1 : n;
    if (n > AG_QUERY_MAX)
        n = AG_QUERY_MAX;
    return arena_strndup(a, (const char *)data, n);
}

/* A search cursor read from text is written back as text that reads the
 * same (the rank bit for bit). */
static void check_search_cursor(const char *text)
{
    struct search_cursor c, back;
    if (search_cursor_parse(text, &c) != 0)
        return;
    char raw[SEARCH_CURSOR_MAX];
    search_cursor_format(&c, raw);
    if (search_cursor_parse(raw, &back) != 0 || back.start != c.start || back.at != c.at ||
        (c.at && (back.key != c.key || memcmp(&back.rank, &c.rank, sizeof c.rank) != 0)))
        abort();
}

static void check_cursor_round_trip(struct arena *a, const char *text, size_t len)
{
    if (len == 0 || strlen(text) != len || !text_utf8_valid(text, len))
        return;
    char *cursor = query_cursor_encode(a, text);
    if (strlen(cursor) > AG_CURSOR_MAX)
        return; /* lists only put short texts in cursors */
    const char *back = query_cursor_decode(a, cursor);
    if (!back || strcmp(back, text) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready) {
        js_init();
        ready = 1;
    }
    struct arena *a = arena_new();
    size_t used = 0;
    struct http_req req;
    memset(&req, 0, sizeof req);
    req.arena = a;
    req.raw_query = raw_query(a, data, size, &used);
    const char *why = NULL;
    if (query_parse(a, req.raw_query, req.query, AG_QUERY_PARAMS_MAX, &req.nquery, &why) != 0) {
        if (!why)
            abort();
    } else {
        for (int i = 0; i < req.nquery; i++)
            if (!text_utf8_valid(req.query[i].name, strlen(req.query[i].name)) ||
                !text_utf8_valid(req.query[i].value, strlen(req.query[i].value)))
                abort();
        struct http_res res;
        memset(&res, 0, sizeof res);
        if (query_check(&req, &res, every_type) != 0) {
            if (res.status != 422 || !json_object_get(res.json, "errors"))
                abort();
        }
        json_decref(res.json);
        double lat, lon;
        (void)query_limit(&req);
        (void)query_int(&req, "offset", 0);
        (void)query_double(&req, "radius_km", 1);
        (void)query_bool(&req, "open_now", false);
        (void)query_latlon(&req, "near", &lat, &lon);
        (void)query_cursor(&req);
    }
    const char *rest = (const char *)data + used;
    size_t restlen = size - used;
    char *cursor_text = arena_strndup(a, rest, restlen);
    check_cursor_round_trip(a, cursor_text, restlen);
    check_search_cursor(cursor_text);
    (void)query_cursor_decode(a, cursor_text[0] ? cursor_text : "x");
    arena_free(a);
    return 0;
}
