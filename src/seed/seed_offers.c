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
 * are computed with the catalog's own rules (pricing.h).
 */
#include <stdio.h>
#include <string.h>

#include "catalog/catalog.h"
#include "catalog/pricing.h"
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

struct seed_product {
    int64_t id;
    size_t top, leaf;
    int64_t base, created;
    char size[16]; /* SEED_VAR_SIZE: the package size, else "" */
};

static int seed_product_row(store_conn *db, const struct seed_plan *p, struct seed_world *w,
                            int64_t n, struct seed_product *out)
{
    struct seed_rng *g = &w->rng;
    size_t t = (size_t)seed_rng_below(g, seed_ntops);
    const struct seed_top *top = &seed_tops[t];
    size_t l = (size_t)seed_rng_below(g, top->nleaves);
    const struct seed_leaf *leaf = &top->leaves[l];
    const struct seed_item *item = &leaf->items[seed_rng_below(g, leaf->nitems)];
    size_t b = (size_t)seed_rng_below(g, top->nbrands);
    const char *brand = top->brands[b];
    const char *adj = seed_rng_pick(g, top->adjectives, top->nadjectives);
    double u = seed_rng_unit(g);
    out->top = t;
    out->leaf = l;
    out->base = item->lo + (int64_t)((double)(item->hi - item->lo) * u * u);
    out->created = p->now - seed_rng_range(g, 90, 400) * DAY;
    out->size[0] = '\0';
    char title[200], variant[48], attrs[96], gtin[15], desc[400], image[64];
    switch (top->variant) {
    case SEED_VAR_SIZE:
        snprintf(out->size, sizeof out->size, "%s",
                 seed_rng_pick(g, leaf->sizes->w, leaf->sizes->n));
        snprintf(variant, sizeof variant, "%s", out->size);
        snprintf(attrs, sizeof attrs, "{\"size\":\"%s\"}", out->size);
        break;
    case SEED_VAR_COLOUR: {
        const char *c = seed_rng_pick(g, seed_colours.w, seed_colours.n);
        snprintf(variant, sizeof variant, "%s", c);
        snprintf(attrs, sizeof attrs, "{\"color\":\"%s\"}", c);
        break;
    }
    default:
        snprintf(variant, sizeof variant, "%c%d", 'A' + (int)seed_rng_below(g, 26),
                 (int)seed_rng_range(g, 2, 99) * 10);
        snprintf(attrs, sizeof attrs, "{\"model\":\"%s\"}", variant);
        break;
    }
    snprintf(title, sizeof title, "%s %s %s, %s", brand, adj, item->noun, variant);
    snprintf(desc, sizeof desc, "%s %s by %s. %s", adj, item->noun, brand, top->blurb);
    snprintf(image, sizeof image, "/img/demo/%s.svg", top->image);
    /* Company numbers: one per brand, items numbered in order. */
    seed_gtin((int)(t * SEED_MAX_BRANDS + b), n, gtin);
    store_stmt *st = store_prepare(
        db, "INSERT INTO products (gtin, title, description, brand_id, category_id, image_url, "
            "attributes, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) "
            "RETURNING id");
    if (!st)
        return seed_fail(db, "cannot prepare products");
    store_bind_text(st, 1, gtin);
    store_bind_text(st, 2, title);
    store_bind_text(st, 3, desc);
    store_bind_i64(st, 4, w->brand[t][b]);
    store_bind_i64(st, 5, w->leaf[t][l]);
    store_bind_text(st, 6, image);
    store_bind_text(st, 7, attrs);
    store_bind_i64(st, 8, out->created);
    int rc = store_step(st);
    if (rc == STORE_ROW)
        out->id = store_col_i64(st, 0);
    store_reset(st);
    if (rc != STORE_ROW)
        return seed_fail(db, "cannot insert a product");
    return 0;
}

