/*
 * test_people_area.c - the coarse home grid (src/people/area.c).
 *
 * What a shopper relies on: the stored point is never more precise than
 * about 1 km (neighbouring grid nodes are at least 1.11 km apart at every
 * latitude), yet stays near the true home (within 1.3 km), snapping is
 * stable (a snapped point snaps to itself), and invalid points are
 * refused.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "people/area.h"

#define EARTH_KM 6371.0088
#define PI 3.14159265358979323846

static double km(double lat1, double lon1, double lat2, double lon2)
{
    double p1 = lat1 * PI / 180, p2 = lat2 * PI / 180;
    double dp = p2 - p1, dl = (lon2 - lon1) * PI / 180;
    double a = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
    return 2 * EARTH_KM * asin(sqrt(a));
}

/* A deterministic spread of points (no libc rand: reproducible). */
static double unit(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*s >> 11) / 9007199254740992.0;
}

static void known_points(void **state)
{
    (void)state;
    static const struct {
        double lat, lon, want_lat, want_lon;
    } cases[] = {
        {59.3293, 18.0686, 59.33, 18.06},     /* Stockholm: lon step 0.02 */
        {48.8584, 2.2945, 48.86, 2.30},       /* Paris: lon step 0.02 */
        {0.004, -0.006, 0.00, -0.01},         /* equator: 0.01 both ways */
        {-33.8688, 151.2093, -33.87, 151.20}, /* Sydney: step 0.02 */
        {-36.8485, 180.0, -36.85, -180.0},    /* 180 E is 180 W */
        {-36.8485, -179.999, -36.85, -180.0},
        {64.1466, -21.9426, 64.15, -21.95}, /* Reykjavik: step 0.025 */
        {78.2232, 15.6267, 78.22, 15.65},   /* Longyearbyen: step 0.05 */
        {90.0, 123.4, 90.0, 0.0},           /* pole: longitude collapses */
        {-89.5, 10.3, -89.5, 10.0},         /* near the pole: step 2 degrees */
        {-89.95, 10.0, -89.95, 0.0},        /* polar row: one node */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct people_area a;
        assert_int_equal(people_area_round(cases[i].lat, cases[i].lon, &a), 0);
        if (fabs(a.lat - cases[i].want_lat) > 1e-9 || fabs(a.lon - cases[i].want_lon) > 1e-9)
            fprintf(stderr, "(%g, %g) -> (%.10g, %.10g), want (%g, %g)\n", cases[i].lat,
                    cases[i].lon, a.lat, a.lon, cases[i].want_lat, cases[i].want_lon);
        assert_true(fabs(a.lat - cases[i].want_lat) < 1e-9);
        assert_true(fabs(a.lon - cases[i].want_lon) < 1e-9);
    }
}

static void invalid_points_are_refused(void **state)
{
    (void)state;
    struct people_area a = {1.5, 2.5};
    double bad[][2] = {{90.0001, 0}, {-91, 0}, {0, 180.01}, {0, -181}, {NAN, 0}, {0, INFINITY}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_false(people_area_valid(bad[i][0], bad[i][1]));
        assert_int_equal(people_area_round(bad[i][0], bad[i][1], &a), -1);
        assert_true(a.lat == 1.5 && a.lon == 2.5);
    }
    assert_true(people_area_valid(-90, -180));
    assert_true(people_area_valid(90, 180));
}

static void snapped_points_are_near_stable_and_short(void **state)
{
    (void)state;
    uint64_t seed = 42;
    for (int i = 0; i < 200000; i++) {
        double lat = unit(&seed) * 178.0 - 89.0; /* outside the polar rows */
        double lon = unit(&seed) * 360.0 - 180.0;
        struct people_area a, b;
        assert_int_equal(people_area_round(lat, lon, &a), 0);
        double d = km(lat, lon, a.lat, a.lon);
        if (d > 1.3)
            fprintf(stderr, "(%.6f, %.6f) -> (%.6f, %.6f): %.3f km\n", lat, lon, a.lat, a.lon, d);
        assert_true(d <= 1.3);
        assert_true(a.lon >= -180.0 && a.lon < 180.0);
        /* Idempotent. */
        assert_int_equal(people_area_round(a.lat, a.lon, &b), 0);
        assert_true(a.lat == b.lat && a.lon == b.lon);
        /* The nearest double of a decimal with at most 3 places. */
        double milli = a.lon * 1000.0;
        assert_true(fabs(milli - round(milli)) < 1e-6);
        assert_true(a.lon == round(milli) / 1000.0);
        assert_true(a.lat == round(a.lat * 100.0) / 100.0);
    }
}

static void nodes_are_never_closer_than_a_kilometre(void **state)
{
    (void)state;
    /* In every row, two neighbouring nodes are at least 1.11 km apart
     * (east-west), and rows are 0.01 degree (1.11 km) apart. */
    for (int k = -8999; k <= 8999; k++) {
        double lat = k / 100.0;
        int step = people_area_lon_step_milli(lat);
        if (step == 0)
            continue; /* polar rows: one node */
        double width = km(lat, 0.0, lat, step / 1000.0);
        if (width < 1.11)
            fprintf(stderr, "row %.2f: step %d -> %.3f km\n", lat, step, width);
        assert_true(width >= 1.11);
        assert_true(width <= 2.3);
        assert_int_equal(360000 % step, 0);
    }
    /* Points a few hundred metres apart in one cell share a node: the
     * stored value does not distinguish them. */
    struct people_area a, b;
    assert_int_equal(people_area_round(59.3290, 18.0650, &a), 0);
    assert_int_equal(people_area_round(59.3310, 18.0690, &b), 0);
    assert_true(a.lat == b.lat && a.lon == b.lon);
}

static void polar_rows_collapse(void **state)
{
    (void)state;
    assert_int_equal(people_area_lon_step_milli(0.0), 10);
    assert_int_equal(people_area_lon_step_milli(59.33), 20);
    assert_int_equal(people_area_lon_step_milli(89.9), 0);
    assert_int_equal(people_area_lon_step_milli(90.0), 0);
    struct people_area a;
    assert_int_equal(people_area_round(89.996, -120.0, &a), 0);
    assert_true(a.lat == 90.0 && a.lon == 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_points),
        cmocka_unit_test(invalid_points_are_refused),
        cmocka_unit_test(snapped_points_are_near_stable_and_short),
        cmocka_unit_test(nodes_are_never_closer_than_a_kilometre),
        cmocka_unit_test(polar_rows_collapse),
    };
    return cmocka_run_group_tests_name("people_area", tests, NULL, NULL);
}
