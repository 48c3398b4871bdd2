/*
 * test_text.c - src/core/text.c: the strict parsers and encoders that stand
 * in for atoi, strtol and friends everywhere (ids, limits, settings,
 * cursors, tokens).
 *
 * A lax integer parser turns "12abc" or an overflowing id into a valid
 * number; a lax UTF-8 check lets overlong or surrogate encodings through to
 * the database and the browser; a lax base64url decoder gives two spellings
 * to one cursor or token.  Expectations come from libc (snprintf/strtod),
 * RFC 4648's test vectors, and a reference UTF-8 encoder written here (also
 * for the decoder text_utf8_next and core/text_check.h's control
 * characters; the text rules' verdicts are in test_validate.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/text.h"
#include "core/text_check.h"

/* Parses a NUL-terminated string; returns the rc and stores the value. */
static int parse_i64(const char *s, int64_t *v)
{
    return text_parse_i64(s, strlen(s), v);
}

static void integers_at_the_int64_bounds_parse_and_one_beyond_is_refused(void **state)
{
    (void)state;
    char s[32];
    int64_t v = 0;

    snprintf(s, sizeof s, "%lld", (long long)INT64_MAX);
    assert_int_equal(parse_i64(s, &v), 0);
    assert_true(v == INT64_MAX);
    snprintf(s, sizeof s, "%lld", (long long)INT64_MIN);
    assert_int_equal(parse_i64(s, &v), 0);
    assert_true(v == INT64_MIN);

    /* One past each bound, and much further: refused, never wrapped. */
    snprintf(s, sizeof s, "%llu", (unsigned long long)INT64_MAX + 1);
    assert_int_equal(parse_i64(s, &v), -1);
    snprintf(s, sizeof s, "-%llu", (unsigned long long)INT64_MAX + 2);
    assert_int_equal(parse_i64(s, &v), -1);
    assert_int_equal(parse_i64("99999999999999999999", &v), -1);
    assert_int_equal(parse_i64("-99999999999999999999", &v), -1);
    assert_int_equal(parse_i64("18446744073709551616", &v), -1);
}

static void integers_round_trip_with_snprintf_over_many_values(void **state)
{
    (void)state;
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13; /* xorshift: deterministic spread over all bit widths */
        x ^= x >> 7;
        x ^= x << 17;
        int64_t want = (int64_t)(x >> (i % 64));
        if (i & 1)
            want = -want;
        char s[32];
        snprintf(s, sizeof s, "%lld", (long long)want);
        int64_t got = 0;
        assert_int_equal(parse_i64(s, &got), 0);
        assert_true(got == want);
    }
}

static void integers_with_junk_signs_or_spaces_are_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {"",   "-",   "+1",  " 1", "1 ", "1a",  "0x10", "1.0",
                                      "1e3", "--1", "- 1", "١",  "1,000", "\t7"};
    int64_t v = 42;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (parse_i64(bad[i], &v) != -1)
            fail_msg("'%s' was accepted", bad[i]);
    }
    assert_true(v == 42); /* untouched on failure */
}

static void integer_parsing_reads_only_the_given_length(void **state)
{
    (void)state;
    int64_t v = 0;
    assert_int_equal(text_parse_i64("12345", 3, &v), 0);
    assert_true(v == 123);
    assert_int_equal(text_parse_i64("7&limit=3", 1, &v), 0);
    assert_true(v == 7);
    assert_int_equal(text_parse_i64("-0", 2, &v), 0);
    assert_true(v == 0);
}

static void doubles_in_plain_notation_parse_and_non_finite_are_refused(void **state)
{
    (void)state;
    static const char *const good[] = {"0", "1.5", "-0.25", "48.137154", "-180", "0.000001"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        double d = 0;
        assert_int_equal(text_parse_double(good[i], strlen(good[i]), &d), 0);
        assert_true(d == strtod(good[i], NULL));
    }
    static const char *const bad[] = {"",     "inf",  "-inf", "nan", "NaN", "1e400",  "-1e999",
                                      "0x1p3", "1.5x", " 1",  "1 ",  "1,5", "infinity"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double d = 0;
        if (text_parse_double(bad[i], strlen(bad[i]), &d) != -1)
            fail_msg("'%s' was accepted", bad[i]);
    }
    char longnum[80];
    memset(longnum, '1', sizeof longnum - 1);
    longnum[sizeof longnum - 1] = '\0';
    double d;
    assert_int_equal(text_parse_double(longnum, strlen(longnum), &d), -1);
}

/* Reference encoder: code point -> UTF-8 bytes, returns the length. */
static size_t utf8_encode(uint32_t cp, unsigned char *out)
{
    if (cp < 0x80) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (unsigned char)(0xC0 | (cp >> 6));
        out[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (unsigned char)(0xE0 | (cp >> 12));
        out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | (cp >> 18));
    out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

static void every_scalar_value_is_valid_utf8_and_every_surrogate_is_not(void **state)
{
    (void)state;
    unsigned char b[4];
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        size_t n = utf8_encode(cp, b);
        bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
        if (text_utf8_valid((const char *)b, n) == surrogate)
            fail_msg("U+%04X judged %s", (unsigned)cp, surrogate ? "valid" : "invalid");
        if (!surrogate && text_utf8_len((const char *)b, n) != 1)
            fail_msg("U+%04X not counted as one character", (unsigned)cp);
    }
}

