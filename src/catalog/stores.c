/*
 * stores.c - stores, opening hours and exceptions (see stores.h).
 */
#include "catalog/stores.h"

#include <stdbool.h>

#include <stdio.h>
#include <string.h>

#include "core/geo.h"
#include "core/limits.h"
#include "core/mem.h"
#include "core/timeutil.h"
#include "json/js.h"
#include "json/validate.h"

#define STORE_COLUMNS                                                                        \
    "id, retailer_id, code, name, address, city, postal_code, country, latitude, longitude, " \
    "time_zone, phone, created_at, updated_at"

static void stores_err(json_t **errors, const char *base, const char *field, const char *detail)
{
    char p[160];
    snprintf(p, sizeof p, "%s/%s", base, field);
    jv_error_add(errors, p, detail);
}

enum errcode catalog_store_check(const struct catalog_store_in *in, const char *base,
                                 json_t **errors)
{
    json_t *before = *errors;
    size_t n0 = before ? json_array_size(before) : 0;
    if (in->time_zone && !tz_get(in->time_zone))
        stores_err(errors, base, "time_zone",
                   "is not a known IANA time zone (such as Europe/Zagreb)");
    if (in->location == 1) {
        if (!(in->lat >= -90 && in->lat <= 90))
            stores_err(errors, base, "latitude", "must be between -90 and 90");
        if (!(in->lon >= -180 && in->lon <= 180))
            stores_err(errors, base, "longitude", "must be between -180 and 180");
    }
    size_t n1 = *errors ? json_array_size(*errors) : 0;
    return n1 > n0 ? ERR_VALIDATION : ERR_OK;
}

/* Whether two weekly intervals share a minute: on the week's circle, so
 * Sunday 22:00-02:00 meets Monday 01:00. */
static bool hours_overlap(const struct hours_interval *x, const struct hours_interval *y)
{
    const long week = 7 * 1440;
    long a1 = (x->weekday - 1) * 1440L + x->opens, b1 = (x->weekday - 1) * 1440L + x->closes;
    long a2 = (y->weekday - 1) * 1440L + y->opens, b2 = (y->weekday - 1) * 1440L + y->closes;
    for (long shift = -week; shift <= week; shift += week)
        if (a1 < b2 + shift && a2 + shift < b1)
            return true;
    return false;
}

enum errcode catalog_hours_from_json(const json_t *arr, struct hours_interval *week,
                                     size_t *n, json_t **errors)
{
    enum errcode e = ERR_OK;
    *n = 0;
    size_t i;
    const json_t *v;
    json_array_foreach(arr, i, v)
    {
        char p[64];
        if (i >= AG_HOURS_MAX)
            break;
        int wd = (int)js_get_int(v, "weekday", 0);
        int opens = hours_parse_hhmm(js_get_str(v, "opens") ? js_get_str(v, "opens") : "", false);
        int closes =
            hours_parse_hhmm(js_get_str(v, "closes") ? js_get_str(v, "closes") : "", true);
        if (opens < 0) {
            snprintf(p, sizeof p, "/hours/%zu/opens", i);
            jv_error_add(errors, p, "must be a local time HH:MM from 00:00 to 23:59");
            e = ERR_VALIDATION;
        }
        if (closes < 0) {
            snprintf(p, sizeof p, "/hours/%zu/closes", i);
            jv_error_add(errors, p, "must be a local time HH:MM from 00:00 to 24:00");
            e = ERR_VALIDATION;
        }
        if (opens < 0 || closes < 0)
            continue;
        if (closes <= opens)
            closes += 1440; /* runs past midnight */
        week[*n] = (struct hours_interval){wd, opens, closes};
        for (size_t k = 0; k < *n; k++)
            if (hours_overlap(&week[k], &week[*n])) {
                snprintf(p, sizeof p, "/hours/%zu", i);
                jv_error_add(errors, p,
                             "overlaps another interval (the same day, or one running past "
                             "midnight into it)");
                e = ERR_VALIDATION;
                break;
            }
        (*n)++;
    }
    return e;
}

