/*
 * seed_history.c - the back-dated price history of the generated offers,
 * written set-based once the offers exist (three statements instead of one
 * per row: the scale data set has over a million).
 *
 * It records what seed_offers.c priced (see there):
 *   - every offer: its regular price when first seen (the product's
 *     creation), i.e. the reference price of a sale (ref_price), or the
 *     price when there is no sale;
 *   - a "fake" sale (ref_price below the price): the raise to the current
 *     price ten days before the sale started;
 *   - every sale: the current state, when it was announced (updated_at).
 * So the catalog's rule (lowest price of the 30 days before the sale)
 * finds the stored ref_price again from this history.
 */
#include "seed/seed_gen.h"

static const char *const seed_history_sql[] = {
    "INSERT INTO price_history (offer_id, recorded_at, currency, price) "
    "SELECT o.id, p.created_at, o.currency, COALESCE(o.ref_price, o.price) FROM offers o "
    "JOIN products p ON p.id = o.product_id WHERE o.id > $1 ORDER BY o.id",
    "INSERT INTO price_history (offer_id, recorded_at, currency, price) "
    "SELECT o.id, o.sale_start - 864000, o.currency, o.price FROM offers o "
    "WHERE o.id > $1 AND o.ref_price < o.price ORDER BY o.id",
    "INSERT INTO price_history (offer_id, recorded_at, currency, price, sale_price, "
    "sale_start, sale_end) SELECT o.id, o.updated_at, o.currency, o.price, o.sale_price, "
    "o.sale_start, o.sale_end FROM offers o WHERE o.id > $1 AND o.sale_price IS NOT NULL "
    "ORDER BY o.id",
};

int seed_history_write(store_conn *db, int64_t floor)
{
    for (size_t i = 0; i < sizeof seed_history_sql / sizeof seed_history_sql[0]; i++) {
        store_stmt *st = store_prepare(db, seed_history_sql[i]);
        if (!st)
            return seed_fail(db, "cannot prepare price history");
        store_bind_i64(st, 1, floor);
        if (store_run(st) != STORE_DONE)
            return seed_fail(db, "cannot write price history");
    }
    return 0;
}
