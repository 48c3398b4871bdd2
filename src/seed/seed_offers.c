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

static int seed_history_rows(store_conn *db, int64_t offer, const struct seed_hist *h)
{
    store_stmt *st = store_prepare(db, "INSERT INTO price_history (offer_id, recorded_at, "
                                       "currency, price, sale_price, sale_start, sale_end) "
                                       "VALUES ($1, $2, $3, $4, $5, $6, $7)");
    if (!st)
        return seed_fail(db, "cannot prepare price history");
    for (size_t i = 0; i < h->n; i++) {
        const struct pricing_state *s = &h->pt[i].s;
        store_bind_i64(st, 1, offer);
        store_bind_i64(st, 2, h->pt[i].at);
        store_bind_text(st, 3, SEED_CURRENCY);
        store_bind_i64(st, 4, s->price);
        if (s->sale_price >= 0) {
            store_bind_i64(st, 5, s->sale_price);
            store_bind_i64(st, 6, s->sale_start);
            store_bind_i64(st, 7, s->sale_end);
        } else {
            store_bind_null(st, 5);
            store_bind_null(st, 6);
            store_bind_null(st, 7);
        }
        if (store_run(st) != STORE_DONE)
            return seed_fail(db, "cannot insert price history");
    }
    return 0;
}

/* One offer (store 0: online) of listing at `price`, with its history. */
static int seed_offer_row(store_conn *db, const struct seed_plan *p, struct seed_world *w,
                          enum seed_kind k, int64_t listing, int64_t store,
                          const struct seed_product *pr, const struct seed_sale *sale,
                          int64_t price)
{
    struct seed_hist h;
    struct pricing_state cur;
    seed_history(sale, price, pr->created, &h, &cur);
    int64_t ref = 0, bp = 0;
    int has_ref = 0;
    if (cur.sale_price >= 0) {
        has_ref = pricing_lowest(h.pt, h.n, cur.sale_start - PRICING_REFERENCE_WINDOW,
                                 cur.sale_start, &ref);
        bp = has_ref ? pricing_reduction_bp(ref, cur.sale_price) : 0;
    }
    struct pricing_measure m;
    const char *why;
    int measured = pr->size[0] && pricing_parse_measure(pr->size, &m, &why) == 0;
    store_stmt *st = store_prepare(
        db, "INSERT INTO offers (listing_id, retailer_id, product_id, store_id, currency, price, "
            "sale_price, sale_start, sale_end, unit_measure, unit_measure_unit, availability, "
            "updated_at, sale_since, ref_price, reduction_bp) VALUES ($1, $2, $3, $4, $5, $6, "
            "$7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id");
    if (!st)
        return seed_fail(db, "cannot prepare offers");
    store_bind_i64(st, 1, listing);
    store_bind_i64(st, 2, w->retailer[k]);
    store_bind_i64(st, 3, pr->id);
    catalog_bind_opt(st, 4, store);
    store_bind_text(st, 5, SEED_CURRENCY);
    store_bind_i64(st, 6, cur.price);
    if (cur.sale_price >= 0) {
        store_bind_i64(st, 7, cur.sale_price);
        store_bind_i64(st, 8, cur.sale_start);
        store_bind_i64(st, 9, cur.sale_end);
        store_bind_i64(st, 14, cur.sale_start);
    } else {
        store_bind_null(st, 7);
        store_bind_null(st, 8);
        store_bind_null(st, 9);
        store_bind_null(st, 14);
    }
    if (measured) {
        store_bind_double(st, 10, m.value);
        store_bind_text(st, 11, m.unit);
    } else {
        store_bind_null(st, 10);
        store_bind_null(st, 11);
    }
    store_bind_text(st, 12, seed_rng_chance(&w->rng, 3) ? "out_of_stock" : "in_stock");
    store_bind_i64(st, 13, h.pt[h.n - 1].at);
    if (has_ref)
        store_bind_i64(st, 15, ref);
    else
        store_bind_null(st, 15);
    store_bind_i64(st, 16, bp);
    int64_t id = 0;
    int rc = store_step(st);
    if (rc == STORE_ROW)
        id = store_col_i64(st, 0);
    store_reset(st);
    if (rc != STORE_ROW)
        return seed_fail(db, "cannot insert an offer");
    if (seed_history_rows(db, id, &h) != 0)
        return -1;
    return seed_tick(db, p, w, 1 + (int64_t)h.n);
}

/* The listing of seller k with `count` offers: online first, then stores
 * in a row from a random one. */
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
    int S = p->stores_per_retailer;
    int first = (int)seed_rng_below(g, (uint64_t)S);
    for (int64_t j = 0; j < count; j++) {
        int64_t store = j == 0 ? 0 : w->stores[k * S + (first + j - 1) % S];
        int64_t here = price;
        if (j > 0 && seed_rng_chance(g, 30))
            here = seed_shelf_price(seed_money_scale(price, (int)seed_rng_range(g, 950, 1050)));
        if (seed_offer_row(db, p, w, k, listing, store, pr, &sale, here) != 0)
            return -1;
    }
    return 0;
}

int seed_offers(store_conn *db, const struct seed_plan *p, struct seed_world *w)
{
    int64_t cap = p->stores_per_retailer + 1; /* offers per listing at most */
    int64_t per = p->offers / p->products, extra = p->offers % p->products;
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
        if (p->progress && (n + 1) % 20000 == 0)
            fprintf(p->progress, "  %lld products\n", (long long)(n + 1));
    }
    if (p->progress)
        fprintf(p->progress, "  %lld products, %lld offers\n", (long long)p->products,
                (long long)p->offers);
    return 0;
}
