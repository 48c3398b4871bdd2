/*
 * near.h - "within radius_km of a point" as portable SQL.
 *
 * A bounding box on the stores' indexed latitude/longitude, then an
 * equirectangular distance test in plain arithmetic (no trigonometry in
 * SQL: neither engine needs extensions), so one condition serves SQLite
 * and PostgreSQL inside any query, read-only transactions included.  The
 * distance shown to users is the great-circle one (geo.h), computed in C;
 * the two differ by well under 1 % at the radii we allow.
 */
#ifndef AG_NEAR_H
#define AG_NEAR_H

#include <stdbool.h>

#include "core/buf.h"
#include "store/store.h"

/* Parameters taken by the condition. */
#define CATALOG_NEAR_PARAMS 8

struct catalog_near {
    bool on;
    double lat, lon, radius_km;
};

/* Appends the condition on the store alias (its latitude and longitude
 * columns) with parameters $first .. $first + 7.  Returns first + 8. */
int catalog_near_sql(struct buf *sql, const char *alias, int first);
/* The values of those parameters, in order. */
void catalog_near_values(const struct catalog_near *n, double v[CATALOG_NEAR_PARAMS]);
/* Binds them from first on. */
void catalog_near_bind(store_stmt *st, int first, const struct catalog_near *n);
/* Great-circle distance from the point to (lat, lon), km. */
double catalog_near_km(const struct catalog_near *n, double lat, double lon);

#endif
