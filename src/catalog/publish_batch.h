/*
 * publish_batch.h - the state of one batch of queued items, shared by
 * publish.c (the rules: what each item changes), publish_load.c (what the
 * database holds for the batch, read with a few IN-list queries) and
 * publish_write.c (the changes, written with multi-row statements).
 * Private to those three files.
 *
 * A batch is decided in queue order against the state it loaded, which
 * the rules update as they go (a listing created by one line is found by
 * the next line of the same item), so every line sees what the lines
 * before it wrote, as if each were written on its own.  New rows get ids
 * reserved up front (store_reserve_ids), so nothing needs RETURNING.
 */
#ifndef AG_PUBLISH_BATCH_H
#define AG_PUBLISH_BATCH_H

#include "catalog/idmap.h"
#include "catalog/publish.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/limits.h"

/* A listing as the batch knows it (strings in the batch's arena). */
struct pb_listing {
    int64_t id, product_id;
    const char *gtin; /* its product's GTIN; NULL for a local product */
    const char *title, *description, *link, *image_link, *mpn, *product_type, *google_category;
};

/* An offer as the batch knows it. */
struct pb_offer {
    int64_t id, listing_id, store_id, sale_since, feed_seen;
    struct offer_prices prices;
    const char *availability, *measure_unit, *base_unit; /* NULL when none */
    double measure, base;
};

/* A queued item (strings copied into the arena) and its caller's tag. */
struct pb_entry {
    struct publish_item it;
    long tag;
};

/* Rows to write.  it borrows the entry's item. */
struct pb_product_row {
    const struct publish_item *it;
    int64_t id, brand_id, category_id;
};
struct pb_listing_row {
    const struct publish_item *it;
    int64_t id, product_id;
    int64_t old_product_id; /* changed rows: the product it leaves, or its own */
};
struct pb_offer_row {
    const struct publish_item *it;
    int64_t id, listing_id, product_id;
    int64_t sale_since; /* 0: none */
    bool has_ref;
    int64_t ref_price, reduction_bp;
};
struct pb_price_change {
    const struct publish_item *it;
    int64_t offer_id, old_sale_since;
    struct offer_prices old;
    /* The offer's new sale beginning and reference, computed when the
     * batch is written (offers.h): has_ref false when none. */
    int64_t sale_since, ref_price, reduction_bp;
    bool has_ref;
};

enum pb_table { PB_PRODUCTS, PB_LISTINGS, PB_OFFERS, PB_NTABLES };

/* The shape of a statement with groups of parameters: "head (P, P, ..),
 * (..) tail", nrows groups of ncols parameters numbered from first, each
 * written as param (a printf format of the number: "$%d", or
 * "CAST($%d AS BIGINT)" where PostgreSQL cannot infer a type, as in
 * VALUES).  head, param and tail are string literals. */
struct pb_shape {
    const char *head, *param, *tail;
    int first, ncols, nrows;
};

/* A shape's statement, prepared once per publish context (a few dozen
 * shapes: each head with power-of-two row counts); shapes compare by
 * address.  Statements stay valid until the connection is released, which
 * comes after publish_end. */
struct pb_sql {
    struct pb_shape shape;
    bool replan;
    store_stmt *st; /* borrowed from the connection's cache */
};
#define PB_SQL_CACHE 64

struct publish_batch {
    struct arena *arena; /* owned: the entries' strings and loaded text */
    struct pb_entry entries[AG_PUBLISH_BATCH];
    int n, cur; /* queued; the one being decided */
    /* Loaded and decided state: item_id -> listings[], "listing:store" ->
     * offers[], GTIN -> product id (0: known to have no product). */
    struct pb_listing listings[AG_PUBLISH_BATCH];
    struct pb_offer offers[2 * AG_PUBLISH_BATCH]; /* online ones of loaded listings too */
    int nlistings, noffers;
    struct idmap listing_ix, offer_ix, gtins;
    /* Reserved ids, per table. */
    int64_t ids[PB_NTABLES][AG_PUBLISH_BATCH];
    int nids[PB_NTABLES], used[PB_NTABLES];
    /* What to write. */
    struct pb_product_row products[AG_PUBLISH_BATCH];
    struct pb_listing_row new_listings[AG_PUBLISH_BATCH], changed_listings[AG_PUBLISH_BATCH];
    struct pb_offer_row new_offers[AG_PUBLISH_BATCH], changed_offers[AG_PUBLISH_BATCH];
    int64_t seen[AG_PUBLISH_BATCH]; /* offers only marked seen */
    struct pb_price_change prices[AG_PUBLISH_BATCH];
    int nproducts, nnew_listings, nchanged_listings, nnew_offers, nchanged_offers, nseen, nprices;
    struct pb_sql sql[PB_SQL_CACHE];
    int nsql;
};

/* The key of an offer in offer_ix ("listing:store") into out[32]. */
void pb_offer_key(int64_t listing_id, int64_t store_id, char *out, size_t outlen);

/* Loads the listings, offers and products by GTIN that the queued entries
 * may need.  Returns STORE_DONE or an error. */
int pb_load(struct publish_ctx *c);
/* The product of one GTIN the load did not ask for; *id 0 when none. */
int pb_load_gtin(struct publish_ctx *c, const char *gtin, int64_t *id);

/* Writes the batch's rows, in an order that satisfies the foreign keys.
 * Returns STORE_DONE or an error. */
int pb_write(struct publish_ctx *c);

/* Writes the shape's text into b.  Returns 0 or -1 when b is full. */
int pb_sql_rows(struct buf *b, const struct pb_shape *s);
/* The shape's statement (store_prepare, or store_prepare_replan when
 * replan), kept in the batch; NULL on failure. */
store_stmt *pb_prepare(struct publish_ctx *c, const struct pb_shape *s, bool replan);
/* The rows of the next statement of a chunked write: the largest power of
 * two <= min(left, AG_PUBLISH_ROWS_MAX), so that few statement texts are
 * prepared. */
int pb_chunk(int left);

#endif
