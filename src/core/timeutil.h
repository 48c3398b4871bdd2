/*
 * timeutil.h - clocks and RFC 3339 timestamps.
 *
 * Agora stores time as integer seconds since the Unix epoch, UTC, and shows
 * it as RFC 3339 ("2026-11-22T14:05:09Z").  The database never computes the
 * time itself: callers pass time_now(), which tests can shift (see
 * time_set_offset) to check expiry without waiting.
 */
#ifndef AG_TIMEUTIL_H
#define AG_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

/* Wall clock, seconds / milliseconds since the epoch (plus the offset). */
int64_t time_now(void);
int64_t time_now_ms(void);
/* Monotonic clock in microseconds, for durations only. */
int64_t time_mono_us(void);

/* Shifts time_now by seconds (a setting, used by tests of expiry). */
void time_set_offset(int64_t seconds);

/* Needs out of at least 21 bytes; returns out. */
char *time_format_rfc3339(int64_t secs, char *out, size_t outlen);
/* Same with milliseconds ("...T14:05:09.123Z"); needs 25 bytes. */
char *time_format_rfc3339_ms(int64_t ms, char *out, size_t outlen);

/* Parses an RFC 3339 date-time with "Z" or a numeric offset, converting to
 * UTC seconds (fractions are dropped). Returns 0, or -1 if malformed. */
int time_parse_rfc3339(const char *s, int64_t *out);

/* Days since the epoch of a proleptic Gregorian date (no range checks). */
int64_t time_days_from_civil(int64_t y, unsigned m, unsigned d);
/* The proleptic Gregorian date of a day count since the epoch. */
void time_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);

#endif
