/*
 * catalog.c - helpers shared by the catalog modules (see catalog.h).
 */
#include "catalog/catalog.h"

#include <string.h>

#include "json/js.h"

enum errcode catalog_may_write(const struct catalog_actor *actor, int64_t retailer_id)
{
    if (actor->admin)
        return ERR_OK;
    return actor->retailer_id != 0 && actor->retailer_id == retailer_id ? ERR_OK
                                                                       : ERR_FORBIDDEN;
}

enum errcode catalog_store_err(int store_rc)
{
    switch (store_rc) {
    case STORE_UNIQUE:
        return ERR_ALREADY_EXISTS;
    case STORE_CONSTRAINT:
        return ERR_CONFLICT;
    case STORE_BUSY:
    case STORE_UNAVAILABLE:
        return ERR_UNAVAILABLE;
    default:
        return ERR_INTERNAL;
    }
}

void catalog_slugify(const char *name, char *out, size_t outlen)
{
    size_t o = 0;
    int dash = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p && o + 2 < outlen; p++) {
        unsigned char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
            if (dash && o > 0)
                out[o++] = '-';
            dash = 0;
            out[o++] = (char)c;
        } else {
            dash = 1;
        }
    }
    /* Never cut a UTF-8 sequence in half. */
    while (o > 0 && ((unsigned char)out[o - 1] & 0xC0) == 0xC0)
        o--;
    if (o == 0)
        out[o++] = 'x';
    out[o] = '\0';
}

int catalog_exists(store_conn *db, const char *sql, int64_t id)
{
    store_stmt *st = store_prepare(db, sql);
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, id);
    int rc = store_step(st);
    store_reset(st);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : rc;
}

void catalog_bind_opt(store_stmt *st, int idx, int64_t v)
{
    if (v)
        store_bind_i64(st, idx, v);
    else
        store_bind_null(st, idx);
}

int64_t catalog_col_opt(store_stmt *st, int col)
{
    return store_col_is_null(st, col) ? 0 : store_col_i64(st, col);
}

json_t *catalog_col_json_text(store_stmt *st, int col)
{
    return js_str_or_null(store_col_text(st, col));
}

json_t *catalog_col_json_id(store_stmt *st, int col)
{
    return store_col_is_null(st, col) ? json_null() : js_id(store_col_i64(st, col));
}
