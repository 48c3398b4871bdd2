/*
 * gtin.c - GTIN normalisation and check digits (see gtin.h).
 */
#include "catalog/gtin.h"

#include <string.h>

int gtin_check_digit(const char *digits, size_t n)
{
    int sum = 0;
    /* The digit next to the check digit has weight 3, then 1, 3, ... */
    for (size_t i = 0; i < n; i++) {
        int d = digits[n - 1 - i] - '0';
        sum += (i % 2 == 0) ? 3 * d : d;
    }
    return (10 - sum % 10) % 10;
}

enum gtin_rc gtin_normalize(const char *s, size_t len, char out[GTIN_LEN + 1])
{
    out[0] = '\0';
    while (len > 0 && s[0] == ' ') {
        s++;
        len--;
    }
    while (len > 0 && s[len - 1] == ' ')
        len--;
    if (len == 0)
        return GTIN_EMPTY;
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return GTIN_NOT_DIGITS;
    if (len != 8 && len != 12 && len != 13 && len != 14)
        return GTIN_BAD_LENGTH;
    char buf[GTIN_LEN + 1];
    memset(buf, '0', GTIN_LEN - len);
    memcpy(buf + GTIN_LEN - len, s, len);
    buf[GTIN_LEN] = '\0';
    if (strspn(buf, "0") == GTIN_LEN)
        return GTIN_ZERO;
    if (gtin_check_digit(buf, GTIN_LEN - 1) != buf[GTIN_LEN - 1] - '0')
        return GTIN_BAD_CHECK;
    memcpy(out, buf, GTIN_LEN + 1);
    return GTIN_OK;
}

const char *gtin_reason(enum gtin_rc rc)
{
    switch (rc) {
    case GTIN_OK:
        return "is valid";
    case GTIN_EMPTY:
        return "is empty";
    case GTIN_NOT_DIGITS:
        return "must contain digits only";
    case GTIN_BAD_LENGTH:
        return "must have 8, 12, 13 or 14 digits (EAN-8, UPC-A, EAN-13, GTIN-14)";
    case GTIN_BAD_CHECK:
        return "has a wrong check digit";
    case GTIN_ZERO:
        return "must not be all zeros";
    }
    return "is not a GTIN";
}

bool gtin_restricted(const char gtin[GTIN_LEN + 1])
{
    if (strlen(gtin) != GTIN_LEN || gtin[0] != '0')
        return false; /* a GTIN-14 of a case: never in-store */
    const char *g13 = gtin + 1;
    if (strncmp(g13, "00000", 5) == 0) /* a GTIN-8 */
        return gtin[6] == '0' || gtin[6] == '2';
    int p3 = (g13[0] - '0') * 100 + (g13[1] - '0') * 10 + (g13[2] - '0');
    return (p3 >= 20 && p3 <= 29) || (p3 >= 40 && p3 <= 49) || (p3 >= 200 && p3 <= 299);
}
