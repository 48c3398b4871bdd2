/*
 * js.c - jansson helpers: guarded parsing, pointer-finding pre-scan, and
 * builders for ids, money and times (see js.h).
 */
#include "json/js.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "core/text.h"
#include "core/timeutil.h"

void js_init(void)
{
    json_set_alloc_funcs(mem_alloc, mem_free);
}

int js_depth(const char *text, size_t len, int limit)
{
    int depth = 0, max = 0;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == '"') {
            for (i++; i < len && text[i] != '"'; i++)
                if (text[i] == '\\')
                    i++;
        } else if (c == '{' || c == '[') {
            if (++depth > max) {
                max = depth;
                if (max > limit)
                    return max;
            }
        } else if (c == '}' || c == ']') {
            depth--;
        }
    }
    return max;
}

void js_pointer_append(char *ptr, size_t ptrlen, const char *segment)
{
    size_t o = strlen(ptr);
    if (o + 1 >= ptrlen)
        return;
    ptr[o++] = '/';
    for (const char *s = segment; *s && o + 2 < ptrlen; s++) {
        if (*s == '~') {
            ptr[o++] = '~';
            ptr[o++] = '0';
        } else if (*s == '/') {
            ptr[o++] = '~';
            ptr[o++] = '1';
        } else {
            ptr[o++] = *s;
        }
    }
    ptr[o] = '\0';
}

void js_pointer_append_index(char *ptr, size_t ptrlen, size_t index)
{
    char seg[24];
    snprintf(seg, sizeof seg, "%zu", index);
    js_pointer_append(ptr, ptrlen, seg);
}

/* One open container while scanning for a number's pointer.  The current
 * key is kept as a span of the raw text and decoded only when reported. */
struct js_frame {
    int is_object;
    int expect_key;
    size_t index;
    size_t key_at, key_len;
};

/* Value of the 4 hex digits at s, or -1. */
static long js_hex4(const char *s)
{
    long v = 0;
    for (int k = 0; k < 4; k++) {
        char c = s[k];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* Appends code point cp as UTF-8 if it fits (with the NUL); returns o. */
static size_t js_put_utf8(char *out, size_t outlen, size_t o, unsigned long cp)
{
    unsigned char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (unsigned char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (unsigned char)(0xC0 | (cp >> 6));
        b[1] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (unsigned char)(0xE0 | (cp >> 12));
        b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (unsigned char)(0xF0 | (cp >> 18));
        b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    if (o + n >= outlen)
        return o;
    memcpy(out + o, b, n);
    return o + n;
}

/* Decodes the JSON string body s[0..n) (escapes included) into out,
 * truncating to fit; malformed escapes are copied as they are. */
static void js_unescape(const char *s, size_t n, char *out, size_t outlen)
{
    static const char simple_in[] = "\"\\/bfnrt", simple_out[] = "\"\\/\b\f\n\r\t";
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < outlen;) {
        if (s[i] != '\\' || i + 1 >= n) {
            out[o++] = s[i++];
            continue;
        }
        const char *e = strchr(simple_in, s[i + 1]);
        if (e && s[i + 1] != '\0') {
            out[o++] = simple_out[e - simple_in];
            i += 2;
            continue;
        }
        long cp = s[i + 1] == 'u' && i + 6 <= n ? js_hex4(s + i + 2) : -1;
        if (cp < 0) {
            out[o++] = s[i++];
            continue;
        }
        i += 6;
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 <= n && s[i] == '\\' && s[i + 1] == 'u') {
            long lo = js_hex4(s + i + 2);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i += 6;
            }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF)
            cp = 0xFFFD; /* a lone surrogate (jansson refuses those anyway) */
        o = js_put_utf8(out, outlen, o, (unsigned long)cp);
    }
    out[o] = '\0';
}

#define JS_SCAN_DEPTH 64

/* 1 if c may be part of a number token (never NUL, unlike strchr). */
static int js_number_char(char c)
{
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/* 1 if the number token text[0..n) fits our types, else 0. */
static int js_number_fits(const char *s, size_t n)
{
    int is_real = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '.' || s[i] == 'e' || s[i] == 'E')
            is_real = 1;
    if (!is_real) {
        int64_t v;
        return text_parse_i64(s, n, &v) == 0;
    }
    char tmp[512];
    if (n >= sizeof tmp)
        return 0;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    double d = strtod(tmp, NULL);
    return isfinite(d);
}

