/*
 * hours.c - opening hours and "open now" (see hours.h).
 */
#include "catalog/hours.h"

#include <stdio.h>
#include <string.h>

#include "core/timeutil.h"

/* 1 if minute m (of the day that starts at offset `shift` minutes before
 * the day asked about) falls in one of the intervals of that day. */
static bool hours_day_has(const struct hours_interval *week, size_t nweek,
                          const struct hours_exception *exc, size_t nexc, int64_t day,
                          int weekday, int m)
{
    bool excepted = false, open = false;
    for (size_t i = 0; i < nexc; i++) {
        if (exc[i].day != day)
            continue;
        excepted = true;
        if (exc[i].opens >= 0 && exc[i].opens <= m && m < exc[i].closes)
            open = true;
    }
    if (excepted)
        return open;
    for (size_t i = 0; i < nweek; i++)
        if (week[i].weekday == weekday && week[i].opens <= m && m < week[i].closes)
            return true;
    return false;
}

bool hours_open_at(const struct hours_interval *week, size_t nweek,
                   const struct hours_exception *exc, size_t nexc, const struct tz_local *l)
{
    int64_t today = time_days_from_civil(l->y, l->month, l->day);
    int yesterday_wd = l->weekday == 1 ? 7 : (int)l->weekday - 1;
    return hours_day_has(week, nweek, exc, nexc, today, (int)l->weekday, l->minute) ||
           hours_day_has(week, nweek, exc, nexc, today - 1, yesterday_wd, l->minute + 1440);
}

int hours_parse_hhmm(const char *s, bool allow_24)
{
    if (strlen(s) != 5 || s[2] != ':')
        return -1;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9'))
            return -1;
    int h = (s[0] - '0') * 10 + (s[1] - '0');
    int m = (s[3] - '0') * 10 + (s[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && (m != 0 || !allow_24)))
        return -1;
    return h * 60 + m;
}

void hours_format_hhmm(int minutes, char out[6])
{
    unsigned m = (unsigned)(minutes > 1440 ? minutes - 1440 : minutes < 0 ? 0 : minutes);
    snprintf(out, 6, "%02u:%02u", (m / 60) % 100u, m % 60u);
}

int hours_parse_date(const char *s, int64_t *day)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    int v[3] = {0, 0, 0};
    const int at[3] = {0, 5, 8}, len[3] = {4, 2, 2};
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < len[k]; i++) {
            char c = s[at[k] + i];
            if (c < '0' || c > '9')
                return -1;
            v[k] = v[k] * 10 + (c - '0');
        }
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > mdays[v[1] - 1])
        return -1;
    bool leap = (v[0] % 4 == 0 && v[0] % 100 != 0) || v[0] % 400 == 0;
    if (v[1] == 2 && v[2] == 29 && !leap)
        return -1;
    *day = time_days_from_civil(v[0], (unsigned)v[1], (unsigned)v[2]);
    return 0;
}

void hours_format_date(int64_t day, char out[11])
{
    int64_t y;
    unsigned m, d;
    time_civil_from_days(day, &y, &m, &d);
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)(y % 10000), m % 100u, d % 100u);
}
