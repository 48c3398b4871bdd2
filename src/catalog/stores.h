/*
 * stores.h - a retailer's stores: address, location, IANA time zone,
 * weekly opening hours in local time, date exceptions and "open now".
 * Rules and storage, no HTTP.
 *
 * Staff write only their own retailer's stores; admins any (checked here).
 * A store without coordinates is allowed (it is then never "near"); the
 * importer reports such lines rather than inventing a location.
 */
#ifndef AG_STORES_H
#define AG_STORES_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "catalog/catalog.h"
#include "catalog/hours.h"
#include "catalog/retailers.h"

/* A store as written.  NULL strings are "not given" (kept on PATCH). */
struct catalog_store_in {
    const char *code, *name, *address, *city, *postal_code, *country, *time_zone, *phone;
    int location; /* 1: lat/lon given; 0: not given; -1: clear it */
    double lat, lon;
};

/* Checks what only rules can check (time zone known, location complete);
 * pointers are prefixed with base ("" for a body).  Appends to *errors
 * and returns ERR_VALIDATION, or ERR_OK. */
enum errcode catalog_store_check(const struct catalog_store_in *in, const char *base,
                                 json_t **errors);

/* Parses the "hours" array of a body ([{weekday, opens, closes}]) into
 * week (at most AG_HOURS_MAX); errors appended as for a body. */
enum errcode catalog_hours_from_json(const json_t *arr, struct hours_interval *week,
                                     size_t *n, json_t **errors);
/* Same for "exceptions" ([{date, opens, closes, closed, note}]); notes
 * are borrowed from arr. */
enum errcode catalog_exceptions_from_json(const json_t *arr, struct hours_exception *exc,
                                          size_t *n, json_t **errors);

/* Creates a store of retailer_id; ERR_FORBIDDEN for staff of another
 * retailer, ERR_NOT_FOUND when the retailer does not exist,
 * ERR_ALREADY_EXISTS when the code is taken. */
enum errcode catalog_store_create(store_conn *db, const struct catalog_actor *actor,
                                  int64_t retailer_id, const struct catalog_store_in *in,
                                  int64_t now, int64_t *id);

/* What an import did to a store. */
enum catalog_upsert { CATALOG_CREATED, CATALOG_UPDATED, CATALOG_UNCHANGED };

/* Inserts or updates by (retailer, code) for imports; *did says which.
 * Unchanged rows are not written. */
enum errcode catalog_store_upsert(store_conn *db, int64_t retailer_id,
                                  const struct catalog_store_in *in, int64_t now,
                                  enum catalog_upsert *did);
/* Changes the given fields. */
enum errcode catalog_store_patch(store_conn *db, const struct catalog_actor *actor,
                                 int64_t store_id, const struct catalog_store_in *in,
                                 int64_t now);
/* Replace the weekly hours / all date exceptions of a store. */
enum errcode catalog_store_set_hours(store_conn *db, int64_t store_id,
                                     const struct hours_interval *week, size_t n);
enum errcode catalog_store_set_exceptions(store_conn *db, int64_t store_id,
                                          const struct hours_exception *exc, size_t n);

/* The store's retailer (for permission checks): ERR_OK or ERR_NOT_FOUND. */
enum errcode catalog_store_retailer(store_conn *db, int64_t store_id, int64_t *retailer_id);

/* The JSON of a store with its hours, exceptions from yesterday on, and
 * open_now at time now. */
enum errcode catalog_store_get(store_conn *db, int64_t id, int64_t now, json_t **out);
enum errcode catalog_store_list(store_conn *db, int64_t retailer_id, int64_t now,
                                struct catalog_page *pg, json_t *items);

#endif