int js_find_out_of_range_number(const char *text, size_t len, char *out, size_t outlen)
{
    struct js_frame stack[JS_SCAN_DEPTH];
    int top = -1;
    size_t i = 0;
    while (i < len) {
        char c = text[i];
        if (c == '{' || c == '[') {
            if (top + 1 >= JS_SCAN_DEPTH)
                return 0;
            top++;
            stack[top].is_object = c == '{';
            stack[top].expect_key = c == '{';
            stack[top].index = 0;
            stack[top].key_at = 0;
            stack[top].key_len = 0;
            i++;
        } else if (c == '}' || c == ']') {
            if (top >= 0)
                top--;
            i++;
        } else if (c == ',') {
            if (top >= 0) {
                stack[top].index++;
                stack[top].expect_key = stack[top].is_object;
            }
            i++;
        } else if (c == ':') {
            if (top >= 0)
                stack[top].expect_key = 0;
            i++;
        } else if (c == '"') {
            size_t start = ++i;
            while (i < len && text[i] != '"') {
                if (text[i] == '\\')
                    i++;
                i++;
            }
            if (top >= 0 && stack[top].is_object && stack[top].expect_key) {
                stack[top].key_at = start;
                stack[top].key_len = (i < len ? i : len) - start;
            }
            i++;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            size_t start = i;
            while (i < len && js_number_char(text[i]))
                i++;
            if (!js_number_fits(text + start, i - start)) {
                out[0] = '\0';
                for (int k = 0; k <= top; k++) {
                    if (stack[k].is_object) {
                        char key[256];
                        js_unescape(text + stack[k].key_at, stack[k].key_len, key, sizeof key);
                        js_pointer_append(out, outlen, key);
                    } else {
                        js_pointer_append_index(out, outlen, stack[k].index);
                    }
                }
                return 1;
            }
        } else {
            i++;
        }
    }
    return 0;
}

json_t *js_parse(const char *text, size_t len, int max_depth, struct js_parse_result *res)
{
    memset(res, 0, sizeof *res);
    size_t k = 0;
    while (k < len && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r' || text[k] == '\n'))
        k++;
    if (k == len) {
        res->status = JS_PARSE_EMPTY;
        snprintf(res->detail, sizeof res->detail, "the request body is empty");
        return NULL;
    }
    /* JSON has no raw NUL (RFC 8259), and jansson silently drops one that
     * follows a number: refuse it before jansson sees it. */
    if (memchr(text, '\0', len)) {
        res->status = JS_PARSE_MALFORMED;
        snprintf(res->detail, sizeof res->detail, "the request body contains a NUL byte");
        return NULL;
    }
    if (!text_utf8_valid(text, len)) {
        res->status = JS_PARSE_BAD_UTF8;
        snprintf(res->detail, sizeof res->detail, "the request body is not valid UTF-8");
        return NULL;
    }
    if (js_depth(text, len, max_depth) > max_depth) {
        res->status = JS_PARSE_TOO_DEEP;
        snprintf(res->detail, sizeof res->detail, "JSON nesting is deeper than %d levels",
                 max_depth);
        return NULL;
    }
    json_error_t err;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    if (root)
        return root;
    /* Only when jansson stopped at an overflowing number (everything before
     * it was valid JSON) is this a range problem; a syntax error that comes
     * first, or a lone "-", is malformed JSON.  So is a bare top-level
     * number (jansson reads the token before it checks for '[' or '{'): a
     * body is an object or an array, and the pointer "" would name it all. */
    if (json_error_code(&err) == json_error_numeric_overflow &&
        js_find_out_of_range_number(text, len, res->pointer, sizeof res->pointer) &&
        res->pointer[0] == '/') {
        res->status = JS_PARSE_NUMBER_RANGE;
        snprintf(res->detail, sizeof res->detail, "number is out of range");
        return NULL;
    }
    res->pointer[0] = '\0';
    res->status = JS_PARSE_MALFORMED;
    snprintf(res->detail, sizeof res->detail, "line %d, column %d: %s", err.line, err.column,
             err.text);
    return NULL;
}

json_t *js_id(int64_t id)
{
    char s[24];
    snprintf(s, sizeof s, "%lld", (long long)id);
    return json_string(s);
}

json_t *js_money(int64_t amount, const char *currency)
{
    return json_pack("{s:I,s:s}", "amount", (json_int_t)amount, "currency", currency);
}

json_t *js_time(int64_t secs)
{
    if (secs == 0)
        return json_null();
    char s[40];
    return json_string(time_format_rfc3339(secs, s, sizeof s));
}

json_t *js_str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

const char *js_get_str(const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

int64_t js_get_int(const json_t *obj, const char *key, int64_t dflt)
{
    const json_t *v = json_object_get(obj, key);
    return json_is_integer(v) ? (int64_t)json_integer_value(v) : dflt;
}

int js_get_bool(const json_t *obj, const char *key, int dflt)
{
    const json_t *v = json_object_get(obj, key);
    return json_is_boolean(v) ? json_is_true(v) : dflt;
}

int js_parse_id(const char *s, int64_t *out)
{
    int64_t v;
    if (!s || s[0] == '-' || s[0] == '\0' || (s[0] == '0' && s[1] != '\0'))
        return -1;
    if (text_parse_i64(s, strlen(s), &v) != 0 || v <= 0)
        return -1;
    *out = v;
    return 0;
}

char *js_dump(const json_t *v, size_t *len_out)
{
    /* 15 significant digits: every double round-trips to the value it was
     * written from (45.8131, not 45.813099999999999); coordinates and
     * distances need far fewer. */
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
    if (!s)
        s = mem_strdup("null");
    if (len_out)
        *len_out = strlen(s);
    return s;
}