enum errcode catalog_exceptions_from_json(const json_t *arr, struct hours_exception *exc,
                                          size_t *n, json_t **errors)
{
    enum errcode e = ERR_OK;
    *n = 0;
    size_t i;
    const json_t *v;
    json_array_foreach(arr, i, v)
    {
        char p[64];
        if (i >= AG_HOURS_EXCEPTIONS_MAX)
            break;
        struct hours_exception x = {0, -1, -1, js_get_str(v, "note")};
        const char *date = js_get_str(v, "date");
        if (!date || hours_parse_date(date, &x.day) != 0) {
            snprintf(p, sizeof p, "/exceptions/%zu/date", i);
            jv_error_add(errors, p, "must be a date YYYY-MM-DD");
            e = ERR_VALIDATION;
            continue;
        }
        bool closed = js_get_bool(v, "closed", 0);
        const char *o = js_get_str(v, "opens"), *c = js_get_str(v, "closes");
        if (closed && (o || c)) {
            snprintf(p, sizeof p, "/exceptions/%zu/closed", i);
            jv_error_add(errors, p, "cannot be true together with opens and closes");
            e = ERR_VALIDATION;
            continue;
        }
        if (!closed) {
            x.opens = hours_parse_hhmm(o ? o : "", false);
            x.closes = hours_parse_hhmm(c ? c : "", true);
            if (x.opens < 0 || x.closes < 0) {
                snprintf(p, sizeof p, "/exceptions/%zu", i);
                jv_error_add(errors, p,
                             "needs opens and closes (HH:MM), or \"closed\": true");
                e = ERR_VALIDATION;
                continue;
            }
            if (x.closes <= x.opens)
                x.closes += 1440;
        }
        for (size_t k = 0; k < *n; k++)
            if (exc[k].day == x.day && (exc[k].opens < 0 || x.opens < 0 ||
                                        (exc[k].opens < x.closes && x.opens < exc[k].closes))) {
                snprintf(p, sizeof p, "/exceptions/%zu", i);
                jv_error_add(errors, p, "overlaps another exception of the same date");
                e = ERR_VALIDATION;
                break;
            }
        exc[(*n)++] = x;
    }
    return e;
}

static void store_bind_in(store_stmt *st, const struct catalog_store_in *in)
{
    store_bind_text(st, 3, in->name);
    store_bind_text(st, 4, in->address ? in->address : "");
    store_bind_text(st, 5, in->city ? in->city : "");
    store_bind_text(st, 6, in->postal_code ? in->postal_code : "");
    store_bind_text(st, 7, in->country ? in->country : "");
    if (in->location == 1) {
        store_bind_double(st, 8, in->lat);
        store_bind_double(st, 9, in->lon);
    } else {
        store_bind_null(st, 8);
        store_bind_null(st, 9);
    }
    store_bind_text(st, 10, in->time_zone);
    store_bind_text(st, 11, in->phone);
}

enum errcode catalog_store_create(store_conn *db, const struct catalog_actor *actor,
                                  int64_t retailer_id, const struct catalog_store_in *in,
                                  int64_t now, int64_t *id)
{
    enum errcode e = catalog_may_write(actor, retailer_id);
    if (e != ERR_OK)
        return e;
    int x = catalog_retailer_exists(db, retailer_id);
    if (x <= 0)
        return x == 0 ? ERR_NOT_FOUND : catalog_store_err(x);
    store_stmt *st = store_prepare(
        db, "INSERT INTO stores (retailer_id, code, name, address, city, postal_code, country, "
            "latitude, longitude, time_zone, phone, created_at, updated_at) VALUES ($1, $2, $3, "
            "$4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id");
    if (!st)
        return ERR_INTERNAL;
    store_bind_i64(st, 1, retailer_id);
    store_bind_text(st, 2, in->code);
    store_bind_in(st, in);
    store_bind_i64(st, 12, now);
    int rc = store_step(st);
    if (rc == STORE_ROW)
        *id = store_col_i64(st, 0);
    store_reset(st);
    return rc == STORE_ROW ? ERR_OK : catalog_store_err(rc);
}