static int seed_listing_row(store_conn *db, const struct seed_world *w, enum seed_kind k,
                            const struct seed_product *pr, int64_t *id)
{
    const struct seed_retailer_def *r = &seed_retailers[k];
    const struct seed_top *top = &seed_tops[pr->top];
    char item[32], link[128], type[96];
    snprintf(item, sizeof item, "%s-%07lld", r->item_prefix, (long long)pr->id);
    snprintf(link, sizeof link, "%s/p/%s", r->website, item);
    snprintf(type, sizeof type, "%s > %s", top->name, top->leaves[pr->leaf].name);
    store_stmt *st = store_prepare(
        db, "INSERT INTO listings (retailer_id, item_id, product_id, title, description, link, "
            "image_link, product_type, created_at, updated_at) SELECT $1, $2, id, title, "
            "description, $3, image_url, $4, created_at, created_at FROM products WHERE id = $5 "
            "RETURNING id");
    if (!st)
        return seed_fail(db, "cannot prepare listings");
    store_bind_i64(st, 1, w->retailer[k]);
    store_bind_text(st, 2, item);
    store_bind_text(st, 3, link);
    store_bind_text(st, 4, type);
    store_bind_i64(st, 5, pr->id);
    int rc = store_step(st);
    if (rc == STORE_ROW)
        *id = store_col_i64(st, 0);
    store_reset(st);
    return rc == STORE_ROW ? 0 : seed_fail(db, "cannot insert a listing");
}

/* The SQL of a listing's offers: the online one (the NULL store) and the
 * stores of the retailer whose ids fall in one or two ranges (a window
 * of its stores, which have consecutive ids).  About 3 stores in 10 get
 * the alternative price; about 1 offer in 33 is out of stock. */
#define SEED_ALT "(s.id IS NOT NULL AND (s.id * 31 + CAST($21 AS BIGINT)) % 10 < 3)"
static const char seed_offers_sql[] =
    "INSERT INTO offers (listing_id, retailer_id, product_id, store_id, currency, price, "
    "sale_price, sale_start, sale_end, unit_measure, unit_measure_unit, availability, "
    "updated_at, sale_since, ref_price, reduction_bp) "
    "SELECT CAST($1 AS BIGINT), CAST($2 AS BIGINT), CAST($3 AS BIGINT), s.id, '" SEED_CURRENCY
    "', CASE WHEN " SEED_ALT " THEN CAST($5 AS BIGINT) ELSE CAST($4 AS BIGINT) END, "
    "CASE WHEN " SEED_ALT " THEN CAST($7 AS BIGINT) ELSE CAST($6 AS BIGINT) END, "
    "CAST($8 AS BIGINT), CAST($9 AS BIGINT), CAST($10 AS DOUBLE PRECISION), CAST($11 AS TEXT), "
    "CASE WHEN (COALESCE(s.id, 0) * 7 + CAST($21 AS BIGINT)) % 33 = 0 THEN 'out_of_stock' "
    "ELSE 'in_stock' END, CAST($12 AS BIGINT), CAST($8 AS BIGINT), "
    "CASE WHEN " SEED_ALT " THEN CAST($14 AS BIGINT) ELSE CAST($13 AS BIGINT) END, "
    "CASE WHEN " SEED_ALT " THEN CAST($16 AS BIGINT) ELSE CAST($15 AS BIGINT) END "
    "FROM (SELECT NULL AS id UNION ALL SELECT id FROM stores WHERE retailer_id = "
    "CAST($2 AS BIGINT) AND (id BETWEEN CAST($17 AS BIGINT) AND CAST($18 AS BIGINT) OR "
    "id BETWEEN CAST($19 AS BIGINT) AND CAST($20 AS BIGINT))) s";

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

static void seed_bind_price(store_stmt *st, int col_price, int col_sale, int col_ref, int col_bp,
                            const struct seed_price *p)
{
    store_bind_i64(st, col_price, p->cur.price);
    if (p->cur.sale_price >= 0)
        store_bind_i64(st, col_sale, p->cur.sale_price);
    else
        store_bind_null(st, col_sale);
    if (p->has_ref)
        store_bind_i64(st, col_ref, p->ref);
    else
        store_bind_null(st, col_ref);
    store_bind_i64(st, col_bp, p->bp);
}

/* The listing of seller k with `count` offers: online, and count - 1
 * stores in a row from a random one. */
