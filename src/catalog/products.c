/*
 * products.c - products and listings (see products.h).
 */
#include "catalog/products.h"

#include <string.h>

#include "core/mem.h"
#include "json/js.h"
#include "json/validate.h"

#define PRODUCT_COLUMNS                                                                       \
    "p.id, p.gtin, p.local_retailer_id, p.title, p.description, p.brand_id, b.name, "        \
    "p.category_id, p.image_url, p.attributes, p.content_locked, p.created_at, p.updated_at"
#define PRODUCT_FROM " FROM products p LEFT JOIN brands b ON b.id = p.brand_id "

static json_t *product_row_json(store_stmt *st)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", js_id(store_col_i64(st, 0)));
    json_object_set_new(o, "gtin", catalog_col_json_text(st, 1));
    json_object_set_new(o, "local_retailer_id", catalog_col_json_id(st, 2));
    json_object_set_new(o, "title", json_string(store_col_text(st, 3)));
    json_object_set_new(o, "description", json_string(store_col_text(st, 4)));
    json_object_set_new(o, "brand", catalog_col_json_brand(st, 5));
    json_object_set_new(o, "category_id", catalog_col_json_id(st, 7));
    json_object_set_new(o, "image_url", catalog_col_json_text(st, 8));
    const char *attrs = store_col_text(st, 9);
    json_t *a = attrs ? json_loads(attrs, 0, NULL) : NULL;
    json_object_set_new(o, "attributes", a ? a : json_object());
    json_object_set_new(o, "content_locked", json_boolean(store_col_i64(st, 10) != 0));
    json_object_set_new(o, "created_at", js_time(store_col_i64(st, 11)));
    json_object_set_new(o, "updated_at", js_time(store_col_i64(st, 12)));
    return o;
}

int catalog_product_exists(store_conn *db, int64_t id)
{
    return catalog_exists(db, "SELECT 1 FROM products WHERE id = $1", id);
}

enum errcode catalog_product_get(store_conn *db, int64_t id, json_t **out)
{
    store_stmt *st = store_prepare(db, "SELECT " PRODUCT_COLUMNS PRODUCT_FROM "WHERE p.id = $1");
    if (!st)
        return ERR_INTERNAL;
    store_bind_i64(st, 1, id);
    int rc = store_step(st);
    json_t *o = rc == STORE_ROW ? product_row_json(st) : NULL;
    store_reset(st);
    if (rc != STORE_ROW)
        return rc == STORE_DONE ? ERR_NOT_FOUND : catalog_store_err(rc);
    st = store_prepare(db, "SELECT retailer_id, item_id, title, link, updated_at, description, "
                           "image_link, mpn FROM listings "
                           "WHERE product_id = $1 ORDER BY retailer_id, item_id LIMIT $2");
    if (!st) {
        json_decref(o);
        return ERR_INTERNAL;
    }
    store_bind_i64(st, 1, id);
    store_bind_i64(st, 2, AG_PRODUCT_OFFERS_MAX);
    json_t *ls = json_array();
    /* Each retailer's own text of the product. */
    while ((rc = store_step(st)) == STORE_ROW)
        json_array_append_new(
            ls, json_pack("{s:o,s:s,s:s,s:s,s:o,s:o,s:o,s:o}", "retailer_id",
                          js_id(store_col_i64(st, 0)), "item_id", store_col_text(st, 1), "title",
                          store_col_text(st, 2), "description", store_col_text(st, 5), "link",
                          catalog_col_json_text(st, 3), "image_link",
                          catalog_col_json_text(st, 6), "mpn", catalog_col_json_text(st, 7),
                          "updated_at", js_time(store_col_i64(st, 4))));
    store_reset(st);
    json_object_set_new(o, "listings", ls);
    if (rc != STORE_DONE) {
        json_decref(o);
        return catalog_store_err(rc);
    }
    *out = o;
    return ERR_OK;
}

