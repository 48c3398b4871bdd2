/*
 * seed_offers.c - generated products (valid GTINs, titles from the word
 * lists, an image of their top category), one listing per seller, offers
 * online and in stores, and a back-dated price history that makes each
 * sale's reduction what the EU 30-day rule says it is (see seed_gen.h).
 *
 * Prices: a base drawn per product from its item's range (cheap items more
 * often), each seller a few percent apart, some stores again; rounded to
 * shelf prices.  A listing on sale puts all its offers on sale for one
 * window around today (running or starting within days).  A real sale's
 * history shows the regular price in force since long before; a "fake"
 * one (plan->fake_percent) shows the price raised ten days before the
 * sale, so its real reduction is about nil.  The reference and reduction
 * are computed with the catalog's own rules (pricing.h) and the history
 * rows written afterwards by seed_history.c.
 *
 * Writing: SEED_BATCH products at a time, drawn first (so the PRNG order,
 * and thus the data, does not depend on the engine), then one multi-row
 * statement each for the products, their listings and their offers: a
 * handful of round trips per batch instead of several per product.  The
 * text is made of our own generated words and numbers, quoted here.
 */
#include <stdio.h>
#include <string.h>

#include "catalog/catalog.h"
#include "catalog/pricing.h"
#include "core/buf.h"
#include "core/mem.h"
#include "seed/seed_gen.h"

#define DAY 86400

/* One price state and when it started; at most 3 per offer. */
struct seed_hist {
    struct pricing_point pt[3];
    size_t n;
};

/* A listing's sale: the same for all its offers. */
struct seed_sale {
    int on;      /* 0: no sale */
    int fake;    /* price raised 10 days before */
    int percent; /* advertised reduction */
    int64_t start, end, announced;
};

static int64_t seed_money_scale(int64_t cents, int permille)
{
    return cents * permille / 1000;
}

static void seed_sale_draw(struct seed_rng *g, const struct seed_plan *p, struct seed_sale *s)
{
    static const int percents[] = {10, 15, 20, 20, 25, 30, 30, 40, 50};
    memset(s, 0, sizeof *s);
    if (!seed_rng_chance(g, p->sale_percent))
        return;
    s->on = 1;
    s->fake = seed_rng_chance(g, p->fake_percent);
    s->percent = s->fake ? 20 : percents[seed_rng_below(g, sizeof percents / sizeof *percents)];
    int64_t today = p->now - p->now % DAY;
    if (seed_rng_chance(g, 85)) /* running: began up to 12 days ago */
        s->start = today - seed_rng_range(g, 0, 12) * DAY + 7 * 3600;
    else /* announced: starts within 5 days */
        s->start = today + seed_rng_range(g, 1, 5) * DAY + 7 * 3600;
    s->end = s->start + seed_rng_range(g, 7, 21) * DAY;
    if (s->end <= p->now)
        s->end = today + 2 * DAY;
    s->announced = s->start - seed_rng_range(g, 1, 3) * DAY;
    if (s->announced > p->now)
        s->announced = p->now;
}

/* The history and current state of one offer with regular price `price`
 * first seen at `since`; fills *cur with the offer's state now. */
static void seed_history(const struct seed_sale *s, int64_t price, int64_t since,
                         struct seed_hist *h, struct pricing_state *cur)
{
    h->n = 0;
    struct pricing_state regular = {price, -1, 0, 0};
    h->pt[h->n++] = (struct pricing_point){since, regular};
    *cur = regular;
    if (!s->on)
        return;
    int64_t list = price;
    if (s->fake) {
        list = seed_shelf_price(seed_money_scale(price, 1250));
        h->pt[h->n++] = (struct pricing_point){s->start - 10 * DAY, {list, -1, 0, 0}};
    }
    int64_t sale = seed_shelf_price(seed_money_scale(list, 1000 - 10 * s->percent));
    if (sale >= list)
        sale = list - 1;
    *cur = (struct pricing_state){list, sale, s->start, s->end};
    h->pt[h->n++] = (struct pricing_point){s->announced, *cur};
}

