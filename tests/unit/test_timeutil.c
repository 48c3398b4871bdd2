/*
 * test_timeutil.c - src/core/timeutil.c: RFC 3339 timestamps in and out of
 * the API, and the hand-written calendar arithmetic behind them.
 *
 * Every time a client sends (offer windows, delivery slots) is parsed here,
 * and every time we show is formatted here; a wrong leap year or offset
 * sign moves a sale by a day or an hour.  Expectations come from glibc's
 * timegm and gmtime_r, an independent implementation of the same calendar,
 * over instants from year 1 to year 9999 (negative ones included).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/timeutil.h"

/* UTC seconds of a civil date-time, by glibc. */
static int64_t utc(int y, int mo, int d, int h, int mi, int s)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    return (int64_t)timegm(&tm);
}

/* Parses s; returns the instant, or INT64_MIN when refused. */
static int64_t parse(const char *s)
{
    int64_t t = 0;
    return time_parse_rfc3339(s, &t) == 0 ? t : INT64_MIN;
}

static void utc_times_parse_to_the_same_instant_as_timegm(void **state)
{
    (void)state;
    assert_true(parse("1970-01-01T00:00:00Z") == 0);
    assert_true(parse("2026-11-22T14:05:09Z") == utc(2026, 11, 22, 14, 5, 9));
    assert_true(parse("1969-12-31T23:59:59Z") == -1);
    assert_true(parse("0001-01-01T00:00:00Z") == utc(1, 1, 1, 0, 0, 0));
    assert_true(parse("9999-12-31T23:59:59Z") == utc(9999, 12, 31, 23, 59, 59));
    /* Lower-case separators are allowed by RFC 3339 (section 5.6, note). */
    assert_true(parse("2026-11-22t14:05:09z") == utc(2026, 11, 22, 14, 5, 9));
    /* Fractions are dropped, not rounded. */
    assert_true(parse("2026-11-22T14:05:09.999Z") == utc(2026, 11, 22, 14, 5, 9));
    assert_true(parse("2026-11-22T14:05:09.1Z") == utc(2026, 11, 22, 14, 5, 9));
}

static void numeric_offsets_are_converted_to_utc(void **state)
{
    (void)state;
    int64_t z = utc(2026, 11, 22, 14, 5, 9);
    /* 14:05 at +01:00 is 13:05 UTC; at -05:30 it is 19:35 UTC. */
    assert_true(parse("2026-11-22T14:05:09+01:00") == z - 3600);
    assert_true(parse("2026-11-22T14:05:09-05:30") == z + 5 * 3600 + 30 * 60);
    assert_true(parse("2026-11-22T14:05:09+00:00") == z);
    assert_true(parse("2026-11-22T14:05:09-00:00") == z);
    assert_true(parse("2026-11-22T14:05:09.5+23:59") == z - 23 * 3600 - 59 * 60);
    /* Offsets cross the date line and the year. */
    assert_true(parse("2027-01-01T00:30:00+01:00") == utc(2026, 12, 31, 23, 30, 0));
    assert_true(parse("2026-12-31T23:30:00-01:00") == utc(2027, 1, 1, 0, 30, 0));
}

static void leap_years_follow_the_gregorian_rules(void **state)
{
    (void)state;
    /* Divisible by 4, except centuries, except those divisible by 400. */
    assert_true(parse("2024-02-29T00:00:00Z") == utc(2024, 2, 29, 0, 0, 0));
    assert_true(parse("2000-02-29T00:00:00Z") == utc(2000, 2, 29, 0, 0, 0));
    assert_true(parse("1600-02-29T00:00:00Z") == utc(1600, 2, 29, 0, 0, 0));
    assert_true(parse("2023-02-29T00:00:00Z") == INT64_MIN);
    assert_true(parse("1900-02-29T00:00:00Z") == INT64_MIN);
    assert_true(parse("2100-02-29T00:00:00Z") == INT64_MIN);
    assert_true(parse("2024-02-30T00:00:00Z") == INT64_MIN);
    /* Every valid day of every month of a leap and a common year. */
    for (int y = 2023; y <= 2024; y++)
        for (int m = 1; m <= 12; m++)
            for (int d = 1; d <= 31; d++) {
                char s[32];
                snprintf(s, sizeof s, "%04d-%02d-%02dT12:00:00Z", y, m, d);
                /* timegm normalises an impossible date into the next
                 * month; a real date keeps its day. */
                struct tm tm;
                time_t t = (time_t)utc(y, m, d, 12, 0, 0);
                gmtime_r(&t, &tm);
                bool real = tm.tm_mday == d;
                int64_t got = parse(s);
                if (real ? got != (int64_t)t : got != INT64_MIN)
                    fail_msg("%s: got %lld", s, (long long)got);
            }
}

