/*
 * gtin.h - GS1 trade item numbers: the global identity of a product.
 *
 * A barcode comes as EAN-8, UPC-12 (UPC-A), EAN-13 or GTIN-14.  They are
 * all the same number space once padded on the left with zeros to 14
 * digits, so a UPC-12 and the EAN-13 printed on the same item normalise to
 * one GTIN-14 and so to one product.  The last digit is a check digit
 * (GS1 mod-10, weights 3,1,3,... from the right); a wrong one is refused.
 * Pure functions, no I/O.
 */
#ifndef AG_GTIN_H
#define AG_GTIN_H

#include <stdbool.h>
#include <stddef.h>

/* Length of a normalised GTIN-14 without its NUL. */
#define GTIN_LEN 14

enum gtin_rc {
    GTIN_OK = 0,
    GTIN_EMPTY,     /* nothing but spaces */
    GTIN_NOT_DIGITS,
    GTIN_BAD_LENGTH, /* not 8, 12, 13 or 14 digits */
    GTIN_BAD_CHECK,  /* the check digit does not match */
    GTIN_ZERO,       /* all zeros */
};

/* Normalises s[0..len) (surrounding spaces ignored) into out as 14 digits
 * and a NUL.  Returns GTIN_OK or why not (out is then "" ). */
enum gtin_rc gtin_normalize(const char *s, size_t len, char out[GTIN_LEN + 1]);

/* Whether normalised gtin is a restricted circulation number: an in-store
 * code (GS1 prefixes 020-029, 040-049 and 200-299 of a GTIN-13, so UPC-A
 * number systems 2 and 4, and GTIN-8 beginning with 0 or 2), which each
 * retailer gives its own meaning (weighed produce, own labels): not a
 * global identity. */
bool gtin_restricted(const char gtin[GTIN_LEN + 1]);

/* The check digit (0-9) of the first n digits of a GTIN (n = length - 1). */
int gtin_check_digit(const char *digits, size_t n);

/* A short reason for an error ("the check digit is wrong ..."); static. */
const char *gtin_reason(enum gtin_rc rc);

#endif
