/*
 * test_gtin.c - GTIN normalisation: the identity of a product across
 * retailers (UPC-12, EAN-13 and GTIN-14 of one item are one product) and
 * check digits.
 */
#include <setjmp.h>
#include <stdarg.h>
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(upc_ean_and_gtin14_of_one_item_agree),
        cmocka_unit_test(ean8_and_ean13_are_padded),
        cmocka_unit_test(wrong_check_digit_is_refused),
        cmocka_unit_test(malformed_gtins_are_refused),
    };
    return cmocka_run_group_tests_name("gtin", tests, NULL, NULL);
}
