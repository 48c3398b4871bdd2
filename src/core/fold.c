/*
 * fold.c - the folding table of Latin letters (see fold.h).
 */
#include "core/fold.h"

#include <stddef.h>

/* U+00C0 .. U+017F; NULL for the two signs of the block (multiplication,
 * division), which separate words. */
static const char *const fold_table[0x180 - 0xC0] = {
    /* U+00C0 */ "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    /* U+00D0 */ "d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y", "th", "ss",
    /* U+00E0 */ "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    /* U+00F0 */ "d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y", "th", "y",
    /* U+0100 */ "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
    /* U+0110 */ "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
    /* U+0120 */ "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
    /* U+0130 */ "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
    /* U+0140 */ "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
    /* U+0150 */ "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
    /* U+0160 */ "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
    /* U+0170 */ "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};

/* U+0218 .. U+021B: Romanian S and T with comma below. */
static const char *const fold_comma[4] = {"s", "s", "t", "t"};

/* One lower-case ASCII letter or digit as a static string: alnum holds
 * each of them followed by its NUL. */
static const char *fold_ascii(uint32_t cp)
{
    static const char alnum[] = "0\0" "1\0" "2\0" "3\0" "4\0" "5\0" "6\0" "7\0" "8\0" "9\0"
                                "a\0" "b\0" "c\0" "d\0" "e\0" "f\0" "g\0" "h\0" "i\0" "j\0"
                                "k\0" "l\0" "m\0" "n\0" "o\0" "p\0" "q\0" "r\0" "s\0" "t\0"
                                "u\0" "v\0" "w\0" "x\0" "y\0" "z";
    if (cp >= '0' && cp <= '9')
        return alnum + 2 * (cp - '0');
    if (cp >= 'A' && cp <= 'Z')
        cp += 'a' - 'A';
    if (cp >= 'a' && cp <= 'z')
        return alnum + 2 * (10 + cp - 'a');
    return NULL;
}

enum fold_kind fold_latin(uint32_t cp, const char **ascii)
{
    *ascii = NULL;
    if (cp < 0x80)
        *ascii = fold_ascii(cp);
    else if (cp < 0xC0) /* C1 controls, Latin-1 punctuation and signs */
        return FOLD_SEPARATOR;
    else if (cp < 0x180)
        *ascii = fold_table[cp - 0xC0];
    else if (cp >= 0x218 && cp <= 0x21B)
        *ascii = fold_comma[cp - 0x218];
    else if ((cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x20A0 && cp <= 0x20CF) ||
             (cp >= 0x2100 && cp <= 0x214F))
        return FOLD_SEPARATOR; /* general punctuation, currency, letterlike */
    else
        return FOLD_OTHER;
    return *ascii ? FOLD_LETTER : FOLD_SEPARATOR;
}
