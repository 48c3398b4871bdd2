/*
 * publish.h - writing one retailer item (listing + product + offer), the
 * one path shared by feed lines and POST /v1/offers.
 *
 * Identity: a product is global when the item has a GTIN (normalised to
 * 14 digits), else local to the retailer.  The retailer's listing
 * (retailer, item id) carries its own text and points at the product; a
 * new product's shared content is filled from the first listing and then
 * belongs to admins.  The offer is the listing's online offer (store 0) or
 * its offer at one store.  Nothing is written for what did not change, so
 * re-importing an unchanged feed keeps every updated_at and adds no price
 * history.  All writes happen inside the caller's write transaction.
 */
#ifndef AG_PUBLISH_H
#define AG_PUBLISH_H

#include <stdbool.h>
#include <stdint.h>

#include "catalog/offers.h"
#include "catalog/pricing.h"
#include "store/store.h"

struct publish_item {
    const char *item_id, *title, /* title NULL: keep the listing (local inventory) */
         *description, *link, *image_link, *brand, *mpn;
    const char *product_type, *google_category; /* may be NULL */
    const char *gtin;                           /* 14 digits, or NULL */
    bool gtin_given; /* the source has a GTIN field (else the product is kept) */
    int64_t store_id;                           /* 0: online */
    struct offer_prices prices;
    const char *availability;
    bool has_measure, has_base;
    struct pricing_measure measure, base;
};

/* Small string -> id caches for brands and categories within one run. */
struct publish_cache;
/* Queued items not yet written (publish_batch.h). */
struct publish_batch;

enum publish_result {
    PUBLISH_CREATED = 1,
    PUBLISH_UPDATED,
    PUBLISH_UNCHANGED,
    PUBLISH_DUPLICATE,  /* the same item and store came earlier in this run */
    PUBLISH_NO_LISTING, /* a line without title for an item never listed */
};

/* Told the outcome of each queued item, in queue order: the tag given to
 * publish_queue, the item's store, a publish_result and the offer's id
 * (0 for PUBLISH_DUPLICATE and PUBLISH_NO_LISTING). */
typedef void publish_result_fn(void *arg, long tag, int64_t store_id, int result,
                               int64_t offer_id);

struct publish_ctx {
    store_conn *db;
    int64_t retailer_id;
    int64_t now;
    int64_t run_id; /* feed import id (marks offers seen), 0 outside feeds */
    struct publish_cache *cache; /* owned; publish_end frees it */
    struct publish_batch *batch; /* owned; publish_end frees it */
    publish_result_fn *on_result; /* may be NULL */
    void *on_result_arg;
    long created, updated, unchanged, price_changes;
};

void publish_begin(struct publish_ctx *c, store_conn *db, int64_t retailer_id, int64_t now,
                   int64_t run_id);
/* Frees the context; items still queued are dropped (flush first). */
void publish_end(struct publish_ctx *c);

/* Writes it now (publish_flush of a batch of one).  Returns a
 * publish_result (> 0) or a negative store error; *offer_id gets the
 * offer's id. */
int publish_item(struct publish_ctx *c, const struct publish_item *it, int64_t *offer_id);

/* Batched publishing (feeds): queues a copy of it, and writes the batch
 * when AG_PUBLISH_BATCH items wait.  Outcomes go to c->on_result, at the
 * latest at publish_flush.  Returns STORE_DONE or a store error. */
int publish_queue(struct publish_ctx *c, const struct publish_item *it, long tag);
/* Decides and writes every queued item, exactly as publish_item would
 * one after the other.  Returns STORE_DONE or a store error. */
int publish_flush(struct publish_ctx *c);

/* Marks the offers of an item whose line was bad as seen (skip_bad keeps
 * them as they were instead of treating them as absent); flushes first. */
int publish_mark_seen(struct publish_ctx *c, const char *item_id, int64_t store_id);

/* Bulk mode for feeds: new products are indexed for search in one pass at
 * publish_search_flush instead of one by one (see search_defer in the
 * migrations).  Both return store results; flush before committing. */
int publish_search_defer(store_conn *db);
int publish_search_flush(store_conn *db);

/* Full snapshot: offers of the retailer in scope (online when store_id is
 * 0, else that store) not seen in this run become out of stock.  *n gets
 * how many changed.  Flush before. */
int publish_absent_out_of_stock(struct publish_ctx *c, int64_t store_id, long *n);

#endif
