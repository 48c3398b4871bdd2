/*
 * fold.h - Latin letters to lower-case ASCII ("É" -> "e", "ß" -> "ss",
 * "Œ" -> "oe"), for keys built from names such as slugs.
 *
 * Covers ASCII, Latin-1 (U+00C0-U+00FF), Latin Extended-A (U+0100-U+017F)
 * and the Romanian comma-below letters (U+0218-U+021B): the Latin set the
 * search index folds too (agora_fold in store/migrations.c, FTS5's
 * remove_diacritics), with the ligatures and letters that have no
 * diacritic to drop written out (Æ ae, Ø o, Þ th, Đ d, Ł l, Ĳ ij).  Pure.
 */
#ifndef AG_FOLD_H
#define AG_FOLD_H

#include <stdint.h>

enum fold_kind {
    FOLD_LETTER,    /* a letter or digit: *ascii is its lower-case ASCII */
    FOLD_SEPARATOR, /* ASCII or Latin-1 punctuation, symbols, spaces, controls,
                       general punctuation (dashes, quotes), currency and
                       letterlike symbols (EUR sign, TM) */
    FOLD_OTHER,     /* anything else: another script, an emoji, U+FFFD */
};

/* What code point cp folds to; *ascii (static) is set for FOLD_LETTER. */
enum fold_kind fold_latin(uint32_t cp, const char **ascii);

#endif
