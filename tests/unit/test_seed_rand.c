/*
 * test_seed_rand.c - what makes the generated data sets reproducible and
 * valid: the PRNG gives the same sequence for the same seed (known first
 * values of splitmix64), stays in its ranges, and generated GTINs carry
 * the right GS1 check digit (computed here) in the GS1 France range, one
 * per item; shelf prices end in 9.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "seed/seed_rand.h"

static void same_seed_same_sequence(void **state)
{
    (void)state;
    struct seed_rng a, b;
    seed_rng_init(&a, 1234567);
    seed_rng_init(&b, 1234567);
    /* splitmix64's published first output for seed 1234567. */
    uint64_t first = seed_rng_next(&a);
    assert_true(first == 6457827717110365317ull);
    assert_true(seed_rng_next(&b) == first);
    for (int i = 0; i < 1000; i++)
        assert_true(seed_rng_next(&a) == seed_rng_next(&b));
    struct seed_rng c;
    seed_rng_init(&c, 7654321);
    assert_true(seed_rng_next(&c) != first);
}

static void ranges_are_respected(void **state)
{
    (void)state;
    struct seed_rng r;
    seed_rng_init(&r, 42);
    int seen[7] = {0};
    for (int i = 0; i < 10000; i++) {
        int64_t v = seed_rng_range(&r, -3, 3);
        assert_true(v >= -3 && v <= 3);
        seen[v + 3]++;
        double u = seed_rng_unit(&r);
        assert_true(u >= 0 && u < 1);
    }
    for (int i = 0; i < 7; i++)
        assert_true(seen[i] > 1000 && seen[i] < 1900); /* about 1428 each */
}

/* The GS1 check digit of the first 13 digits, computed here. */
static int check_digit(const char *g)
{
    int sum = 0;
    for (int i = 0; i < 13; i++)
        sum += (g[i] - '0') * (i % 2 == 0 ? 3 : 1);
    return (10 - sum % 10) % 10;
}

static void gtins_are_valid_and_distinct(void **state)
{
    (void)state;
    char g[15], prev[15] = "";
    for (int company = 0; company < 100; company += 33)
        for (int64_t item = 0; item < 3000; item += 7) {
            seed_gtin(company, item, g);
            assert_int_equal(strlen(g), 14);
            assert_true(g[0] == '0' && g[1] == '3'); /* GS1 France: 300-379 */
            assert_int_equal(g[13] - '0', check_digit(g));
            assert_true(strcmp(g, prev) != 0);
            memcpy(prev, g, sizeof g);
        }
    seed_gtin(12, 345, g);
    assert_string_equal(g, "03120000003454"); /* 3*0+3+3*1+2+...: check digit 4 */
}

static void shelf_prices_end_in_nine(void **state)
{
    (void)state;
    assert_int_equal(seed_shelf_price(123), 129);
    assert_int_equal(seed_shelf_price(1999), 1999);
    assert_int_equal(seed_shelf_price(4550), 4599);
    assert_int_equal(seed_shelf_price(31250), 31999);
    assert_int_equal(seed_shelf_price(3), 9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_seed_same_sequence),
        cmocka_unit_test(ranges_are_respected),
        cmocka_unit_test(gtins_are_valid_and_distinct),
        cmocka_unit_test(shelf_prices_end_in_nine),
    };
    return cmocka_run_group_tests_name("seed_rand", tests, NULL, NULL);
}
