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

/* One open container while scanning for a number's pointer. */
struct js_frame {
    int is_object;
    int expect_key;
    size_t index;
    char key[64];
};

#define JS_SCAN_DEPTH 64

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
            stack[top].key[0] = '\0';
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
                size_t n = (i < len ? i : len) - start;
                if (n >= sizeof stack[top].key)
                    n = sizeof stack[top].key - 1;
                memcpy(stack[top].key, text + start, n);
                stack[top].key[n] = '\0';
            }
            i++;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            size_t start = i;
            while (i < len && (strchr("-+.eE", text[i]) || (text[i] >= '0' && text[i] <= '9')))
                i++;
            if (!js_number_fits(text + start, i - start)) {
                out[0] = '\0';
                for (int k = 0; k <= top; k++) {
                    if (stack[k].is_object)
                        js_pointer_append(out, outlen, stack[k].key);
                    else
                        js_pointer_append_index(out, outlen, stack[k].index);
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
    while (k < len && strchr(" \t\r\n", text[k]))
        k++;
    if (k == len) {
        res->status = JS_PARSE_EMPTY;
        snprintf(res->detail, sizeof res->detail, "the request body is empty");
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
    if (js_find_out_of_range_number(text, len, res->pointer, sizeof res->pointer)) {
        res->status = JS_PARSE_NUMBER_RANGE;
        snprintf(res->detail, sizeof res->detail, "number is out of range");
        return NULL;
    }
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
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    if (!s)
        s = mem_strdup("null");
    if (len_out)
        *len_out = strlen(s);
    return s;
}