/* A generated product and the plan of its two listings. */
struct seed_listing_plan {
    enum seed_kind seller;
    int64_t count; /* offers: online + count - 1 stores; 0: no listing */
    int64_t first; /* index of its first store */
    struct seed_sale sale;
    int64_t price, alt;
    int64_t id;
};

struct seed_product {
    int64_t id;
    size_t top, leaf, brand;
    int64_t base, created;
    char size[16]; /* SEED_VAR_SIZE: the package size, else "" */
    char gtin[15], title[200], desc[400], attrs[96];
    struct seed_listing_plan l[2];
};

/* Draws the name of a product of item by brand: an adjective and a
 * variant (size, colour or model) into title, description and attributes. */
static void seed_product_name(struct seed_rng *g, const struct seed_top *top,
                              const struct seed_leaf *leaf, const struct seed_item *item,
                              const char *brand, struct seed_product *out)
{
    const char *adj = seed_rng_pick(g, top->adjectives, top->nadjectives);
    out->size[0] = '\0';
    char variant[48];
    switch (top->variant) {
    case SEED_VAR_SIZE:
        snprintf(out->size, sizeof out->size, "%s",
                 seed_rng_pick(g, leaf->sizes->w, leaf->sizes->n));
        snprintf(variant, sizeof variant, "%s", out->size);
        snprintf(out->attrs, sizeof out->attrs, "{\"size\":\"%s\"}", out->size);
        break;
    case SEED_VAR_COLOUR: {
        const char *c = seed_rng_pick(g, seed_colours.w, seed_colours.n);
        snprintf(variant, sizeof variant, "%s", c);
        snprintf(out->attrs, sizeof out->attrs, "{\"color\":\"%s\"}", c);
        break;
    }
    default:
        snprintf(variant, sizeof variant, "%c%d", 'A' + (int)seed_rng_below(g, 26),
                 (int)seed_rng_range(g, 2, 99) * 10);
        snprintf(out->attrs, sizeof out->attrs, "{\"model\":\"%s\"}", variant);
        break;
    }
    snprintf(out->title, sizeof out->title, "%s %s %s, %s", brand, adj, item->noun, variant);
    snprintf(out->desc, sizeof out->desc, "%s %s by %s. %s", adj, item->noun, brand, top->blurb);
}

/* Draws product number n (title, GTIN, price base) and its listings. */
static void seed_product_draw(const struct seed_plan *p, struct seed_world *w, int64_t n,
                              int64_t count, struct seed_product *out)
{
    struct seed_rng *g = &w->rng;
    size_t t = (size_t)seed_rng_below(g, seed_ntops);
    const struct seed_top *top = &seed_tops[t];
    size_t l = (size_t)seed_rng_below(g, top->nleaves);
    const struct seed_leaf *leaf = &top->leaves[l];
    const struct seed_item *item = &leaf->items[seed_rng_below(g, leaf->nitems)];
    size_t b = (size_t)seed_rng_below(g, top->nbrands);
    const char *brand = top->brands[b];
    double u = seed_rng_unit(g);
    out->top = t;
    out->leaf = l;
    out->brand = b;
    out->base = item->lo + (int64_t)((double)(item->hi - item->lo) * u * u);
    out->created = p->now - seed_rng_range(g, 90, 400) * DAY;
    /* Two products of different GTINs never share a title (a few tries:
     * a brand's item has a bounded number of names). */
    int64_t seen;
    for (int tries = 0; tries < SEED_NAME_TRIES; tries++) {
        seed_product_name(g, top, leaf, item, brand, out);
        if (!idmap_get(&w->titles, out->title, &seen))
            break;
    }
    idmap_put(&w->titles, out->title, n);
    /* Company numbers: one per brand; items numbered in order. */
    seed_gtin((int)(t * SEED_MAX_BRANDS + b), n, out->gtin);
    /* The main seller takes between half and all it can. */
    int64_t cap = p->stores_per_retailer + 1;
    int64_t lo = (count + 1) / 2, hi = count < cap ? count : cap;
    if (lo < count - cap)
        lo = count - cap;
    int64_t a = seed_rng_range(g, lo, hi > lo ? hi : lo);
    for (int i = 0; i < 2; i++) {
        struct seed_listing_plan *lp = &out->l[i];
        lp->seller = top->sellers[i];
        lp->count = i == 0 ? a : count - a;
        lp->id = 0;
        if (lp->count <= 0)
            continue;
        seed_sale_draw(g, p, &lp->sale);
        lp->price =
            seed_shelf_price(seed_money_scale(out->base, (int)seed_rng_range(g, 940, 1060)));
        lp->alt =
            lp->sale.fake
                ? lp->price
                : seed_shelf_price(seed_money_scale(lp->price, (int)seed_rng_range(g, 950, 1050)));
        lp->first = (int64_t)seed_rng_below(g, (uint64_t)p->stores_per_retailer);
    }
}

