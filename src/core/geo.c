/*
 * geo.c - haversine distances and bounding boxes (see geo.h).
 */
#include "core/geo.h"

#include <math.h>

#define GEO_DEG (M_PI / 180.0)

double geo_distance_km(double lat1, double lon1, double lat2, double lon2)
{
    double dlat = (lat2 - lat1) * GEO_DEG;
    double dlon = (lon2 - lon1) * GEO_DEG;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * GEO_DEG) * cos(lat2 * GEO_DEG) * sin(dlon / 2) * sin(dlon / 2);
    if (a > 1)
        a = 1;
    return 2 * GEO_EARTH_RADIUS_KM * asin(sqrt(a));
}

void geo_box_around(double lat, double lon, double radius_km, struct geo_box *out)
{
    double dlat = radius_km / (GEO_EARTH_RADIUS_KM * GEO_DEG);
    out->min_lat = lat - dlat;
    out->max_lat = lat + dlat;
    double c = cos(lat * GEO_DEG);
    double dlon = c > 1e-6 ? dlat / c : 360;
    if (out->max_lat >= 90 || out->min_lat <= -90 || dlon >= 180 || lon - dlon < -180 ||
        lon + dlon > 180) {
        out->min_lon = -180;
        out->max_lon = 180;
    } else {
        out->min_lon = lon - dlon;
        out->max_lon = lon + dlon;
    }
    if (out->min_lat < -90)
        out->min_lat = -90;
    if (out->max_lat > 90)
        out->max_lat = 90;
}

bool geo_valid(double lat, double lon)
{
    return isfinite(lat) && isfinite(lon) && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
}
