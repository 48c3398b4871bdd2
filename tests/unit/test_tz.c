/*
 * test_tz.c - IANA time zones from TZif files and POSIX rules, across
 * daylight-saving changes, and opening hours ("open now") in local time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "catalog/hours.h"
#include "catalog/tz.h"
#include "core/timeutil.h"

static int64_t utc(const char *s)
{
    int64_t t = 0;
    assert_int_equal(time_parse_rfc3339(s, &t), 0);
    return t;
}

static void zagreb_across_the_spring_change(void **state)
{
    (void)state;
    const struct tz_zone *z = tz_get("Europe/Zagreb");
    assert_non_null(z);
    /* 2026-03-29 01:00 UTC: clocks go from 02:00 CET to 03:00 CEST. */
    assert_int_equal(tz_offset_at(z, utc("2026-03-29T00:59:59Z")), 3600);
    assert_int_equal(tz_offset_at(z, utc("2026-03-29T01:00:00Z")), 7200);
    /* 2026-10-25 01:00 UTC: back to CET. */
    assert_int_equal(tz_offset_at(z, utc("2026-10-25T00:59:59Z")), 7200);
    assert_int_equal(tz_offset_at(z, utc("2026-10-25T01:00:00Z")), 3600);
    struct tz_local l;
    tz_local_at(z, utc("2026-03-29T01:30:00Z"), &l);
    assert_int_equal(l.minute, 3 * 60 + 30);
    assert_int_equal(l.weekday, 7); /* a Sunday */
    assert_int_equal(l.day, 29);
}

static void southern_and_far_future_zones(void **state)
{
    (void)state;
    const struct tz_zone *syd = tz_get("Australia/Sydney");
    assert_non_null(syd);
    assert_int_equal(tz_offset_at(syd, utc("2026-01-15T00:00:00Z")), 11 * 3600);
    assert_int_equal(tz_offset_at(syd, utc("2026-07-15T00:00:00Z")), 10 * 3600);
    /* Beyond the file's last transition the footer rule applies. */
    const struct tz_zone *ny = tz_get("America/New_York");
    assert_non_null(ny);
    assert_int_equal(tz_offset_at(ny, utc("2080-07-01T12:00:00Z")), -4 * 3600);
    assert_int_equal(tz_offset_at(ny, utc("2080-12-01T12:00:00Z")), -5 * 3600);
    const struct tz_zone *kol = tz_get("Asia/Kolkata");
    assert_non_null(kol);
    assert_int_equal(tz_offset_at(kol, utc("2026-06-01T00:00:00Z")), 19800);
}

static void posix_rule_matches_the_file(void **state)
{
    (void)state;
    struct tz_zone *p = tz_from_posix("CET-1CEST,M3.5.0,M10.5.0/3");
    const struct tz_zone *z = tz_get("Europe/Zagreb");
    assert_non_null(p);
    for (int64_t t = utc("2025-01-01T00:00:00Z"); t < utc("2028-01-01T00:00:00Z"); t += 3571)
        assert_int_equal(tz_offset_at(p, t), tz_offset_at(z, t));
    tz_free(p);
    assert_null(tz_from_posix("nonsense"));
}

static void bad_names_are_refused(void **state)
{
    (void)state;
    assert_null(tz_get("Mars/Olympus_Mons"));
    assert_null(tz_get("../../etc/passwd"));
    assert_null(tz_get("/etc/localtime"));
    assert_null(tz_get(""));
    assert_false(tz_name_ok("Europe/Zagreb;rm"));
    assert_true(tz_name_ok("America/Argentina/Buenos_Aires"));
}

static void open_now_follows_local_time_and_exceptions(void **state)
{
    (void)state;
    const struct tz_zone *z = tz_get("Europe/Zagreb");
    /* Monday to Saturday 08:00-20:00, Friday also 22:00-02:00. */
    struct hours_interval week[8];
    size_t n = 0;
    for (int d = 1; d <= 6; d++)
        week[n++] = (struct hours_interval){d, 8 * 60, 20 * 60};
    week[n++] = (struct hours_interval){5, 22 * 60, 26 * 60};
    struct tz_local l;
    /* Saturday 2026-03-28 07:30 UTC = 08:30 CET: open. */
    tz_local_at(z, utc("2026-03-28T07:30:00Z"), &l);
    assert_true(hours_open_at(week, n, NULL, 0, &l));
    /* 2026-03-28 06:30 UTC = 07:30 local: closed. */
    tz_local_at(z, utc("2026-03-28T06:30:00Z"), &l);
    assert_false(hours_open_at(week, n, NULL, 0, &l));
    /* Monday 2026-03-30 06:30 UTC = 08:30 CEST (after the change): open;
     * a naive fixed +1 offset would say 07:30, closed. */
    tz_local_at(z, utc("2026-03-30T06:30:00Z"), &l);
    assert_true(hours_open_at(week, n, NULL, 0, &l));
    /* Saturday 2026-03-28 00:30 UTC = 01:30 local: still Friday's night. */
    tz_local_at(z, utc("2026-03-28T00:30:00Z"), &l);
    assert_true(hours_open_at(week, n, NULL, 0, &l));
    /* An exception closes Saturday 2026-03-28 all day. */
    int64_t day;
    assert_int_equal(hours_parse_date("2026-03-28", &day), 0);
    struct hours_exception x = {day, -1, -1, "inventory"};
    tz_local_at(z, utc("2026-03-28T10:00:00Z"), &l);
    assert_false(hours_open_at(week, n, &x, 1, &l));
    struct hours_exception shorter = {day, 9 * 60, 12 * 60, NULL};
    assert_true(hours_open_at(week, n, &shorter, 1, &l)); /* 11:00 local */
    assert_int_equal(hours_parse_hhmm("24:00", true), 1440);
    assert_int_equal(hours_parse_hhmm("24:00", false), -1);
    assert_int_equal(hours_parse_hhmm("7:00", false), -1);
    assert_int_equal(hours_parse_date("2026-02-29", &day), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(zagreb_across_the_spring_change),
        cmocka_unit_test(southern_and_far_future_zones),
        cmocka_unit_test(posix_rule_matches_the_file),
        cmocka_unit_test(bad_names_are_refused),
        cmocka_unit_test(open_now_follows_local_time_and_exceptions),
    };
    return cmocka_run_group_tests_name("tz", tests, NULL, NULL);
}
