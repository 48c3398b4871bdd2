/*
 * tz.c - TZif reader, POSIX TZ rules and the zone cache (see tz.h).
 */
#include "catalog/tz.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/limits.h"
#include "core/mem.h"
#include "core/text.h"
#include "core/timeutil.h"

/* A POSIX TZ rule date: Jn (julian, no Feb 29), n (zero-based day of
 * year) or Mm.w.d (month, week 1-5 where 5 is the last, weekday 0=Sunday). */
struct tz_rdate {
    char kind; /* 'J', 'N' or 'M' */
    int a, b, c;
    int32_t time; /* seconds after local midnight (may be negative or > 24h) */
};

struct tz_rule {
    int32_t std_off; /* seconds east of UTC */
    int32_t dst_off;
    bool has_dst;
    struct tz_rdate start, end;
};

struct tz_zone {
    char name[AG_TZ_NAME_MAX + 1];
    int n;            /* transitions */
    int64_t *times;   /* owned, ascending */
    int32_t *offsets; /* owned: offset in force from times[i] on */
    int32_t initial;  /* offset before the first transition */
    bool has_rule;    /* footer rule for instants after the last transition */
    struct tz_rule rule;
};

/* POSIX TZ strings ------------------------------------------------------ */

static const char *tz_posix_name(const char *p)
{
    if (*p == '<') {
        const char *q = strchr(p, '>');
        return q ? q + 1 : NULL;
    }
    const char *q = p;
    while ((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z'))
        q++;
    return q - p >= 3 ? q : NULL;
}

/* Parses [+-]hh[:mm[:ss]] into seconds; hours up to 167 (POSIX rule times
 * of TZif v3).  Returns the end, or NULL. */
static const char *tz_posix_hms(const char *p, int32_t *out)
{
    int sign = 1;
    if (*p == '+' || *p == '-')
        sign = *p++ == '-' ? -1 : 1;
    int part[3] = {0, 0, 0};
    for (int k = 0; k < 3; k++) {
        if (*p < '0' || *p > '9')
            return k == 0 ? NULL : p;
        int v = 0, digits = 0;
        while (*p >= '0' && *p <= '9' && digits < 3) {
            v = v * 10 + (*p++ - '0');
            digits++;
        }
        part[k] = v;
        if (*p != ':' || k == 2)
            break;
        p++;
    }
    if (part[0] > 167 || part[1] > 59 || part[2] > 59)
        return NULL;
    *out = sign * (part[0] * 3600 + part[1] * 60 + part[2]);
    return p;
}

static const char *tz_posix_int(const char *p, int lo, int hi, int *out)
{
    if (*p < '0' || *p > '9')
        return NULL;
    int v = 0;
    while (*p >= '0' && *p <= '9' && v <= hi)
        v = v * 10 + (*p++ - '0');
    if (v < lo || v > hi)
        return NULL;
    *out = v;
    return p;
}

static const char *tz_posix_rdate(const char *p, struct tz_rdate *d)
{
    memset(d, 0, sizeof *d);
    d->time = 7200;
    if (*p == 'J') {
        d->kind = 'J';
        p = tz_posix_int(p + 1, 1, 365, &d->a);
    } else if (*p == 'M') {
        d->kind = 'M';
        p = tz_posix_int(p + 1, 1, 12, &d->a);
        if (p && *p == '.')
            p = tz_posix_int(p + 1, 1, 5, &d->b);
        else
            p = NULL;
        if (p && *p == '.')
            p = tz_posix_int(p + 1, 0, 6, &d->c);
        else
            p = NULL;
    } else {
        d->kind = 'N';
        p = tz_posix_int(p, 0, 365, &d->a);
    }
    if (p && *p == '/')
        p = tz_posix_hms(p + 1, &d->time);
    return p;
}

/* Parses spec into r.  Returns 0 or -1. */
static int tz_posix_parse(const char *spec, struct tz_rule *r)
{
    memset(r, 0, sizeof *r);
    const char *p = tz_posix_name(spec);
    int32_t off;
    if (!p || !(p = tz_posix_hms(p, &off)))
        return -1;
    r->std_off = -off; /* POSIX counts west positive */
    r->dst_off = r->std_off;
    if (*p == '\0')
        return 0;
    if (!(p = tz_posix_name(p)))
        return -1;
    r->has_dst = true;
    r->dst_off = r->std_off + 3600;
    if (*p && *p != ',') {
        if (!(p = tz_posix_hms(p, &off)))
            return -1;
        r->dst_off = -off;
    }
    if (*p != ',') {
        /* No rule: POSIX leaves it to the implementation; use the US rule
         * like glibc does. */
        r->start = (struct tz_rdate){'M', 3, 2, 0, 7200};
        r->end = (struct tz_rdate){'M', 11, 1, 0, 7200};
        return *p == '\0' ? 0 : -1;
    }
    if (!(p = tz_posix_rdate(p + 1, &r->start)) || *p != ',')
        return -1;
    if (!(p = tz_posix_rdate(p + 1, &r->end)))
        return -1;
    return *p == '\0' ? 0 : -1;
}

static bool tz_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days since the epoch of the rule date in year y. */
static int64_t tz_rdate_day(const struct tz_rdate *d, int64_t y)
{
    int64_t jan1 = time_days_from_civil(y, 1, 1);
    if (d->kind == 'J') /* 1..365, February 29 never counted */
        return jan1 + d->a - 1 + (tz_leap(y) && d->a >= 60 ? 1 : 0);
    if (d->kind == 'N')
        return jan1 + d->a;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int64_t first = time_days_from_civil(y, (unsigned)d->a, 1);
    int wd_first = (int)(((first % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday (4) */
    int64_t day = first + ((d->c - wd_first + 7) % 7) + 7 * (d->b - 1);
    int len = mdays[d->a - 1] + (d->a == 2 && tz_leap(y) ? 1 : 0);
    while (day >= first + len)
        day -= 7;
    return day;
}

static int32_t tz_rule_offset(const struct tz_rule *r, int64_t t)
{
    if (!r->has_dst)
        return r->std_off;
    int64_t days = (t + r->std_off) / 86400 - ((t + r->std_off) % 86400 < 0 ? 1 : 0);
    int64_t y;
    unsigned m, dd;
    time_civil_from_days(days, &y, &m, &dd);
    int64_t start = tz_rdate_day(&r->start, y) * 86400 + r->start.time - r->std_off;
    int64_t end = tz_rdate_day(&r->end, y) * 86400 + r->end.time - r->dst_off;
    bool dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
    return dst ? r->dst_off : r->std_off;
}

/* TZif files -------------------------------------------------------------- */

static uint32_t tz_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t tz_be64(const unsigned char *p)
{
    return (int64_t)((uint64_t)tz_be32(p) << 32 | tz_be32(p + 4));
}

struct tz_counts {
    uint32_t isut, isstd, leap, time, type, chars;
};

static int tz_header(const unsigned char *p, size_t len, struct tz_counts *c, int *version)
{
    if (len < 44 || memcmp(p, "TZif", 4) != 0)
        return -1;
    *version = p[4] ? p[4] - '0' : 1;
    c->isut = tz_be32(p + 20);
    c->isstd = tz_be32(p + 24);
    c->leap = tz_be32(p + 28);
    c->time = tz_be32(p + 32);
    c->type = tz_be32(p + 36);
    c->chars = tz_be32(p + 40);
    if (c->type == 0 || c->type > 256 || c->time > AG_TZ_TRANSITIONS_MAX || c->chars > 65536 ||
        c->leap > 65536 || c->isut > 256 || c->isstd > 256)
        return -1;
    return 0;
}

static size_t tz_block_len(const struct tz_counts *c, int tsize)
{
    return (size_t)c->time * (size_t)(tsize + 1) + (size_t)c->type * 6 + c->chars +
           (size_t)c->leap * (size_t)(tsize + 4) + c->isstd + c->isut;
}

/* Parses the TZif bytes into z.  Returns 0 or -1. */
static int tz_parse(const unsigned char *data, size_t len, struct tz_zone *z)
{
    struct tz_counts c;
    int version;
    if (tz_header(data, len, &c, &version) != 0)
        return -1;
    const unsigned char *p = data + 44;
    size_t left = len - 44;
    int tsize = 4;
    if (version >= 2) { /* skip the 32-bit block, read the 64-bit one */
        size_t skip = tz_block_len(&c, 4);
        if (skip > left || tz_header(p + skip, left - skip, &c, &version) != 0)
            return -1;
        p += skip + 44;
        left -= skip + 44;
        tsize = 8;
    }
    size_t need = tz_block_len(&c, tsize);
    if (need > left)
        return -1;
    const unsigned char *times = p;
    const unsigned char *idx = times + (size_t)c.time * (size_t)tsize;
    const unsigned char *types = idx + c.time;
    z->n = (int)c.time;
    z->times = mem_calloc(c.time + 1, sizeof *z->times);
    z->offsets = mem_calloc(c.time + 1, sizeof *z->offsets);
    for (uint32_t i = 0; i < c.time; i++) {
        z->times[i] = tsize == 8 ? tz_be64(times + 8 * i) : (int32_t)tz_be32(times + 4 * i);
        if (idx[i] >= c.type || (i > 0 && z->times[i] <= z->times[i - 1]))
            return -1;
        z->offsets[i] = (int32_t)tz_be32(types + 6 * idx[i]);
    }
    /* Before the first transition: the first standard-time type (RFC 8536
     * says type 0). */
    z->initial = (int32_t)tz_be32(types);
    if (version >= 2) {
        const char *foot = (const char *)p + need;
        size_t flen = left - need;
        if (flen >= 2 && foot[0] == '\n') {
            const char *nl = memchr(foot + 1, '\n', flen - 1);
            if (nl && nl > foot + 1 && (size_t)(nl - foot) < 128) {
                char spec[128];
                memcpy(spec, foot + 1, (size_t)(nl - foot - 1));
                spec[nl - foot - 1] = '\0';
                if (tz_posix_parse(spec, &z->rule) == 0)
                    z->has_rule = true;
            }
        }
    }
    return 0;
}

static void tz_zone_free(struct tz_zone *z)
{
    if (!z)
        return;
    mem_free(z->times);
    mem_free(z->offsets);
    mem_free(z);
}

void tz_free(struct tz_zone *z)
{
    tz_zone_free(z);
}

struct tz_zone *tz_from_posix(const char *spec)
{
    struct tz_zone *z = mem_calloc(1, sizeof *z);
    if (tz_posix_parse(spec, &z->rule) != 0) {
        mem_free(z);
        return NULL;
    }
    text_copy(z->name, sizeof z->name, spec);
    z->has_rule = true;
    z->initial = z->rule.std_off;
    return z;
}

bool tz_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > AG_TZ_NAME_MAX || name[0] == '/' || name[0] == '.' || strstr(name, ".."))
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '/' || c == '_' || c == '-' || c == '+'))
            return false;
    }
    return true;
}

