/*
 * feed_import.c - product feed and stores imports (see feed_import.h).
 */
#include "catalog/feed_import.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "catalog/idmap.h"
#include "catalog/publish.h"
#include "catalog/retailers.h"
#include "catalog/stores.h"
#include "core/limits.h"
#include "core/mem.h"
#include "core/text.h"
#include "core/text_check.h"
#include "json/js.h"

void feed_import_result_free(struct feed_import_result *res)
{
    feed_report_free(&res->report);
}

/* Empties the result and checks the retailer. */
static enum errcode import_start(store_conn *db, const struct feed_import_opts *o,
                                 struct feed_import_result *res)
{
    memset(res, 0, sizeof *res);
    feed_report_init(&res->report);
    int x = catalog_retailer_exists(db, o->retailer_id);
    if (x <= 0)
        return x == 0 ? ERR_NOT_FOUND : catalog_store_err(x);
    return ERR_OK;
}

/* Records the import (its id marks the offers it lists). */
static int import_begin(store_conn *db, const struct feed_import_opts *o, const char *kind,
                        int64_t *id)
{
    store_stmt *st = store_prepare(db, "INSERT INTO feed_imports (retailer_id, account_id, kind, "
                                       "mode, started_at) VALUES ($1, $2, $3, $4, $5) "
                                       "RETURNING id");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, o->retailer_id);
    catalog_bind_opt(st, 2, o->account_id);
    store_bind_text(st, 3, kind);
    store_bind_text(st, 4, o->partial ? "partial" : "full");
    store_bind_i64(st, 5, o->now);
    int rc = store_step(st);
    if (rc == STORE_ROW)
        *id = store_col_i64(st, 0);
    store_reset(st);
    return rc == STORE_ROW ? STORE_DONE : rc;
}

static int import_finish(store_conn *db, const struct feed_import_result *r, int64_t now)
{
    store_stmt *st = store_prepare(
        db, "UPDATE feed_imports SET finished_at = $2, lines = $3, imported = $4, bad = $5, "
            "created = $6, updated = $7, unchanged = $8, out_of_stock = $9 WHERE id = $1");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, r->import_id);
    store_bind_i64(st, 2, now);
    store_bind_i64(st, 3, r->lines);
    store_bind_i64(st, 4, r->imported);
    store_bind_i64(st, 5, r->bad);
    store_bind_i64(st, 6, r->created);
    store_bind_i64(st, 7, r->updated);
    store_bind_i64(st, 8, r->unchanged);
    store_bind_i64(st, 9, r->out_of_stock);
    return store_run(st);
}

/* Loads the retailer's store codes into map. */
static int import_store_codes(store_conn *db, int64_t retailer_id, struct idmap *map)
{
    store_stmt *st = store_prepare(db, "SELECT id, code FROM stores WHERE retailer_id = $1");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, retailer_id);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW)
        idmap_put(map, store_col_text(st, 1), store_col_i64(st, 0));
    store_reset(st);
    return rc;
}

/* The id of a store code not in the map (maps are capped). */
static int import_store_lookup(store_conn *db, int64_t retailer_id, const char *code,
                               int64_t *id)
{
    store_stmt *st =
        store_prepare(db, "SELECT id FROM stores WHERE retailer_id = $1 AND code = $2");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, retailer_id);
    store_bind_text(st, 2, code);
    int rc = store_step(st);
    if (rc == STORE_ROW)
        *id = store_col_i64(st, 0);
    store_reset(st);
    return rc;
}

/* Scopes seen by a full-snapshot feed: online, and each store. */
struct import_scopes {
    bool online;
    int64_t *stores; /* owned */
    size_t n, cap;
};

static void scopes_add(struct import_scopes *s, int64_t store_id)
{
    if (!store_id) {
        s->online = true;
        return;
    }
    for (size_t i = 0; i < s->n; i++)
        if (s->stores[i] == store_id)
            return;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->stores = mem_realloc(s->stores, s->cap * sizeof *s->stores);
    }
    s->stores[s->n++] = store_id;
}

