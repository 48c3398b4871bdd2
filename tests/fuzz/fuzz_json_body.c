/*
 * fuzz_json_body.c - libFuzzer target for request bodies: the raw bytes go
 * through the same path as a JSON body on the server (js_parse with the
 * depth limit, then jv_check against real field tables), plus the public
 * pre-scans (js_depth, js_find_out_of_range_number) on the raw text.
 *
 * Besides crashes, leaks and UB, it checks what the 400/422 split relies
 * on: a parsed body is an object or array with no out-of-range number in
 * it, a range error always names a pointer, and a validation error list is
 * never empty and never longer than AG_FIELD_ERRORS_MAX.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "core/mem.h"
#include "json/js.h"
#include "json/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Copies of the tables of POST /v1/auth/signup and PATCH
 * /v1/admin/users/{id} (src/platform), and one with every field type. */
static const struct jv_field signup_body[] = {
    {"email", JV_STRING, JV_REQUIRED, .min = 3, .max = AG_EMAIL_MAX, .check = jv_check_email},
    {"password", JV_STRING, JV_REQUIRED, .min = AG_PASSWORD_MIN, .max = AG_PASSWORD_MAX},
    {"display_name", JV_STRING, 0, .min = 1, .max = AG_DISPLAY_NAME_MAX},
    {0},
};

static const char *const admin_roles[] = {"shopper", "staff", "admin", NULL};

static const struct jv_field admin_patch_body[] = {
    {"role", JV_STRING, 0, .choices = admin_roles},
    {"retailer_id", JV_ID, JV_NULLABLE},
    {"disabled", JV_BOOL, 0},
    {0},
};

static const struct jv_field line_fields[] = {
    {"gtin", JV_STRING, JV_REQUIRED, .min = 8, .max = 14},
    {"qty", JV_INT, JV_REQUIRED, .min = 1, .max = 99},
    {0},
};
static const struct jv_field line_item = {"", JV_OBJECT, 0, .fields = line_fields};
static const struct jv_field tag_item = {"", JV_STRING, 0, .max = 20};

static const struct jv_field every_type[] = {
    {"name", JV_STRING, JV_REQUIRED, .min = 1, .max = 80},
    {"count", JV_INT, 0},
    {"ratio", JV_NUMBER, 0, .fmin = -1, .fmax = 1},
    {"gift", JV_BOOL, JV_NULLABLE},
    {"address", JV_OBJECT, 0, .fields = line_fields},
    {"lines", JV_ARRAY, 0, .min = 1, .max = 50, .item = &line_item},
    {"tags", JV_ARRAY, 0, .max = 10, .item = &tag_item},
    {"price", JV_MONEY, 0},
    {"refund", JV_MONEY, 0, .min = -100000, .max = -1},
    {"at", JV_TIME, 0},
    {"store_id", JV_ID, 0},
    {"role", JV_STRING, 0, .choices = admin_roles},
    {0},
};

static void check_table(const json_t *body, const struct jv_field *table)
{
    json_t *errors = jv_check(body, table);
    if (!errors)
        return;
    size_t n = json_array_size(errors);
    if (n == 0 || n > AG_FIELD_ERRORS_MAX)
        abort();
    char *text = js_dump(errors, NULL);
    mem_free(text);
    json_decref(errors);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready) {
        js_init();
        ready = 1;
    }
    const char *text = (const char *)data;
    char pointer[128];
    js_depth(text, size, AG_JSON_DEPTH_MAX);
    int has_big = js_find_out_of_range_number(text, size, pointer, sizeof pointer);

    struct js_parse_result res;
    json_t *body = js_parse(text, size, AG_JSON_DEPTH_MAX, &res);
    if (!body) {
        if (res.status == JS_PARSE_OK || res.detail[0] == '\0')
            abort();
        if (res.status == JS_PARSE_NUMBER_RANGE && res.pointer[0] != '/')
            abort();
        return 0;
    }
    if (res.status != JS_PARSE_OK || !(json_is_object(body) || json_is_array(body)))
        abort();
    /* jansson took every number, so none can be out of range (the scan only
     * gives up past its own depth, which the limit keeps us below). */
    if (has_big)
        abort();
    check_table(body, signup_body);
    check_table(body, admin_patch_body);
    check_table(body, every_type);
    json_decref(body);
    return 0;
}
