/*
 * feed_row.c - Merchant Center header and line checks (see feed_row.h).
 */
#include "catalog/feed_row.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/offers.h"
#include "core/limits.h"
#include "core/mem.h"
#include "core/money.h"
#include "core/text.h"
#include "core/text_check.h"
#include "core/timeutil.h"

static const char *const feed_col_names[FC_COUNT] = {
    "id",          "title",      "description",
    "link",        "image_link", "availability",
    "price",       "sale_price", "sale_price_effective_date",
    "brand",       "gtin",       "mpn",
    "product_type", "google_product_category", "store_code",
    "unit_pricing_measure", "unit_pricing_base_measure",
};

const char *feed_col_name(enum feed_col c)
{
    return (unsigned)c < FC_COUNT ? feed_col_names[c] : "?";
}

void feed_report_init(struct feed_report *rep)
{
    memset(rep, 0, sizeof *rep);
    rep->errors = json_array();
    rep->warnings = json_array();
}

void feed_report_free(struct feed_report *rep)
{
    json_decref(rep->errors);
    json_decref(rep->warnings);
    rep->errors = rep->warnings = NULL;
}

static void feed_report_put(json_t *arr, long line, const char *column, const char *detail)
{
    json_t *e = json_pack("{s:I,s:s}", "line", (json_int_t)line, "detail", detail);
    json_object_set_new(e, "column", column ? json_string(column) : json_null());
    json_array_append_new(arr, e);
}

void feed_report_add(struct feed_report *rep, long line, const char *column, const char *detail)
{
    if (rep->unordered) {
        rep->total++;
        feed_report_put(rep->errors, line, column, detail);
        if (json_array_size(rep->errors) >= 2 * AG_FEED_ERRORS_MAX) {
            feed_report_settle(rep); /* keeps the lowest lines: they stay the lowest */
            rep->unordered = true;
        }
        return;
    }
    if (rep->total++ < AG_FEED_ERRORS_MAX)
        feed_report_put(rep->errors, line, column, detail);
}

void feed_report_unordered(struct feed_report *rep)
{
    rep->unordered = true;
}

/* An error and its place in the array, for a stable sort by line. */
struct report_slot {
    json_t *e;
    json_int_t line;
    size_t at;
};

static int report_slot_cmp(const void *a, const void *b)
{
    const struct report_slot *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->at < y->at ? -1 : x->at > y->at;
}

void feed_report_settle(struct feed_report *rep)
{
    rep->unordered = false;
    size_t n = json_array_size(rep->errors);
    if (n < 2)
        return;
    struct report_slot *s = mem_calloc(n, sizeof *s);
    for (size_t i = 0; i < n; i++) {
        s[i].e = json_array_get(rep->errors, i);
        s[i].line = json_integer_value(json_object_get(s[i].e, "line"));
        s[i].at = i;
    }
    qsort(s, n, sizeof *s, report_slot_cmp);
    json_t *sorted = json_array();
    for (size_t i = 0; i < n && i < AG_FEED_ERRORS_MAX; i++)
        json_array_append(sorted, s[i].e);
    mem_free(s);
    json_decref(rep->errors);
    rep->errors = sorted;
}

void feed_report_warn(struct feed_report *rep, long line, const char *column,
                      const char *detail)
{
    if (rep->nwarnings++ < AG_FEED_ERRORS_MAX)
        feed_report_put(rep->warnings, line, column, detail);
}

/* Normalises a header name into out: lower-case, trimmed, "g:" dropped,
 * spaces to underscores. */
static void feed_header_name(const char *s, size_t len, char *out, size_t outlen)
{
    while (len && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len >= 2 && (s[0] == 'g' || s[0] == 'G') && s[1] == ':') {
        s += 2;
        len -= 2;
    }
    size_t o = 0;
    for (size_t i = 0; i < len && o + 1 < outlen; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        out[o++] = c == ' ' ? '_' : c;
    }
    out[o] = '\0';
}

