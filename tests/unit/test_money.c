/*
 * test_money.c - src/core/money.c: ISO 4217 currencies, parsing decimal
 * prices (feeds, Merchant Center "12.99 EUR") into integer minor units, and
 * formatting them back.
 *
 * A price parsed wrongly is a price shown wrongly to every shopper: a
 * decimal comma read as a thousands separator makes 1,23 EUR cost 123 EUR,
 * an extra fraction digit silently rounded changes the amount, an overflow
 * wraps to a negative price.  Expected amounts are written out by hand from
 * the ISO 4217 minor units (EUR 2, JPY 0, KWD 3); formatting is checked
 * against an independent lldiv/snprintf rendering.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/money.h"

static void currencies_have_their_iso4217_minor_units(void **state)
{
    (void)state;
    /* Spread over the alphabet, so that a table out of order (bsearch)
     * loses some of them. */
    static const struct {
        const char *code;
        int exp;
    } known[] = {
        {"AED", 2}, {"ARS", 2}, {"AUD", 2}, {"BHD", 3}, {"BIF", 0}, {"BRL", 2}, {"CAD", 2},
        {"CHF", 2}, {"CLP", 0}, {"CNY", 2}, {"CZK", 2}, {"DKK", 2}, {"EUR", 2}, {"GBP", 2},
        {"HUF", 2}, {"INR", 2}, {"IQD", 3}, {"ISK", 0}, {"JOD", 3}, {"JPY", 0}, {"KRW", 0},
        {"KWD", 3}, {"LYD", 3}, {"MXN", 2}, {"NOK", 2}, {"OMR", 3}, {"PLN", 2}, {"PYG", 0},
        {"RSD", 2}, {"SEK", 2}, {"TND", 3}, {"TRY", 2}, {"UGX", 0}, {"USD", 2}, {"VND", 0},
        {"XAF", 0}, {"XOF", 0}, {"ZAR", 2}, {"ZWL", 2},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (money_exponent(known[i].code) != known[i].exp)
            fail_msg("%s: exponent %d, want %d", known[i].code, money_exponent(known[i].code),
                     known[i].exp);
        assert_true(money_currency_valid(known[i].code));
    }
    static const char *const bad[] = {"eur", "Eur", "EU", "EURO", "", "XXX", "ABC", "E1R", "EUR "};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (money_currency_valid(bad[i]))
            fail_msg("'%s' accepted as a currency", bad[i]);
    }
    assert_int_equal(money_exponent(NULL), -1);
}

/* Parses s in currency; returns the amount, or -999 when refused. */
static int64_t dec(const char *s, const char *currency)
{
    int64_t v = -12345;
    if (money_parse_decimal(s, strlen(s), currency, &v) != 0)
        return -999;
    return v;
}

static void decimal_prices_become_minor_units(void **state)
{
    (void)state;
    assert_true(dec("12.99", "EUR") == 1299);
    assert_true(dec("12.9", "EUR") == 1290);
    assert_true(dec("12", "EUR") == 1200);
    assert_true(dec("0.01", "EUR") == 1);
    assert_true(dec("0", "EUR") == 0);
    assert_true(dec(".5", "EUR") == 50);
    assert_true(dec(" 12.99 ", "EUR") == 1299);
    assert_true(dec("1,234.50", "EUR") == 123450);
    assert_true(dec("1,234,567.89", "USD") == 123456789);
    assert_true(dec("1500", "JPY") == 1500);
    assert_true(dec("1,500", "JPY") == 1500);
    assert_true(dec("1.234", "KWD") == 1234);
    assert_true(dec("1.2", "KWD") == 1200);
    assert_true(dec("0.005", "BHD") == 5);
}

static void more_fraction_digits_than_the_currency_has_are_refused(void **state)
{
    (void)state;
    assert_true(dec("12.999", "EUR") == -999);
    assert_true(dec("0.001", "EUR") == -999);
    assert_true(dec("1500.5", "JPY") == -999);
    assert_true(dec("1.2345", "KWD") == -999);
    assert_true(dec("1.2341", "KWD") == -999);
}

static void malformed_and_signed_amounts_are_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {"",    " ",     ".",     "-1.00", "+1.00", "1.2.3", "12 .99",
                                      "abc", "1e3",   "12,",   ",123",  "1,,234", "0x10", "12.-5",
                                      "1 2", "12.9a", "12..9"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (dec(bad[i], "EUR") != -999)
            fail_msg("'%s' accepted as %lld", bad[i], (long long)dec(bad[i], "EUR"));
    assert_true(dec("12.99", "XXX") == -999);
    assert_true(dec("12.99", "eur") == -999);
}