/* Appends s as a quoted SQL literal. */
static int seed_quote(struct buf *b, const char *s)
{
    int rc = buf_putc(b, '\'');
    for (; *s; s++)
        rc |= *s == '\'' ? buf_puts(b, "''") : buf_putc(b, *s);
    return rc | buf_putc(b, '\'');
}

static int seed_opt(struct buf *b, int has, int64_t v)
{
    return has ? buf_printf(b, "%lld", (long long)v) : buf_puts(b, "NULL");
}

/* Reads the ids above floor, ascending, into ids[0..n) (rows written by
 * one statement of this transaction, in order). */
static int seed_read_ids(store_conn *db, const char *sql, int64_t floor, int64_t *ids, size_t n)
{
    store_stmt *st = store_prepare(db, sql);
    if (!st)
        return seed_fail(db, "cannot read ids");
    store_bind_i64(st, 1, floor);
    store_bind_i64(st, 2, (int64_t)n);
    size_t got = 0;
    int rc;
    while ((rc = store_step(st)) == STORE_ROW && got < n)
        ids[got++] = store_col_i64(st, 0);
    store_reset(st);
    if (rc < 0 || got != n)
        return seed_fail(db, "cannot read the new rows' ids");
    return 0;
}

static int seed_max_id(store_conn *db, const char *sql, int64_t *out)
{
    store_stmt *st = store_prepare(db, sql);
    if (!st || store_step(st) != STORE_ROW)
        return seed_fail(db, "cannot read ids");
    *out = store_col_i64(st, 0);
    store_reset(st);
    return 0;
}

static int seed_exec(store_conn *db, struct buf *sql, const char *what)
{
    if (store_exec(db, sql->data) != STORE_OK)
        return seed_fail(db, what);
    buf_reset(sql);
    return 0;
}

/* The products of the batch, then their ids. */
static int seed_products_write(store_conn *db, struct seed_world *w, struct seed_product *pr,
                               size_t n, struct buf *sql)
{
    int64_t floor;
    if (seed_max_id(db, "SELECT COALESCE(MAX(id), 0) FROM products", &floor) != 0)
        return -1;
    int full = buf_puts(sql, "INSERT INTO products (gtin, title, description, brand_id, "
                             "category_id, image_url, attributes, created_at, updated_at) VALUES ");
    for (size_t i = 0; i < n; i++) {
        const struct seed_product *x = &pr[i];
        full |= buf_printf(sql, "%s('%s', ", i ? ", " : "", x->gtin);
        full |= seed_quote(sql, x->title);
        full |= buf_puts(sql, ", ");
        full |= seed_quote(sql, x->desc);
        full |= buf_printf(sql, ", %lld, %lld, '/img/demo/%s.svg', ",
                           (long long)w->brand[x->top][x->brand],
                           (long long)w->leaf[x->top][x->leaf], seed_tops[x->top].image);
        full |= seed_quote(sql, x->attrs);
        full |= buf_printf(sql, ", %lld, %lld)", (long long)x->created, (long long)x->created);
    }
    if (full != BUF_OK)
        return seed_fail(db, "a batch of products is too long");
    if (seed_exec(db, sql, "cannot insert products") != 0)
        return -1;
    int64_t *ids = mem_calloc(n, sizeof *ids);
    int rc = seed_read_ids(db, "SELECT id FROM products WHERE id > $1 ORDER BY id LIMIT $2", floor,
                           ids, n);
    for (size_t i = 0; rc == 0 && i < n; i++)
        pr[i].id = ids[i];
    mem_free(ids);
    return rc;
}

