/*
 * money.h - amounts in integer minor units with an ISO 4217 currency.
 *
 * Agora never uses floating point for money.  An amount is an int64 count of
 * the currency's minor unit (cents for EUR, none for JPY, thousandths for
 * KWD), always paired with its three-letter code.
 */
#ifndef AG_MONEY_H
#define AG_MONEY_H

#include <stddef.h>
#include <stdint.h>

/* Largest absolute amount accepted anywhere (10^15 minor units). */
#define MONEY_AMOUNT_MAX 1000000000000000LL

struct money {
    int64_t amount;
    char currency[4];
};

/* Digits after the decimal point for an active ISO 4217 code, or -1 if the
 * code is not one. */
int money_exponent(const char *currency);
/* 1 if currency is an active ISO 4217 code (upper case), else 0. */
int money_currency_valid(const char *currency);

/* Parses a decimal amount such as "12.99" or "1,234.50" in the given
 * currency's minor units ("12.9" EUR -> 1290). Commas are only thousands
 * separators in groups of three ("1,23" is refused, never read as 123).
 * Rejects non-zero fraction digits beyond the currency's precision, signs,
 * and anything over MONEY_AMOUNT_MAX.  Returns 0 or -1. */
int money_parse_decimal(const char *s, size_t len, const char *currency, int64_t *out);

/* Parses Merchant Center style "12.99 EUR" (or "EUR 12.99").
 * Returns 0 or -1. */
int money_parse_with_currency(const char *s, struct money *out);

/* Formats as a plain decimal ("12.99"); returns out. */
char *money_format_decimal(int64_t amount, const char *currency, char *out, size_t outlen);

#endif
