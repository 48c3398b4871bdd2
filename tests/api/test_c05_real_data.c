/*
 * test_c05_real_data.c - the catalog on real data: ../shared/data/
 * croatia-retail (see its SOURCE.md), never copied into the repository.
 *
 * Imports the real stores of 11 chains (stores without coordinates are
 * reported, not invented), then each real Konzum price list converted on
 * the fly into a Merchant Center feed: the regular price is Price, or for
 * a promotion (Price empty) its AnchorPrice, with SpecialPrice as
 * sale_price; BestPrice30, the legally published 30-day low, is imported
 * first as the price 31 days ago, so that the reduction we compute from
 * our own price history can be checked against it.  Checks counts, that
 * every rejected line is reported (and that the invalid barcodes of the
 * source are exactly the ones reported), the promotions' prices, and a
 * sample of barcodes.
 *
 * The data folder: $AGORA_SHARED_DATA/croatia-retail, else
 * ../shared/data/croatia-retail (beside the repository), else
 * ../../shared/data/croatia-retail (beside a worktree).  Skipped, saying
 * so, when none exists.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include <cmocka.h>

#include "catalog/feed_parse.h"
#include "catalog_fixtures.h"
#include "harness.h"

static struct srv S;
static char *admin;
static char dir[600];
static long konzum;

static const char *const price_lists[] = {"0204", "0530", "0901", "1601"};

static int find_data(void)
{
    const char *env = getenv("AGORA_SHARED_DATA");
    const char *bases[] = {env, "../shared/data", "../../shared/data"};
    for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++) {
        struct stat st;
        if (!bases[i] || !bases[i][0])
            continue;
        snprintf(dir, sizeof dir, "%s/croatia-retail", bases[i]);
        if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
            return 1;
    }
    dir[0] = '\0';
    return 0;
}

static int setup(void **state)
{
    (void)state;
    if (!find_data())
        return 0;
    if (srv_start(&S, NULL) != 0)
        return -1;
    admin = api_make_user(&S, harness_email("admin"), "admin", 0);
    return admin ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    if (!dir[0])
        return 0;
    free(admin);
    int rc = srv_stop(&S);
    srv_cleanup(&S);
    return rc == 0 ? 0 : -1;
}

#define SKIP_WITHOUT_DATA()                                                                  \
    do {                                                                                     \
        if (!dir[0]) {                                                                       \
            fprintf(stderr, "croatia-retail data not found (set AGORA_SHARED_DATA, or put "  \
                            "shared/data beside the repository): skipped\n");                \
            skip();                                                                          \
        }                                                                                    \
    } while (0)

/* Reads a source CSV: calls row() for each data line with the fields by
 * header name index.  Returns the number of data lines. */
struct src {
    struct feed_reader r;
    int fd;
    char names[32][32];
    int n;
};

static int src_open(struct src *s, const char *file)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    s->fd = open(path, O_RDONLY);
    assert_true(s->fd >= 0);
    feed_reader_open_fd(&s->r, s->fd, ',');
    assert_int_equal(feed_reader_next(&s->r), FEED_RECORD);
    s->n = s->r.nfields;
    for (int i = 0; i < s->n && i < 32; i++)
        snprintf(s->names[i], sizeof s->names[i], "%s", feed_field(&s->r, i, NULL));
    return 0;
}

static const char *src_get(struct src *s, const char *name)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->names[i], name) == 0)
            return feed_field(&s->r, i, NULL);
    fail_msg("no column %s", name);
    return "";
}

static void src_close(struct src *s)
{
    feed_reader_close(&s->r);
    close(s->fd);
}

/* Writes a CSV field, always quoted. */
static void csv_put(FILE *f, const char *v, int last)
{
    fputc('"', f);
    for (; *v; v++) {
        if (*v == '"')
            fputc('"', f);
        fputc(*v, f);
    }
    fputc('"', f);
    fputc(last ? '\n' : ',', f);
}

/* A TSV field: tabs and line breaks never occur in these files, but be
 * safe and replace them by spaces. */
static void tsv_put(FILE *f, const char *v, int last)
{
    for (; *v; v++)
        fputc(*v == '\t' || *v == '\n' || *v == '\r' ? ' ' : *v, f);
    fputc(last ? '\n' : '\t', f);
}

