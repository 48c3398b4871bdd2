/*
 * handlers.h - the HTTP handlers of the catalog, for the route table
 * (src/routes.c), and the helpers they share (catalog_http.c).  Each
 * handler is documented at its definition.
 */
#ifndef AG_CATALOG_HANDLERS_H
#define AG_CATALOG_HANDLERS_H

#include "catalog/catalog.h"
#include "catalog/near.h"
#include "catalog/retailers.h"
#include "http/http.h"

/* retailers_http.c */
int cat_retailers_list(struct http_req *req, struct http_res *res);
int cat_retailer_create(struct http_req *req, struct http_res *res);
int cat_retailer_get(struct http_req *req, struct http_res *res);
int cat_brands_list(struct http_req *req, struct http_res *res);
int cat_brand_create(struct http_req *req, struct http_res *res);
int cat_categories_list(struct http_req *req, struct http_res *res);
int cat_category_create(struct http_req *req, struct http_res *res);

/* stores_http.c */
int cat_stores_list(struct http_req *req, struct http_res *res);
int cat_store_create(struct http_req *req, struct http_res *res);
int cat_store_get(struct http_req *req, struct http_res *res);
int cat_store_patch(struct http_req *req, struct http_res *res);

/* products_http.c */
int cat_products_list(struct http_req *req, struct http_res *res);
int cat_product_get(struct http_req *req, struct http_res *res);
int cat_product_patch(struct http_req *req, struct http_res *res);
int cat_product_offers(struct http_req *req, struct http_res *res);
int cat_product_history(struct http_req *req, struct http_res *res);

/* offers_http.c */
int cat_offers_list(struct http_req *req, struct http_res *res);
int cat_offer_publish(struct http_req *req, struct http_res *res);
int cat_offer_get(struct http_req *req, struct http_res *res);
int cat_offer_patch(struct http_req *req, struct http_res *res);

/* feeds_http.c */
int cat_feed_upload(struct http_req *req, struct http_res *res);

/* search_http.c */
int cat_search(struct http_req *req, struct http_res *res);

/* catalog_http.c: shared by the handlers above. */
/* The actor of the request. */
struct catalog_actor cat_actor(const struct http_req *req);
/* Answers an error code from the rules: 422 with errors (stolen, may be
 * NULL), 403, 404 ... detail may be NULL. */
int cat_fail(struct http_res *res, enum errcode e, json_t *errors, const char *detail);
/* Reads limit and an id cursor into pg; on a bad cursor answers 422 and
 * returns -1. */
int cat_page(struct http_req *req, struct http_res *res, struct catalog_page *pg);
/* {"items": items, "next_cursor": ...} for an id-paginated list. */
int cat_page_answer(struct http_req *req, struct http_res *res, json_t *items,
                    const struct catalog_page *pg);
/* Opens a write transaction or answers 503/500 (returns its status). */
int cat_begin(struct http_req *req, struct http_res *res);
/* Reads near=LAT,LON and radius_km (default 10) into near (near->on when
 * given).  Returns 0, or -1 with the 422 written (radius without near). */
int cat_near(struct http_req *req, struct http_res *res, struct catalog_near *near);

#endif
