/*
 * query.c - query-string parsing and declarative parameter checks
 * (see query.h).
 */
#include "http/query.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "json/js.h"
#include "json/validate.h"

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Percent-decodes s[0..n) into arena text; NULL if malformed. */
static char *query_decode(struct arena *arena, const char *s, size_t n, const char **why)
{
    char *out = arena_alloc(arena, n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '+') {
            out[o++] = ' ';
        } else if (c == '%') {
            int hi = i + 2 < n ? hexval(s[i + 1]) : -1;
            int lo = i + 2 < n ? hexval(s[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                *why = "has a malformed %-escape";
                return NULL;
            }
            char d = (char)(hi * 16 + lo);
            if (d == '\0') {
                *why = "contains a NUL character";
                return NULL;
            }
            out[o++] = d;
            i += 2;
        } else {
            out[o++] = c;
        }
    }
    out[o] = '\0';
    if (!text_utf8_valid(out, o)) {
        *why = "is not valid UTF-8";
        return NULL;
    }
    return out;
}

int query_parse(struct arena *arena, const char *raw, struct http_query_pair *out, int max,
                int *n, const char **why)
{
    *n = 0;
    if (!raw)
        return 0;
    const char *p = raw;
    while (*p) {
        const char *amp = strchr(p, '&');
        size_t len = amp ? (size_t)(amp - p) : strlen(p);
        if (len > 0) {
            const char *eq = memchr(p, '=', len);
            size_t klen = eq ? (size_t)(eq - p) : len;
            char *name = query_decode(arena, p, klen, why);
            if (!name)
                return -1;
            char *value = eq ? query_decode(arena, eq + 1, len - klen - 1, why)
                             : arena_strdup(arena, "");
            if (!value)
                return -1;
            if (*n >= max) {
                *why = "has too many parameters";
                return -1;
            }
            out[*n].name = name;
            out[*n].value = value;
            (*n)++;
        }
        if (!amp)
            break;
        p = amp + 1;
    }
    return 0;
}

const char *http_query(const struct http_req *req, const char *name)
{
    /* An empty value ("a=", or a bare "a") is no parameter: an HTML form
     * sends its empty fields so, meaning "no filter". */
    for (int i = 0; i < req->nquery; i++)
        if (req->query[i].value[0] && strcmp(req->query[i].name, name) == 0)
            return req->query[i].value;
    return NULL;
}

static int parse_latlon(const char *s, double *lat, double *lon)
{
    const char *comma = strchr(s, ',');
    if (!comma)
        return -1;
    if (text_parse_double(s, (size_t)(comma - s), lat) != 0 ||
        text_parse_double(comma + 1, strlen(comma + 1), lon) != 0)
        return -1;
    if (*lat < -90 || *lat > 90 || *lon < -180 || *lon > 180)
        return -1;
    return 0;
}