static int gs1_valid(const char *s)
{
    size_t n = strlen(s);
    if (n != 8 && n != 12 && n != 13 && n != 14)
        return 0;
    int sum = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        int d = s[n - 1 - i] - '0';
        if (i > 0)
            sum += (i % 2 == 1) ? 3 * d : d;
    }
    return (10 - sum % 10) % 10 == s[n - 1] - '0' && strspn(s, "0") != n;
}

/* A retailer's in-store code (GS1 restricted circulation: weighed goods
 * 2xx..., UPC number systems 2 and 4, GTIN-8 0... and 2...): never a
 * global product, so never looked up by barcode here. */
static int in_store(const char *s)
{
    size_t n = strlen(s);
    if (n == 8)
        return s[0] == '0' || s[0] == '2';
    if (n == 12)
        return s[0] == '2' || s[0] == '4';
    if (n == 13)
        return s[0] == '2' || (s[0] == '0' && (s[1] == '2' || s[1] == '4'));
    return 0;
}

static void real_stores_of_eleven_chains(void **state)
{
    (void)state;
    SKIP_WITHOUT_DATA();
    const char *chains[] = {"konzum", "tommy", "plodine", "spar", "lidl", "kaufland",
                            "ktc", "eurospin", "studenac", "ntl", "trgocentar"};
    long total = 0, without = 0, reported = 0, total_dups = 0;
    for (size_t c = 0; c < sizeof chains / sizeof chains[0]; c++) {
        long rid = cat_retailer(&S, admin, chains[c]);
        if (c == 0)
            konzum = rid;
        char tmp[] = "/tmp/agora-real-stores-XXXXXX";
        int fd = mkstemp(tmp);
        FILE *out = fdopen(fd, "w");
        fprintf(out, "code,name,address,city,postal_code,latitude,longitude,time_zone,phone\n");
        struct src s;
        src_open(&s, "stores.csv");
        long rows = 0, rows_without = 0, dups = 0;
        char seen[200][16];
        while (feed_reader_next(&s.r) == FEED_RECORD) {
            assert_null(s.r.error);
            if (strcmp(src_get(&s, "chain_code"), chains[c]) != 0)
                continue;
            char name[300];
            snprintf(name, sizeof name, "%s %s (%s)", chains[c], src_get(&s, "city"),
                     src_get(&s, "type"));
            csv_put(out, src_get(&s, "code"), 0);
            csv_put(out, name, 0);
            csv_put(out, src_get(&s, "address"), 0);
            csv_put(out, src_get(&s, "city"), 0);
            csv_put(out, src_get(&s, "zipcode"), 0);
            csv_put(out, src_get(&s, "lat"), 0);
            csv_put(out, src_get(&s, "lon"), 0);
            csv_put(out, "Europe/Zagreb", 0);
            csv_put(out, src_get(&s, "phone"), 1);
            int dup = 0;
            for (long k = 0; k < rows && k < 200; k++)
                dup |= strcmp(seen[k], src_get(&s, "code")) == 0;
            if (rows < 200)
                snprintf(seen[rows], sizeof seen[rows], "%s", src_get(&s, "code"));
            rows++;
            dups += dup;
            rows_without += !dup && (!src_get(&s, "lat")[0] || !src_get(&s, "lon")[0]);
        }
        src_close(&s);
        fclose(out);
        char rs[24], report[1 << 16];
        snprintf(rs, sizeof rs, "%ld", rid);
        const char *args[] = {"import", "stores",   "--retailer", rs, "--format",
                              "csv",    "--skip-bad", tmp,        NULL};
        int status = srv_cli(&S, args, report, sizeof report);
        unlink(tmp);
        if (status != 0)
            fprintf(stderr, "%s: %s\n", chains[c], report);
        assert_int_equal(status, 0);
        json_t *rep = json_loads(strstr(report, "{\"import_id\""), JSON_DISABLE_EOF_CHECK, NULL);
        assert_non_null(rep);
        /* A code repeated in the file is reported, not silently merged. */
        assert_int_equal(cat_num(rep, "imported"), rows - dups);
        assert_int_equal(cat_num(rep, "bad"), dups);
        assert_int_equal(cat_num(rep, "warnings_total"), rows_without);
        total_dups += dups;
        reported += cat_num(rep, "warnings_total");
        json_decref(rep);
        total += rows;
        without += rows_without;
    }
    /* SOURCE.md: 886 rows, 876 with coordinates; 78 of tommy's rows
     * repeat a store code (found by this test). */
    assert_int_equal(total, 886);
    assert_int_equal(total_dups, 78);
    assert_int_equal(without, 10);
    assert_int_equal(reported, 10);
    assert_int_equal(db_count(&S, "SELECT COUNT(*) FROM stores"), 886 - 78);
    assert_int_equal(db_count(&S, "SELECT COUNT(*) FROM stores WHERE latitude IS NULL"), 10);
}