enum errcode catalog_store_upsert(store_conn *db, int64_t retailer_id,
                                  const struct catalog_store_in *in, int64_t now,
                                  enum catalog_upsert *did)
{
    store_stmt *st = store_prepare(db, "SELECT 1 FROM stores WHERE retailer_id = $1 AND code = $2");
    if (!st)
        return ERR_INTERNAL;
    store_bind_i64(st, 1, retailer_id);
    store_bind_text(st, 2, in->code);
    int rc = store_step(st);
    store_reset(st);
    if (rc != STORE_ROW && rc != STORE_DONE)
        return catalog_store_err(rc);
    bool existed = rc == STORE_ROW;
    /* The WHERE of the update skips rows that would not change, so that a
     * re-import keeps updated_at (and returns no row). */
    st = store_prepare(
        db, "INSERT INTO stores (retailer_id, code, name, address, city, postal_code, country, "
            "latitude, longitude, time_zone, phone, created_at, updated_at) VALUES ($1, $2, $3, "
            "$4, $5, $6, $7, $8, $9, $10, $11, $12, $12) "
            "ON CONFLICT (retailer_id, code) DO UPDATE SET name = excluded.name, "
            "address = excluded.address, city = excluded.city, "
            "postal_code = excluded.postal_code, country = excluded.country, "
            "latitude = excluded.latitude, longitude = excluded.longitude, "
            "time_zone = excluded.time_zone, phone = excluded.phone, "
            "updated_at = excluded.updated_at "
            "WHERE stores.name <> excluded.name OR stores.address <> excluded.address "
            "OR stores.city <> excluded.city OR stores.postal_code <> excluded.postal_code "
            "OR stores.country <> excluded.country OR stores.time_zone <> excluded.time_zone "
            "OR COALESCE(stores.phone, '') <> COALESCE(excluded.phone, '') "
            "OR COALESCE(stores.latitude, 1000) <> COALESCE(excluded.latitude, 1000) "
            "OR COALESCE(stores.longitude, 1000) <> COALESCE(excluded.longitude, 1000) "
            "RETURNING id");
    if (!st)
        return ERR_INTERNAL;
    store_bind_i64(st, 1, retailer_id);
    store_bind_text(st, 2, in->code);
    store_bind_in(st, in);
    store_bind_i64(st, 12, now);
    rc = store_step(st);
    store_reset(st);
    if (rc != STORE_ROW && rc != STORE_DONE)
        return catalog_store_err(rc);
    *did = !existed ? CATALOG_CREATED : rc == STORE_ROW ? CATALOG_UPDATED : CATALOG_UNCHANGED;
    return ERR_OK;
}

enum errcode catalog_store_retailer(store_conn *db, int64_t store_id, int64_t *retailer_id)
{
    store_stmt *st = store_prepare(db, "SELECT retailer_id FROM stores WHERE id = $1");
    if (!st)
        return ERR_INTERNAL;
    store_bind_i64(st, 1, store_id);
    int rc = store_step(st);
    if (rc == STORE_ROW)
        *retailer_id = store_col_i64(st, 0);
    store_reset(st);
    return rc == STORE_ROW ? ERR_OK : rc == STORE_DONE ? ERR_NOT_FOUND : catalog_store_err(rc);
}