/* Where publish tells feed_import_products the outcome of each line. */
struct import_run {
    struct feed_import_result *res;
    struct import_scopes scopes;
};

static void import_outcome(void *arg, long line, int64_t store_id, int result, int64_t offer_id)
{
    (void)offer_id;
    struct import_run *run = arg;
    struct feed_import_result *res = run->res;
    if (result == PUBLISH_DUPLICATE || result == PUBLISH_NO_LISTING) {
        feed_report_add(&res->report, line, "id",
                        result == PUBLISH_DUPLICATE
                            ? "appears more than once in this feed (same id and store_code)"
                            : "is not listed yet: a line without title needs the item in a "
                              "product feed first");
        res->bad++;
        return;
    }
    res->imported++;
    scopes_add(&run->scopes, store_id);
}

/* Reads, checks and queues every line (publish writes them by batches). */
static enum errcode import_lines(store_conn *db, struct feed_reader *r,
                                 const struct feed_header *h, struct idmap *codes,
                                 struct publish_ctx *pc, const struct feed_import_opts *o,
                                 struct feed_import_result *res)
{
    for (;;) {
        int got = feed_reader_next(r);
        if (got == FEED_END)
            return ERR_OK;
        if (got == FEED_IO) {
            feed_report_add(&res->report, r->line, NULL, "the file could not be read");
            return ERR_INTERNAL;
        }
        res->lines++;
        struct feed_line line;
        int64_t store_id = 0;
        int rc;
        bool bad = feed_line_parse(r, h, &line, &res->report) != 0;
        if (line.store_code && !idmap_get(codes, line.store_code, &store_id)) {
            rc = import_store_lookup(db, o->retailer_id, line.store_code, &store_id);
            if (rc != STORE_ROW && rc != STORE_DONE)
                return catalog_store_err(rc);
            if (rc == STORE_DONE) {
                feed_report_add(&res->report, r->rec_line, "store_code",
                                "is not a store of this retailer (import the stores first)");
                bad = true;
            }
        }
        if (bad) {
            res->bad++;
            /* skip_bad: an item whose line is bad keeps its offer as it was
             * instead of counting as absent from the snapshot. */
            if (o->skip_bad && line.item.item_id && (!line.store_code || store_id)) {
                rc = publish_mark_seen(pc, line.item.item_id, store_id);
                if (rc != STORE_DONE)
                    return catalog_store_err(rc);
            }
            continue;
        }
        line.item.store_id = store_id;
        rc = publish_queue(pc, &line.item, r->rec_line);
        if (rc != STORE_DONE)
            return catalog_store_err(rc);
    }
}