/* What the test knows of one price list. */
struct list_facts {
    long rows, promos, bad_barcodes;
    long sample_line[32];
    char sample_barcode[32][16], sample_id[32][16];
    long sample_special[32], sample_anchor[32], sample_best[32];
    int nsample, pending;
};

static long cents(const char *s)
{
    double v = strtod(s, NULL);
    return (long)(v * 100 + (v >= 0 ? 0.5 : -0.5));
}

/* Converts one price list into two feeds: the 30-day lows of the
 * promotions (history) and today's list. */
static void convert(const char *code, const char *hist_path, const char *feed_path,
                    struct list_facts *f)
{
    char file[64];
    snprintf(file, sizeof file, "konzum_%s_2025-07-03.csv", code);
    struct src s;
    src_open(&s, file);
    FILE *h = fopen(hist_path, "w"), *o = fopen(feed_path, "w");
    const char *hdr = "id\ttitle\tbrand\tgtin\tproduct_type\tprice\tsale_price\tstore_code\t"
                      "unit_pricing_measure\n";
    fputs(hdr, h);
    fputs(hdr, o);
    memset(f, 0, sizeof *f);
    while (feed_reader_next(&s.r) == FEED_RECORD) {
        assert_null(s.r.error);
        f->rows++;
        const char *price = src_get(&s, "Price"), *special = src_get(&s, "SpecialPrice");
        const char *anchor = src_get(&s, "AnchorPrice"), *best = src_get(&s, "BestPrice30");
        const char *barcode = src_get(&s, "Barcode");
        const char *regular = price[0] ? price : anchor;
        char qty[64] = "";
        const char *q = src_get(&s, "Quantity");
        const char *sp = strrchr(q, ' ');
        if (sp) /* "0.30 kg"; Croatian "ko" (komad) is a piece: Merchant Center "ct" */
            snprintf(qty, sizeof qty, "%.*s %s", (int)(sp - q), q,
                     strcmp(sp + 1, "ko") == 0 ? "ct" : sp + 1);
        char p[32] = "", sale[32] = "";
        if (regular[0])
            snprintf(p, sizeof p, "%s EUR", regular);
        if (special[0])
            snprintf(sale, sizeof sale, "%s EUR", special);
        const char *fields[] = {src_get(&s, "ProductId"), src_get(&s, "Product"),
                                src_get(&s, "Brand"), barcode, src_get(&s, "Category"), p,
                                sale, code, qty};
        for (int i = 0; i < 9; i++)
            tsv_put(o, fields[i], i == 8);
        if (barcode[0] && !gs1_valid(barcode))
            f->bad_barcodes++;
        if (!special[0])
            continue;
        f->promos++;
        if (best[0]) {
            char b[32];
            snprintf(b, sizeof b, "%s EUR", best);
            const char *hf[] = {fields[0], fields[1], fields[2], barcode, fields[4], b, "", code,
                                qty};
            for (int i = 0; i < 9; i++)
                tsv_put(h, hf[i], i == 8);
        }
        /* Sample about every 25th promotion (the next one our rules accept). */
        if (f->promos % 25 == 1)
            f->pending = 1;
        if (f->pending && f->nsample < 32 && gs1_valid(barcode) && !in_store(barcode) &&
            !price[0] &&
            best[0] && cents(special) <= cents(anchor) && cents(best) <= cents(anchor)) {
            int k = f->nsample++;
            f->pending = 0;
            f->sample_line[k] = f->rows + 1;
            snprintf(f->sample_barcode[k], sizeof f->sample_barcode[k], "%s", barcode);
            snprintf(f->sample_id[k], sizeof f->sample_id[k], "%s", fields[0]);
            f->sample_special[k] = cents(special);
            f->sample_anchor[k] = cents(anchor);
            f->sample_best[k] = cents(best);
        }
    }
    src_close(&s);
    fclose(h);
    fclose(o);
}

