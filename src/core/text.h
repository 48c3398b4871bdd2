/*
 * text.h - small string helpers: strict number parsing, UTF-8 checks,
 * hex and base64url.
 *
 * These replace the banned libc calls (atoi, strcpy, sprintf, strtok) with
 * versions that report errors and never overflow.
 */
#ifndef AG_TEXT_H
#define AG_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parses all of s[0..len) as a base-10 int64 (optional leading '-').
 * Returns 0, or -1 on empty input, junk or overflow. */
int text_parse_i64(const char *s, size_t len, int64_t *out);
/* Same for a double in plain decimal notation (no inf/nan). */
int text_parse_double(const char *s, size_t len, double *out);

/* 1 if s[0..len) is well-formed UTF-8 (no overlongs, no surrogates). */
bool text_utf8_valid(const char *s, size_t len);
/* Number of code points in valid UTF-8. */
size_t text_utf8_len(const char *s, size_t len);
/* Decodes the code point at the start of s[0..len) (len > 0) into *cp and
 * returns its length in bytes; a byte that does not start a well-formed
 * sequence is one byte of U+FFFD. */
size_t text_utf8_next(const char *s, size_t len, uint32_t *cp);

/* Copies at most outlen-1 bytes and NUL-terminates; returns strlen(src).
 * (Truncates like strlcpy.) */
size_t text_copy(char *out, size_t outlen, const char *src);

/* Lower-case hex of n bytes into out (2n+1 bytes). */
void text_hex(const unsigned char *in, size_t n, char *out);

/* base64url without padding. Encoded size: text_b64url_len(n) + 1 for NUL. */
size_t text_b64url_len(size_t n);
void text_b64url_encode(const unsigned char *in, size_t n, char *out);
/* Decodes into out (at most outlen bytes); returns bytes written or -1. */
long text_b64url_decode(const char *in, size_t len, unsigned char *out, size_t outlen);

/* ASCII case-insensitive comparison of NUL-terminated strings. */
bool text_eq_ci(const char *a, const char *b);
/* ASCII lower-casing in place. */
void text_lower(char *s);
/* 1 if s starts with prefix. */
bool text_starts_with(const char *s, const char *prefix);

#endif
