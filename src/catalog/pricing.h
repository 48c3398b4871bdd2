/*
 * pricing.h - the price rules, as pure functions (no storage, no HTTP).
 *
 *  - Effective price: the sale price while its window is open (a missing
 *    start or end leaves that side open), else the regular price.
 *  - A "real" reduction is measured against the lowest price actually
 *    applied (sales included) during the 30 days before the reduction
 *    began, from the price history: the EU rule for announced reductions
 *    (Directive 98/6/EC art. 6a, as amended by the Omnibus Directive).  A
 *    list price alone is never a reference.
 *  - Unit prices follow Merchant Center's unit_pricing_measure ("750 ml")
 *    and unit_pricing_base_measure ("100 ml"): price per base quantity,
 *    converted between units of one dimension (g/kg/oz/lb, ml/l/..., m, ct).
 * Amounts are integer minor units of one currency; callers compare only
 * prices of the same currency.
 */
#ifndef AG_PRICING_H
#define AG_PRICING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The window used for the reference price: 30 days. */
#define PRICING_REFERENCE_WINDOW (30 * 86400)

/* One state of an offer's price, as recorded in the price history.
 * sale_price < 0 means none; sale_start/sale_end 0 mean open. */
struct pricing_state {
    int64_t price;
    int64_t sale_price;
    int64_t sale_start;
    int64_t sale_end;
};

/* 1 if the sale of s applies at time t. */
bool pricing_on_sale(const struct pricing_state *s, int64_t t);
/* The price a shopper pays at time t. */
int64_t pricing_effective(const struct pricing_state *s, int64_t t);

/* A history record: the state in force from `at` until the next record. */
struct pricing_point {
    int64_t at;
    struct pricing_state s;
};

/* Lowest price applied during [from, to) according to the history points
 * (ascending by at).  Returns 1 and sets *low when the history covers the
 * whole interval (its first point is at or before from), 0 otherwise: a
 * reduction is called real only against a low that was watched for the
 * whole window, never against a price shown for a moment before a sale. */
int pricing_lowest(const struct pricing_point *h, size_t n, int64_t from, int64_t to,
                   int64_t *low);

/* Reduction of sale against reference in basis points (1/100 %), 0 when
 * the sale is not below the reference. */
int64_t pricing_reduction_bp(int64_t reference, int64_t sale);

/* Unit pricing ------------------------------------------------------------ */

enum pricing_dim { DIM_NONE = 0, DIM_WEIGHT, DIM_VOLUME, DIM_LENGTH, DIM_AREA, DIM_COUNT };

struct pricing_measure {
    double value;     /* > 0 */
    char unit[8];     /* as Merchant Center spells it: "kg", "ml", "ct" ... */
    enum pricing_dim dim;
    double in_base;   /* value expressed in the dimension's base unit (g, ml, m, sqm, ct) */
};

/* Parses "750 ml", "1.5kg", "10 ct" (unit case-insensitive).  Returns 0 or
 * -1 with a static reason in *why. */
int pricing_parse_measure(const char *s, struct pricing_measure *out, const char **why);

/* The default base measure of a dimension when the feed gives none: 1 kg,
 * 1 l, 1 m, 1 sqm, 1 ct. */
void pricing_default_base(enum pricing_dim dim, struct pricing_measure *out);

/* Price per base of an item priced `amount` for `measure`, rounded to the
 * nearest minor unit.  Returns 0, or -1 when the dimensions differ. */
int pricing_unit_price(int64_t amount, const struct pricing_measure *measure,
                       const struct pricing_measure *base, int64_t *out);

/* Formats a measure back ("100 ml", "1.5 kg") into out. */
void pricing_format_measure(const struct pricing_measure *m, char *out, size_t outlen);

#endif
