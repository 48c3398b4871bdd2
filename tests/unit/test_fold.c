/*
 * test_fold.c - src/core/fold.c and the slugs built on it
 * (catalog_slugify in src/catalog/catalog.c).
 *
 * A slug is part of an address and the key that finds a brand or category
 * by name: it must be lower-case ASCII, and the same for "Kraš", "KRAS" and
 * "kraš".  The folding is checked against the set the search index folds,
 * read from the PostgreSQL function agora_fold in src/store/migrations.c
 * (tests run from the repository's root), so that the two never disagree;
 * an ASCII name keeps the slug older versions gave it
 * (catalog_slugify_legacy), for random names of every length.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "catalog/catalog.h"
#include "core/fold.h"
#include "core/limits.h"
#include "core/text.h"

/* The two quoted strings after "translate(t," in the migrations: the
 * characters agora_fold folds and what each becomes.  Caller frees both. */
static void agora_fold_pairs(char **from, char **to)
{
    FILE *f = fopen("src/store/migrations.c", "rb");
    assert_non_null(f);
    static char text[1 << 20];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    const char *p = strstr(text, "translate(t,");
    assert_non_null(p);
    char **out[2] = {from, to};
    for (int k = 0; k < 2; k++) {
        const char *a = strchr(p, '\'');
        assert_non_null(a);
        const char *b = strchr(a + 1, '\'');
        assert_non_null(b);
        *out[k] = strndup(a + 1, (size_t)(b - a - 1));
        p = b + 1;
    }
}

static void latin_letters_fold_as_the_search_index_folds_them(void **state)
{
    (void)state;
    char *from, *to;
    agora_fold_pairs(&from, &to);
    size_t i = 0, k = 0, nfrom = strlen(from), pairs = 0;
    while (i < nfrom && to[k]) {
        uint32_t cp;
        i += text_utf8_next(from + i, nfrom - i, &cp);
        const char *ascii;
        char want[2] = {to[k++], '\0'};
        if (want[0] >= 'A' && want[0] <= 'Z')
            want[0] = (char)(want[0] - 'A' + 'a');
        if (fold_latin(cp, &ascii) != FOLD_LETTER || strcmp(ascii, want) != 0)
            fail_msg("U+%04X folds to '%s', agora_fold to '%s'", (unsigned)cp,
                     ascii ? ascii : "(none)", want);
        pairs++;
    }
    assert_true(pairs > 60); /* the set was found and read */
    free(from);
    free(to);
}