/* The listings of the batch, then their ids. */
static int seed_listings_write(store_conn *db, struct seed_world *w, struct seed_product *pr,
                               size_t n, struct buf *sql)
{
    int64_t floor;
    if (seed_max_id(db, "SELECT COALESCE(MAX(id), 0) FROM listings", &floor) != 0)
        return -1;
    int full = buf_puts(sql, "INSERT INTO listings (retailer_id, item_id, product_id, title, "
                             "description, link, image_link, product_type, created_at, "
                             "updated_at) VALUES ");
    size_t nl = 0;
    for (size_t i = 0; i < n; i++)
        for (int j = 0; j < 2; j++) {
            const struct seed_product *x = &pr[i];
            if (x->l[j].count <= 0)
                continue;
            const struct seed_retailer_def *r = &seed_retailers[x->l[j].seller];
            const struct seed_top *top = &seed_tops[x->top];
            full |= buf_printf(sql, "%s(%lld, '%s-%07lld', %lld, ", nl ? ", " : "",
                               (long long)w->retailer[x->l[j].seller], r->item_prefix,
                               (long long)x->id, (long long)x->id);
            full |= seed_quote(sql, x->title);
            full |= buf_puts(sql, ", ");
            full |= seed_quote(sql, x->desc);
            full |= buf_printf(sql, ", '%s/p/%s-%07lld', '/img/demo/%s.svg', ", r->website,
                               r->item_prefix, (long long)x->id, top->image);
            char type[96];
            snprintf(type, sizeof type, "%s > %s", top->name, top->leaves[x->leaf].name);
            full |= seed_quote(sql, type);
            full |= buf_printf(sql, ", %lld, %lld)", (long long)x->created, (long long)x->created);
            nl++;
        }
    if (full != BUF_OK)
        return seed_fail(db, "a batch of listings is too long");
    if (seed_exec(db, sql, "cannot insert listings") != 0)
        return -1;
    int64_t *ids = mem_calloc(nl, sizeof *ids);
    int rc = seed_read_ids(db, "SELECT id FROM listings WHERE id > $1 ORDER BY id LIMIT $2", floor,
                           ids, nl);
    size_t k = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        for (int j = 0; j < 2; j++)
            if (pr[i].l[j].count > 0)
                pr[i].l[j].id = ids[k++];
    mem_free(ids);
    return rc;
}

/* The state now of an offer at regular price `price`, with its reference
 * and real reduction by the catalog's rules. */
struct seed_price {
    struct pricing_state cur;
    int64_t at; /* when this state was recorded */
    int has_ref;
    int64_t ref, bp;
};

static void seed_price_of(const struct seed_sale *sale, int64_t price, int64_t since,
                          struct seed_price *out)
{
    struct seed_hist h;
    seed_history(sale, price, since, &h, &out->cur);
    out->at = h.pt[h.n - 1].at;
    out->has_ref = 0;
    out->ref = out->bp = 0;
    if (out->cur.sale_price >= 0) {
        out->has_ref = pricing_lowest(h.pt, h.n, out->cur.sale_start - PRICING_REFERENCE_WINDOW,
                                      out->cur.sale_start, &out->ref);
        out->bp = out->has_ref ? pricing_reduction_bp(out->ref, out->cur.sale_price) : 0;
    }
}

