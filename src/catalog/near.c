/*
 * near.c - the portable "near a point" condition (see near.h).
 */
#include "catalog/near.h"

#include <math.h>

#include "core/geo.h"

/* Kilometres per degree of latitude, squared. */
#define NEAR_KY2 (111.19508 * 111.19508)

int catalog_near_sql(struct buf *sql, const char *a, int f)
{
    buf_printf(sql,
               "(%s.latitude BETWEEN $%d AND $%d AND %s.longitude BETWEEN $%d AND $%d AND "
               "(%s.latitude - $%d) * (%s.latitude - $%d) * %.4f + "
               "(%s.longitude - $%d) * (%s.longitude - $%d) * $%d <= $%d)",
               a, f, f + 1, a, f + 2, f + 3, a, f + 4, a, f + 4, NEAR_KY2, a, f + 5, a, f + 5,
               f + 6, f + 7);
    return f + CATALOG_NEAR_PARAMS;
}

void catalog_near_values(const struct catalog_near *n, double v[CATALOG_NEAR_PARAMS])
{
    struct geo_box box;
    geo_box_around(n->lat, n->lon, n->radius_km, &box);
    double c = cos(n->lat * M_PI / 180.0);
    v[0] = box.min_lat;
    v[1] = box.max_lat;
    v[2] = box.min_lon;
    v[3] = box.max_lon;
    v[4] = n->lat;
    v[5] = n->lon;
    v[6] = NEAR_KY2 * c * c;
    v[7] = n->radius_km * n->radius_km;
}

void catalog_near_bind(store_stmt *st, int first, const struct catalog_near *n)
{
    double v[CATALOG_NEAR_PARAMS];
    catalog_near_values(n, v);
    for (int i = 0; i < CATALOG_NEAR_PARAMS; i++)
        store_bind_double(st, first + i, v[i]);
}

double catalog_near_km(const struct catalog_near *n, double lat, double lon)
{
    return geo_distance_km(n->lat, n->lon, lat, lon);
}