static void every_latin_letter_folds_to_lower_case_ascii(void **state)
{
    (void)state;
    /* ASCII: letters and digits themselves (lower-cased), the rest
     * separates. */
    for (uint32_t cp = 0; cp < 0x80; cp++) {
        const char *ascii;
        enum fold_kind k = fold_latin(cp, &ascii);
        bool alnum = (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
                     (cp >= 'A' && cp <= 'Z');
        assert_int_equal(k, alnum ? FOLD_LETTER : FOLD_SEPARATOR);
        if (alnum) {
            char want = (char)(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
            assert_int_equal(strlen(ascii), 1);
            assert_int_equal(ascii[0], want);
        }
    }
    /* Latin-1 letters and Latin Extended-A: one or two ASCII letters, the
     * capital and the small letter alike (U+00C0+i and U+00E0+i; in
     * Extended-A the pairs are mostly even and odd). */
    for (uint32_t cp = 0xC0; cp < 0x180; cp++) {
        const char *ascii;
        enum fold_kind k = fold_latin(cp, &ascii);
        if (cp == 0xD7 || cp == 0xF7) { /* multiplication and division signs */
            assert_int_equal(k, FOLD_SEPARATOR);
            continue;
        }
        assert_int_equal(k, FOLD_LETTER);
        size_t n = strlen(ascii);
        assert_true(n == 1 || n == 2);
        for (size_t i = 0; i < n; i++)
            assert_true(ascii[i] >= 'a' && ascii[i] <= 'z');
        if (cp < 0xE0 && cp != 0xDF) {
            const char *small;
            assert_int_equal(fold_latin(cp + 0x20, &small), FOLD_LETTER);
            if (strcmp(ascii, small) != 0)
                fail_msg("U+%04X '%s' but U+%04X '%s'", (unsigned)cp, ascii,
                         (unsigned)cp + 0x20, small);
        }
    }
    /* Punctuation of Latin-1 and of the general block separates; another
     * script is "other". */
    const uint32_t separators[] = {0xA0, 0xAB, 0xBF, 0x2019, 0x2013, 0x20AC, 0x2122};
    for (size_t i = 0; i < sizeof separators / sizeof separators[0]; i++) {
        const char *ascii;
        assert_int_equal(fold_latin(separators[i], &ascii), FOLD_SEPARATOR);
    }
    const uint32_t others[] = {0x41C, 0x3B1, 0x65E5, 0x1F34E, 0xFFFD, 0xFB01};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        const char *ascii;
        assert_int_equal(fold_latin(others[i], &ascii), FOLD_OTHER);
    }
}

/* 1 when s is [a-z0-9] runs joined by single dashes. */
static bool clean(const char *s)
{
    if (!*s || *s == '-' || s[strlen(s) - 1] == '-' || strstr(s, "--"))
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return false;
    return true;
}

static void an_ascii_name_keeps_its_older_slug(void **state)
{
    (void)state;
    srand(9);
    static const char alphabet[] = "abcXYZ019 -_.,&'!/";
    char name[400], slug[AG_SLUG_MAX + 1], old[AG_SLUG_MAX + 1];
    for (int round = 0; round < 20000; round++) {
        size_t n = (size_t)rand() % (round % 10 == 0 ? 399 : 40);
        for (size_t i = 0; i < n; i++)
            name[i] = alphabet[(size_t)rand() % (sizeof alphabet - 1)];
        name[n] = '\0';
        catalog_slugify(name, slug, sizeof slug);
        catalog_slugify_legacy(name, old, sizeof old);
        if (strcmp(slug, old) != 0)
            fail_msg("'%s': '%s', older '%s'", name, slug, old);
        if (!clean(slug))
            fail_msg("'%s': slug '%s'", name, slug);
    }
}

static void a_latin_name_folds_between_ascii_letters(void **state)
{
    (void)state;
    /* Each letter of the table between "a" and "z" reads as its folding. */
    for (uint32_t cp = 0xC0; cp < 0x180; cp++) {
        const char *ascii;
        if (fold_latin(cp, &ascii) != FOLD_LETTER)
            continue;
        char name[16], want[16], slug[AG_SLUG_MAX + 1];
        unsigned char enc[2] = {(unsigned char)(0xC0 | (cp >> 6)),
                                (unsigned char)(0x80 | (cp & 0x3F))};
        snprintf(name, sizeof name, "A%c%cZ", enc[0], enc[1]);
        snprintf(want, sizeof want, "a%sz", ascii);
        catalog_slugify(name, slug, sizeof slug);
        assert_string_equal(slug, want);
    }
    /* Long names stop at the bound, on a whole folding, never on a dash. */
    char name[600], slug[AG_SLUG_MAX + 1];
    size_t o = 0;
    for (int i = 0; i < 90; i++) /* 6 bytes each */
        o += (size_t)snprintf(name + o, sizeof name - o, "Œ ß ");
    catalog_slugify(name, slug, sizeof slug);
    assert_true(clean(slug));
    assert_true(strlen(slug) <= AG_SLUG_MAX);
    assert_true(strlen(slug) >= AG_SLUG_MAX - 3);
}

static void unfoldable_names_get_a_fingerprint(void **state)
{
    (void)state;
    static const char *const names[] = {
        "\xd0\x9c\xd0\xbe\xd0\xbb\xd0\xbe\xd0\xba\xd0\xbe",     /* Молоко */
        "\xd0\xa1\xd1\x8b\xd1\x80",                             /* Сыр */
        "\xd0\xa1\xd1\x8b\xd1\x80 1",                           /* Сыр 1 */
        "\xd0\x9c\xd0\xbe\xd0\xbb\xd0\xbe\xd0\xba\xd0\xbe 1", /* Молоко 1 */
        "\xf0\x9f\x8d\x8e Apple",                               /* an emoji */
        "Apple",
        "\xff\xfe broken",                                      /* not UTF-8 */
    };
    enum { N = sizeof names / sizeof names[0] };
    char slugs[N][AG_SLUG_MAX + 1];
    for (size_t i = 0; i < N; i++) {
        catalog_slugify(names[i], slugs[i], sizeof slugs[i]);
        if (!clean(slugs[i]))
            fail_msg("'%s': slug '%s'", names[i], slugs[i]);
        for (size_t k = 0; k < i; k++)
            if (strcmp(slugs[i], slugs[k]) == 0)
                fail_msg("'%s' and '%s' share the slug '%s'", names[i], names[k], slugs[i]);
        char again[AG_SLUG_MAX + 1];
        catalog_slugify(names[i], again, sizeof again);
        assert_string_equal(again, slugs[i]); /* the same name, the same slug */
    }
    /* The fingerprint is the 32-bit FNV-1a of the name's bytes, computed
     * here: stored slugs stay found only while it never changes. */
    for (size_t i = 0; i < N; i++) {
        uint32_t h = 2166136261u;
        for (const unsigned char *c = (const unsigned char *)names[i]; *c; c++)
            h = (h ^ *c) * 16777619u;
        char hex[9];
        snprintf(hex, sizeof hex, "%08x", (unsigned)h);
        size_t n = strlen(slugs[i]);
        if (i != 5) /* "Apple" is plain ASCII: no fingerprint */
            assert_string_equal(slugs[i] + (n - 8), hex);
        else
            assert_string_equal(slugs[i], "apple");
    }
    /* The ASCII part leads: "Сыр 1" is "1-" and 8 hex digits. */
    assert_int_equal(strlen(slugs[2]), 2 + 8);
    assert_memory_equal(slugs[2], "1-", 2);
    /* A long name keeps its fingerprint within the bound. */
    char name[700], slug[AG_SLUG_MAX + 1];
    size_t o = 0;
    for (int i = 0; i < 60; i++)
        o += (size_t)snprintf(name + o, sizeof name - o, "word \xd0\xb6 ");
    catalog_slugify(name, slug, sizeof slug);
    assert_true(clean(slug));
    assert_true(strlen(slug) <= AG_SLUG_MAX);
    /* Nothing to keep: "x", as before. */
    catalog_slugify("!!! --- ???", slug, sizeof slug);
    assert_string_equal(slug, "x");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(latin_letters_fold_as_the_search_index_folds_them),
        cmocka_unit_test(every_latin_letter_folds_to_lower_case_ascii),
        cmocka_unit_test(an_ascii_name_keeps_its_older_slug),
        cmocka_unit_test(a_latin_name_folds_between_ascii_letters),
        cmocka_unit_test(unfoldable_names_get_a_fingerprint),
    };
    return cmocka_run_group_tests_name("fold", tests, NULL, NULL);
}
