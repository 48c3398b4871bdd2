/*
 * catalog_refs.c - existence checks of catalog targets (see catalog_refs.h).
 */
#include "people/catalog_refs.h"

#include "catalog/catalog.h"

static const struct {
    const char *name;
    const char *exists_sql;
} people_refs[] = {
    [PEOPLE_REF_CATEGORY] = {"category", "SELECT 1 FROM categories WHERE id = $1"},
    [PEOPLE_REF_BRAND] = {"brand", "SELECT 1 FROM brands WHERE id = $1"},
    [PEOPLE_REF_RETAILER] = {"retailer", "SELECT 1 FROM retailers WHERE id = $1"},
};

const char *people_ref_name(enum people_ref kind)
{
    return people_refs[kind].name;
}

int people_ref_exists(store_conn *db, enum people_ref kind, int64_t id)
{
    return catalog_exists(db, people_refs[kind].exists_sql, id);
}
