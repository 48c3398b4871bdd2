/*
 * retailers.c - retailers, brands and categories (see retailers.h).
 */
#include "catalog/retailers.h"

#include <stdio.h>
#include <string.h>

#include "core/limits.h"
#include "json/js.h"
#include "json/validate.h"

const char *const catalog_retailer_kinds[] = {
    "grocery", "department_store", "sports", "electronics", "pharmacy",
    "diy",     "fashion",          "books",  "other",       NULL,
};

enum errcode catalog_list_rows(store_conn *db, const char *sql, struct catalog_page *pg,
                               void (*bind)(store_stmt *st, const void *ctx), const void *ctx,
                               json_t *(*row_json)(store_stmt *st), json_t *items)
{
    store_stmt *st = store_prepare(db, sql);
    if (!st)
        return ERR_INTERNAL;
    store_bind_i64(st, 1, pg->after);
    store_bind_i64(st, 2, pg->limit + 1);
    if (bind)
        bind(st, ctx);
    int n = 0, rc;
    pg->more = false;
    while ((rc = store_step(st)) == STORE_ROW) {
        if (n == pg->limit) {
            pg->more = true;
            break;
        }
        pg->last = store_col_i64(st, 0);
        json_array_append_new(items, row_json(st));
        n++;
    }
    store_reset(st);
    return rc == STORE_ROW || rc == STORE_DONE ? ERR_OK : catalog_store_err(rc);
}

/* Retailers ------------------------------------------------------------- */

#define RETAILER_COLUMNS "id, name, slug, kind, website, created_at, updated_at"

static json_t *retailer_json(store_stmt *st)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", js_id(store_col_i64(st, 0)));
    json_object_set_new(o, "name", json_string(store_col_text(st, 1)));
    json_object_set_new(o, "slug", json_string(store_col_text(st, 2)));
    json_object_set_new(o, "kind", json_string(store_col_text(st, 3)));
    json_object_set_new(o, "website", catalog_col_json_text(st, 4));
    json_object_set_new(o, "created_at", js_time(store_col_i64(st, 5)));
    json_object_set_new(o, "updated_at", js_time(store_col_i64(st, 6)));
    return o;
}

/* Reads one row by id with sql into *out. */
static enum errcode catalog_get_one(store_conn *db, const char *sql, int64_t id,
                                    json_t *(*row_json)(store_stmt *st), json_t **out)
{
    store_stmt *st = store_prepare(db, sql);
    if (!st)
        return ERR_INTERNAL;
    store_bind_i64(st, 1, id);
    int rc = store_step(st);
    if (rc == STORE_ROW)
        *out = row_json(st);
    store_reset(st);
    if (rc == STORE_ROW)
        return ERR_OK;
    return rc == STORE_DONE ? ERR_NOT_FOUND : catalog_store_err(rc);
}

int catalog_retailer_exists(store_conn *db, int64_t id)
{
    return catalog_exists(db, "SELECT 1 FROM retailers WHERE id = $1", id);
}

enum errcode catalog_retailer_create(store_conn *db, const char *name, const char *kind,
                                     const char *website, int64_t now, json_t **out)
{
    char base[AG_SLUG_MAX + 1], slug[AG_SLUG_MAX + 16];
    catalog_slugify(name, base, sizeof base);
    store_stmt *st = store_prepare(
        db, "INSERT INTO retailers (name, slug, kind, website, created_at, updated_at) "
            "VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (slug) DO NOTHING RETURNING id");
    if (!st)
        return ERR_INTERNAL;
    /* Two retailers may share a name; their slugs get -2, -3, ... */
    for (int n = 1; n <= AG_SLUG_TRIES; n++) {
        if (n == 1)
            snprintf(slug, sizeof slug, "%s", base);
        else
            snprintf(slug, sizeof slug, "%s-%d", base, n);
        store_bind_text(st, 1, name);
        store_bind_text(st, 2, slug);
        store_bind_text(st, 3, kind ? kind : "other");
        store_bind_text(st, 4, website);
        store_bind_i64(st, 5, now);
        int rc = store_step(st);
        int64_t id = rc == STORE_ROW ? store_col_i64(st, 0) : 0;
        store_reset(st);
        if (rc == STORE_ROW)
            return catalog_retailer_get(db, id, out);
        if (rc != STORE_DONE)
            return catalog_store_err(rc);
    }
    return ERR_ALREADY_EXISTS;
}

enum errcode catalog_retailer_get(store_conn *db, int64_t id, json_t **out)
{
    return catalog_get_one(db, "SELECT " RETAILER_COLUMNS " FROM retailers WHERE id = $1", id,
                           retailer_json, out);
}