enum errcode catalog_product_by_gtin(store_conn *db, const char *gtin14, json_t *items)
{
    store_stmt *st = store_prepare(db, "SELECT " PRODUCT_COLUMNS PRODUCT_FROM "WHERE p.gtin = $1");
    if (!st)
        return ERR_INTERNAL;
    store_bind_text(st, 1, gtin14);
    int rc = store_step(st);
    if (rc == STORE_ROW)
        json_array_append_new(items, product_row_json(st));
    store_reset(st);
    return rc == STORE_ROW || rc == STORE_DONE ? ERR_OK : catalog_store_err(rc);
}

struct product_filter {
    int64_t brand, category;
};

static void product_bind_filter(store_stmt *st, const void *ctx)
{
    const struct product_filter *f = ctx;
    store_bind_i64(st, 3, f->brand);
    store_bind_i64(st, 4, f->category);
}

enum errcode catalog_product_list(store_conn *db, int64_t brand_id, int64_t category_id,
                                  struct catalog_page *pg, json_t *items)
{
    struct product_filter f = {brand_id, category_id};
    return catalog_list_rows(db,
                             "SELECT " PRODUCT_COLUMNS PRODUCT_FROM "WHERE p.id > $1 "
                             "AND ($3 = 0 OR p.brand_id = $3) AND ($4 = 0 OR p.category_id = $4) "
                             "ORDER BY p.id LIMIT $2",
                             pg, product_bind_filter, &f, product_row_json, items);
}

/* Reads an optional nullable id member: 1 set, 0 absent, -1 null. */
static int product_body_id(const json_t *body, const char *key, int64_t *id)
{
    const json_t *v = json_object_get(body, key);
    if (!v)
        return 0;
    if (json_is_null(v))
        return -1;
    return js_parse_id(json_string_value(v), id) == 0 ? 1 : 0;
}

enum errcode catalog_product_patch(store_conn *db, int64_t id, const json_t *body, int64_t now,
                                   json_t **errors)
{
    int x = catalog_product_exists(db, id);
    if (x <= 0)
        return x == 0 ? ERR_NOT_FOUND : catalog_store_err(x);
    int64_t brand = 0, category = 0;
    int hb = product_body_id(body, "brand_id", &brand);
    int hc = product_body_id(body, "category_id", &category);
    if (hb > 0 && (x = catalog_exists(db, "SELECT 1 FROM brands WHERE id = $1", brand)) <= 0) {
        if (x < 0)
            return catalog_store_err(x);
        jv_error_add(errors, "/brand_id", "is not an existing brand");
    }
    if (hc > 0 &&
        (x = catalog_exists(db, "SELECT 1 FROM categories WHERE id = $1", category)) <= 0) {
        if (x < 0)
            return catalog_store_err(x);
        jv_error_add(errors, "/category_id", "is not an existing category");
    }
    if (*errors)
        return ERR_VALIDATION;
    const json_t *attrs = json_object_get(body, "attributes");
    char *attrs_text = attrs ? js_dump(attrs, NULL) : NULL;
    store_stmt *st = store_prepare(
        db, "UPDATE products SET title = COALESCE($2, title), "
            "description = COALESCE($3, description), "
            "brand_id = CASE WHEN $4 = 1 THEN $5 WHEN $4 = -1 THEN NULL ELSE brand_id END, "
            "category_id = CASE WHEN $6 = 1 THEN $7 WHEN $6 = -1 THEN NULL ELSE category_id END, "
            "image_url = COALESCE($8, image_url), attributes = COALESCE($9, attributes), "
            "content_locked = 1, updated_at = $10 WHERE id = $1");
    if (!st) {
        mem_free(attrs_text);
        return ERR_INTERNAL;
    }
    store_bind_i64(st, 1, id);
    store_bind_text(st, 2, js_get_str(body, "title"));
    store_bind_text(st, 3, js_get_str(body, "description"));
    store_bind_i64(st, 4, hb);
    store_bind_i64(st, 5, brand);
    store_bind_i64(st, 6, hc);
    store_bind_i64(st, 7, category);
    store_bind_text(st, 8, js_get_str(body, "image_url"));
    store_bind_text(st, 9, attrs_text);
    store_bind_i64(st, 10, now);
    int rc = store_run(st);
    mem_free(attrs_text);
    return rc == STORE_DONE ? ERR_OK : catalog_store_err(rc);
}