/* The store offer of product (by barcode) at the Konzum store code. */
static json_t *store_offer(const char *barcode, long store_id, struct http_resp *r)
{
    char path[128];
    snprintf(path, sizeof path, "/v1/products?gtin=%s", barcode);
    struct http_resp p;
    assert_int_equal(api_get(&S, path, NULL, &p), 0);
    json_t *items = json_object_get(p.json, "items");
    assert_int_equal(json_array_size(items), 1);
    snprintf(path, sizeof path, "/v1/products/%ld/offers", cat_num(json_array_get(items, 0), "id"));
    resp_free(&p);
    assert_int_equal(api_get(&S, path, NULL, r), 0);
    json_t *offers = json_object_get(r->json, "items");
    for (size_t i = 0; i < json_array_size(offers); i++)
        if (cat_num(json_array_get(offers, i), "store_id") == store_id)
            return json_array_get(offers, i);
    return NULL;
}

static void real_price_lists_with_promotions(void **state)
{
    (void)state;
    SKIP_WITHOUT_DATA();
    assert_true(konzum > 0);
    char rs[24];
    snprintf(rs, sizeof rs, "%ld", konzum);
    const long source_promos[] = {817, 874, 579, 115}; /* SOURCE.md */
    for (size_t l = 0; l < 4; l++) {
        const char *code = price_lists[l];
        char hist[] = "/tmp/agora-real-hist-XXXXXX", feed[] = "/tmp/agora-real-feed-XXXXXX";
        close(mkstemp(hist));
        close(mkstemp(feed));
        struct list_facts f;
        convert(code, hist, feed, &f);
        assert_int_equal(f.promos, source_promos[l]);
        /* The 30-day lows, 31 days ago: the whole window is on record
         * (partial: nothing else changes). */
        static char out[1 << 20];
        const char *args[] = {"import",     "feed",     "--retailer", rs,   "--partial",
                              "--skip-bad", "--time-offset", "-2678400", hist, NULL};
        assert_int_equal(srv_cli(&S, args, out, sizeof out), 0);
        /* Today's list, as a full snapshot of that store. */
        size_t len;
        char *data = cat_read_file(feed, &len);
        struct http_resp r;
        assert_int_equal(cat_upload(&S, konzum, admin, "text/tab-separated-values", data, len,
                                    "?skip_bad=true", &r),
                         0);
        free(data);
        unlink(hist);
        unlink(feed);
        if (r.status != 200)
            fprintf(stderr, "%s\n", r.body);
        assert_int_equal(r.status, 200);
        long lines = cat_num(r.json, "lines"), imported = cat_num(r.json, "imported");
        long bad = cat_num(r.json, "bad");
        assert_int_equal(lines, f.rows);
        assert_int_equal(imported + bad, f.rows);
        /* Every rejected line is reported, with its line number; the
         * invalid barcodes of the source are exactly the gtin errors. */
        json_t *errors = json_object_get(r.json, "errors");
        long last = 0, distinct = 0, gtin_errors = 0;
        if (getenv("AGORA_TEST_VERBOSE")) {
            char *dump = json_dumps(errors, JSON_INDENT(1));
            fprintf(stderr, "%s\n", dump);
            free(dump);
        }
        for (size_t i = 0; i < json_array_size(errors); i++) {
            json_t *e = json_array_get(errors, i);
            long line = cat_num(e, "line");
            assert_true(line >= 2 && line <= f.rows + 1);
            distinct += line != last;
            last = line;
            const char *col = json_string_value(json_object_get(e, "column"));
            gtin_errors += col && strcmp(col, "gtin") == 0;
        }
        assert_true(cat_num(r.json, "errors_total") <= 1000); /* all kept */
        assert_int_equal(distinct, bad);
        assert_int_equal(gtin_errors, f.bad_barcodes);
        fprintf(stderr, "konzum %s: %ld lines, %ld imported, %ld reported (%ld bad barcodes), "
                        "%ld promotions\n",
                code, lines, imported, bad, f.bad_barcodes, f.promos);
        resp_free(&r);
        /* The offers of the store are the imported lines. */
        char sql[200];
        snprintf(sql, sizeof sql,
                 "SELECT id FROM stores WHERE code = '%s' AND retailer_id = %ld", code, konzum);
        long store_id = db_count(&S, sql);
        assert_true(store_id > 0);
        /* The offers of the store are the imported lines, plus those whose
         * line was rejected today but that the 30-day-low import created
         * (skip_bad keeps them as they were). */
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM offers WHERE store_id = %ld", store_id);
        long offers = db_count(&S, sql);
        assert_true(offers >= imported && offers <= imported + bad);
        snprintf(sql, sizeof sql,
                 "SELECT COUNT(*) FROM offers WHERE store_id = %ld AND sale_price IS NOT NULL",
                 store_id);
        assert_true(db_count(&S, sql) <= f.promos);
        /* The sampled promotions: price, sale price and the reduction
         * against the published 30-day low. */
        assert_true(f.nsample >= 2);
        for (int k = 0; k < f.nsample; k++) {
            struct http_resp o;
            json_t *off = store_offer(f.sample_barcode[k], store_id, &o);
            assert_non_null(off);
            assert_string_equal(json_string_value(json_object_get(off, "item_id")),
                                f.sample_id[k]);
            assert_int_equal(cat_amount(off, "price"), f.sample_anchor[k]);
            assert_int_equal(cat_amount(off, "sale_price"), f.sample_special[k]);
            assert_int_equal(cat_amount(off, "effective_price"), f.sample_special[k]);
            json_t *red = json_object_get(off, "reduction");
            assert_true(json_is_object(red));
            assert_int_equal(cat_amount(red, "reference_price"), f.sample_best[k]);
            resp_free(&o);
        }
    }
    /* One product per barcode across the four stores. */
    long products = db_count(&S, "SELECT COUNT(*) FROM products WHERE gtin IS NOT NULL");
    long barcodes = db_count(&S, "SELECT COUNT(DISTINCT p.gtin) FROM offers o JOIN products p "
                                 "ON p.id = o.product_id WHERE p.gtin IS NOT NULL");
    assert_int_equal(products, barcodes);
    assert_true(db_count(&S, "SELECT COUNT(*) FROM (SELECT product_id FROM offers "
                             "GROUP BY product_id HAVING COUNT(*) = 4) AS t") > 3000);
}