static void overlong_out_of_range_and_truncated_utf8_is_refused(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        const char *why;
    } bad[] = {
        {"\xC0\x80", "overlong NUL"},
        {"\xC1\xBF", "overlong U+007F"},
        {"\xE0\x80\x80", "3-byte overlong NUL"},
        {"\xE0\x9F\xBF", "3-byte overlong U+07FF"},
        {"\xF0\x80\x80\x80", "4-byte overlong NUL"},
        {"\xF0\x8F\xBF\xBF", "4-byte overlong U+FFFF"},
        {"\xF4\x90\x80\x80", "U+110000"},
        {"\xF5\x80\x80\x80", "lead byte F5"},
        {"\xFF", "byte FF"},
        {"\x80", "lone continuation"},
        {"a\xBF", "continuation after ASCII"},
        {"\xC3", "truncated 2-byte"},
        {"\xE2\x82", "truncated 3-byte"},
        {"\xF0\x9D\x84", "truncated 4-byte"},
        {"\xC3\x28", "bad continuation"},
        {"\xE2\x28\xAC", "bad second byte"},
        {"\xE2\x82\x28", "bad third byte"},
        {"caf\xC3", "truncated at the end of text"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (text_utf8_valid(bad[i].bytes, strlen(bad[i].bytes)))
            fail_msg("%s accepted", bad[i].why);
    /* A valid sequence cut short by the length argument is truncated too. */
    assert_false(text_utf8_valid("\xE2\x82\xAC", 2));
    assert_true(text_utf8_valid("\xE2\x82\xAC", 3));
}

static void utf8_length_counts_characters_not_bytes(void **state)
{
    (void)state;
    const char *s = "h\xC3\xA9llo \xE2\x82\xAC \xF0\x9D\x84\x9E"; /* "héllo € 𝄞" */
    assert_int_equal(text_utf8_len(s, strlen(s)), 9);
    assert_int_equal(text_utf8_len("", 0), 0);
}

/* Decodes a NUL-terminated base64url string; returns the length or -1. */
static long b64_decode(const char *in, unsigned char *out, size_t outlen)
{
    return text_b64url_decode(in, strlen(in), out, outlen);
}

static void base64url_matches_the_rfc4648_vectors(void **state)
{
    (void)state;
    /* RFC 4648 section 10, without padding. */
    static const char *const plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    static const char *const coded[] = {"", "Zg", "Zm8", "Zm9v", "Zm9vYg", "Zm9vYmE", "Zm9vYmFy"};
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        char enc[16];
        size_t n = strlen(plain[i]);
        assert_int_equal(text_b64url_len(n), strlen(coded[i]));
        text_b64url_encode((const unsigned char *)plain[i], n, enc);
        assert_string_equal(enc, coded[i]);
        unsigned char dec[16];
        assert_int_equal(b64_decode(coded[i], dec, sizeof dec), (long)n);
        assert_memory_equal(dec, plain[i], n);
    }
    /* The URL-safe alphabet: 62 and 63 are '-' and '_', never '+' and '/'. */
    const unsigned char hi[] = {0xFB, 0xEF, 0xFF};
    char enc[8];
    text_b64url_encode(hi, sizeof hi, enc);
    assert_string_equal(enc, "--__");
}

static void base64url_round_trips_every_length_and_byte(void **state)
{
    (void)state;
    unsigned char in[300], out[300];
    char enc[420];
    for (size_t i = 0; i < sizeof in; i++)
        in[i] = (unsigned char)(i * 151 + 7);
    for (size_t n = 0; n <= sizeof in; n++) {
        text_b64url_encode(in, n, enc);
        assert_int_equal(strlen(enc), text_b64url_len(n));
        assert_null(strpbrk(enc, "+/="));
        assert_int_equal(b64_decode(enc, out, sizeof out), (long)n);
        assert_memory_equal(in, out, n);
    }
}

static void base64url_refuses_non_canonical_padded_and_foreign_input(void **state)
{
    (void)state;
    unsigned char out[32];
    /* "Zg" is "f"; "Zh" carries a set bit past the last byte: a second
     * spelling of the same value, so it must be refused. */
    assert_int_equal(b64_decode("Zh", out, sizeof out), -1);
    assert_int_equal(b64_decode("Zm9", out, sizeof out), -1);
    assert_int_equal(b64_decode("Zg==", out, sizeof out), -1);
    assert_int_equal(b64_decode("Z", out, sizeof out), -1);
    assert_int_equal(b64_decode("Zm9vY", out, sizeof out), -1);
    assert_int_equal(b64_decode("Zm9+", out, sizeof out), -1);
    assert_int_equal(b64_decode("Zm9/", out, sizeof out), -1);
    assert_int_equal(b64_decode("Zm 9v", out, sizeof out), -1);
    /* Output that would not fit is refused, not truncated. */
    assert_int_equal(b64_decode("Zm9vYmFy", out, 5), -1);
    assert_int_equal(b64_decode("Zm9vYmFy", out, 6), 6);
}