/* Reads and parses one zone file; NULL if absent or malformed. */
static struct tz_zone *tz_load(const char *name)
{
    const char *dir = getenv("TZDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir && dir[0] ? dir : "/usr/share/zoneinfo", name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    unsigned char *data = mem_alloc(AG_TZ_FILE_MAX);
    size_t len = 0;
    struct tz_zone *z = NULL;
    for (;;) {
        ssize_t r = read(fd, data + len, AG_TZ_FILE_MAX - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        len += (size_t)r;
        if (len == AG_TZ_FILE_MAX)
            goto out; /* too large to be a zone */
    }
    z = mem_calloc(1, sizeof *z);
    text_copy(z->name, sizeof z->name, name);
    if (tz_parse(data, len, z) != 0) {
        tz_zone_free(z);
        z = NULL;
    }
out:
    close(fd);
    mem_free(data);
    return z;
}

/* The cache: a small array, searched linearly (a few dozen zones at most
 * in practice), guarded by a mutex; entries are never removed. */
static struct {
    pthread_mutex_t lock;
    struct tz_zone *zones[AG_TZ_ZONES_MAX];
    int n;
} tz_cache = {.lock = PTHREAD_MUTEX_INITIALIZER};

const struct tz_zone *tz_get(const char *name)
{
    if (!name || !tz_name_ok(name))
        return NULL;
    const struct tz_zone *found = NULL;
    pthread_mutex_lock(&tz_cache.lock);
    for (int i = 0; i < tz_cache.n && !found; i++)
        if (strcmp(tz_cache.zones[i]->name, name) == 0)
            found = tz_cache.zones[i];
    if (!found && tz_cache.n < AG_TZ_ZONES_MAX) {
        struct tz_zone *z = tz_load(name);
        if (z) {
            tz_cache.zones[tz_cache.n++] = z;
            found = z;
        }
    }
    pthread_mutex_unlock(&tz_cache.lock);
    return found;
}

const char *tz_name(const struct tz_zone *z)
{
    return z->name;
}

int32_t tz_offset_at(const struct tz_zone *z, int64_t t)
{
    if (z->n == 0 || t < z->times[0])
        return z->n == 0 && z->has_rule ? tz_rule_offset(&z->rule, t) : z->initial;
    if (t >= z->times[z->n - 1] && z->has_rule)
        return tz_rule_offset(&z->rule, t);
    int lo = 0, hi = z->n - 1; /* last transition <= t */
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (z->times[mid] <= t)
            lo = mid;
        else
            hi = mid - 1;
    }
    return z->offsets[lo];
}

void tz_local_at(const struct tz_zone *z, int64_t t, struct tz_local *out)
{
    out->offset = tz_offset_at(z, t);
    int64_t local = t + out->offset;
    int64_t days = local / 86400 - (local % 86400 < 0 ? 1 : 0);
    int64_t secs = local - days * 86400;
    time_civil_from_days(days, &out->y, &out->month, &out->day);
    out->weekday = (unsigned)(((days % 7) + 7 + 3) % 7) + 1; /* 1970-01-01: Thursday = 4 */
    out->minute = (int)(secs / 60);
}
