/*
 * interest.h - a profile's interests: catalog categories, brands and free
 * tags.
 *
 * Each list is replaced as a whole (PATCH /v1/me sends the new list).
 * Duplicates collapse; the counts are bounded by AG_INTEREST_*_MAX and
 * tags are cleaned by people_text_clean first.  Categories and brands must
 * exist (checked by the caller with people_ref_exists, so that every
 * missing one is reported; the foreign keys guard the rest).  Functions
 * return store results.
 */
#ifndef AG_PEOPLE_INTEREST_H
#define AG_PEOPLE_INTEREST_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "people/catalog_refs.h"
#include "store/store.h"

/* Replaces the category (kind PEOPLE_REF_CATEGORY) or brand interests of
 * account_id with ids[0..n). */
int interest_replace_ids(store_conn *db, int64_t account_id, enum people_ref kind,
                         const int64_t *ids, size_t n, int64_t now);
/* Replaces the tags with tags[0..n) (already cleaned). */
int interest_replace_tags(store_conn *db, int64_t account_id, const char *const *tags, size_t n,
                          int64_t now);

/* {"categories": [{"id","name"}], "brands": [{"id","name"}], "tags": [..]}
 * sorted by name: the personal-data part "interests" (new reference in
 * *out; see personal_data.h for the contract of export and erase). */
int interest_export(store_conn *db, int64_t account_id, json_t **out);
int interest_erase(store_conn *db, int64_t account_id, int64_t now);

#endif
