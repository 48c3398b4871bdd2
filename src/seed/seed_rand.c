/*
 * seed_rand.c - deterministic PRNG, GTINs and price rounding of the
 * generated data (see seed_rand.h).
 */
#include "seed/seed_rand.h"

#include <stdio.h>
#include <string.h>

#include "catalog/gtin.h"

void seed_rng_init(struct seed_rng *r, uint64_t seed)
{
    r->state = seed;
}

/* splitmix64 (Steele, Lea, Flood 2014): tiny, fast and well mixed. */
uint64_t seed_rng_next(struct seed_rng *r)
{
    uint64_t z = (r->state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

uint64_t seed_rng_below(struct seed_rng *r, uint64_t n)
{
    return seed_rng_next(r) % n; /* the bias is negligible for our n */
}

int64_t seed_rng_range(struct seed_rng *r, int64_t lo, int64_t hi)
{
    return lo + (int64_t)seed_rng_below(r, (uint64_t)(hi - lo) + 1);
}

double seed_rng_unit(struct seed_rng *r)
{
    return (double)(seed_rng_next(r) >> 11) / 9007199254740992.0;
}

int seed_rng_chance(struct seed_rng *r, int percent)
{
    return (int)seed_rng_below(r, 100) < percent;
}

const char *seed_rng_pick(struct seed_rng *r, const char *const *list, size_t n)
{
    return list[seed_rng_below(r, n)];
}

void seed_gtin(int company, int64_t item, char out[15])
{
    /* "0" + "3" + 2-digit company + 9-digit item + check digit. */
    char body[24];
    snprintf(body, sizeof body, "03%02u%09llu", (unsigned)company % 100u,
             (unsigned long long)item % 1000000000ull);
    body[13] = (char)('0' + gtin_check_digit(body, 13));
    body[14] = '\0';
    memcpy(out, body, 15);
}

int64_t seed_shelf_price(int64_t cents)
{
    if (cents < 2000)
        return cents < 10 ? 9 : cents / 10 * 10 + 9;
    if (cents < 20000)
        return cents / 100 * 100 + 99;
    return cents / 1000 * 1000 + 999;
}