static void malformed_timestamps_are_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "2026-11-22",
        "2026-11-22T14:05Z",
        "2026-11-22T14:05:09",        /* no offset: local time is ambiguous */
        "2026-11-22 14:05:09Z",       /* we require the T */
        "2026-13-01T00:00:00Z",
        "2026-00-10T00:00:00Z",
        "2026-11-00T00:00:00Z",
        "2026-11-31T00:00:00Z",
        "2026-11-22T24:00:00Z",
        "2026-11-22T14:60:00Z",
        "2026-11-22T14:05:61Z",
        "2026-11-22T14:05:09+01",
        "2026-11-22T14:05:09+0100",
        "2026-11-22T14:05:09+24:00",
        "2026-11-22T14:05:09+01:60",
        "2026-11-22T14:05:09.Z",
        "2026-11-22T14:05:09ZZ",
        "2026-11-22T14:05:09Z ",
        " 2026-11-22T14:05:09Z",
        "26-11-22T14:05:09Z",
        "2026/11/22T14:05:09Z",
        "2026-1a-22T14:05:09Z",
        "+2026-11-22T14:05:09Z",
        "2026-11-22T14:05:09+01:00x",
        "2026-11-22T14:05:09+",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (parse(bad[i]) != INT64_MIN)
            fail_msg("'%s' accepted", bad[i]);
    /* A leap second is accepted and counted as the second before it. */
    assert_true(parse("2016-12-31T23:59:60Z") == utc(2016, 12, 31, 23, 59, 59));
}

/* The expected RFC 3339 text of t, by gmtime_r. */
static void reference_format(int64_t t, char *out, size_t outlen)
{
    time_t tt = (time_t)t;
    struct tm tm;
    assert_non_null(gmtime_r(&tt, &tm));
    snprintf(out, outlen, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void formatting_and_parsing_round_trip_from_year_1_to_9999(void **state)
{
    (void)state;
    const int64_t lo = utc(1, 1, 1, 0, 0, 0);
    const int64_t hi = utc(9999, 12, 31, 23, 59, 59);
    const int64_t span = hi - lo + 1;
    uint64_t x = 0x2545F4914F6CDD1Dull;
    char got[40], want[40];
    for (int i = 0; i < 200000; i++) {
        int64_t t;
        if (i < 4000) {
            t = -2000 + i; /* every second around the epoch */
        } else {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            t = lo + (int64_t)(x % (uint64_t)span);
        }
        reference_format(t, want, sizeof want);
        time_format_rfc3339(t, got, sizeof got);
        if (strcmp(got, want) != 0)
            fail_msg("%lld: formatted %s, want %s", (long long)t, got, want);
        if (parse(got) != t)
            fail_msg("%s parsed back to %lld, want %lld", got, (long long)parse(got), (long long)t);
    }
    time_format_rfc3339(lo, got, sizeof got);
    assert_string_equal(got, "0001-01-01T00:00:00Z");
    time_format_rfc3339(hi, got, sizeof got);
    assert_string_equal(got, "9999-12-31T23:59:59Z");
}

static void days_from_civil_agrees_with_timegm(void **state)
{
    (void)state;
    for (int y = -400; y <= 2500; y += 7)
        for (unsigned m = 1; m <= 12; m++) {
            int64_t want = utc(y, (int)m, 28, 0, 0, 0) / 86400;
            assert_true(time_days_from_civil(y, m, 28) == want);
        }
}

static void milliseconds_are_formatted_below_the_second_even_before_1970(void **state)
{
    (void)state;
    char out[40];
    assert_string_equal(time_format_rfc3339_ms(1500, out, sizeof out),
                        "1970-01-01T00:00:01.500Z");
    assert_string_equal(time_format_rfc3339_ms(-1, out, sizeof out), "1969-12-31T23:59:59.999Z");
    assert_string_equal(time_format_rfc3339_ms(-1000, out, sizeof out),
                        "1969-12-31T23:59:59.000Z");
    int64_t ms = utc(2026, 11, 22, 14, 5, 9) * 1000 + 7;
    assert_string_equal(time_format_rfc3339_ms(ms, out, sizeof out), "2026-11-22T14:05:09.007Z");
    assert_true(parse(out) == ms / 1000);
}

static void the_clock_offset_shifts_now_for_expiry_tests(void **state)
{
    (void)state;
    int64_t before = (int64_t)time(NULL);
    time_set_offset(86400);
    int64_t shifted = time_now();
    int64_t shifted_ms = time_now_ms();
    time_set_offset(0);
    int64_t after = (int64_t)time(NULL);
    assert_true(shifted >= before + 86400 && shifted <= after + 86400);
    assert_true(shifted_ms / 1000 >= before + 86400 && shifted_ms / 1000 <= after + 86400);
    int64_t now = time_now();
    assert_true(now >= before && now <= (int64_t)time(NULL));
    int64_t m1 = time_mono_us(), m2 = time_mono_us();
    assert_true(m2 >= m1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(utc_times_parse_to_the_same_instant_as_timegm),
        cmocka_unit_test(numeric_offsets_are_converted_to_utc),
        cmocka_unit_test(leap_years_follow_the_gregorian_rules),
        cmocka_unit_test(malformed_timestamps_are_refused),
        cmocka_unit_test(formatting_and_parsing_round_trip_from_year_1_to_9999),
        cmocka_unit_test(days_from_civil_agrees_with_timegm),
        cmocka_unit_test(milliseconds_are_formatted_below_the_second_even_before_1970),
        cmocka_unit_test(the_clock_offset_shifts_now_for_expiry_tests),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