static void a_comma_is_only_a_thousands_separator(void **state)
{
    (void)state;
    /* "1,23" is a European decimal comma (1.23), "12,3456" is nothing: neither
     * may be read as 123 or 123456, a price 100 times too high. */
    static const char *const bad[] = {"1,23", "1,2", "12,3456", "1,23.45", "1,234,56", "1234,567",
                                      "1,2345.00"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (dec(bad[i], "EUR") != -999)
            fail_msg("'%s' accepted as %lld", bad[i], (long long)dec(bad[i], "EUR"));
}

static void huge_amounts_are_refused_without_overflow(void **state)
{
    (void)state;
    char s[64];
    /* MONEY_AMOUNT_MAX minor units is the largest amount in every currency. */
    snprintf(s, sizeof s, "%lld.%02lld", MONEY_AMOUNT_MAX / 100, MONEY_AMOUNT_MAX % 100);
    assert_true(dec(s, "EUR") == MONEY_AMOUNT_MAX);
    snprintf(s, sizeof s, "%lld.01", MONEY_AMOUNT_MAX / 100);
    assert_true(dec(s, "EUR") == -999);
    snprintf(s, sizeof s, "%lld", MONEY_AMOUNT_MAX);
    assert_true(dec(s, "JPY") == MONEY_AMOUNT_MAX);
    snprintf(s, sizeof s, "%lld", MONEY_AMOUNT_MAX + 1);
    assert_true(dec(s, "JPY") == -999);
    snprintf(s, sizeof s, "%lld.%03lld", MONEY_AMOUNT_MAX / 1000, MONEY_AMOUNT_MAX % 1000);
    assert_true(dec(s, "KWD") == MONEY_AMOUNT_MAX);
    /* Far beyond int64: refused, and UBSan sees no signed overflow. */
    assert_true(dec("99999999999999999999999999999", "EUR") == -999);
    assert_true(dec("9,223,372,036,854,775,808", "JPY") == -999);
    assert_true(dec("92233720368547758.08", "EUR") == -999);
}

static void merchant_center_prices_carry_their_currency(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int64_t amount;
        const char *currency;
    } good[] = {
        {"12.99 EUR", 1299, "EUR"},    {"EUR 12.99", 1299, "EUR"},
        {"  12.99 EUR  ", 1299, "EUR"}, {"12.99 eur", 1299, "EUR"},
        {"1500 JPY", 1500, "JPY"},     {"JPY 1,500", 1500, "JPY"},
        {"1.234 KWD", 1234, "KWD"},    {"USD 1,234.50", 123450, "USD"},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        struct money m;
        memset(&m, 0, sizeof m);
        if (money_parse_with_currency(good[i].text, &m) != 0)
            fail_msg("'%s' refused", good[i].text);
        assert_true(m.amount == good[i].amount);
        assert_string_equal(m.currency, good[i].currency);
    }
    static const char *const bad[] = {
        "12.99",  "EUR",      "12.99EUR", "EUR12.99",   "12.99 XXX", "1500.5 JPY", "12.999 EUR",
        "-1 EUR", "EUR -1",   "12.99 EU", "",           "12.99 EURO", "EUR 1,23",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct money m;
        if (money_parse_with_currency(bad[i], &m) == 0)
            fail_msg("'%s' accepted", bad[i]);
    }
}

/* The expected text of amount in a currency with exp decimals. */
static void reference_format(int64_t amount, int exp, char *out, size_t outlen)
{
    if (exp == 0) {
        snprintf(out, outlen, "%lld", (long long)amount);
        return;
    }
    long long scale = exp == 2 ? 100 : 1000;
    lldiv_t q = lldiv((long long)amount, scale);
    snprintf(out, outlen, "%s%lld.%0*lld", amount < 0 ? "-" : "", llabs(q.quot), exp,
             llabs(q.rem));
}

static void formatting_writes_every_minor_digit(void **state)
{
    (void)state;
    char out[40], want[40];
    static const int64_t samples[] = {0, 1, 5, 10, 99, 100, 1299, 123450, -1, -5, -1299,
                                      MONEY_AMOUNT_MAX, -MONEY_AMOUNT_MAX};
    static const char *const currencies[] = {"EUR", "JPY", "KWD"};
    for (size_t c = 0; c < 3; c++) {
        int exp = money_exponent(currencies[c]);
        for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
            reference_format(samples[i], exp, want, sizeof want);
            assert_string_equal(money_format_decimal(samples[i], currencies[c], out, sizeof out),
                                want);
        }
    }
    /* The most negative int64 has no positive twin: no overflow. */
    money_format_decimal(INT64_MIN, "EUR", out, sizeof out);
    assert_string_equal(out, "-92233720368547758.08");
}

static void formatted_amounts_parse_back_to_themselves(void **state)
{
    (void)state;
    static const char *const currencies[] = {"EUR", "JPY", "KWD", "USD", "BHD", "CLP"};
    uint64_t x = 88172645463325252ull;
    for (int i = 0; i < 30000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        int64_t amount = (int64_t)((x >> (i % 50)) % (uint64_t)(MONEY_AMOUNT_MAX + 1));
        const char *cur = currencies[i % 6];
        char text[40];
        money_format_decimal(amount, cur, text, sizeof text);
        int64_t back = -1;
        if (money_parse_decimal(text, strlen(text), cur, &back) != 0 || back != amount)
            fail_msg("%lld %s -> '%s' -> %lld", (long long)amount, cur, text, (long long)back);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(currencies_have_their_iso4217_minor_units),
        cmocka_unit_test(decimal_prices_become_minor_units),
        cmocka_unit_test(more_fraction_digits_than_the_currency_has_are_refused),
        cmocka_unit_test(malformed_and_signed_amounts_are_refused),
        cmocka_unit_test(a_comma_is_only_a_thousands_separator),
        cmocka_unit_test(huge_amounts_are_refused_without_overflow),
        cmocka_unit_test(merchant_center_prices_carry_their_currency),
        cmocka_unit_test(formatting_writes_every_minor_digit),
        cmocka_unit_test(formatted_amounts_parse_back_to_themselves),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
