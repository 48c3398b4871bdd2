/*
 * area.h - the coarse home area: where a shopper lives, to about 1 km.
 *
 * Agora never stores a shopper's precise home.  A point is snapped to the
 * nearest node of a grid before it is written, and only that node is ever
 * stored or shown (to the shopper and, as their privacy setting allows, to
 * others).  The grid:
 *
 *   latitude   steps of 0.01 degree (1.11 km);
 *   longitude  the smallest step of 0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25,
 *              0.5, 1, 2, 2.5 or 5 degrees that is at least 1.11 km wide at
 *              the snapped latitude (so that cells do not shrink towards the
 *              poles: at 59.33 N the step is 0.02 degree, 1.14 km); every
 *              step divides 360, so cells tile each row evenly;
 *   poles      rows whose needed step exceeds 5 degrees (beyond 89.89
 *              degrees) collapse to longitude 0.
 *
 * A cell is therefore at least 1.11 km by 1.11 km and at most 1.11 km by
 * 2.23 km; the snapped node is within 1.3 km of the true point (outside
 * the polar rows).  Snapping
 * is idempotent, and snapped values are the nearest doubles of short
 * decimals (59.33, 18.08).  Pure functions: no I/O, unit-tested.
 */
#ifndef AG_PEOPLE_AREA_H
#define AG_PEOPLE_AREA_H

#include <stdbool.h>

/* Latitude step of the grid, in thousandths of a degree. */
#define PEOPLE_AREA_LAT_STEP_MILLI 10

/* A coarse point: a node of the grid. */
struct people_area {
    double lat; /* degrees, -90..90 */
    double lon; /* degrees, -180 <= lon < 180 */
};

/* 1 when lat/lon is a point on Earth: finite, |lat| <= 90, |lon| <= 180. */
bool people_area_valid(double lat, double lon);

/* Snaps lat/lon to the grid.  Returns 0, or -1 (out left untouched) when
 * the point is not valid. */
int people_area_round(double lat, double lon, struct people_area *out);

/* The longitude step (thousandths of a degree) used in the row of the
 * snapped latitude lat_r; 0 for the polar rows (longitude collapses). */
int people_area_lon_step_milli(double lat_r);

#endif