static void a_sample_of_barcodes_from_products_csv(void **state)
{
    (void)state;
    SKIP_WITHOUT_DATA();
    /* products.csv names barcodes independently of the price lists: every
     * 500th one with a valid check digit that Konzum sells must be found
     * by look-up with any of its forms. */
    struct src s;
    src_open(&s, "products.csv");
    long n = 0, checked = 0, found = 0;
    while (feed_reader_next(&s.r) == FEED_RECORD) {
        const char *b = src_get(&s, "barcode");
        if (++n % 500 != 0 || !gs1_valid(b))
            continue;
        char path[128];
        snprintf(path, sizeof path, "/v1/products?gtin=%s", b);
        struct http_resp r;
        assert_int_equal(api_get(&S, path, NULL, &r), 0);
        assert_int_equal(r.status, 200);
        checked++;
        if (json_array_size(json_object_get(r.json, "items")) == 1) {
            found++;
            char padded[32];
            snprintf(padded, sizeof padded, "%014lld", strtoll(b, NULL, 10));
            assert_string_equal(json_string_value(json_object_get(
                                    json_array_get(json_object_get(r.json, "items"), 0), "gtin")),
                                padded);
        }
        resp_free(&r);
    }
    src_close(&s);
    fprintf(stderr, "products.csv: %ld of %ld sampled barcodes are sold by the four stores\n",
            found, checked);
    assert_true(checked > 50);
    assert_true(found > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(real_stores_of_eleven_chains),
        cmocka_unit_test(real_price_lists_with_promotions),
        cmocka_unit_test(a_sample_of_barcodes_from_products_csv),
    };
    return cmocka_run_group_tests_name("c05_real_data", tests, setup, teardown);
}
