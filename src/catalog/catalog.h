/*
 * catalog.h - what the catalog modules share: who is acting, the
 * write-permission rule, error mapping, slugs.
 *
 * The catalog (retailers, brands, categories, stores, products, listings,
 * offers, feeds, search) keeps its rules in src/catalog/<thing>.c with no
 * HTTP, and its handlers in src/catalog/<thing>_http.c.  Rules take a
 * store connection and a struct catalog_actor, return an enum errcode, and
 * report validation failures as {pointer, detail} items appended to a
 * json_t *errors array (created on first use, owned by the caller).
 */
#ifndef AG_CATALOG_H
#define AG_CATALOG_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/errcode.h"
#include "store/store.h"

/* Who asks: an admin may write any retailer's data; staff only the data of
 * the retailer they are scoped to. */
struct catalog_actor {
    int64_t account_id;
    bool admin;
    int64_t retailer_id; /* staff scope, 0 for none */
};

/* ERR_OK when actor may write retailer_id's data, else ERR_FORBIDDEN. */
enum errcode catalog_may_write(const struct catalog_actor *actor, int64_t retailer_id);

/* Maps a failed store result to an error code (busy -> unavailable,
 * unique -> already_exists, ...). */
enum errcode catalog_store_err(int store_rc);

/* A URL-friendly key of name: lower-case ASCII letters and digits, Latin
 * letters folded to them (core/fold.h: "Électro" -> "electro", "Kraš" ->
 * "kras"), every other run of characters one '-', none at either end; "x"
 * for a name with no letter or digit.  A name with letters that cannot be
 * folded (another script) gets '-' and 8 hex digits of a hash of the name
 * ("Молоко" -> "cc30c684"), so that two such names never share a slug.
 * At most outlen - 1 characters (outlen >= 2 + CATALOG_SLUG_HASH_LEN). */
#define CATALOG_SLUG_HASH_LEN 9
void catalog_slugify(const char *name, char *out, size_t outlen);
/* The slug as Agora made it before slugs were folded to ASCII (ASCII
 * lower-cased, other UTF-8 kept: "Électro" -> "Électro"; the same as
 * catalog_slugify for an ASCII name).  Rows keep the slug they were
 * created with, so a look-up by slug (a feed's brand, a category path)
 * tries this one too, and a new brand or category whose older slug is
 * taken is the same name (409). */
void catalog_slugify_legacy(const char *name, char *out, size_t outlen);

/* Runs sql (one $1 id parameter, selecting one row) and says whether a row
 * came back: 1, 0, or a negative store error. */
int catalog_exists(store_conn *db, const char *sql, int64_t id);

/* Binds v, or NULL when v is 0 (optional ids and times). */
void catalog_bind_opt(store_stmt *st, int idx, int64_t v);
/* store_col_i64, or 0 for NULL. */
int64_t catalog_col_opt(store_stmt *st, int col);
/* A nullable text column as a new JSON string or null. */
json_t *catalog_col_json_text(store_stmt *st, int col);
/* A nullable id column as a new JSON id string or null. */
json_t *catalog_col_json_id(store_stmt *st, int col);
/* A brand (its id at col, its name at col + 1) as {id, name}, or null. */
json_t *catalog_col_json_brand(store_stmt *st, int col);

#endif