enum errcode catalog_store_patch(store_conn *db, const struct catalog_actor *actor,
                                 int64_t store_id, const struct catalog_store_in *in,
                                 int64_t now)
{
    int64_t retailer_id = 0;
    enum errcode e = catalog_store_retailer(db, store_id, &retailer_id);
    if (e == ERR_OK)
        e = catalog_may_write(actor, retailer_id);
    if (e != ERR_OK)
        return e;
    store_stmt *st = store_prepare(
        db, "UPDATE stores SET code = COALESCE($2, code), name = COALESCE($3, name), "
            "address = COALESCE($4, address), city = COALESCE($5, city), "
            "postal_code = COALESCE($6, postal_code), country = COALESCE($7, country), "
            "time_zone = COALESCE($8, time_zone), phone = COALESCE($9, phone), "
            "latitude = CASE WHEN $10 = 1 THEN $11 WHEN $10 = -1 THEN NULL ELSE latitude END, "
            "longitude = CASE WHEN $10 = 1 THEN $12 WHEN $10 = -1 THEN NULL ELSE longitude END, "
            "updated_at = $13 WHERE id = $1");
    if (!st)
        return ERR_INTERNAL;
    store_bind_i64(st, 1, store_id);
    store_bind_text(st, 2, in->code);
    store_bind_text(st, 3, in->name);
    store_bind_text(st, 4, in->address);
    store_bind_text(st, 5, in->city);
    store_bind_text(st, 6, in->postal_code);
    store_bind_text(st, 7, in->country);
    store_bind_text(st, 8, in->time_zone);
    store_bind_text(st, 9, in->phone);
    store_bind_i64(st, 10, in->location);
    store_bind_double(st, 11, in->lat);
    store_bind_double(st, 12, in->lon);
    store_bind_i64(st, 13, now);
    int rc = store_run(st);
    return rc == STORE_DONE ? ERR_OK : catalog_store_err(rc);
}

/* Runs a DELETE by store id; returns a store result. */
static int store_delete_rows(store_conn *db, const char *sql, int64_t store_id)
{
    store_stmt *del = store_prepare(db, sql);
    if (!del)
        return STORE_ERR;
    store_bind_i64(del, 1, store_id);
    return store_run(del);
}

enum errcode catalog_store_set_hours(store_conn *db, int64_t store_id,
                                     const struct hours_interval *week, size_t n)
{
    int rc = store_delete_rows(db, "DELETE FROM store_hours WHERE store_id = $1", store_id);
    store_stmt *ins = store_prepare(db, "INSERT INTO store_hours (store_id, weekday, opens, "
                                        "closes) VALUES ($1, $2, $3, $4)");
    if (!ins)
        return ERR_INTERNAL;
    for (size_t i = 0; i < n && rc == STORE_DONE; i++) {
        store_bind_i64(ins, 1, store_id);
        store_bind_i64(ins, 2, week[i].weekday);
        store_bind_i64(ins, 3, week[i].opens);
        store_bind_i64(ins, 4, week[i].closes);
        rc = store_run(ins);
    }
    return rc == STORE_DONE ? ERR_OK : catalog_store_err(rc);
}

enum errcode catalog_store_set_exceptions(store_conn *db, int64_t store_id,
                                          const struct hours_exception *exc, size_t n)
{
    int rc = store_delete_rows(db, "DELETE FROM store_hours_exceptions WHERE store_id = $1",
                               store_id);
    store_stmt *ins = store_prepare(db, "INSERT INTO store_hours_exceptions (store_id, day, "
                                        "opens, closes, note) VALUES ($1, $2, $3, $4, $5)");
    if (!ins)
        return ERR_INTERNAL;
    for (size_t i = 0; i < n && rc == STORE_DONE; i++) {
        char day[11];
        hours_format_date(exc[i].day, day);
        store_bind_i64(ins, 1, store_id);
        store_bind_text(ins, 2, day);
        store_bind_i64(ins, 3, exc[i].opens);
        store_bind_i64(ins, 4, exc[i].closes);
        store_bind_text(ins, 5, exc[i].note ? exc[i].note : "");
        rc = store_run(ins);
    }
    return rc == STORE_DONE ? ERR_OK : catalog_store_err(rc);
}

/* Reads the weekly hours and the exceptions from since_day on.  Notes are
 * copied into notes (a JSON array kept in step with exc, may be NULL).
 * Returns a store result. */
