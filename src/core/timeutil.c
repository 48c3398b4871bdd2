/*
 * timeutil.c - clocks and RFC 3339 formatting and parsing (see timeutil.h).
 *
 * The calendar arithmetic is done by hand (days from civil date) rather than
 * with timegm/gmtime_r so that it is exact, thread-safe and independent of
 * the process time zone.
 */
#include "core/timeutil.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static _Atomic int64_t time_offset;

void time_set_offset(int64_t seconds)
{
    atomic_store(&time_offset, seconds);
}

int64_t time_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec + atomic_load(&time_offset);
}

int64_t time_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ((int64_t)ts.tv_sec + atomic_load(&time_offset)) * 1000 + ts.tv_nsec / 1000000;
}

int64_t time_mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Howard Hinnant's days_from_civil, for the proleptic Gregorian calendar. */
int64_t time_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void time_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

char *time_format_rfc3339(int64_t secs, char *out, size_t outlen)
{
    int64_t days = floor_div(secs, 86400);
    int64_t rem = secs - days * 86400;
    int64_t y;
    unsigned m, d;
    time_civil_from_days(days, &y, &m, &d);
    snprintf(out, outlen, "%04lld-%02u-%02uT%02d:%02d:%02dZ", (long long)y, m, d,
             (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
    return out;
}

char *time_format_rfc3339_ms(int64_t ms, char *out, size_t outlen)
{
    int64_t secs = floor_div(ms, 1000);
    char base[32];
    time_format_rfc3339(secs, base, sizeof base);
    size_t n = strlen(base);
    base[n - 1] = '\0'; /* drop the Z */
    snprintf(out, outlen, "%s.%03dZ", base, (int)(ms - secs * 1000));
    return out;
}

/* Reads exactly n digits; returns -1 if any is not a digit. */
static int read_digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

static int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

int time_parse_rfc3339(const char *s, int64_t *out)
{
    int y, mo, d, h, mi, se;
    if (strlen(s) < 20)
        return -1;
    if (read_digits(s, 4, &y) || s[4] != '-' || read_digits(s + 5, 2, &mo) || s[7] != '-' ||
        read_digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't') ||
        read_digits(s + 11, 2, &h) || s[13] != ':' || read_digits(s + 14, 2, &mi) ||
        s[16] != ':' || read_digits(s + 17, 2, &se))
        return -1;
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || se > 60)
        return -1;
    if (se == 60)
        se = 59; /* leap second: clamp, we do not model it */
    const char *p = s + 19;
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9')
            return -1;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    int64_t offset = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int oh, om;
        if (read_digits(p + 1, 2, &oh) || p[3] != ':' || read_digits(p + 4, 2, &om) || oh > 23 ||
            om > 59)
            return -1;
        offset = (int64_t)(oh * 3600 + om * 60) * (*p == '-' ? -1 : 1);
        p += 6;
    } else {
        return -1;
    }
    if (*p != '\0')
        return -1;
    int64_t days = time_days_from_civil(y, (unsigned)mo, (unsigned)d);
    *out = days * 86400 + h * 3600 + mi * 60 + se - offset;
    return 0;
}