int feed_header_read(struct feed_reader *r, struct feed_header *h, struct feed_report *rep)
{
    for (int i = 0; i < FC_COUNT; i++)
        h->col[i] = -1;
    h->nfields = 0;
    int rc = feed_reader_next(r);
    if (rc != FEED_RECORD) {
        feed_report_add(rep, 1, NULL, rc == FEED_IO ? "the file could not be read"
                                                    : "the feed is empty: it needs a header line");
        return -1;
    }
    if (r->error) {
        feed_report_add(rep, r->rec_line, NULL, r->error);
        return -1;
    }
    h->nfields = r->nfields;
    int bad = 0;
    for (int i = 0; i < r->nfields; i++) {
        size_t len;
        const char *f = feed_field(r, i, &len);
        char name[64];
        feed_header_name(f, len, name, sizeof name);
        for (int c = 0; c < FC_COUNT; c++) {
            if (strcmp(name, feed_col_names[c]) != 0)
                continue;
            if (h->col[c] >= 0) {
                feed_report_add(rep, r->rec_line, feed_col_names[c],
                                "the column appears twice in the header");
                bad = 1;
            }
            h->col[c] = i;
        }
    }
    static const enum feed_col required[] = {FC_ID, FC_PRICE};
    for (size_t k = 0; k < sizeof required / sizeof required[0]; k++)
        if (h->col[required[k]] < 0) {
            feed_report_add(rep, r->rec_line, feed_col_names[required[k]],
                            "the header has no such column; it is required");
            bad = 1;
        }
    if (h->col[FC_TITLE] < 0 && h->col[FC_STORE_CODE] < 0) {
        feed_report_add(rep, r->rec_line, "title",
                        "the header has no such column; it is required (only a local "
                        "inventory feed, with store_code, may leave it out)");
        bad = 1;
    }
    return bad ? -1 : 0;
}

int feed_parse_datetime(const char *s, size_t len, int64_t *out)
{
    char buf[40];
    if (len < 10 || len >= sizeof buf)
        return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    int v[5] = {0, 0, 0, 0, 0};
    const int at[3] = {0, 5, 8}, n[3] = {4, 2, 2};
    if (buf[4] != '-' || buf[7] != '-')
        return -1;
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < n[k]; i++) {
            char c = buf[at[k] + i];
            if (c < '0' || c > '9')
                return -1;
            v[k] = v[k] * 10 + (c - '0');
        }
    char iso[48];
    if (len == 10) {
        snprintf(iso, sizeof iso, "%.10sT00:00:00Z", buf);
        return time_parse_rfc3339(iso, out);
    }
    if (buf[10] != 'T' && buf[10] != 't' && buf[10] != ' ')
        return -1;
    /* hh:mm[:ss[.frac]] then Z, +hh:mm, +hhmm, +hh, or nothing (UTC). */
    const char *t = buf + 11;
    size_t tl = strspn(t, "0123456789:.");
    if (tl != 5 && tl < 8)
        return -1;
    char hms[24];
    if (tl == 5)
        snprintf(hms, sizeof hms, "%.5s:00", t);
    else
        snprintf(hms, sizeof hms, "%.*s", (int)(tl < sizeof hms ? tl : sizeof hms - 1), t);
    const char *z = t + tl;
    char zone[8];
    if (*z == '\0')
        snprintf(zone, sizeof zone, "Z");
    else if ((z[0] == 'Z' || z[0] == 'z') && z[1] == '\0')
        snprintf(zone, sizeof zone, "Z");
    else if ((z[0] == '+' || z[0] == '-') && strlen(z) == 6 && z[3] == ':')
        snprintf(zone, sizeof zone, "%s", z);
    else if ((z[0] == '+' || z[0] == '-') && strlen(z) == 5)
        snprintf(zone, sizeof zone, "%c%.2s:%.2s", z[0], z + 1, z + 3);
    else if ((z[0] == '+' || z[0] == '-') && strlen(z) == 3)
        snprintf(zone, sizeof zone, "%c%.2s:00", z[0], z + 1);
    else
        return -1;
    snprintf(iso, sizeof iso, "%.10sT%s%s", buf, hms, zone);
    return time_parse_rfc3339(iso, out);
}

/* The field of column c, or NULL when the column is absent or the field
 * empty; *len gets its length. */
static const char *feed_get(const struct feed_reader *r, const struct feed_header *h,
                            enum feed_col c, size_t *len)
{
    *len = 0;
    if (h->col[c] < 0)
        return NULL;
    const char *f = feed_field(r, h->col[c], len);
    /* Surrounding spaces are never meaningful in a feed value. */
    while (*len && f[0] == ' ') {
        f++;
        (*len)--;
    }
    if (*len == 0)
        return NULL;
    return f;
}

