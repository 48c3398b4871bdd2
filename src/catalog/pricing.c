/*
 * pricing.c - effective prices, the 30-day reference and unit prices
 * (see pricing.h).
 */
#include "catalog/pricing.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/text.h"

bool pricing_on_sale(const struct pricing_state *s, int64_t t)
{
    return s->sale_price >= 0 && (s->sale_start == 0 || s->sale_start <= t) &&
           (s->sale_end == 0 || t < s->sale_end);
}

int64_t pricing_effective(const struct pricing_state *s, int64_t t)
{
    return pricing_on_sale(s, t) ? s->sale_price : s->price;
}

/* Folds the prices applied by state s during [from, to) into *low. */
static void pricing_fold(const struct pricing_state *s, int64_t from, int64_t to, int64_t *low)
{
    if (from >= to)
        return;
    int64_t ss = s->sale_start ? s->sale_start : INT64_MIN;
    int64_t se = s->sale_end ? s->sale_end : INT64_MAX;
    bool sale_part = s->sale_price >= 0 && ss < to && from < se;
    bool regular_part = s->sale_price < 0 || from < ss || se < to;
    if (sale_part && s->sale_price < *low)
        *low = s->sale_price;
    if (regular_part && s->price < *low)
        *low = s->price;
}

int pricing_lowest(const struct pricing_point *h, size_t n, int64_t from, int64_t to,
                   int64_t *low)
{
    if (n == 0 || h[0].at > from)
        return 0;
    int64_t best = INT64_MAX;
    for (size_t i = 0; i < n; i++) {
        int64_t a = h[i].at > from ? h[i].at : from;
        int64_t b = i + 1 < n && h[i + 1].at < to ? h[i + 1].at : to;
        pricing_fold(&h[i].s, a, b, &best);
    }
    if (best == INT64_MAX)
        return 0;
    *low = best;
    return 1;
}

int64_t pricing_reduction_bp(int64_t reference, int64_t sale)
{
    if (reference <= 0 || sale >= reference)
        return 0;
    return (reference - sale) * 10000 / reference;
}

static const struct {
    const char *name;
    enum pricing_dim dim;
    double factor; /* in the base unit of the dimension */
} pricing_units[] = {
    {"mg", DIM_WEIGHT, 0.001},     {"g", DIM_WEIGHT, 1},         {"kg", DIM_WEIGHT, 1000},
    {"oz", DIM_WEIGHT, 28.349523}, {"lb", DIM_WEIGHT, 453.59237}, {"ml", DIM_VOLUME, 1},
    {"cl", DIM_VOLUME, 10},        {"l", DIM_VOLUME, 1000},      {"cbm", DIM_VOLUME, 1e6},
    {"floz", DIM_VOLUME, 29.57353}, {"pt", DIM_VOLUME, 473.17648}, {"qt", DIM_VOLUME, 946.35295},
    {"gal", DIM_VOLUME, 3785.4118}, {"in", DIM_LENGTH, 0.0254},  {"ft", DIM_LENGTH, 0.3048},
    {"yd", DIM_LENGTH, 0.9144},    {"cm", DIM_LENGTH, 0.01},     {"m", DIM_LENGTH, 1},
    {"sqft", DIM_AREA, 0.09290304}, {"sqm", DIM_AREA, 1},        {"ct", DIM_COUNT, 1},
};

#define NUNITS (sizeof pricing_units / sizeof pricing_units[0])

int pricing_parse_measure(const char *s, struct pricing_measure *out, const char **why)
{
    memset(out, 0, sizeof *out);
    while (*s == ' ')
        s++;
    size_t n = 0;
    while ((s[n] >= '0' && s[n] <= '9') || s[n] == '.')
        n++;
    if (n == 0 || text_parse_double(s, n, &out->value) != 0 || !(out->value > 0) ||
        out->value > 1e9) {
        *why = "must start with a positive number, as in \"750 ml\"";
        return -1;
    }
    const char *u = s + n;
    while (*u == ' ')
        u++;
    size_t ul = strlen(u);
    while (ul > 0 && u[ul - 1] == ' ')
        ul--;
    for (size_t i = 0; i < NUNITS; i++) {
        if (strlen(pricing_units[i].name) == ul && strncasecmp(u, pricing_units[i].name, ul) == 0) {
            text_copy(out->unit, sizeof out->unit, pricing_units[i].name);
            out->dim = pricing_units[i].dim;
            out->in_base = out->value * pricing_units[i].factor;
            return 0;
        }
    }
    *why = "must end with a unit: mg, g, kg, oz, lb, ml, cl, l, cbm, floz, pt, qt, gal, in, ft, "
           "yd, cm, m, sqft, sqm or ct";
    return -1;
}

void pricing_default_base(enum pricing_dim dim, struct pricing_measure *out)
{
    static const char *const names[] = {"1 ct", "1 kg", "1 l", "1 m", "1 sqm", "1 ct"};
    const char *why;
    pricing_parse_measure(dim <= DIM_COUNT ? names[dim] : "1 ct", out, &why);
}

int pricing_unit_price(int64_t amount, const struct pricing_measure *measure,
                       const struct pricing_measure *base, int64_t *out)
{
    if (measure->dim == DIM_NONE || measure->dim != base->dim || !(measure->in_base > 0))
        return -1;
    double v = (double)amount * base->in_base / measure->in_base;
    if (!(v < 9e15))
        return -1;
    *out = (int64_t)llround(v);
    return 0;
}

void pricing_format_measure(const struct pricing_measure *m, char *out, size_t outlen)
{
    snprintf(out, outlen, "%.15g %s", m->value, m->unit);
}