static void copy_truncates_and_always_terminates(void **state)
{
    (void)state;
    char out[6];
    memset(out, 'x', sizeof out);
    assert_int_equal(text_copy(out, sizeof out, "abcdefghij"), 10);
    assert_string_equal(out, "abcde");
    assert_int_equal(text_copy(out, sizeof out, "ab"), 2);
    assert_string_equal(out, "ab");
    out[0] = 'q';
    assert_int_equal(text_copy(out, 0, "abc"), 3); /* writes nothing */
    assert_int_equal(out[0], 'q');
}

static void hex_and_ascii_helpers(void **state)
{
    (void)state;
    const unsigned char bytes[] = {0x00, 0x0F, 0xA5, 0xFF};
    char hex[9];
    text_hex(bytes, sizeof bytes, hex);
    char want[9];
    snprintf(want, sizeof want, "%02x%02x%02x%02x", bytes[0], bytes[1], bytes[2], bytes[3]);
    assert_string_equal(hex, want);

    assert_true(text_eq_ci("Content-Type", "content-TYPE"));
    assert_false(text_eq_ci("Content-Type", "Content-Typ"));
    assert_false(text_eq_ci("a", "ab"));
    char s[] = "MiXeD 123";
    text_lower(s);
    assert_string_equal(s, "mixed 123");
    assert_true(text_starts_with("postgres://x", "postgres://"));
    assert_false(text_starts_with("postgre", "postgres://"));
    assert_true(text_starts_with("anything", ""));
}

/* text_utf8_next decodes what the reference encoder wrote, for every
 * scalar value, and takes a malformed byte as one U+FFFD. */
static void utf8_next_decodes_every_scalar_value(void **state)
{
    (void)state;
    unsigned char b[5];
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        size_t n = utf8_encode(cp, b);
        b[n] = 'z'; /* what follows is not read */
        uint32_t got = 0;
        if (text_utf8_next((const char *)b, n + 1, &got) != n || got != cp)
            fail_msg("U+%04X decoded as U+%04X", (unsigned)cp, (unsigned)got);
    }
    static const char *const bad[] = {"\x80", "\xC0\x80", "\xED\xA0\x80", "\xF5\x80\x80\x80",
                                      "\xC3\x28", "\xE2\x82"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint32_t got = 0;
        assert_int_equal(text_utf8_next(bad[i], strlen(bad[i]), &got), 1);
        assert_int_equal(got, 0xFFFD);
    }
    /* A sequence cut by the length is malformed too. */
    uint32_t got = 0;
    assert_int_equal(text_utf8_next("\xE2\x82\xAC", 2, &got), 1);
    assert_int_equal(got, 0xFFFD);
}

/* Every code point is a control character for text_control_len exactly
 * when it is C0, DEL or C1, and its length is that of its encoding; the
 * length argument bounds what is read. */
static void control_characters_are_c0_del_and_c1(void **state)
{
    (void)state;
    unsigned char b[4];
    for (uint32_t cp = 0; cp < 0x800; cp++) {
        size_t n = utf8_encode(cp, b);
        int control = cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
        size_t got = text_control_len((const char *)b, n);
        if (got != (control ? n : 0))
            fail_msg("U+%04X: control length %zu", (unsigned)cp, got);
    }
    assert_int_equal(text_control_len("\xC2\x85", 1), 0); /* NEL cut by the length */
    assert_int_equal(text_control_len("", 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(integers_at_the_int64_bounds_parse_and_one_beyond_is_refused),
        cmocka_unit_test(integers_round_trip_with_snprintf_over_many_values),
        cmocka_unit_test(integers_with_junk_signs_or_spaces_are_refused),
        cmocka_unit_test(integer_parsing_reads_only_the_given_length),
        cmocka_unit_test(doubles_in_plain_notation_parse_and_non_finite_are_refused),
        cmocka_unit_test(every_scalar_value_is_valid_utf8_and_every_surrogate_is_not),
        cmocka_unit_test(overlong_out_of_range_and_truncated_utf8_is_refused),
        cmocka_unit_test(utf8_length_counts_characters_not_bytes),
        cmocka_unit_test(utf8_next_decodes_every_scalar_value),
        cmocka_unit_test(control_characters_are_c0_del_and_c1),
        cmocka_unit_test(base64url_matches_the_rfc4648_vectors),
        cmocka_unit_test(base64url_round_trips_every_length_and_byte),
        cmocka_unit_test(base64url_refuses_non_canonical_padded_and_foreign_input),
        cmocka_unit_test(copy_truncates_and_always_terminates),
        cmocka_unit_test(hex_and_ascii_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
