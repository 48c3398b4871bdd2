/*
 * catalog_fixtures.c - see catalog_fixtures.h.
 */
#include "catalog_fixtures.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

long cat_num(const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    if (json_is_integer(v))
        return (long)json_integer_value(v);
    if (json_is_string(v))
        return strtol(json_string_value(v), NULL, 10);
    return 0;
}

long cat_amount(const json_t *obj, const char *key)
{
    const json_t *m = json_object_get(obj, key);
    if (!json_is_object(m))
        return -1;
    return (long)json_integer_value(json_object_get(m, "amount"));
}

long cat_create(struct srv *s, const char *path, const char *token, const char *body,
                long status)
{
    struct http_resp r;
    assert_int_equal(api_send(s, "POST", path, token, body, &r), 0);
    if (r.status != status)
        fprintf(stderr, "POST %s %s -> %ld %s\n", path, body, r.status, r.body);
    assert_int_equal(r.status, status);
    long id = r.json ? cat_num(r.json, "id") : 0;
    resp_free(&r);
    return id;
}

long cat_retailer(struct srv *s, const char *admin, const char *name)
{
    char body[256];
    snprintf(body, sizeof body, "{\"name\":\"%s\",\"kind\":\"grocery\"}", name);
    return cat_create(s, "/v1/retailers", admin, body, 201);
}

int cat_upload(struct srv *s, long retailer, const char *token, const char *ctype,
               const char *data, size_t len, const char *query, struct http_resp *out)
{
    char path[160], auth[600];
    snprintf(path, sizeof path, "/v1/retailers/%ld/feeds%s", retailer, query ? query : "");
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    const char *headers[] = {auth, NULL};
    return http_do(s, "POST", path, ctype, data, len, headers, out);
}

char *cat_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc((size_t)n + 1);
    assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
    data[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return data;
}
