/*
 * secret.c - libsodium wrappers for passwords, tokens and randomness
 * (see secret.h).
 */
#include "core/secret.h"

#include <sodium.h>
#include <stdatomic.h>
#include <string.h>

#include "core/limits.h"
#include "core/text.h"

_Static_assert(crypto_pwhash_STRBYTES <= SECRET_PWHASH_LEN, "password hash buffer too small");
_Static_assert(SECRET_TOKEN_LEN >= 4 + 43 + 1, "token buffer too small");

static _Atomic unsigned long long pw_ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
static _Atomic size_t pw_mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;

int secret_init(void)
{
    return sodium_init() < 0 ? -1 : 0;
}

int secret_set_password_cost(const char *name)
{
    if (strcmp(name, "interactive") == 0) {
        pw_ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
        pw_mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
    } else if (strcmp(name, "moderate") == 0) {
        pw_ops = crypto_pwhash_OPSLIMIT_MODERATE;
        pw_mem = crypto_pwhash_MEMLIMIT_MODERATE;
    } else if (strcmp(name, "min") == 0) {
        pw_ops = crypto_pwhash_OPSLIMIT_MIN;
        pw_mem = crypto_pwhash_MEMLIMIT_MIN;
    } else {
        return -1;
    }
    return 0;
}

int secret_password_hash(const char *password, char out[SECRET_PWHASH_LEN])
{
    memset(out, 0, SECRET_PWHASH_LEN);
    return crypto_pwhash_str(out, password, strlen(password), atomic_load(&pw_ops),
                             atomic_load(&pw_mem)) == 0
               ? 0
               : -1;
}

int secret_password_verify(const char *hash, const char *password)
{
    if (!hash || strnlen(hash, SECRET_PWHASH_LEN) >= SECRET_PWHASH_LEN)
        return 0;
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void secret_token_new(char out[SECRET_TOKEN_LEN])
{
    unsigned char raw[AG_TOKEN_BYTES];
    randombytes_buf(raw, sizeof raw);
    memcpy(out, "agt_", 4);
    text_b64url_encode(raw, sizeof raw, out + 4);
    sodium_memzero(raw, sizeof raw);
}

void secret_hash_hex(const char *s, size_t len, char out[SECRET_HASH_HEX_LEN])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)s, len, NULL, 0);
    text_hex(h, sizeof h, out);
}

void secret_random_hex(char *out, size_t nbytes)
{
    unsigned char raw[64];
    if (nbytes > sizeof raw)
        nbytes = sizeof raw;
    randombytes_buf(raw, nbytes);
    text_hex(raw, nbytes, out);
}

uint32_t secret_random_below(uint32_t upper)
{
    return randombytes_uniform(upper);
}