/* Checks UTF-8 and a length in characters; reports and returns -1. */
static int feed_text(const struct feed_reader *r, const struct feed_header *h, enum feed_col c,
                     size_t max, const char **out, struct feed_report *rep)
{
    size_t len;
    const char *f = feed_get(r, h, c, &len);
    *out = NULL;
    if (!f)
        return 0;
    if (!text_utf8_valid(f, len) || strlen(f) != len) {
        feed_report_add(rep, r->rec_line, feed_col_names[c], "is not valid UTF-8 text");
        return -1;
    }
    /* The rules of every stored text (core/text_check.h), as POST
     * /v1/offers applies them. */
    const char *rule = c == FC_DESCRIPTION ? text_check_lines(f, len) : text_check_line(f, len);
    if (rule) {
        feed_report_add(rep, r->rec_line, feed_col_names[c], rule);
        return -1;
    }
    if (text_utf8_len(f, len) > max) {
        char why[80];
        snprintf(why, sizeof why, "is longer than %zu characters", max);
        feed_report_add(rep, r->rec_line, feed_col_names[c], why);
        return -1;
    }
    *out = f;
    return 0;
}

/* Parses a Merchant Center price ("12.99 EUR"). */
static int feed_money(const struct feed_reader *r, enum feed_col c, const char *f,
                      struct money *m, struct feed_report *rep)
{
    if (money_parse_with_currency(f, m) == 0)
        return 0;
    const char *why = "must be an amount and an ISO 4217 currency, such as \"12.99 EUR\"";
    if (strchr(f, '-'))
        why = "must not be negative";
    else {
        /* A well-formed amount with an unknown code deserves its own words. */
        const char *sp = strrchr(f, ' ');
        if (sp && strlen(sp + 1) == 3) {
            char code[4];
            for (int k = 0; k < 4; k++) {
                char ch = sp[1 + k];
                code[k] = ch >= 'a' && ch <= 'z' ? (char)(ch - 'a' + 'A') : ch;
            }
            if (!money_currency_valid(code))
                why = "has an unknown currency (not an ISO 4217 code)";
        }
    }
    feed_report_add(rep, r->rec_line, feed_col_names[c], why);
    return -1;
}

