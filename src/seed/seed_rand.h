/*
 * seed_rand.h - the deterministic pseudo-random numbers and identifiers of
 * the generated data sets (seed_demo, seed_scale).
 *
 * A fixed generator (splitmix64) seeded by a constant, so the same call
 * sequence gives the same data on every machine and engine: `agora seed
 * --scale N` is reproducible.  Also the GTIN-13 numbers and shelf-style
 * price rounding of generated products.  Pure functions, no I/O.
 */
#ifndef AG_SEED_RAND_H
#define AG_SEED_RAND_H

#include <stddef.h>
#include <stdint.h>

struct seed_rng {
    uint64_t state;
};

void seed_rng_init(struct seed_rng *r, uint64_t seed);
uint64_t seed_rng_next(struct seed_rng *r);
/* Uniform in [0, n) (n > 0). */
uint64_t seed_rng_below(struct seed_rng *r, uint64_t n);
/* Uniform in [lo, hi] (lo <= hi). */
int64_t seed_rng_range(struct seed_rng *r, int64_t lo, int64_t hi);
/* Uniform in [0, 1). */
double seed_rng_unit(struct seed_rng *r);
/* 1 with probability percent / 100. */
int seed_rng_chance(struct seed_rng *r, int percent);
/* One of the n strings of list. */
const char *seed_rng_pick(struct seed_rng *r, const char *const *list, size_t n);

/* The GTIN-14 (13 significant digits after a leading 0, GS1 France range
 * 300-379) of generated item number `item` (0 .. 10^9 - 1) of company
 * number `company` (0 .. 99), with its GS1 check digit, into out. */
void seed_gtin(int company, int64_t item, char out[15]);

/* A shelf price near cents: x.x9 below 20.00, x.99 below 200.00, else
 * xx9.99 ... (at least 9 cents). */
int64_t seed_shelf_price(int64_t cents);

#endif