enum errcode feed_import_products(store_conn *db, int fd, const struct feed_import_opts *o,
                                  struct feed_import_result *res)
{
    enum errcode start = import_start(db, o, res);
    if (start != ERR_OK)
        return start;
    struct feed_reader r;
    struct feed_header h;
    struct idmap codes;
    struct publish_ctx pc;
    struct import_run run = {.res = res};
    enum errcode e = ERR_OK;
    feed_reader_open_fd(&r, fd, o->delim);
    idmap_init(&codes);
    int rc = import_begin(db, o, "products", &res->import_id);
    publish_begin(&pc, db, o->retailer_id, o->now, res->import_id);
    pc.on_result = import_outcome;
    pc.on_result_arg = &run;
    if (rc == STORE_DONE)
        rc = import_store_codes(db, o->retailer_id, &codes);
    if (rc == STORE_DONE)
        rc = publish_search_defer(db);
    if (rc != STORE_DONE) {
        e = catalog_store_err(rc);
        goto out;
    }
    if (feed_header_read(&r, &h, &res->report) != 0) {
        e = ERR_VALIDATION;
        goto out;
    }
    bool has_store_col = h.col[FC_STORE_CODE] >= 0;
    feed_report_unordered(&res->report);
    e = import_lines(db, &r, &h, &codes, &pc, o, res);
    if (e == ERR_OK) {
        rc = publish_flush(&pc);
        if (rc != STORE_DONE)
            e = catalog_store_err(rc);
    }
    feed_report_settle(&res->report);
    if (e != ERR_OK)
        goto out;
    if (res->bad && !o->skip_bad) {
        e = ERR_VALIDATION;
        goto out;
    }
    if (!o->partial && res->imported == 0 && !o->allow_empty) {
        /* A header alone, or nothing but bad lines, is far more often a
         * broken export than a retailer closing shop. */
        feed_report_add(&res->report, 1, NULL,
                        "a full feed without one valid line would take every offer out of "
                        "stock; nothing was imported (send allow_empty=true to do that)");
        e = ERR_VALIDATION;
        goto out;
    }
    rc = STORE_DONE;
    if (!o->partial) {
        if (!has_store_col || run.scopes.online)
            rc = publish_absent_out_of_stock(&pc, 0, &res->out_of_stock);
        for (size_t i = 0; i < run.scopes.n && rc == STORE_DONE; i++)
            rc = publish_absent_out_of_stock(&pc, run.scopes.stores[i], &res->out_of_stock);
        if (rc != STORE_DONE) {
            e = catalog_store_err(rc);
            goto out;
        }
    }
    res->created = pc.created;
    res->updated = pc.updated;
    res->unchanged = pc.unchanged;
    res->price_changes = pc.price_changes;
    rc = publish_search_flush(db);
    if (rc == STORE_DONE)
        rc = import_finish(db, res, o->now);
    if (rc != STORE_DONE)
        e = catalog_store_err(rc);
out:
    feed_report_settle(&res->report);
    res->created = pc.created;
    res->updated = pc.updated;
    res->unchanged = pc.unchanged;
    res->price_changes = pc.price_changes;
    publish_end(&pc);
    idmap_free(&codes);
    mem_free(run.scopes.stores);
    feed_reader_close(&r);
    return e;
}

/* Stores ------------------------------------------------------------------ */

enum store_col { SC_CODE, SC_NAME, SC_ADDRESS, SC_CITY, SC_POSTAL, SC_COUNTRY, SC_LAT, SC_LON,
                 SC_TZ, SC_PHONE, SC_COUNT };

static const char *const store_col_names[SC_COUNT] = {
    "code", "name", "address", "city", "postal_code", "country", "latitude", "longitude",
    "time_zone", "phone",
};

static const char *store_get(const struct feed_reader *r, const int *col, enum store_col c)
{
    if (col[c] < 0)
        return NULL;
    size_t len;
    const char *f = feed_field(r, col[c], &len);
    return len ? f : NULL;
}