enum errcode catalog_retailer_list(store_conn *db, struct catalog_page *pg, json_t *items)
{
    return catalog_list_rows(db,
                             "SELECT " RETAILER_COLUMNS " FROM retailers WHERE id > $1 "
                             "ORDER BY id LIMIT $2",
                             pg, NULL, NULL, retailer_json, items);
}

/* Brands ------------------------------------------------------------------ */

static json_t *brand_json(store_stmt *st)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", js_id(store_col_i64(st, 0)));
    json_object_set_new(o, "name", json_string(store_col_text(st, 1)));
    json_object_set_new(o, "slug", json_string(store_col_text(st, 2)));
    json_object_set_new(o, "created_at", js_time(store_col_i64(st, 3)));
    return o;
}

/* Inserts a brand; STORE_DONE with *id, STORE_UNIQUE when the slug exists. */
static int brand_insert(store_conn *db, const char *name, const char *slug, int64_t now,
                        int64_t *id)
{
    store_stmt *st = store_prepare(db, "INSERT INTO brands (name, slug, created_at) "
                                       "VALUES ($1, $2, $3) ON CONFLICT (slug) DO NOTHING "
                                       "RETURNING id");
    if (!st)
        return STORE_ERR;
    store_bind_text(st, 1, name);
    store_bind_text(st, 2, slug);
    store_bind_i64(st, 3, now);
    int rc = store_step(st);
    if (rc == STORE_ROW)
        *id = store_col_i64(st, 0);
    store_reset(st);
    return rc == STORE_ROW ? STORE_DONE : rc == STORE_DONE ? STORE_UNIQUE : rc;
}

/* Finds the row of a table whose slug is slug or legacy (catalog.h:
 * rows keep the slug they were made with); sql selects the id with $1 and
 * $2.  STORE_ROW with *id, STORE_DONE when none, or a store error. */
static int slug_find(store_conn *db, const char *sql, const char *slug, const char *legacy,
                     int64_t *id)
{
    store_stmt *st = store_prepare(db, sql);
    if (!st)
        return STORE_ERR;
    store_bind_text(st, 1, slug);
    store_bind_text(st, 2, legacy);
    int rc = store_step(st);
    if (rc == STORE_ROW)
        *id = store_col_i64(st, 0);
    store_reset(st);
    return rc;
}

/* The brand of that name: its slug into slug (slen bytes), and the brand
 * that has it, or its older slug, as slug_find answers. */
static int brand_find(store_conn *db, const char *name, char *slug, size_t slen, int64_t *id)
{
    char legacy[AG_SLUG_MAX + 1];
    catalog_slugify(name, slug, slen);
    catalog_slugify_legacy(name, legacy, sizeof legacy);
    return slug_find(db, "SELECT id FROM brands WHERE slug = $1 OR slug = $2 ORDER BY id LIMIT 1",
                     slug, legacy, id);
}

enum errcode catalog_brand_create(store_conn *db, const char *name, int64_t now, json_t **out)
{
    char slug[AG_SLUG_MAX + 1];
    int64_t id = 0;
    int rc = brand_find(db, name, slug, sizeof slug, &id);
    if (rc == STORE_ROW)
        return ERR_ALREADY_EXISTS;
    if (rc == STORE_DONE)
        rc = brand_insert(db, name, slug, now, &id);
    if (rc != STORE_DONE)
        return catalog_store_err(rc);
    return catalog_get_one(db, "SELECT id, name, slug, created_at FROM brands WHERE id = $1",
                           id, brand_json, out);
}

int catalog_brand_ensure(store_conn *db, const char *name, int64_t now, int64_t *id)
{
    char slug[AG_SLUG_MAX + 1];
    int rc = brand_find(db, name, slug, sizeof slug, id);
    if (rc == STORE_ROW)
        return STORE_DONE;
    if (rc != STORE_DONE)
        return rc;
    return brand_insert(db, name, slug, now, id);
}

enum errcode catalog_brand_list(store_conn *db, struct catalog_page *pg, json_t *items)
{
    return catalog_list_rows(db,
                             "SELECT id, name, slug, created_at FROM brands WHERE id > $1 "
                             "ORDER BY id LIMIT $2",
                             pg, NULL, NULL, brand_json, items);
}

/* Categories ------------------------------------------------------------- */

#define CATEGORY_COLUMNS "id, parent_id, name, slug, google_category_id, created_at"

static json_t *category_json(store_stmt *st)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", js_id(store_col_i64(st, 0)));
    json_object_set_new(o, "parent_id", catalog_col_json_id(st, 1));
    json_object_set_new(o, "name", json_string(store_col_text(st, 2)));
    json_object_set_new(o, "slug", json_string(store_col_text(st, 3)));
    json_object_set_new(o, "google_category_id",
                        store_col_is_null(st, 4) ? json_null()
                                                 : json_integer(store_col_i64(st, 4)));
    json_object_set_new(o, "created_at", js_time(store_col_i64(st, 5)));
    return o;
}

