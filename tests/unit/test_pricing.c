/*
 * test_pricing.c - effective prices, the EU 30-day reference for a real
 * reduction, and unit prices.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "catalog/pricing.h"

#define DAY 86400

static void effective_price_follows_the_sale_window(void **state)
{
    (void)state;
    struct pricing_state s = {1000, 800, 100 * DAY, 110 * DAY};
    assert_int_equal(pricing_effective(&s, 99 * DAY), 1000);
    assert_int_equal(pricing_effective(&s, 100 * DAY), 800);
    assert_int_equal(pricing_effective(&s, 110 * DAY - 1), 800);
    assert_int_equal(pricing_effective(&s, 110 * DAY), 1000);
    struct pricing_state open = {1000, 800, 0, 0};
    assert_true(pricing_on_sale(&open, 5));
    struct pricing_state none = {1000, -1, 0, 0};
    assert_int_equal(pricing_effective(&none, 5), 1000);
}

static void reference_is_the_lowest_of_30_days_sales_included(void **state)
{
    (void)state;
    /* 1000 since day 0; a sale at 700 on days 50-55; back to 1000; the
     * new sale starts day 70: the reference is 700, not 1000. */
    struct pricing_point h[] = {
        {0, {1000, -1, 0, 0}},
        {50 * DAY, {1000, 700, 50 * DAY, 55 * DAY}},
        {56 * DAY, {1000, -1, 0, 0}},
    };
    int64_t low = 0;
    assert_int_equal(pricing_lowest(h, 3, 40 * DAY, 70 * DAY, &low), 1);
    assert_int_equal(low, 700);
    /* From day 56 on only 1000 applied. */
    assert_int_equal(pricing_lowest(h, 3, 56 * DAY, 86 * DAY, &low), 1);
    assert_int_equal(low, 1000);
    /* A price raised just before the sale does not hide the lower one. */
    struct pricing_point raise[] = {{0, {900, -1, 0, 0}}, {25 * DAY, {1200, -1, 0, 0}}};
    assert_int_equal(pricing_lowest(raise, 2, 0, 30 * DAY, &low), 1);
    assert_int_equal(low, 900);
    /* No history before the window: nothing to compare with. */
    struct pricing_point late[] = {{100 * DAY, {900, -1, 0, 0}}};
    assert_int_equal(pricing_lowest(late, 1, 0, 30 * DAY, &low), 0);
    /* History for part of the window only (an offer first seen 29 days
     * before its sale, or a moment before it): no 30-day low on record;
     * from the window's first day on, there is. */
    struct pricing_point young[] = {{1 * DAY, {2000, -1, 0, 0}}, {29 * DAY, {2000, 1000, 0, 0}}};
    assert_int_equal(pricing_lowest(young, 2, 0, 30 * DAY, &low), 0);
    assert_int_equal(pricing_lowest(young, 2, 1 * DAY, 31 * DAY, &low), 1);
    assert_int_equal(low, 1000);
    assert_int_equal(pricing_reduction_bp(1000, 750), 2500);
    assert_int_equal(pricing_reduction_bp(700, 750), 0);
}

static void unit_prices_convert_units(void **state)
{
    (void)state;
    struct pricing_measure m, b;
    const char *why;
    assert_int_equal(pricing_parse_measure("750 ml", &m, &why), 0);
    assert_int_equal(pricing_parse_measure("1 l", &b, &why), 0);
    int64_t per;
    assert_int_equal(pricing_unit_price(300, &m, &b, &per), 0);
    assert_int_equal(per, 400); /* 3.00 for 0.75 l = 4.00 per l */
    assert_int_equal(pricing_parse_measure("0.30kg", &m, &why), 0);
    pricing_default_base(m.dim, &b);
    assert_string_equal(b.unit, "kg");
    assert_int_equal(pricing_unit_price(99, &m, &b, &per), 0);
    assert_int_equal(per, 330);
    assert_int_equal(pricing_parse_measure("100 g", &b, &why), 0);
    assert_int_equal(pricing_unit_price(99, &m, &b, &per), 0);
    assert_int_equal(per, 33);
    assert_int_equal(pricing_parse_measure("1 l", &b, &why), 0);
    assert_int_equal(pricing_unit_price(99, &m, &b, &per), -1); /* kg vs l */
    assert_int_equal(pricing_parse_measure("12 parsecs", &m, &why), -1);
    assert_int_equal(pricing_parse_measure("-1 kg", &m, &why), -1);
    assert_int_equal(pricing_parse_measure("0 kg", &m, &why), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(effective_price_follows_the_sale_window),
        cmocka_unit_test(reference_is_the_lowest_of_30_days_sales_included),
        cmocka_unit_test(unit_prices_convert_units),
    };
    return cmocka_run_group_tests_name("pricing", tests, NULL, NULL);
}
