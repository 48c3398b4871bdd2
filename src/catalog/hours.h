/*
 * hours.h - opening hours in local time and "open now" (pure).
 *
 * A store's week is a list of intervals per ISO weekday (1 Monday .. 7
 * Sunday) in minutes after local midnight; an interval may run past
 * midnight (closes up to 2880, i.e. 48:00) into the next day.  Exceptions
 * replace the whole weekly schedule of one calendar date (a holiday with
 * short hours, or closed: opens = closes = -1).  The local date and time
 * come from the store's IANA time zone (tz.h), so "open now" is right on
 * both sides of a daylight-saving change.
 */
#ifndef AG_HOURS_H
#define AG_HOURS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/tz.h"

struct hours_interval {
    int weekday; /* 1..7 */
    int opens;   /* 0..1439 */
    int closes;  /* opens+1 .. 2880 */
};

struct hours_exception {
    int64_t day; /* days since 1970-01-01 of the local date */
    int opens;   /* -1: closed all day */
    int closes;
    const char *note; /* borrowed; may be NULL */
};

/* 1 if the store is open at the local time l. */
bool hours_open_at(const struct hours_interval *week, size_t nweek,
                   const struct hours_exception *exc, size_t nexc, const struct tz_local *l);

/* Parses "HH:MM" (00:00 .. 24:00 for closes, 00:00 .. 23:59 otherwise)
 * into minutes; -1 if malformed. */
int hours_parse_hhmm(const char *s, bool allow_24);
/* Formats minutes (may exceed 1440: shown modulo a day) as "HH:MM". */
void hours_format_hhmm(int minutes, char out[6]);

/* Parses "YYYY-MM-DD" into days since the epoch; returns 0 or -1. */
int hours_parse_date(const char *s, int64_t *day);
void hours_format_date(int64_t day, char out[11]);

#endif
