/*
 * validate.c - the one validator of JSON request bodies (see validate.h).
 */
#include "json/validate.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/limits.h"
#include "core/money.h"
#include "core/text.h"
#include "core/text_check.h"
#include "core/timeutil.h"
#include "json/js.h"

/* The largest integer a JSON client can send without losing precision in
 * JavaScript (2^53 - 1); larger ones are refused unless a field says so. */
#define JV_SAFE_INT 9007199254740991LL

void jv_error_add(json_t **errors, const char *pointer, const char *detail)
{
    if (!*errors)
        *errors = json_array();
    if (json_array_size(*errors) >= AG_FIELD_ERRORS_MAX)
        return;
    json_array_append_new(*errors, json_pack("{s:s,s:s}", "pointer", pointer, "detail", detail));
}

static void jv_errorf(json_t **errors, const char *pointer, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void jv_errorf(json_t **errors, const char *pointer, const char *fmt, ...)
{
    char detail[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    jv_error_add(errors, pointer, detail);
}

static void jv_object(const json_t *obj, const struct jv_field *fields, const char *base,
                      json_t **errors);

static const char *jv_type_name(enum jv_type t)
{
    switch (t) {
    case JV_STRING:
    case JV_TIME:
    case JV_ID:
        return "a string";
    case JV_INT:
        return "an integer";
    case JV_NUMBER:
        return "a number";
    case JV_BOOL:
        return "true or false";
    case JV_OBJECT:
    case JV_MONEY:
        return "an object";
    case JV_ARRAY:
        return "an array";
    }
    return "a value";
}

static void jv_value(const json_t *v, const struct jv_field *f, const char *ptr, json_t **errors)
{
    if (json_is_null(v)) {
        if (!(f->flags & JV_NULLABLE))
            jv_errorf(errors, ptr, "must be %s, not null", jv_type_name(f->type));
        return;
    }
    switch (f->type) {
    case JV_STRING:
    case JV_TIME:
    case JV_ID: {
        if (!json_is_string(v)) {
            jv_errorf(errors, ptr, "must be a string");
            return;
        }
        const char *s = json_string_value(v);
        size_t bytes = json_string_length(v);
        if (strlen(s) != bytes) {
            jv_errorf(errors, ptr, "must not contain NUL characters");
            return;
        }
        if (f->type == JV_TIME) {
            int64_t t;
            if (time_parse_rfc3339(s, &t) != 0)
                jv_errorf(errors, ptr, "must be an RFC 3339 date-time such as "
                                       "2026-11-22T14:05:00Z");
            return;
        }
        if (f->type == JV_ID) {
            int64_t id;
            if (js_parse_id(s, &id) != 0)
                jv_errorf(errors, ptr, "must be an id (a string of digits)");
            return;
        }
        size_t chars = text_utf8_len(s, bytes);
        if (f->min && chars < (size_t)f->min)
            jv_errorf(errors, ptr, "must be at least %lld characters", (long long)f->min);
        else if (f->max && chars > (size_t)f->max)
            jv_errorf(errors, ptr, "must be at most %lld characters", (long long)f->max);
        if (f->choices) {
            int ok = 0;
            for (const char *const *c = f->choices; *c; c++)
                if (strcmp(*c, s) == 0)
                    ok = 1;
            if (!ok) {
                char list[160] = "";
                size_t o = 0;
                for (const char *const *c = f->choices; *c && o < sizeof list; c++)
                    o += (size_t)snprintf(list + o, sizeof list - o, "%s%s",
                                          c == f->choices ? "" : ", ", *c);
                jv_errorf(errors, ptr, "must be one of: %s", list);
            }
        }
        break;
    }
    case JV_INT: {
        if (!json_is_integer(v)) {
            jv_errorf(errors, ptr, "must be an integer");
            return;
        }
        int64_t n = (int64_t)json_integer_value(v);
        /* A bound left at 0 means "none" on that side (within the range a
         * JavaScript client can send exactly), unless the other bound makes
         * 0 the meaningful limit (min < 0 and max 0). */
        int64_t lo = f->min ? f->min : -JV_SAFE_INT;
        int64_t hi = f->max ? f->max : (f->min < 0 ? 0 : JV_SAFE_INT);
        if (n < lo || n > hi)
            jv_errorf(errors, ptr, "must be between %lld and %lld", (long long)lo,
                      (long long)hi);
        break;
    }
    case JV_NUMBER: {
        if (!json_is_number(v)) {
            jv_errorf(errors, ptr, "must be a number");
            return;
        }
        double d = json_number_value(v);
        if ((f->fmin != 0 || f->fmax != 0) && (d < f->fmin || d > f->fmax))
            jv_errorf(errors, ptr, "must be between %g and %g", f->fmin, f->fmax);
        break;
    }
    case JV_BOOL:
        if (!json_is_boolean(v)) {
            jv_errorf(errors, ptr, "must be true or false");
            return;
        }
        break;
    case JV_OBJECT:
        if (!json_is_object(v)) {
            jv_errorf(errors, ptr, "must be an object");
            return;
        }
        if (f->fields)
            jv_object(v, f->fields, ptr, errors);
        break;
    case JV_ARRAY: {
        if (!json_is_array(v)) {
            jv_errorf(errors, ptr, "must be an array");
            return;
        }
        size_t n = json_array_size(v);
        if (f->min && n < (size_t)f->min)
            jv_errorf(errors, ptr, "must have at least %lld items", (long long)f->min);
        if (f->max && n > (size_t)f->max) {
            jv_errorf(errors, ptr, "must have at most %lld items", (long long)f->max);
            return;
        }
        if (f->item) {
            for (size_t i = 0; i < n; i++) {
                char p[256];
                text_copy(p, sizeof p, ptr);
                js_pointer_append_index(p, sizeof p, i);
                jv_value(json_array_get(v, i), f->item, p, errors);
            }
        }
        break;
    }
    case JV_MONEY: {
        if (!json_is_object(v)) {
            jv_errorf(errors, ptr, "must be an object {\"amount\": integer, \"currency\": code}");
            return;
        }
        char p[256];
        const json_t *amount = json_object_get(v, "amount");
        const json_t *cur = json_object_get(v, "currency");
        const char *key;
        const json_t *val;
        json_object_foreach((json_t *)v, key, val)
        {
            if (strcmp(key, "amount") != 0 && strcmp(key, "currency") != 0) {
                text_copy(p, sizeof p, ptr);
                js_pointer_append(p, sizeof p, key);
                jv_errorf(errors, p, "unknown field");
            }
        }
        text_copy(p, sizeof p, ptr);
        js_pointer_append(p, sizeof p, "amount");
        int64_t lo = f->min, hi = f->max ? f->max : MONEY_AMOUNT_MAX;
        if (!amount)
            jv_errorf(errors, p, "is required");
        else if (!json_is_integer(amount))
            jv_errorf(errors, p, "must be an integer number of minor units (cents)");
        else if (json_integer_value(amount) < lo || json_integer_value(amount) > hi)
            jv_errorf(errors, p, "must be between %lld and %lld", (long long)lo, (long long)hi);
        text_copy(p, sizeof p, ptr);
        js_pointer_append(p, sizeof p, "currency");
        if (!cur)
            jv_errorf(errors, p, "is required");
        else if (!json_is_string(cur) || !money_currency_valid(json_string_value(cur)))
            jv_errorf(errors, p, "must be an ISO 4217 currency code such as EUR");
        break;
    }
    }
    if (f->check) {
        const char *reason = f->check(v);
        if (reason)
            jv_error_add(errors, ptr, reason);
    }
}

static void jv_object(const json_t *obj, const struct jv_field *fields, const char *base,
                      json_t **errors)
{
    char p[256];
    const char *key;
    const json_t *val;
    json_object_foreach((json_t *)obj, key, val)
    {
        const struct jv_field *f = fields;
        while (f->name && strcmp(f->name, key) != 0)
            f++;
        text_copy(p, sizeof p, base);
        js_pointer_append(p, sizeof p, key);
        if (!f->name) {
            jv_errorf(errors, p, "unknown field");
            continue;
        }
        jv_value(val, f, p, errors);
    }
    for (const struct jv_field *f = fields; f->name; f++) {
        if ((f->flags & JV_REQUIRED) && !json_object_get(obj, f->name)) {
            text_copy(p, sizeof p, base);
            js_pointer_append(p, sizeof p, f->name);
            jv_errorf(errors, p, "is required");
        }
    }
}

json_t *jv_check(const json_t *obj, const struct jv_field *fields)
{
    json_t *errors = NULL;
    if (!json_is_object(obj)) {
        jv_error_add(&errors, "", "the body must be a JSON object");
        return errors;
    }
    jv_object(obj, fields, "", &errors);
    return errors;
}

const char *jv_check_email(const json_t *value)
{
    if (!json_is_string(value))
        return NULL;
    const char *s = json_string_value(value);
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@') || !strchr(at + 1, '.') || at[1] == '.' ||
        s[strlen(s) - 1] == '.')
        return "must be an e-mail address";
    for (const char *c = s; *c; c++)
        if ((unsigned char)*c <= ' ')
            return "must be an e-mail address (no spaces)";
    return NULL;
}

const char *jv_check_line(const json_t *value)
{
    return json_is_string(value)
               ? text_check_line(json_string_value(value), json_string_length(value))
               : NULL;
}

const char *jv_check_lines(const json_t *value)
{
    return json_is_string(value)
               ? text_check_lines(json_string_value(value), json_string_length(value))
               : NULL;
}

const char *jv_check_url(const json_t *value)
{
    return json_is_string(value)
               ? text_check_url(json_string_value(value), json_string_length(value))
               : NULL;
}

/* 1 when pointer p is q or lies under it ("/hours/0/opens" under
 * "/hours/0"; the body itself, "", covers everything). */
static int jv_pointer_covers(const char *q, const char *p)
{
    size_t n = strlen(q);
    return strncmp(q, p, n) == 0 && (p[n] == '\0' || p[n] == '/');
}

void jv_errors_merge(json_t **errors, json_t *more)
{
    /* Only what was there before counts: two items of more never hide
     * each other. */
    size_t before = *errors ? json_array_size(*errors) : 0, i;
    json_t *e;
    json_array_foreach(more, i, e)
    {
        const char *p = json_string_value(json_object_get(e, "pointer"));
        const char *d = json_string_value(json_object_get(e, "detail"));
        int covered = 0;
        for (size_t k = 0; p && k < before && !covered; k++) {
            const char *q =
                json_string_value(json_object_get(json_array_get(*errors, k), "pointer"));
            covered = q && jv_pointer_covers(q, p);
        }
        if (!covered)
            jv_error_add(errors, p ? p : "", d ? d : "is not valid");
    }
    json_decref(more);
}