/* Checks one stores line into in; 0 good, -1 bad (reported). */
static int store_line(const struct feed_reader *r, const int *col, struct catalog_store_in *in,
                      struct feed_report *rep)
{
    memset(in, 0, sizeof *in);
    long before = rep->total;
    if (r->error) {
        feed_report_add(rep, r->rec_line, NULL, r->error);
        return -1;
    }
    const char **dst[SC_COUNT] = {&in->code, &in->name, &in->address, &in->city,
                                  &in->postal_code, &in->country, NULL, NULL,
                                  &in->time_zone, &in->phone};
    static const size_t max[SC_COUNT] = {AG_STORE_CODE_MAX, AG_NAME_MAX, AG_ADDRESS_MAX,
                                         AG_ADDRESS_MAX, AG_POSTAL_CODE_MAX, 2, 0, 0, AG_TZ_NAME_MAX, AG_PHONE_MAX};
    for (int c = 0; c < SC_COUNT; c++) {
        if (!dst[c])
            continue;
        const char *f = store_get(r, col, (enum store_col)c);
        if (!f)
            continue;
        const char *why = NULL;
        if (!text_utf8_valid(f, strlen(f)))
            feed_report_add(rep, r->rec_line, store_col_names[c], "is not valid UTF-8 text");
        else if (text_utf8_len(f, strlen(f)) > max[c])
            feed_report_add(rep, r->rec_line, store_col_names[c], "is too long");
        else if ((why = text_check_line(f, strlen(f))) != NULL) /* as the API's store fields */
            feed_report_add(rep, r->rec_line, store_col_names[c], why);
        else
            *dst[c] = f;
    }
    static const enum store_col required[] = {SC_CODE, SC_NAME, SC_TZ};
    for (size_t k = 0; k < 3; k++)
        if (!store_get(r, col, required[k]))
            feed_report_add(rep, r->rec_line, store_col_names[required[k]], "is required");
    const char *la = store_get(r, col, SC_LAT), *lo = store_get(r, col, SC_LON);
    if (la && lo) {
        if (text_parse_double(la, strlen(la), &in->lat) != 0 || in->lat < -90 || in->lat > 90)
            feed_report_add(rep, r->rec_line, "latitude", "must be a number from -90 to 90");
        if (text_parse_double(lo, strlen(lo), &in->lon) != 0 || in->lon < -180 || in->lon > 180)
            feed_report_add(rep, r->rec_line, "longitude", "must be a number from -180 to 180");
        in->location = 1;
    } else if (la || lo) {
        feed_report_add(rep, r->rec_line, la ? "longitude" : "latitude",
                        "is required when the other coordinate is given");
    }
    json_t *errors = NULL;
    if (rep->total == before && in->time_zone &&
        catalog_store_check(in, "", &errors) != ERR_OK)
        feed_report_add(rep, r->rec_line, "time_zone",
                        "is not a known IANA time zone (such as Europe/Zagreb)");
    json_decref(errors);
    return rep->total == before ? 0 : -1;
}

/* The column a stores header field names, or -1: case, spaces and dashes
 * do not matter ("Time zone" is time_zone), and the usual short names are
 * known. */
static int store_column(const char *f, size_t len)
{
    static const struct {
        const char *name;
        enum store_col col;
    } aliases[] = {{"timezone", SC_TZ}, {"tz", SC_TZ},         {"lat", SC_LAT},
                   {"lng", SC_LON},     {"lon", SC_LON},       {"zip", SC_POSTAL},
                   {"postcode", SC_POSTAL}, {"zip_code", SC_POSTAL}};
    char name[32];
    if (len >= sizeof name)
        return -1;
    for (size_t i = 0; i < len; i++)
        name[i] = f[i] == ' ' || f[i] == '-' ? '_' : (char)tolower((unsigned char)f[i]);
    name[len] = '\0';
    for (int c = 0; c < SC_COUNT; c++)
        if (strcmp(name, store_col_names[c]) == 0)
            return c;
    for (size_t a = 0; a < sizeof aliases / sizeof aliases[0]; a++)
        if (strcmp(name, aliases[a].name) == 0)
            return (int)aliases[a].col;
    return -1;
}

