/*
 * validate.h - declarative validation of JSON request bodies.
 *
 * A route declares its body as a table of fields (name, type, required,
 * bounds, allowed values, nested fields) and calls jv_check once.  Every
 * failing field is reported, each with its JSON pointer and a reason, and
 * unknown fields are errors too, so a typo never passes silently.
 *
 *   static const struct jv_field signup_body[] = {
 *       {"email", JV_STRING, JV_REQUIRED, .max = 254, .check = jv_check_email},
 *       {"password", JV_STRING, JV_REQUIRED, .min = 10, .max = 256},
 *       {0},
 *   };
 *   json_t *errors = jv_check(body, signup_body);   // NULL when valid
 */
#ifndef AG_VALIDATE_H
#define AG_VALIDATE_H

#include <jansson.h>
#include <stdint.h>

enum jv_type {
    JV_STRING, /* min/max: length in characters (code points) */
    JV_INT,    /* min/max: value (inclusive); a bound left 0 means none on that
                  side (+-2^53-1), except max 0 with a negative min */
    JV_NUMBER, /* integer or real; fmin/fmax bound the value */
    JV_BOOL,
    JV_OBJECT, /* fields: nested table */
    JV_ARRAY,  /* min/max: number of items; item: the item's declaration */
    JV_MONEY,  /* {"amount": int, "currency": ISO 4217}; min/max bound amount */
    JV_TIME,   /* RFC 3339 string */
    JV_ID,     /* id string: decimal digits, positive */
};

enum {
    JV_REQUIRED = 1 << 0,
    JV_NULLABLE = 1 << 1, /* null is accepted (e.g. to clear a field) */
};

struct jv_field {
    const char *name;
    enum jv_type type;
    unsigned flags;
    int64_t min, max;
    double fmin, fmax;
    const char *const *choices;      /* JV_STRING: allowed values, NULL-ended */
    const struct jv_field *fields;   /* JV_OBJECT */
    const struct jv_field *item;     /* JV_ARRAY: one declaration, name unused */
    /* Extra check; returns NULL when fine or a static reason. */
    const char *(*check)(const json_t *value);
};

/* Checks obj (which must be a JSON object) against fields.  Returns NULL
 * when valid, else a new array of {"pointer","detail"} errors (at most
 * AG_FIELD_ERRORS_MAX), which the caller owns. */
json_t *jv_check(const json_t *obj, const struct jv_field *fields);

/* Adds one error to *errors (creating the array when NULL). */
void jv_error_add(json_t **errors, const char *pointer, const char *detail);

/* Appends to *errors the items of more (a {"pointer","detail"} array,
 * stolen; may be NULL) whose pointer is not at or under a pointer that
 * *errors already names: the rule checks that run after jv_check on a
 * body that failed it then add what is new ("/time_zone" unknown) without
 * repeating what jv_check said about a field ("/hours/0/opens" must be a
 * string).  Keeps at most AG_FIELD_ERRORS_MAX items. */
void jv_errors_merge(json_t **errors, json_t *more);

/* Ready-made extra checks (NULL when fine, else a static reason; a value
 * that is not a string passes, as the type check reports it). */
const char *jv_check_email(const json_t *value);
/* The rules of core/text_check.h: one line (no control characters, not
 * blank), several lines (tabs and line breaks allowed), an http(s) URL. */
const char *jv_check_line(const json_t *value);
const char *jv_check_lines(const json_t *value);
const char *jv_check_url(const json_t *value);

#endif
