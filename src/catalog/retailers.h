/*
 * retailers.h - retailers, brands and the category tree: rules and
 * storage (no HTTP).
 *
 * Retailers are created by admins; brands by staff or admins (feeds also
 * create the brands they name); categories by admins, as a tree (parent_id).
 * Each has a unique slug made from its name (catalog_slugify; a category's
 * slug is prefixed by its parent's); rows made before slugs were folded to
 * ASCII keep theirs, and the look-ups by name try both.  JSON shapes are built here (new references).
 */
#ifndef AG_RETAILERS_H
#define AG_RETAILERS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "catalog/catalog.h"

/* The kinds of retailer, NULL-ended (for validation tables). */
extern const char *const catalog_retailer_kinds[];

/* A page of rows ordered by id: items appended, *more when another page
 * exists, *last the id of the last item. */
struct catalog_page {
    int64_t after;
    int limit;
    bool more;
    int64_t last;
};

enum errcode catalog_retailer_create(store_conn *db, const char *name, const char *kind,
                                     const char *website, int64_t now, json_t **out);
/* ERR_OK with *out, or ERR_NOT_FOUND. */
enum errcode catalog_retailer_get(store_conn *db, int64_t id, json_t **out);
enum errcode catalog_retailer_list(store_conn *db, struct catalog_page *pg, json_t *items);
/* 1 if the retailer exists, 0 if not, negative store error. */
int catalog_retailer_exists(store_conn *db, int64_t id);

/* Brands: ERR_ALREADY_EXISTS when a brand with the same slug exists. */
enum errcode catalog_brand_create(store_conn *db, const char *name, int64_t now, json_t **out);
enum errcode catalog_brand_list(store_conn *db, struct catalog_page *pg, json_t *items);
/* Finds the brand of that name (by slug) or creates it; *id gets its id.
 * Returns a store result (STORE_DONE) or an error. */
int catalog_brand_ensure(store_conn *db, const char *name, int64_t now, int64_t *id);

/* Categories: parent_id 0 for a root.  ERR_VALIDATION (errors filled)
 * when the parent does not exist. */
enum errcode catalog_category_create(store_conn *db, const char *name, int64_t parent_id,
                                     int64_t google_category_id, int64_t now, json_t **out,
                                     json_t **errors);
/* The category of that name under parent_id (0: a root), found by its
 * slug or the older slug of the same name (catalog.h).  STORE_ROW with
 * *id, STORE_DONE when there is none (or no such parent), or a store
 * error. */
int catalog_category_find(store_conn *db, const char *name, int64_t parent_id, int64_t *id);
/* parent: -1 all categories, 0 the roots, else the children of parent. */
enum errcode catalog_category_list(store_conn *db, int64_t parent, struct catalog_page *pg,
                                   json_t *items);

/* Runs sql ($1 = after id, $2 = limit + 1; more parameters bound by the
 * caller's bind callback) and appends row_json(st) for each row. */
enum errcode catalog_list_rows(store_conn *db, const char *sql, struct catalog_page *pg,
                               void (*bind)(store_stmt *st, const void *ctx), const void *ctx,
                               json_t *(*row_json)(store_stmt *st), json_t *items);

#endif
