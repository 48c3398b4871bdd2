/*
 * test_secret.c - src/core/secret.c: password hashing, bearer tokens, the
 * stored token hash and randomness, on libsodium.
 *
 * A user relies on a wrong password never verifying and a malformed stored
 * hash never matching; a session relies on tokens being unique, of the
 * documented shape ("agt_" + base64url of 32 bytes), and on the stored hash
 * being BLAKE2b-256 (the reference vectors below come from Python's
 * hashlib, an independent implementation).  Hashes use the "min" cost so
 * the file runs in milliseconds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/limits.h"
#include "core/secret.h"
#include "core/text.h"

static int setup(void **state)
{
    (void)state;
    if (secret_init() != 0)
        return -1;
    return secret_set_password_cost("min");
}

static void a_password_verifies_against_its_hash_and_nothing_else(void **state)
{
    (void)state;
    char h1[SECRET_PWHASH_LEN], h2[SECRET_PWHASH_LEN];
    assert_int_equal(secret_password_hash("correct horse battery", h1), 0);
    assert_int_equal(secret_password_hash("correct horse battery", h2), 0);
    assert_non_null(strstr(h1, "$argon2id$"));
    assert_string_not_equal(h1, h2); /* salted: equal passwords, different hashes */
    assert_true(secret_password_verify(h1, "correct horse battery"));
    assert_true(secret_password_verify(h2, "correct horse battery"));
    assert_false(secret_password_verify(h1, "correct horse batterY"));
    assert_false(secret_password_verify(h1, "correct horse battery "));
    assert_false(secret_password_verify(h1, ""));
    /* Unicode passwords are bytes like any other. */
    assert_int_equal(secret_password_hash("p\xC3\xA4ssw\xC3\xB6rd \xF0\x9F\x94\x91", h1), 0);
    assert_true(secret_password_verify(h1, "p\xC3\xA4ssw\xC3\xB6rd \xF0\x9F\x94\x91"));
    assert_false(secret_password_verify(h1, "passw\xC3\xB6rd"));
}

static void malformed_stored_hashes_never_match(void **state)
{
    (void)state;
    char h[SECRET_PWHASH_LEN];
    assert_int_equal(secret_password_hash("secret-password", h), 0);
    char cut[SECRET_PWHASH_LEN];
    snprintf(cut, sizeof cut, "%.*s", (int)(strlen(h) - 4), h);
    assert_false(secret_password_verify(cut, "secret-password"));
    assert_false(secret_password_verify("", "secret-password"));
    assert_false(secret_password_verify("plaintext", "plaintext"));
    assert_false(secret_password_verify(NULL, "secret-password"));
    char longer[SECRET_PWHASH_LEN + 20];
    memset(longer, 'a', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    assert_false(secret_password_verify(longer, "secret-password"));
    assert_int_equal(secret_set_password_cost("cheap"), -1);
    assert_int_equal(secret_set_password_cost("min"), 0);
}

static void tokens_have_the_documented_shape_and_never_repeat(void **state)
{
    (void)state;
    enum { N = 2000 };
    static char tokens[N][SECRET_TOKEN_LEN];
    for (int i = 0; i < N; i++) {
        secret_token_new(tokens[i]);
        const char *t = tokens[i];
        assert_int_equal(strlen(t), 4 + text_b64url_len(AG_TOKEN_BYTES));
        assert_memory_equal(t, "agt_", 4);
        unsigned char raw[AG_TOKEN_BYTES + 4];
        assert_int_equal(text_b64url_decode(t + 4, strlen(t + 4), raw, sizeof raw),
                         AG_TOKEN_BYTES);
    }
    /* 256 random bits: any repeat among 2000 means the generator is broken. */
    for (int i = 0; i < N; i++)
        for (int k = i + 1; k < N; k++)
            if (strcmp(tokens[i], tokens[k]) == 0)
                fail_msg("token %d repeats token %d", k, i);
}

static void the_stored_token_hash_is_blake2b_256(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *hex;
    } vectors[] = {
        {"", "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"},
        {"abc", "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319"},
        {"agt_example-token", "31508134765775ce578963ee678c1c3629d6c175fa04246948ef38a3597100c7"},
    };
    for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
        char out[SECRET_HASH_HEX_LEN];
        secret_hash_hex(vectors[i].in, strlen(vectors[i].in), out);
        assert_string_equal(out, vectors[i].hex);
    }
    /* Only len bytes are hashed. */
    char a[SECRET_HASH_HEX_LEN];
    secret_hash_hex("abcdef", 3, a);
    assert_string_equal(a, vectors[1].hex);
}

static void random_helpers_stay_in_range(void **state)
{
    (void)state;
    int seen[10] = {0};
    for (int i = 0; i < 5000; i++) {
        uint32_t v = secret_random_below(10);
        assert_true(v < 10);
        seen[v]++;
    }
    for (int i = 0; i < 10; i++)
        assert_true(seen[i] > 0); /* 5000 draws hit every value */
    assert_int_equal(secret_random_below(1), 0);

    char hex[129];
    secret_random_hex(hex, 16);
    assert_int_equal(strlen(hex), 32);
    assert_int_equal(strspn(hex, "0123456789abcdef"), 32);
    char other[129];
    secret_random_hex(other, 16);
    assert_string_not_equal(hex, other);
    secret_random_hex(hex, 64);
    assert_int_equal(strlen(hex), 128);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_password_verifies_against_its_hash_and_nothing_else),
        cmocka_unit_test(malformed_stored_hashes_never_match),
        cmocka_unit_test(tokens_have_the_documented_shape_and_never_repeat),
        cmocka_unit_test(the_stored_token_hash_is_blake2b_256),
        cmocka_unit_test(random_helpers_stay_in_range),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