/* The offers of every listing of the batch: its online offer (the NULL
 * store) and the stores whose ids fall in one or two ranges (a run of its
 * retailer's stores, which have consecutive ids).  About 3 stores in 10
 * get the alternative price; about 1 offer in 33 is out of stock.  One
 * statement over a VALUES list with one row per listing. */
#define SEED_ALT "(s.id IS NOT NULL AND (s.id * 31 + v.salt) % 10 < 3)"
static const char seed_offers_head[] =
    "WITH v (listing, retailer, product, price, alt, sale, alt_sale, sstart, send, umeasure, "
    "uunit, at, ref, alt_ref, bp, alt_bp, lo1, hi1, lo2, hi2, salt) AS (VALUES ";
static const char seed_offers_tail[] =
    ") INSERT INTO offers (listing_id, retailer_id, product_id, store_id, currency, price, "
    "sale_price, sale_start, sale_end, unit_measure, unit_measure_unit, availability, "
    "updated_at, sale_since, ref_price, reduction_bp) "
    "SELECT CAST(v.listing AS BIGINT), CAST(v.retailer AS BIGINT), CAST(v.product AS BIGINT), "
    "s.id, '" SEED_CURRENCY "', "
    "CAST(CASE WHEN " SEED_ALT " THEN v.alt ELSE v.price END AS BIGINT), "
    "CAST(CASE WHEN " SEED_ALT " THEN v.alt_sale ELSE v.sale END AS BIGINT), "
    "CAST(v.sstart AS BIGINT), CAST(v.send AS BIGINT), CAST(v.umeasure AS DOUBLE PRECISION), "
    "CAST(v.uunit AS TEXT), CASE WHEN (COALESCE(s.id, 0) * 7 + v.salt) % 33 = 0 "
    "THEN 'out_of_stock' ELSE 'in_stock' END, CAST(v.at AS BIGINT), CAST(v.sstart AS BIGINT), "
    "CAST(CASE WHEN " SEED_ALT " THEN v.alt_ref ELSE v.ref END AS BIGINT), "
    "CAST(CASE WHEN " SEED_ALT " THEN v.alt_bp ELSE v.bp END AS BIGINT) "
    "FROM v JOIN (SELECT v1.listing AS l, CAST(NULL AS BIGINT) AS id FROM v v1 "
    "UNION ALL SELECT v2.listing, t.id FROM v v2 JOIN stores t ON t.id BETWEEN v2.lo1 AND v2.hi1 "
    "UNION ALL SELECT v3.listing, t.id FROM v v3 JOIN stores t ON t.id BETWEEN v3.lo2 AND v3.hi2"
    ") s ON s.l = v.listing ORDER BY v.listing, COALESCE(s.id, 0)";

