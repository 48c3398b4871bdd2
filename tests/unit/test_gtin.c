/*
 * test_gtin.c - GTIN normalisation: the identity of a product across
 * retailers (UPC-12, EAN-13 and GTIN-14 of one item are one product) and
 * check digits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "catalog/gtin.h"

static void upc_ean_and_gtin14_of_one_item_agree(void **state)
{
    (void)state;
    char a[GTIN_LEN + 1], b[GTIN_LEN + 1], c[GTIN_LEN + 1];
    assert_int_equal(gtin_normalize("036000291452", 12, a), GTIN_OK);   /* UPC-A */
    assert_int_equal(gtin_normalize("0036000291452", 13, b), GTIN_OK);  /* EAN-13 */
    assert_int_equal(gtin_normalize("00036000291452", 14, c), GTIN_OK); /* GTIN-14 */
    assert_string_equal(a, "00036000291452");
    assert_string_equal(a, b);
    assert_string_equal(b, c);
}

static void ean8_and_ean13_are_padded(void **state)
{
    (void)state;
    char g[GTIN_LEN + 1];
    assert_int_equal(gtin_normalize("96385074", 8, g), GTIN_OK);
    assert_string_equal(g, "00000096385074");
    assert_int_equal(gtin_normalize(" 3850334043641 ", 15, g), GTIN_OK);
    assert_string_equal(g, "03850334043641");
}

static void wrong_check_digit_is_refused(void **state)
{
    (void)state;
    char g[GTIN_LEN + 1];
    assert_int_equal(gtin_normalize("3850334043642", 13, g), GTIN_BAD_CHECK);
    assert_string_equal(g, "");
    assert_int_equal(gtin_normalize("036000291453", 12, g), GTIN_BAD_CHECK);
    assert_int_equal(gtin_check_digit("385033404364", 12), 1);
}

static void malformed_gtins_are_refused(void **state)
{
    (void)state;
    char g[GTIN_LEN + 1];
    assert_int_equal(gtin_normalize("12345", 5, g), GTIN_BAD_LENGTH);
    assert_int_equal(gtin_normalize("3850334O43641", 13, g), GTIN_NOT_DIGITS);
    assert_int_equal(gtin_normalize("   ", 3, g), GTIN_EMPTY);
    assert_int_equal(gtin_normalize("00000000", 8, g), GTIN_ZERO);
    assert_int_equal(gtin_normalize("123456789012345", 15, g), GTIN_BAD_LENGTH);
    assert_non_null(strstr(gtin_reason(GTIN_BAD_CHECK), "check digit"));
}

/* Normalises s (a valid code) and says whether it is in-store. */
static bool restricted(const char *s)
{
    char g[GTIN_LEN + 1];
    assert_int_equal(gtin_normalize(s, strlen(s), g), GTIN_OK);
    return gtin_restricted(g);
}

static void in_store_numbers_are_restricted(void **state)
{
    (void)state;
    /* Weighed produce (EAN-13 200-299), UPC-A number systems 2 and 4 (GTIN-13
     * 02x, 04x), GTIN-8 beginning with 0 or 2: in-store. */
    assert_true(restricted("2011171540101"));
    assert_true(restricted("2123456789003"));
    assert_true(restricted("212345678909"));
    assert_true(restricted("412345678903"));
    assert_true(restricted("20123451"));
    assert_true(restricted("01234565"));
    /* Manufacturers' numbers: global. */
    assert_false(restricted("4006381333931"));
    assert_false(restricted("036000291452"));
    assert_false(restricted("96385074"));
    assert_false(restricted("3850000000015"));
    assert_false(restricted("10036000291459"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(upc_ean_and_gtin14_of_one_item_agree),
        cmocka_unit_test(ean8_and_ean13_are_padded),
        cmocka_unit_test(wrong_check_digit_is_refused),
        cmocka_unit_test(malformed_gtins_are_refused),
        cmocka_unit_test(in_store_numbers_are_restricted),
    };
    return cmocka_run_group_tests_name("gtin", tests, NULL, NULL);
}