static void query_error(json_t **errors, const char *param, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void query_error(json_t **errors, const char *param, const char *fmt, ...)
{
    char detail[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    if (!*errors)
        *errors = json_array();
    if (json_array_size(*errors) < AG_FIELD_ERRORS_MAX)
        json_array_append_new(*errors,
                              json_pack("{s:s,s:s}", "parameter", param, "detail", detail));
}

static void query_check_one(struct http_req *req, const struct query_param *p, const char *v,
                            json_t **errors)
{
    switch (p->type) {
    case QUERY_STRING: {
        size_t chars = text_utf8_len(v, strlen(v));
        if (p->min && chars < (size_t)p->min)
            query_error(errors, p->name, "must be at least %lld character%s", (long long)p->min,
                        p->min == 1 ? "" : "s");
        else if (p->max && chars > (size_t)p->max)
            query_error(errors, p->name, "must be at most %lld characters", (long long)p->max);
        if (p->choices) {
            int ok = 0;
            for (const char *const *c = p->choices; *c; c++)
                ok |= strcmp(*c, v) == 0;
            if (!ok) {
                char list[160] = "";
                size_t o = 0;
                for (const char *const *c = p->choices; *c && o < sizeof list; c++)
                    o += (size_t)snprintf(list + o, sizeof list - o, "%s%s",
                                          c == p->choices ? "" : ", ", *c);
                query_error(errors, p->name, "must be one of: %s", list);
            }
        }
        break;
    }
    case QUERY_INT: {
        int64_t n;
        if (text_parse_i64(v, strlen(v), &n) != 0)
            query_error(errors, p->name, "must be an integer");
        else if ((p->min || p->max) && (n < p->min || n > p->max))
            query_error(errors, p->name, "must be between %lld and %lld", (long long)p->min,
                        (long long)p->max);
        break;
    }
    case QUERY_NUMBER: {
        double d;
        if (text_parse_double(v, strlen(v), &d) != 0)
            query_error(errors, p->name, "must be a number");
        else if ((p->fmin != 0 || p->fmax != 0) && (d < p->fmin || d > p->fmax))
            query_error(errors, p->name, "must be between %g and %g", p->fmin, p->fmax);
        break;
    }
    case QUERY_BOOL:
        if (strcmp(v, "true") && strcmp(v, "false") && strcmp(v, "1") && strcmp(v, "0"))
            query_error(errors, p->name, "must be true or false");
        break;
    case QUERY_LATLON: {
        double lat, lon;
        if (parse_latlon(v, &lat, &lon) != 0)
            query_error(errors, p->name,
                        "must be LAT,LON in degrees (latitude -90..90, longitude -180..180)");
        break;
    }
    case QUERY_ID: {
        int64_t id;
        if (js_parse_id(v, &id) != 0)
            query_error(errors, p->name, "must be an id (digits)");
        break;
    }
    case QUERY_CURSOR:
        if (!query_cursor_decode(req->arena, v))
            query_error(errors, p->name, "is not a cursor returned by this list");
        break;
    }
}

int query_check(struct http_req *req, struct http_res *res, const struct query_param *params)
{
    json_t *errors = NULL;
    for (int i = 0; i < req->nquery; i++) {
        const char *name = req->query[i].name;
        const struct query_param *p = params;
        while (p->name && strcmp(p->name, name) != 0)
            p++;
        if (!p->name) {
            query_error(&errors, name, "unknown parameter"); /* even empty: a typo */
            continue;
        }
        if (!req->query[i].value[0])
            continue; /* empty: absent (http_query) */
        for (int k = 0; k < i; k++)
            if (req->query[k].value[0] && strcmp(req->query[k].name, name) == 0) {
                query_error(&errors, name, "given more than once");
                goto next;
            }
        query_check_one(req, p, req->query[i].value, &errors);
    next:;
    }
    if (!errors)
        return 0;
    return http_problem_fields(res, errors, "Some query parameters are not valid.");
}

int64_t query_int(const struct http_req *req, const char *name, int64_t dflt)
{
    const char *v = http_query(req, name);
    int64_t n;
    if (!v || text_parse_i64(v, strlen(v), &n) != 0)
        return dflt;
    return n;
}

double query_double(const struct http_req *req, const char *name, double dflt)
{
    const char *v = http_query(req, name);
    double d;
    if (!v || text_parse_double(v, strlen(v), &d) != 0)
        return dflt;
    return d;
}

bool query_bool(const struct http_req *req, const char *name, bool dflt)
{
    const char *v = http_query(req, name);
    if (!v)
        return dflt;
    return strcmp(v, "true") == 0 || strcmp(v, "1") == 0;
}

int query_latlon(const struct http_req *req, const char *name, double *lat, double *lon)
{
    const char *v = http_query(req, name);
    return v && parse_latlon(v, lat, lon) == 0;
}

int query_limit(const struct http_req *req)
{
    return (int)query_int(req, "limit", AG_PAGE_DEFAULT);
}

const char *query_cursor(const struct http_req *req)
{
    const char *c = http_query(req, "cursor");
    return c ? query_cursor_decode(req->arena, c) : NULL;
}

char *query_cursor_encode(struct arena *arena, const char *raw)
{
    size_t n = strlen(raw);
    char *out = arena_alloc(arena, text_b64url_len(n) + 1);
    text_b64url_encode((const unsigned char *)raw, n, out);
    return out;
}

char *query_cursor_decode(struct arena *arena, const char *cursor)
{
    size_t n = strlen(cursor);
    if (n == 0 || n > AG_CURSOR_MAX)
        return NULL;
    unsigned char *out = arena_alloc(arena, n + 1);
    long len = text_b64url_decode(cursor, n, out, n);
    if (len <= 0)
        return NULL;
    out[len] = '\0';
    if (strlen((char *)out) != (size_t)len || !text_utf8_valid((char *)out, (size_t)len))
        return NULL;
    return (char *)out;
}
