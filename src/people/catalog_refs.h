/*
 * catalog_refs.h - what people point at in the catalog: categories and
 * brands (interests), retailers and brands (follows).
 *
 * The people module only needs to know that a target exists; asking the
 * catalog (catalog_exists) through this one file keeps that dependency in
 * one place.
 */
#ifndef AG_PEOPLE_CATALOG_REFS_H
#define AG_PEOPLE_CATALOG_REFS_H

#include <stdint.h>

#include "store/store.h"

enum people_ref { PEOPLE_REF_CATEGORY, PEOPLE_REF_BRAND, PEOPLE_REF_RETAILER };

/* "category", "brand", "retailer". */
const char *people_ref_name(enum people_ref kind);

/* 1 when the target exists, 0 when not, or a negative store error. */
int people_ref_exists(store_conn *db, enum people_ref kind, int64_t id);

#endif
