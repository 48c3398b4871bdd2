/*
 * follow.h - a shopper following retailers and brands.
 *
 * Following is idempotent (following twice keeps the first follow and its
 * time); the target must exist; one account follows at most
 * AG_FOLLOWS_MAX targets.  A follow of a retailer or brand that the
 * catalog deletes goes with it (ON DELETE CASCADE).  Functions return
 * store results.
 */
#ifndef AG_PEOPLE_FOLLOW_H
#define AG_PEOPLE_FOLLOW_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "people/catalog_refs.h"
#include "people/rows.h"
#include "store/store.h"

/* kind is PEOPLE_REF_RETAILER or PEOPLE_REF_BRAND in every call. */

/* Follows target; *created is false when it was followed already. */
int follow_add(store_conn *db, int64_t account_id, enum people_ref kind, int64_t target,
               int64_t now, bool *created);
/* Unfollows; *removed is false when it was not followed. */
int follow_remove(store_conn *db, int64_t account_id, enum people_ref kind, int64_t target,
                  bool *removed);
/* Number of follows of the account, or a negative error. */
int64_t follow_count(store_conn *db, int64_t account_id);

/* The follow as {"kind","id","name","followed_at"} (new reference);
 * STORE_DONE with *out, or STORE_ROW never; an error otherwise. */
int follow_get_json(store_conn *db, int64_t account_id, enum people_ref kind, int64_t target,
                    json_t **out);

/* A page of follows, newest first, with follow row ids below before_id;
 * kind_filter is PEOPLE_REF_RETAILER, PEOPLE_REF_BRAND or -1 for both; the
 * key is the follow's own id (see rows.h for pg). */
int follow_list(store_conn *db, int64_t account_id, int kind_filter, int64_t before_id,
                struct people_page *pg);

/* Personal-data part "follows": every follow, oldest first (new reference
 * in *out; see personal_data.h). */
int follow_export(store_conn *db, int64_t account_id, json_t **out);
int follow_erase(store_conn *db, int64_t account_id, int64_t now);

#endif