/* The slugs of a category named name under parent_id (0 for a root): as
 * made now (the parent's slug, folded again when it is an older one, a
 * dash, this name's) and as older versions made it.  STORE_ROW, STORE_DONE
 * when the parent does not exist, or a store error. */
static int category_slugs(store_conn *db, const char *name, int64_t parent_id, char *slug,
                          char *legacy, size_t len)
{
    char own[AG_SLUG_MAX + 1], old_own[AG_SLUG_MAX + 1], parent[AG_SLUG_MAX + 1];
    catalog_slugify(name, own, sizeof own);
    catalog_slugify_legacy(name, old_own, sizeof old_own);
    snprintf(slug, len, "%s", own);
    snprintf(legacy, len, "%s", old_own);
    if (!parent_id)
        return STORE_ROW;
    store_stmt *st = store_prepare(db, "SELECT slug FROM categories WHERE id = $1");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, parent_id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        const char *stored = store_col_text(st, 0);
        catalog_slugify(stored, parent, sizeof parent);
        snprintf(slug, len, "%s-%s", parent, own);
        snprintf(legacy, len, "%.*s-%s", AG_SLUG_MAX, stored, old_own);
    }
    store_reset(st);
    return rc;
}

#define CATEGORY_BY_SLUG "SELECT id FROM categories WHERE slug = $1 OR slug = $2 ORDER BY id LIMIT 1"

int catalog_category_find(store_conn *db, const char *name, int64_t parent_id, int64_t *id)
{
    char slug[AG_SLUG_MAX * 2 + 2], legacy[AG_SLUG_MAX * 2 + 2];
    int rc = category_slugs(db, name, parent_id, slug, legacy, sizeof slug);
    if (rc != STORE_ROW)
        return rc;
    return slug_find(db, CATEGORY_BY_SLUG, slug, legacy, id);
}

enum errcode catalog_category_create(store_conn *db, const char *name, int64_t parent_id,
                                     int64_t google_category_id, int64_t now, json_t **out,
                                     json_t **errors)
{
    char slug[AG_SLUG_MAX * 2 + 2], legacy[AG_SLUG_MAX * 2 + 2];
    int64_t id = 0;
    int rc = category_slugs(db, name, parent_id, slug, legacy, sizeof slug);
    if (rc == STORE_DONE) {
        jv_error_add(errors, "/parent_id", "is not an existing category");
        return ERR_VALIDATION;
    }
    if (rc == STORE_ROW)
        rc = slug_find(db, CATEGORY_BY_SLUG, slug, legacy, &id);
    if (rc == STORE_ROW)
        return ERR_ALREADY_EXISTS; /* the same name under the same parent */
    if (rc != STORE_DONE)
        return catalog_store_err(rc);
    store_stmt *st = store_prepare(
        db, "INSERT INTO categories (parent_id, name, slug, google_category_id, created_at) "
            "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (slug) DO NOTHING RETURNING id");
    if (!st)
        return ERR_INTERNAL;
    catalog_bind_opt(st, 1, parent_id);
    store_bind_text(st, 2, name);
    store_bind_text(st, 3, slug);
    catalog_bind_opt(st, 4, google_category_id);
    store_bind_i64(st, 5, now);
    rc = store_step(st);
    id = rc == STORE_ROW ? store_col_i64(st, 0) : 0;
    store_reset(st);
    if (rc == STORE_DONE)
        return ERR_ALREADY_EXISTS;
    if (rc != STORE_ROW)
        return catalog_store_err(rc);
    return catalog_get_one(db, "SELECT " CATEGORY_COLUMNS " FROM categories WHERE id = $1", id,
                           category_json, out);
}

static void category_bind_parent(store_stmt *st, const void *ctx)
{
    store_bind_i64(st, 3, *(const int64_t *)ctx);
}

enum errcode catalog_category_list(store_conn *db, int64_t parent, struct catalog_page *pg,
                                   json_t *items)
{
    if (parent < 0)
        return catalog_list_rows(db,
                                 "SELECT " CATEGORY_COLUMNS " FROM categories WHERE id > $1 "
                                 "ORDER BY id LIMIT $2",
                                 pg, NULL, NULL, category_json, items);
    if (parent == 0)
        return catalog_list_rows(db,
                                 "SELECT " CATEGORY_COLUMNS " FROM categories WHERE id > $1 "
                                 "AND parent_id IS NULL ORDER BY id LIMIT $2",
                                 pg, NULL, NULL, category_json, items);
    return catalog_list_rows(db,
                             "SELECT " CATEGORY_COLUMNS " FROM categories WHERE id > $1 "
                             "AND parent_id = $3 ORDER BY id LIMIT $2",
                             pg, category_bind_parent, &parent, category_json, items);
}