static int seed_offers_write(store_conn *db, const struct seed_plan *p, struct seed_world *w,
                             const struct seed_product *pr, size_t n, struct buf *sql)
{
    int full = buf_puts(sql, seed_offers_head);
    size_t nl = 0;
    int64_t written = 0, S = p->stores_per_retailer;
    for (size_t i = 0; i < n; i++)
        for (int j = 0; j < 2; j++) {
            const struct seed_product *x = &pr[i];
            const struct seed_listing_plan *lp = &x->l[j];
            if (lp->count <= 0)
                continue;
            struct seed_price mp, ap;
            seed_price_of(&lp->sale, lp->price, x->created, &mp);
            seed_price_of(&lp->sale, lp->alt, x->created, &ap);
            int sale = mp.cur.sale_price >= 0;
            const int64_t *ids = &w->stores[lp->seller * S];
            int64_t m = lp->count - 1, end = lp->first + m;
            struct pricing_measure meas;
            const char *why;
            int measured = x->size[0] && pricing_parse_measure(x->size, &meas, &why) == 0;
            full |= buf_printf(sql, "%s(%lld, %lld, %lld, %lld, %lld, ", nl ? ", " : "",
                               (long long)lp->id, (long long)w->retailer[lp->seller],
                               (long long)x->id, (long long)mp.cur.price, (long long)ap.cur.price);
            full |= seed_opt(sql, sale, mp.cur.sale_price);
            full |= buf_puts(sql, ", ");
            full |= seed_opt(sql, sale, ap.cur.sale_price);
            full |= buf_puts(sql, ", ");
            full |= seed_opt(sql, sale, mp.cur.sale_start);
            full |= buf_puts(sql, ", ");
            full |= seed_opt(sql, sale, mp.cur.sale_end);
            if (measured)
                full |= buf_printf(sql, ", %.15g, '%s', ", meas.value, meas.unit);
            else
                full |= buf_puts(sql, ", NULL, NULL, ");
            full |= buf_printf(sql, "%lld, ", (long long)mp.at);
            full |= seed_opt(sql, mp.has_ref, mp.ref);
            full |= buf_puts(sql, ", ");
            full |= seed_opt(sql, ap.has_ref, ap.ref);
            full |= buf_printf(sql, ", %lld, %lld, %lld, %lld, %lld, %lld, %lld)", (long long)mp.bp,
                               (long long)ap.bp, (long long)(m > 0 ? ids[lp->first] : 1),
                               (long long)(m > 0 ? ids[(end < S ? end : S) - 1] : 0),
                               (long long)(end > S ? ids[0] : 1),
                               (long long)(end > S ? ids[end - S - 1] : 0), (long long)lp->id);
            written += lp->count;
            nl++;
        }
    full |= buf_puts(sql, seed_offers_tail);
    if (full != BUF_OK)
        return seed_fail(db, "a batch of offers is too long");
    if (seed_exec(db, sql, "cannot insert offers") != 0)
        return -1;
    return seed_tick(db, p, w, written);
}

/* Products per statement: a few hundred keeps each statement under a
 * megabyte while round trips stay rare. */
#define SEED_BATCH 500

int seed_offers(store_conn *db, const struct seed_plan *p, struct seed_world *w)
{
    int64_t per = p->offers / p->products, extra = p->offers % p->products, floor = 0;
    if (seed_max_id(db, "SELECT COALESCE(MAX(id), 0) FROM offers", &floor) != 0)
        return -1;
    for (int k = 0; k < SEED_NKINDS; k++) {
        const int64_t *ids = &w->stores[k * p->stores_per_retailer];
        if (ids[p->stores_per_retailer - 1] - ids[0] != p->stores_per_retailer - 1) {
            fprintf(stderr, "agora: seed: a retailer's store ids are not consecutive\n");
            return -1;
        }
    }
    struct seed_product *pr = mem_calloc(SEED_BATCH, sizeof *pr);
    struct buf sql;
    buf_init(&sql, 64u * 1024u * 1024u);
    int rc = 0;
    for (int64_t n = 0; n < p->products && rc == 0;) {
        size_t b = 0;
        for (; b < SEED_BATCH && n < p->products; b++, n++)
            seed_product_draw(p, w, n, per + (n < extra ? 1 : 0), &pr[b]);
        rc = seed_products_write(db, w, pr, b, &sql);
        if (rc == 0)
            rc = seed_listings_write(db, w, pr, b, &sql);
        if (rc == 0)
            rc = seed_offers_write(db, p, w, pr, b, &sql);
        if (rc == 0 && n % 20000 == 0)
            seed_progress(p, w, "%lld products", (long long)n);
    }
    buf_free(&sql);
    mem_free(pr);
    if (rc != 0)
        return -1;
    int64_t last = 0;
    if (seed_max_id(db, "SELECT COALESCE(MAX(id), 0) FROM offers", &last) != 0)
        return -1;
    if (last - floor != p->offers) {
        fprintf(stderr, "agora: seed: %lld offers written instead of %lld\n",
                (long long)(last - floor), (long long)p->offers);
        return -1;
    }
    seed_progress(p, w, "%lld products, %lld offers", (long long)p->products, (long long)p->offers);
    if (seed_history_write(db, floor) != 0)
        return -1;
    seed_progress(p, w, "price history of %lld offers", (long long)p->offers);
    return 0;
}
