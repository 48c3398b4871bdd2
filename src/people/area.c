/*
 * area.c - snapping a home to the coarse grid (see area.h for the grid).
 */
#include "people/area.h"

#include <math.h>
#include <stddef.h>

/* Candidate longitude steps, thousandths of a degree; each divides 360. */
static const int area_lon_steps[] = {10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000};

#define AREA_NSTEPS (sizeof area_lon_steps / sizeof area_lon_steps[0])
#define AREA_PI 3.14159265358979323846

bool people_area_valid(double lat, double lon)
{
    return isfinite(lat) && isfinite(lon) && lat >= -90.0 && lat <= 90.0 && lon >= -180.0 &&
           lon <= 180.0;
}

int people_area_lon_step_milli(double lat_r)
{
    double c = cos(lat_r * AREA_PI / 180.0);
    if (c <= 0.0)
        return 0;
    /* The step that keeps the cell as wide as it is tall (0.01 degree of
     * latitude); a tiny tolerance keeps the equator on 0.01. */
    double need = (double)PEOPLE_AREA_LAT_STEP_MILLI / c - 1e-9;
    for (size_t i = 0; i < AREA_NSTEPS; i++)
        if ((double)area_lon_steps[i] >= need)
            return area_lon_steps[i];
    return 0;
}

int people_area_round(double lat, double lon, struct people_area *out)
{
    if (!people_area_valid(lat, lon))
        return -1;
    /* Work in integer thousandths of a degree so that the result is the
     * nearest double of a short decimal, whatever the input. */
    long long lat_k = llround(lat * 1000.0 / PEOPLE_AREA_LAT_STEP_MILLI);
    long long lat_milli = lat_k * PEOPLE_AREA_LAT_STEP_MILLI;
    double lat_r = (double)lat_milli / 1000.0;
    int step = people_area_lon_step_milli(lat_r);
    long long lon_milli = 0;
    if (step > 0) {
        long long lon_k = llround(lon * 1000.0 / step);
        lon_milli = lon_k * step;
        if (lon_milli >= 180000) /* 180 E is 180 W */
            lon_milli -= 360000;
    }
    out->lat = lat_r;
    out->lon = (double)lon_milli / 1000.0;
    return 0;
}
