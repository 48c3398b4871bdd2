/*
 * money.c - ISO 4217 table and decimal parsing/formatting (see money.h).
 */
#include "core/money.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Active ISO 4217 codes with their minor-unit exponent, sorted for bsearch.
 * Funds and metals (XAU, XDR, ...) are left out: nothing is sold in them. */
struct money_currency {
    char code[4];
    signed char exp;
};

static const struct money_currency money_currencies[] = {
    {"AED", 2}, {"AFN", 2}, {"ALL", 2}, {"AMD", 2}, {"ANG", 2}, {"AOA", 2}, {"ARS", 2},
    {"AUD", 2}, {"AWG", 2}, {"AZN", 2}, {"BAM", 2}, {"BBD", 2}, {"BDT", 2}, {"BGN", 2},
    {"BHD", 3}, {"BIF", 0}, {"BMD", 2}, {"BND", 2}, {"BOB", 2}, {"BRL", 2}, {"BSD", 2},
    {"BTN", 2}, {"BWP", 2}, {"BYN", 2}, {"BZD", 2}, {"CAD", 2}, {"CDF", 2}, {"CHF", 2},
    {"CLP", 0}, {"CNY", 2}, {"COP", 2}, {"CRC", 2}, {"CUP", 2}, {"CVE", 2}, {"CZK", 2},
    {"DJF", 0}, {"DKK", 2}, {"DOP", 2}, {"DZD", 2}, {"EGP", 2}, {"ERN", 2}, {"ETB", 2},
    {"EUR", 2}, {"FJD", 2}, {"FKP", 2}, {"GBP", 2}, {"GEL", 2}, {"GHS", 2}, {"GIP", 2},
    {"GMD", 2}, {"GNF", 0}, {"GTQ", 2}, {"GYD", 2}, {"HKD", 2}, {"HNL", 2}, {"HTG", 2},
    {"HUF", 2}, {"IDR", 2}, {"ILS", 2}, {"INR", 2}, {"IQD", 3}, {"IRR", 2}, {"ISK", 0},
    {"JMD", 2}, {"JOD", 3}, {"JPY", 0}, {"KES", 2}, {"KGS", 2}, {"KHR", 2}, {"KMF", 0},
    {"KPW", 2}, {"KRW", 0}, {"KWD", 3}, {"KYD", 2}, {"KZT", 2}, {"LAK", 2}, {"LBP", 2},
    {"LKR", 2}, {"LRD", 2}, {"LSL", 2}, {"LYD", 3}, {"MAD", 2}, {"MDL", 2}, {"MGA", 2},
    {"MKD", 2}, {"MMK", 2}, {"MNT", 2}, {"MOP", 2}, {"MRU", 2}, {"MUR", 2}, {"MVR", 2},
    {"MWK", 2}, {"MXN", 2}, {"MYR", 2}, {"MZN", 2}, {"NAD", 2}, {"NGN", 2}, {"NIO", 2},
    {"NOK", 2}, {"NPR", 2}, {"NZD", 2}, {"OMR", 3}, {"PAB", 2}, {"PEN", 2}, {"PGK", 2},
    {"PHP", 2}, {"PKR", 2}, {"PLN", 2}, {"PYG", 0}, {"QAR", 2}, {"RON", 2}, {"RSD", 2},
    {"RUB", 2}, {"RWF", 0}, {"SAR", 2}, {"SBD", 2}, {"SCR", 2}, {"SDG", 2}, {"SEK", 2},
    {"SGD", 2}, {"SHP", 2}, {"SLE", 2}, {"SOS", 2}, {"SRD", 2}, {"SSP", 2}, {"STN", 2},
    {"SVC", 2}, {"SYP", 2}, {"SZL", 2}, {"THB", 2}, {"TJS", 2}, {"TMT", 2}, {"TND", 3},
    {"TOP", 2}, {"TRY", 2}, {"TTD", 2}, {"TWD", 2}, {"TZS", 2}, {"UAH", 2}, {"UGX", 0},
    {"USD", 2}, {"UYU", 2}, {"UZS", 2}, {"VES", 2}, {"VND", 0}, {"VUV", 0}, {"WST", 2},
    {"XAF", 0}, {"XCD", 2}, {"XOF", 0}, {"XPF", 0}, {"YER", 2}, {"ZAR", 2}, {"ZMW", 2},
    {"ZWL", 2},
};

static int money_cmp(const void *key, const void *elem)
{
    return strncmp(key, elem, 3);
}

