/*
 * products.h - products (global by GTIN, or local to a retailer) and their
 * listings: rules and storage, no HTTP.
 *
 * A product's shared content (title, description, brand, category, image,
 * attributes) is first filled from the first listing and then owned by
 * admins: only they change it (PATCH), which also locks it.
 */
#ifndef AG_PRODUCTS_H
#define AG_PRODUCTS_H

#include <jansson.h>
#include <stdint.h>

#include "catalog/catalog.h"
#include "catalog/retailers.h"
#include "core/limits.h"

/* The product with its listings. */
enum errcode catalog_product_get(store_conn *db, int64_t id, json_t **out);
/* The product of a normalised GTIN-14 (items gets 0 or 1 products). */
enum errcode catalog_product_by_gtin(store_conn *db, const char *gtin14, json_t *items);
/* Products by id, optionally of one brand and/or category (0: any). */
enum errcode catalog_product_list(store_conn *db, int64_t brand_id, int64_t category_id,
                                  struct catalog_page *pg, json_t *items);
/* Admin edit of the shared content from a validated body; errors for
 * unknown brand/category. */
enum errcode catalog_product_patch(store_conn *db, int64_t id, const json_t *body, int64_t now,
                                   json_t **errors);
/* 1 if the product exists, 0 if not, negative store error. */
int catalog_product_exists(store_conn *db, int64_t id);

#endif