enum errcode feed_import_stores(store_conn *db, int fd, const struct feed_import_opts *o,
                                struct feed_import_result *res)
{
    enum errcode start = import_start(db, o, res);
    if (start != ERR_OK)
        return start;
    struct feed_reader r;
    struct idmap seen;
    enum errcode e = ERR_OK;
    feed_reader_open_fd(&r, fd, o->delim);
    idmap_init(&seen);
    int rc = import_begin(db, o, "stores", &res->import_id);
    if (rc != STORE_DONE) {
        e = catalog_store_err(rc);
        goto out;
    }
    int col[SC_COUNT];
    for (int c = 0; c < SC_COUNT; c++)
        col[c] = -1;
    int nheader = 0;
    int got = feed_reader_next(&r);
    if (got != FEED_RECORD || r.error) {
        feed_report_add(&res->report, 1, NULL,
                        got == FEED_RECORD ? r.error : "the file is empty: it needs a header line");
        e = ERR_VALIDATION;
        goto out;
    }
    nheader = r.nfields;
    for (int i = 0; i < r.nfields; i++) {
        size_t len;
        const char *f = feed_field(&r, i, &len);
        int c = store_column(f, len);
        if (c >= 0)
            col[c] = i;
    }
    for (int c = 0; c < SC_COUNT; c++)
        if (col[c] < 0 && (c == SC_CODE || c == SC_NAME || c == SC_TZ || c == SC_LAT ||
                           c == SC_LON)) {
            feed_report_add(&res->report, 1, store_col_names[c],
                            "the header has no such column; it is required");
            e = ERR_VALIDATION;
        }
    if (e != ERR_OK)
        goto out;
    while ((got = feed_reader_next(&r)) == FEED_RECORD) {
        res->lines++;
        struct catalog_store_in in;
        int64_t first_line;
        if (r.nfields > nheader) {
            feed_report_add(&res->report, r.rec_line, NULL,
                            "has more fields than the header (a stray comma?)");
            res->bad++;
            continue;
        }
        if (store_line(&r, col, &in, &res->report) != 0) {
            res->bad++;
            continue;
        }
        /* A code twice in one file would silently overwrite itself. */
        if (idmap_get(&seen, in.code, &first_line)) {
            char why[96];
            snprintf(why, sizeof why, "appears more than once in this file (first on line %lld)",
                     (long long)first_line);
            feed_report_add(&res->report, r.rec_line, "code", why);
            res->bad++;
            continue;
        }
        idmap_put(&seen, in.code, r.rec_line);
        if (in.location != 1)
            feed_report_warn(&res->report, r.rec_line, "latitude",
                             "no coordinates: the store is imported without a location (it "
                             "never appears in near= results)");
        enum catalog_upsert did;
        e = catalog_store_upsert(db, o->retailer_id, &in, o->now, &did);
        if (e != ERR_OK)
            goto out;
        res->imported++;
        res->created += did == CATALOG_CREATED;
        res->updated += did == CATALOG_UPDATED;
        res->unchanged += did == CATALOG_UNCHANGED;
    }
    if (got == FEED_IO) {
        e = ERR_INTERNAL;
        goto out;
    }
    if (res->bad && !o->skip_bad) {
        e = ERR_VALIDATION;
        goto out;
    }
    rc = import_finish(db, res, o->now);
    if (rc != STORE_DONE)
        e = catalog_store_err(rc);
out:
    idmap_free(&seen);
    feed_reader_close(&r);
    return e;
}

json_t *feed_import_result_json(const struct feed_import_result *res, bool committed)
{
    /* Refused or failed: nothing was written, whatever was decided. */
    long w = committed ? 1 : 0;
    json_t *o = json_object();
    json_object_set_new(o, "import_id",
                        committed && res->import_id ? js_id(res->import_id) : json_null());
    json_object_set_new(o, "committed", json_boolean(committed));
    json_object_set_new(o, "lines", json_integer(res->lines));
    json_object_set_new(o, "imported", json_integer(w * res->imported));
    json_object_set_new(o, "bad", json_integer(res->bad));
    json_object_set_new(o, "created", json_integer(w * res->created));
    json_object_set_new(o, "updated", json_integer(w * res->updated));
    json_object_set_new(o, "unchanged", json_integer(w * res->unchanged));
    json_object_set_new(o, "out_of_stock", json_integer(w * res->out_of_stock));
    json_object_set_new(o, "price_changes", json_integer(w * res->price_changes));
    json_object_set_new(o, "errors_total", json_integer(res->report.total));
    json_object_set_new(o, "errors", json_copy(res->report.errors));
    json_object_set_new(o, "warnings_total", json_integer(res->report.nwarnings));
    json_object_set_new(o, "warnings", json_copy(res->report.warnings));
    return o;
}