static int feed_availability(const char *f, const char **out)
{
    char norm[24];
    size_t n = strlen(f);
    if (n >= sizeof norm)
        return -1;
    for (size_t i = 0; i <= n; i++) {
        char c = f[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        norm[i] = c == ' ' ? '_' : c;
    }
    for (const char *const *a = catalog_availability; *a; a++)
        if (strcmp(norm, *a) == 0) {
            *out = *a;
            return 0;
        }
    return -1;
}

static int feed_url(const struct feed_reader *r, const struct feed_header *h, enum feed_col c,
                    const char **out, struct feed_report *rep)
{
    if (feed_text(r, h, c, AG_URL_MAX, out, rep) != 0)
        return -1;
    const char *why = *out ? text_check_url(*out, strlen(*out)) : NULL;
    if (why) {
        feed_report_add(rep, r->rec_line, feed_col_names[c], why);
        *out = NULL;
        return -1;
    }
    return 0;
}

int feed_line_parse(const struct feed_reader *r, const struct feed_header *h,
                    struct feed_line *out, struct feed_report *rep)
{
    memset(out, 0, sizeof *out);
    struct publish_item *it = &out->item;
    it->prices.s.sale_price = -1;
    if (r->error) {
        feed_report_add(rep, r->rec_line, NULL, r->error);
        return -1;
    }
    long before = rep->total;
    if (r->nfields > h->nfields) {
        char why[120];
        snprintf(why, sizeof why, "has %d fields but the header has %d (a stray tab or comma?)",
                 r->nfields, h->nfields);
        feed_report_add(rep, r->rec_line, NULL, why);
        return -1;
    }
    feed_text(r, h, FC_ID, AG_FEED_ID_MAX, &it->item_id, rep);
    if (!it->item_id && rep->total == before)
        feed_report_add(rep, r->rec_line, "id", "is required");
    feed_text(r, h, FC_TITLE, AG_FEED_TITLE_MAX, &it->title, rep);
    if (!it->title && h->col[FC_TITLE] >= 0 && rep->total == before)
        feed_report_add(rep, r->rec_line, "title", "is required");
    feed_text(r, h, FC_DESCRIPTION, AG_FEED_DESCRIPTION_MAX, &it->description, rep);
    feed_url(r, h, FC_LINK, &it->link, rep);
    feed_url(r, h, FC_IMAGE_LINK, &it->image_link, rep);
    feed_text(r, h, FC_BRAND, AG_FEED_BRAND_MAX, &it->brand, rep);
    feed_text(r, h, FC_MPN, AG_FEED_MPN_MAX, &it->mpn, rep);
    feed_text(r, h, FC_PRODUCT_TYPE, AG_FEED_TYPE_MAX, &it->product_type, rep);
    feed_text(r, h, FC_GOOGLE_CATEGORY, AG_FEED_TYPE_MAX, &it->google_category, rep);
    feed_text(r, h, FC_STORE_CODE, AG_STORE_CODE_MAX, &out->store_code, rep);

    size_t len;
    const char *f = feed_get(r, h, FC_AVAILABILITY, &len);
    it->availability = "in_stock";
    if (f && feed_availability(f, &it->availability) != 0)
        feed_report_add(rep, r->rec_line, "availability",
                        "must be in_stock, out_of_stock, preorder or backorder");

    it->gtin_given = h->col[FC_GTIN] >= 0;
    f = feed_get(r, h, FC_GTIN, &len);
    if (f) {
        enum gtin_rc g = gtin_normalize(f, len, out->gtin);
        if (g != GTIN_OK)
            feed_report_add(rep, r->rec_line, "gtin", gtin_reason(g));
        else if (gtin_restricted(out->gtin))
            feed_report_warn(rep, r->rec_line, "gtin",
                             "is an in-store number (restricted circulation): the item stays "
                             "this retailer's own, never matched with another retailer's");
        else
            it->gtin = out->gtin;
    }

    struct money price = {0}, sale = {0};
    bool has_price = false, has_sale = false;
    f = feed_get(r, h, FC_PRICE, &len);
    if (!f)
        feed_report_add(rep, r->rec_line, "price", "is required");
    else if (feed_money(r, FC_PRICE, f, &price, rep) == 0)
        has_price = true;
    f = feed_get(r, h, FC_SALE_PRICE, &len);
    if (f && feed_money(r, FC_SALE_PRICE, f, &sale, rep) == 0) {
        has_sale = true;
        if (has_price && strcmp(price.currency, sale.currency) != 0)
            feed_report_add(rep, r->rec_line, "sale_price", "must be in the currency of price");
        else if (has_price && sale.amount > price.amount)
            feed_report_add(rep, r->rec_line, "sale_price", "must not exceed price");
    }
    if (has_price) {
        memcpy(it->prices.currency, price.currency, 4);
        it->prices.s.price = price.amount;
    }
    if (has_sale)
        it->prices.s.sale_price = sale.amount;

    f = feed_get(r, h, FC_SALE_DATE, &len);
    if (f) {
        const char *slash = memchr(f, '/', len);
        int64_t a = 0, b = 0;
        size_t end_len = slash ? len - (size_t)(slash - f) - 1 : 0;
        if (!slash || feed_parse_datetime(f, (size_t)(slash - f), &a) != 0 ||
            feed_parse_datetime(slash + 1, end_len, &b) != 0) {
            feed_report_add(rep, r->rec_line, "sale_price_effective_date",
                            "must be two ISO 8601 dates START/END, such as "
                            "2026-11-20T00:00+0100/2026-11-30T23:59+0100");
        } else {
            if (end_len == 10)
                b += 86400; /* an end date alone: through that whole day (UTC) */
            if (b <= a)
                feed_report_add(rep, r->rec_line, "sale_price_effective_date",
                                "the sale window ends before it starts");
            else if (!has_sale)
                feed_report_add(rep, r->rec_line, "sale_price_effective_date",
                                "needs a sale_price");
            else {
                it->prices.s.sale_start = a;
                it->prices.s.sale_end = b;
            }
        }
    }

    const char *why;
    f = feed_get(r, h, FC_UNIT_MEASURE, &len);
    if (f) {
        if (pricing_parse_measure(f, &it->measure, &why) != 0)
            feed_report_add(rep, r->rec_line, "unit_pricing_measure", why);
        else
            it->has_measure = true;
    }
    f = feed_get(r, h, FC_UNIT_BASE, &len);
    if (f) {
        if (pricing_parse_measure(f, &it->base, &why) != 0)
            feed_report_add(rep, r->rec_line, "unit_pricing_base_measure", why);
        else if (!it->has_measure)
            feed_report_add(rep, r->rec_line, "unit_pricing_base_measure",
                            "needs unit_pricing_measure");
        else if (it->base.dim != it->measure.dim)
            feed_report_add(rep, r->rec_line, "unit_pricing_base_measure",
                            "must measure the same thing as unit_pricing_measure (weight, "
                            "volume, length, area or count)");
        else
            it->has_base = true;
    }
    return rep->total == before ? 0 : -1;
}