int money_exponent(const char *currency)
{
    if (!currency || strlen(currency) != 3)
        return -1;
    const void *hit =
        bsearch(currency, money_currencies, sizeof money_currencies / sizeof money_currencies[0],
                sizeof money_currencies[0], money_cmp);
    if (!hit)
        return -1;
    return ((const struct money_currency *)hit)->exp;
}

int money_currency_valid(const char *currency)
{
    return money_exponent(currency) >= 0;
}

int money_parse_decimal(const char *s, size_t len, const char *currency, int64_t *out)
{
    int exp = money_exponent(currency);
    if (exp < 0)
        return -1;
    size_t i = 0;
    while (i < len && s[i] == ' ')
        i++;
    while (len > i && s[len - 1] == ' ')
        len--;
    if (i == len)
        return -1;
    int64_t whole = 0;
    int digits = 0;
    int group = -1; /* digits since the last ',', -1 before the first */
    for (; i < len && s[i] != '.'; i++) {
        if (s[i] == ',') {
            /* A thousands separator follows 1 to 3 leading digits and then
             * groups of exactly three: "1,23" is a decimal comma, not 123. */
            if (digits == 0 || (group < 0 ? digits > 3 : group != 3))
                return -1;
            group = 0;
            continue;
        }
        if (!isdigit((unsigned char)s[i]))
            return -1;
        if (whole > MONEY_AMOUNT_MAX)
            return -1;
        whole = whole * 10 + (s[i] - '0');
        digits++;
        if (group >= 0)
            group++;
    }
    if (group >= 0 && group != 3)
        return -1;
    int64_t frac = 0;
    int fdigits = 0;
    if (i < len) { /* at '.' */
        i++;
        for (; i < len; i++) {
            if (!isdigit((unsigned char)s[i]))
                return -1;
            if (fdigits >= exp) {
                if (s[i] != '0')
                    return -1; /* more precision than the currency has */
                continue;
            }
            frac = frac * 10 + (s[i] - '0');
            fdigits++;
        }
        if (fdigits == 0 && digits == 0)
            return -1;
    }
    if (digits == 0 && fdigits == 0)
        return -1;
    for (int k = fdigits; k < exp; k++)
        frac *= 10;
    int64_t scale = 1;
    for (int k = 0; k < exp; k++)
        scale *= 10;
    if (whole > MONEY_AMOUNT_MAX / scale)
        return -1;
    int64_t amount = whole * scale + frac;
    if (amount > MONEY_AMOUNT_MAX)
        return -1;
    *out = amount;
    return 0;
}

int money_parse_with_currency(const char *s, struct money *out)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == ' ')
        n--;
    if (n < 5)
        return -1;
    char code[4];
    const char *num;
    size_t numlen;
    if (isalpha((unsigned char)s[0])) { /* "EUR 12.99" */
        if (s[3] != ' ')
            return -1;
        memcpy(code, s, 3);
        num = s + 4;
        numlen = n - 4;
    } else { /* "12.99 EUR" */
        if (s[n - 4] != ' ')
            return -1;
        memcpy(code, s + n - 3, 3);
        num = s;
        numlen = n - 4;
    }
    code[3] = '\0';
    for (int k = 0; k < 3; k++)
        code[k] = (char)toupper((unsigned char)code[k]);
    if (!money_currency_valid(code))
        return -1;
    if (money_parse_decimal(num, numlen, code, &out->amount) != 0)
        return -1;
    memcpy(out->currency, code, 4);
    return 0;
}

char *money_format_decimal(int64_t amount, const char *currency, char *out, size_t outlen)
{
    int exp = money_exponent(currency);
    if (exp <= 0) {
        snprintf(out, outlen, "%lld", (long long)amount);
        return out;
    }
    int64_t scale = 1;
    for (int k = 0; k < exp; k++)
        scale *= 10;
    const char *sign = amount < 0 ? "-" : "";
    uint64_t a = amount < 0 ? (uint64_t)0 - (uint64_t)amount : (uint64_t)amount;
    uint64_t frac = a % (uint64_t)scale;
    char digits[8];
    for (int k = exp - 1; k >= 0; k--) {
        digits[k] = (char)('0' + frac % 10);
        frac /= 10;
    }
    digits[exp] = '\0';
    snprintf(out, outlen, "%s%llu.%s", sign, (unsigned long long)(a / (uint64_t)scale), digits);
    return out;
}
