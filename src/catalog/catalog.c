/*
 * catalog.c - helpers shared by the catalog modules (see catalog.h).
 */
#include "catalog/catalog.h"

#include <stdio.h>
#include <string.h>

#include "core/fold.h"
#include "core/text.h"
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

/* FNV-1a, 32 bits: a short, stable fingerprint of a name. */
static uint32_t catalog_name_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

void catalog_slugify(const char *name, char *out, size_t outlen)
{
    size_t o = 0, len = strlen(name);
    bool dash = false, other = false, full = false;
    if (outlen < 2 + CATALOG_SLUG_HASH_LEN) {
        if (outlen)
            out[0] = '\0';
        return;
    }
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        const char *ascii;
        i += text_utf8_next(name + i, len - i, &cp);
        enum fold_kind k = fold_latin(cp, &ascii);
        if (k == FOLD_OTHER)
            other = true;
        if (k != FOLD_LETTER || full) {
            dash = true;
            continue;
        }
        size_t n = strlen(ascii), sep = dash && o > 0;
        /* The bound of the older slugs (an ASCII name keeps its slug), and
         * room for a folded "ss" or "ae" with the NUL. */
        if (o + 2 >= outlen || o + sep + n >= outlen) {
            full = true; /* read on: a later character may still be "other" */
            continue;
        }
        if (sep)
            out[o++] = '-';
        dash = false;
        memcpy(out + o, ascii, n);
        o += n;
    }
    if (other) {
        /* Letters this table cannot fold (another script, an emoji) would
         * vanish, and two names differing only in them would meet on one
         * slug: a fingerprint of the whole name keeps them apart. */
        size_t keep = outlen - 1 - CATALOG_SLUG_HASH_LEN;
        if (o > keep)
            o = keep;
        while (o > 0 && out[o - 1] == '-')
            o--;
        snprintf(out + o, outlen - o, "%s%08x", o ? "-" : "",
                 (unsigned)catalog_name_hash(name));
        return;
    }
    if (o == 0)
        out[o++] = 'x';
    out[o] = '\0';
}

void catalog_slugify_legacy(const char *name, char *out, size_t outlen)
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

json_t *catalog_col_json_brand(store_stmt *st, int col)
{
    if (store_col_is_null(st, col))
        return json_null();
    return json_pack("{s:o,s:s}", "id", js_id(store_col_i64(st, col)), "name",
                     store_col_text(st, col + 1));
}
