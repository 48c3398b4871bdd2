/*
 * js.h - helpers over jansson: safe parsing of request bodies and builders
 * for the value shapes of our API (ids, money, times).
 *
 * Reference rules (jansson): functions named *_new take ownership of the
 * value passed in; js_get_* return borrowed values that must not be
 * decref'd.  Every builder here returns a NEW reference.
 */
#ifndef AG_JS_H
#define AG_JS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* Routes jansson's allocations through mem_alloc (abort on OOM). */
void js_init(void);

enum js_parse_status {
    JS_PARSE_OK = 0,
    JS_PARSE_EMPTY,      /* no body at all */
    JS_PARSE_BAD_UTF8,   /* not UTF-8 */
    JS_PARSE_TOO_DEEP,   /* nesting deeper than the limit */
    JS_PARSE_MALFORMED,  /* not JSON */
    JS_PARSE_NUMBER_RANGE /* valid JSON, but a number beyond int64/double */
};

struct js_parse_result {
    enum js_parse_status status;
    char detail[256];  /* human explanation for the problem body */
    char pointer[128]; /* for JS_PARSE_NUMBER_RANGE: where the number is */
};

/* Parses text[0..len) as JSON with duplicate keys rejected and nesting
 * limited to max_depth.  Returns a new reference, or NULL with *res
 * explaining why. */
json_t *js_parse(const char *text, size_t len, int max_depth, struct js_parse_result *res);

/* Deepest nesting of arrays/objects in text (strings are skipped). Used
 * before parsing, so that a hostile body never reaches the recursive
 * parser.  Stops counting once above limit. */
int js_depth(const char *text, size_t len, int limit);

/* Finds the first number in text that does not fit an int64 (integers) or
 * a finite double (reals) and writes its JSON pointer into out.  Returns 1
 * if found, else 0. */
int js_find_out_of_range_number(const char *text, size_t len, char *out, size_t outlen);

/* Builders (each returns a new reference). */
json_t *js_id(int64_t id);                            /* "123" */
json_t *js_money(int64_t amount, const char *currency);
json_t *js_time(int64_t secs);                        /* RFC 3339 or null if secs == 0 */
json_t *js_str_or_null(const char *s);

/* Borrowed accessors: NULL / default when the key is missing or of another
 * type. */
const char *js_get_str(const json_t *obj, const char *key);
int64_t js_get_int(const json_t *obj, const char *key, int64_t dflt);
int js_get_bool(const json_t *obj, const char *key, int dflt);

/* Parses an id string ("123") into *out; returns 0 or -1. */
int js_parse_id(const char *s, int64_t *out);

/* Serialises compactly; the caller frees the result with mem_free. */
char *js_dump(const json_t *v, size_t *len_out);

/* Appends a JSON pointer segment (escaping ~ and /) to ptr (bounded). */
void js_pointer_append(char *ptr, size_t ptrlen, const char *segment);
void js_pointer_append_index(char *ptr, size_t ptrlen, size_t index);

#endif
