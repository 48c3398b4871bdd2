/*
 * offers.h - offers and their price history: rules and storage (no HTTP).
 *
 * An offer is one retailer's price for one product, online (store 0) or at
 * one store.  Every change of a price field (price, sale price, sale
 * window, currency) appends a row to price_history; when a sale is on or
 * announced, the offer keeps its reference price (the lowest price applied
 * in the 30 days before the sale began, pricing.h) and the real reduction
 * in basis points, so that "on sale, sorted by reduction" is one indexed
 * query.  Staff change only their own retailer's offers.
 */
#ifndef AG_OFFERS_H
#define AG_OFFERS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "catalog/catalog.h"
#include "catalog/near.h"
#include "catalog/pricing.h"
#include "catalog/retailers.h"
#include "core/limits.h"

/* Availability values (Merchant Center), NULL-ended. */
extern const char *const catalog_availability[];

/* The price fields of an offer. */
struct offer_prices {
    char currency[4];
    struct pricing_state s; /* sale_price -1 and 0 times when none */
};

/* 1 when a and b are the same prices (nothing to record). */
bool catalog_offer_prices_equal(const struct offer_prices *a, const struct offer_prices *b);

/* Writes new prices for offer id if they differ from old: updates the
 * offer, appends to the history and recomputes the reference.  *changed
 * says whether anything was written.  Returns a store result. */
int catalog_offer_set_prices(store_conn *db, int64_t id, const struct offer_prices *old,
                             const struct offer_prices *now_prices, int64_t old_sale_since,
                             int64_t now, bool *changed);

/* When the sale of new prices np began, for an offer that had old prices
 * and sale_since old_sale_since (0: none), changed at time now: its
 * sale_start, but never before the sale was first seen. */
int64_t catalog_offer_sale_since(const struct offer_prices *old, const struct offer_prices *np,
                                 int64_t old_sale_since, int64_t now);

/* Lowest price of offer id in currency during [since - 30 days, since),
 * from its price history.  Returns 1 with *low, 0 when the history has
 * nothing then, or a store error. */
int catalog_offer_reference(store_conn *db, int64_t id, const char *currency, int64_t since,
                            int64_t *low);

/* The same from history rows read elsewhere (several offers' at once):
 * start a scan for a sale beginning at since, add the offer's rows newest
 * first (recorded_at, price, sale_price, sale_start, sale_end from column
 * col) while catalog_reference_add returns true, then take the low
 * (returns 1 with *low, or 0). */
struct catalog_reference_scan {
    int64_t since;
    size_t n;
    struct pricing_point h[AG_HISTORY_SCAN_MAX];
};
void catalog_reference_start(struct catalog_reference_scan *s, int64_t since);
bool catalog_reference_add(struct catalog_reference_scan *s, store_stmt *st, int col);
int catalog_reference_low(struct catalog_reference_scan *s, int64_t *low);

/* The JSON of one offer at time now. */
enum errcode catalog_offer_get(store_conn *db, int64_t id, int64_t now, json_t **out);

/* PATCH: the body's price, sale_price (null clears the sale), sale_start,
 * sale_end and availability.  Checks permission and the sale window
 * (errors appended with pointers). */
enum errcode catalog_offer_patch(store_conn *db, const struct catalog_actor *actor, int64_t id,
                                 const json_t *body, int64_t now, json_t **errors);

/* Filters of GET /v1/offers. */
struct offer_query {
    const char *match; /* NULL, or the full-text expression of q (search_match_expr):
                          offers of the products it matches, as GET /v1/search */
    bool on_sale;
    struct catalog_near near; /* near.on: store offers within the radius only */
    int64_t retailer_id, store_id, product_id;
    char currency[4]; /* "" or the one currency listed */
    /* By price: by currency, then effective price (prices are compared
     * only within one currency). */
    enum { OFFER_SORT_ID, OFFER_SORT_REDUCTION, OFFER_SORT_PRICE } sort;
    bool has_cursor;
    char cursor_currency[4]; /* sort by price */
    int64_t cursor_key, cursor_id;
    int limit;
    int64_t now;
};
/* Where a page of offers ended: the cursor of the next one. */
struct offer_list_end {
    char currency[4]; /* sort by price */
    int64_t key, id;
};
/* Appends offers to items; *more and where the page ended. */
enum errcode catalog_offer_list(store_conn *db, const struct offer_query *q, json_t *items,
                                bool *more, struct offer_list_end *end);

/* Every offer of a product (at most AG_PRODUCT_OFFERS_MAX), cheapest
 * first; with near->on only online offers and stores within the radius,
 * each with distance_km.  The cheapest of each currency is marked
 * "cheapest". */
enum errcode catalog_product_offers(store_conn *db, int64_t product_id,
                                    const struct catalog_near *near, int64_t now, json_t *items);

/* The price history of a product's offers, newest first, paginated by
 * history id (pg->after: 0 for the first page, else the last id seen). */
enum errcode catalog_price_history(store_conn *db, int64_t product_id, int64_t offer_id,
                                   struct catalog_page *pg, json_t *items);

/* The SQL expression of the effective price of offer alias o at $N (the
 * time parameter's number given as text, e.g. "3"). */
#define OFFER_EFFECTIVE_SQL(n)                                                               \
    "(CASE WHEN o.sale_price IS NOT NULL AND (o.sale_start IS NULL OR o.sale_start <= $" n    \
    ") AND (o.sale_end IS NULL OR o.sale_end > $" n ") THEN o.sale_price ELSE o.price END)"

/* The columns read by catalog_offer_row_json, for "SELECT " OFFER_COLUMNS
 * ... OFFER_FROM: the offer o, its listing l and its product p (the
 * shared title and GTIN, as the product page and search hits show). */
#define OFFER_COLUMNS                                                                         \
    "o.id, o.listing_id, o.retailer_id, o.product_id, o.store_id, o.currency, o.price, "      \
    "o.sale_price, o.sale_start, o.sale_end, o.unit_measure, o.unit_measure_unit, "           \
    "o.unit_base, o.unit_base_unit, o.availability, o.updated_at, o.ref_price, "              \
    "o.sale_since, l.item_id, p.title, p.gtin, p.image_url, p.brand_id, b.name"
#define OFFER_NCOLS 24
#define OFFER_FROM                                                                            \
    " FROM offers o JOIN listings l ON l.id = o.listing_id "                                  \
    "JOIN products p ON p.id = o.product_id LEFT JOIN brands b ON b.id = p.brand_id "

/* An offer row (OFFER_COLUMNS from column 0) as JSON at time now. */
json_t *catalog_offer_row_json(store_stmt *st, int64_t now);

#endif
