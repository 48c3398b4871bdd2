/*
 * tz.h - IANA time zones, read from the system's compiled TZif files.
 *
 * Stores keep their opening hours in local time and name their zone
 * ("Europe/Zagreb"); to answer "open now" we turn a UTC instant into the
 * store's local wall clock.  This is a small reader of the TZif format
 * (RFC 8536, versions 1 to 4) under $TZDIR or /usr/share/zoneinfo (Debian:
 * package tzdata), with the POSIX TZ rule of the file's footer for instants
 * after its last transition.  We do not touch the process-wide TZ variable
 * (localtime_r with setenv is neither thread-safe nor per-call).
 *
 * Zones are loaded once and cached for the life of the process; a struct
 * tz_zone is immutable and shared between threads (borrowed, never freed by
 * the caller).
 */
#ifndef AG_TZ_H
#define AG_TZ_H

#include <stdbool.h>
#include <stdint.h>

struct tz_zone;

/* 1 if name has the shape of an IANA zone name (letters, digits, "/_+-",
 * no "..", not absolute).  Does not look at the disk. */
bool tz_name_ok(const char *name);

/* The zone called name, loaded and cached on first use; NULL when the
 * name is malformed or no such zone is installed. */
const struct tz_zone *tz_get(const char *name);

/* The zone's name (borrowed). */
const char *tz_name(const struct tz_zone *z);

/* Offset of local time from UTC at the UTC instant t, in seconds (east
 * positive: +7200 for Zagreb in summer). */
int32_t tz_offset_at(const struct tz_zone *z, int64_t t);

/* The local wall clock at UTC instant t. */
struct tz_local {
    int64_t y;
    unsigned month;   /* 1-12 */
    unsigned day;     /* 1-31 */
    unsigned weekday; /* ISO: 1 Monday .. 7 Sunday */
    int minute;       /* minutes after local midnight, 0-1439 */
    int32_t offset;   /* seconds east of UTC */
};
void tz_local_at(const struct tz_zone *z, int64_t t, struct tz_local *out);

/* Parses a POSIX TZ string ("CET-1CEST,M3.5.0,M10.5.0/3") into a zone of
 * its own (for tests and footers); NULL if malformed.  The caller frees it
 * with tz_free. */
struct tz_zone *tz_from_posix(const char *spec);
void tz_free(struct tz_zone *z);

#endif