static int store_read_hours(store_conn *db, int64_t store_id, int64_t since_day,
                            struct hours_interval *week, size_t *nweek,
                            struct hours_exception *exc, size_t *nexc, json_t *notes)
{
    *nweek = *nexc = 0;
    store_stmt *st = store_prepare(db, "SELECT weekday, opens, closes FROM store_hours "
                                       "WHERE store_id = $1 ORDER BY weekday, opens");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, store_id);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW && *nweek < AG_HOURS_MAX)
        week[(*nweek)++] = (struct hours_interval){(int)store_col_i64(st, 0),
                                                   (int)store_col_i64(st, 1),
                                                   (int)store_col_i64(st, 2)};
    store_reset(st);
    if (rc != STORE_DONE && rc != STORE_ROW)
        return rc;
    char since[11];
    hours_format_date(since_day, since);
    st = store_prepare(db, "SELECT day, opens, closes, note FROM store_hours_exceptions "
                           "WHERE store_id = $1 AND day >= $2 ORDER BY day, opens");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, store_id);
    store_bind_text(st, 2, since);
    while ((rc = store_step(st)) == STORE_ROW && *nexc < AG_HOURS_EXCEPTIONS_MAX) {
        struct hours_exception x = {0, (int)store_col_i64(st, 1), (int)store_col_i64(st, 2),
                                    NULL};
        if (hours_parse_date(store_col_text(st, 0), &x.day) != 0)
            continue;
        if (notes)
            json_array_append_new(notes, json_string(store_col_text(st, 3)));
        exc[(*nexc)++] = x;
    }
    store_reset(st);
    return rc == STORE_DONE || rc == STORE_ROW ? STORE_DONE : rc;
}

/* Today's local date of zone at now, in days since the epoch. */
static int64_t store_local_today(const struct tz_zone *z, int64_t now, struct tz_local *l)
{
    tz_local_at(z, now, l);
    return time_days_from_civil(l->y, l->month, l->day);
}

/* Adds hours, exceptions, open_now and local_time to the store object o. */
static int store_add_hours(store_conn *db, json_t *o, int64_t store_id, const char *zone,
                           int64_t now)
{
    const struct tz_zone *z = tz_get(zone);
    struct tz_local l = {0};
    int64_t today = z ? store_local_today(z, now, &l) : now / 86400;
    struct hours_interval week[AG_HOURS_MAX];
    struct hours_exception *exc = mem_calloc(AG_HOURS_EXCEPTIONS_MAX, sizeof *exc);
    size_t nweek, nexc;
    json_t *notes = json_array();
    int rc = store_read_hours(db, store_id, today - 1, week, &nweek, exc, &nexc, notes);
    if (rc == STORE_DONE) {
        json_t *h = json_array(), *x = json_array();
        char a[6], b[6], d[11];
        for (size_t i = 0; i < nweek; i++) {
            hours_format_hhmm(week[i].opens, a);
            hours_format_hhmm(week[i].closes, b);
            json_array_append_new(h, json_pack("{s:i,s:s,s:s}", "weekday", week[i].weekday,
                                               "opens", a, "closes", b));
        }
        for (size_t i = 0; i < nexc; i++) {
            hours_format_date(exc[i].day, d);
            json_t *e = json_pack("{s:s,s:b,s:O}", "date", d, "closed", exc[i].opens < 0,
                                  "note", json_array_get(notes, i));
            if (exc[i].opens >= 0) {
                hours_format_hhmm(exc[i].opens, a);
                hours_format_hhmm(exc[i].closes, b);
                json_object_set_new(e, "opens", json_string(a));
                json_object_set_new(e, "closes", json_string(b));
            }
            json_array_append_new(x, e);
        }
        json_object_set_new(o, "hours", h);
        json_object_set_new(o, "exceptions", x);
        json_object_set_new(o, "open_now",
                            json_boolean(z && hours_open_at(week, nweek, exc, nexc, &l)));
        if (z) {
            char t[40];
            int off = l.offset / 60;
            snprintf(t, sizeof t, "%04d-%02u-%02uT%02d:%02d:00%c%02d:%02d", (int)(l.y % 10000),
                     l.month % 100, l.day % 100, (l.minute / 60) % 100, l.minute % 60,
                     off < 0 ? '-' : '+', (off < 0 ? -off : off) / 60 % 100,
                     (off < 0 ? -off : off) % 60);
            json_object_set_new(o, "local_time", json_string(t));
        }
    }
    json_decref(notes);
    mem_free(exc);
    return rc;
}

