/*
 * geo.h - distances on the Earth and bounding boxes for "near" queries.
 *
 * Distances are great-circle (haversine, mean Earth radius 6371.0088 km),
 * good to about 0.5 % anywhere, which is plenty for "shops within 10 km".
 * A bounding box lets SQL prefilter with plain comparisons on indexed
 * latitude/longitude columns before the exact check in C.
 */
#ifndef AG_GEO_H
#define AG_GEO_H

#include <stdbool.h>

#define GEO_EARTH_RADIUS_KM 6371.0088

struct geo_box {
    double min_lat, max_lat, min_lon, max_lon;
};

/* Great-circle distance in km between two points given in degrees. */
double geo_distance_km(double lat1, double lon1, double lat2, double lon2);

/* A box that contains every point within radius_km of (lat, lon); near a
 * pole or the antimeridian it widens to the full longitude range. */
void geo_box_around(double lat, double lon, double radius_km, struct geo_box *out);

/* 1 if latitude and longitude are within their ranges. */
bool geo_valid(double lat, double lon);

#endif