static int seed_listing(store_conn *db, const struct seed_plan *p, struct seed_world *w,
                        enum seed_kind k, const struct seed_product *pr, int64_t count)
{
    struct seed_rng *g = &w->rng;
    int64_t listing = 0;
    if (seed_listing_row(db, w, k, pr, &listing) != 0)
        return -1;
    struct seed_sale sale;
    seed_sale_draw(g, p, &sale);
    int64_t price = seed_shelf_price(seed_money_scale(pr->base, (int)seed_rng_range(g, 940, 1060)));
    int64_t alt =
        sale.fake ? price
                  : seed_shelf_price(seed_money_scale(price, (int)seed_rng_range(g, 950, 1050)));
    struct seed_price main_p, alt_p;
    seed_price_of(&sale, price, pr->created, &main_p);
    seed_price_of(&sale, alt, pr->created, &alt_p);
    int64_t S = p->stores_per_retailer, m = count - 1;
    int64_t first = (int64_t)seed_rng_below(g, (uint64_t)S);
    const int64_t *ids = &w->stores[k * S];
    int64_t end = first + m; /* exclusive, may pass S: wraps */
    struct pricing_measure meas;
    const char *why;
    int measured = pr->size[0] && pricing_parse_measure(pr->size, &meas, &why) == 0;
    store_stmt *st = store_prepare(db, seed_offers_sql);
    if (!st)
        return seed_fail(db, "cannot prepare offers");
    store_bind_i64(st, 1, listing);
    store_bind_i64(st, 2, w->retailer[k]);
    store_bind_i64(st, 3, pr->id);
    seed_bind_price(st, 4, 6, 13, 15, &main_p);
    seed_bind_price(st, 5, 7, 14, 16, &alt_p);
    catalog_bind_opt(st, 8, main_p.cur.sale_price >= 0 ? main_p.cur.sale_start : 0);
    catalog_bind_opt(st, 9, main_p.cur.sale_price >= 0 ? main_p.cur.sale_end : 0);
    if (measured) {
        store_bind_double(st, 10, meas.value);
        store_bind_text(st, 11, meas.unit);
    } else {
        store_bind_null(st, 10);
        store_bind_null(st, 11);
    }
    store_bind_i64(st, 12, main_p.at);
    store_bind_i64(st, 17, m > 0 ? ids[first] : 1);
    store_bind_i64(st, 18, m > 0 ? ids[(end < S ? end : S) - 1] : 0);
    store_bind_i64(st, 19, end > S ? ids[0] : 1);
    store_bind_i64(st, 20, end > S ? ids[end - S - 1] : 0);
    store_bind_i64(st, 21, listing);
    if (store_run(st) != STORE_DONE)
        return seed_fail(db, "cannot insert offers");
    if (store_changes(db) != count) {
        fprintf(stderr, "agora: seed: %lld offers written instead of %lld\n",
                (long long)store_changes(db), (long long)count);
        return -1;
    }
    return seed_tick(db, p, w, count);
}

int seed_offers(store_conn *db, const struct seed_plan *p, struct seed_world *w)
{
    int64_t cap = p->stores_per_retailer + 1; /* offers per listing at most */
    int64_t per = p->offers / p->products, extra = p->offers % p->products, floor = 0;
    if (seed_offers_floor(db, &floor) != 0)
        return -1;
    for (int64_t n = 0; n < p->products; n++) {
        struct seed_product pr;
        if (seed_product_row(db, p, w, n, &pr) != 0 || seed_tick(db, p, w, 1) != 0)
            return -1;
        int64_t k = per + (n < extra ? 1 : 0);
        /* The main seller takes between half and all it can. */
        int64_t lo = (k + 1) / 2, hi = k < cap ? k : cap;
        if (lo < k - cap)
            lo = k - cap;
        int64_t a = seed_rng_range(&w->rng, lo, hi > lo ? hi : lo);
        const enum seed_kind *sellers = seed_tops[pr.top].sellers;
        if (a > 0 && seed_listing(db, p, w, sellers[0], &pr, a) != 0)
            return -1;
        if (k - a > 0 && seed_listing(db, p, w, sellers[1], &pr, k - a) != 0)
            return -1;
        if ((n + 1) % 20000 == 0)
            seed_progress(p, w, "%lld products", (long long)(n + 1));
    }
    seed_progress(p, w, "%lld products, %lld offers", (long long)p->products, (long long)p->offers);
    if (seed_history_write(db, floor) != 0)
        return -1;
    seed_progress(p, w, "price history of %lld offers", (long long)p->offers);
    return 0;
}