static json_t *store_row_json(store_stmt *st)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", js_id(store_col_i64(st, 0)));
    json_object_set_new(o, "retailer_id", js_id(store_col_i64(st, 1)));
    json_object_set_new(o, "code", json_string(store_col_text(st, 2)));
    json_object_set_new(o, "name", json_string(store_col_text(st, 3)));
    json_object_set_new(o, "address", json_string(store_col_text(st, 4)));
    json_object_set_new(o, "city", json_string(store_col_text(st, 5)));
    json_object_set_new(o, "postal_code", json_string(store_col_text(st, 6)));
    json_object_set_new(o, "country", json_string(store_col_text(st, 7)));
    if (store_col_is_null(st, 8) || store_col_is_null(st, 9))
        json_object_set_new(o, "location", json_null());
    else
        json_object_set_new(o, "location",
                            json_pack("{s:f,s:f}", "latitude", store_col_double(st, 8),
                                      "longitude", store_col_double(st, 9)));
    json_object_set_new(o, "time_zone", json_string(store_col_text(st, 10)));
    json_object_set_new(o, "phone", catalog_col_json_text(st, 11));
    json_object_set_new(o, "created_at", js_time(store_col_i64(st, 12)));
    json_object_set_new(o, "updated_at", js_time(store_col_i64(st, 13)));
    return o;
}

enum errcode catalog_store_get(store_conn *db, int64_t id, int64_t now, json_t **out)
{
    store_stmt *st = store_prepare(db, "SELECT " STORE_COLUMNS " FROM stores WHERE id = $1");
    if (!st)
        return ERR_INTERNAL;
    store_bind_i64(st, 1, id);
    int rc = store_step(st);
    json_t *o = rc == STORE_ROW ? store_row_json(st) : NULL;
    store_reset(st);
    if (rc != STORE_ROW)
        return rc == STORE_DONE ? ERR_NOT_FOUND : catalog_store_err(rc);
    rc = store_add_hours(db, o, id, js_get_str(o, "time_zone"), now);
    if (rc != STORE_DONE) {
        json_decref(o);
        return catalog_store_err(rc);
    }
    *out = o;
    return ERR_OK;
}

static void store_bind_retailer(store_stmt *st, const void *ctx)
{
    store_bind_i64(st, 3, *(const int64_t *)ctx);
}

enum errcode catalog_store_list(store_conn *db, int64_t retailer_id, int64_t now,
                                struct catalog_page *pg, json_t *items)
{
    size_t first = json_array_size(items);
    enum errcode e = catalog_list_rows(db,
                                       "SELECT " STORE_COLUMNS " FROM stores WHERE id > $1 "
                                       "AND retailer_id = $3 ORDER BY id LIMIT $2",
                                       pg, store_bind_retailer, &retailer_id, store_row_json,
                                       items);
    /* Hours and open_now per store: one page is at most AG_PAGE_MAX stores. */
    for (size_t i = first; e == ERR_OK && i < json_array_size(items); i++) {
        json_t *o = json_array_get(items, i);
        int64_t id = 0;
        js_parse_id(js_get_str(o, "id"), &id);
        int rc = store_add_hours(db, o, id, js_get_str(o, "time_zone"), now);
        if (rc != STORE_DONE)
            e = catalog_store_err(rc);
    }
    return e;
}
