/*
 * secret.h - passwords, tokens and randomness, on libsodium.
 *
 * Passwords are hashed with argon2id (crypto_pwhash_str); bearer tokens are
 * 256 random bits shown to the client once, of which only an unkeyed
 * BLAKE2b-256 hash is stored, so a copy of the database gives no sessions.
 */
#ifndef AG_SECRET_H
#define AG_SECRET_H

#include <stddef.h>
#include <stdint.h>

/* Length of a printed token: "agt_" + base64url(32 bytes) + NUL. */
#define SECRET_TOKEN_LEN 48
/* Length of a token hash in hex + NUL. */
#define SECRET_HASH_HEX_LEN 65
/* Longest stored password hash + NUL (libsodium's crypto_pwhash_STRBYTES). */
#define SECRET_PWHASH_LEN 128

/* Initialises libsodium; returns 0 or -1. Call once at start. */
int secret_init(void);

/* Cost of new password hashes: "interactive" (default), "moderate", or
 * "min" (tests only). Returns 0, or -1 if the name is unknown. */
int secret_set_password_cost(const char *name);

/* Hashes password into out (SECRET_PWHASH_LEN bytes). Returns 0 or -1. */
int secret_password_hash(const char *password, char out[SECRET_PWHASH_LEN]);
/* 1 if password matches hash, else 0 (malformed hashes never match). */
int secret_password_verify(const char *hash, const char *password);

/* A new random bearer token into out (SECRET_TOKEN_LEN bytes). */
void secret_token_new(char out[SECRET_TOKEN_LEN]);
/* Hash of a token (or any string) as hex into out. */
void secret_hash_hex(const char *s, size_t len, char out[SECRET_HASH_HEX_LEN]);
/* n random bytes as lower-case hex into out (2n+1 bytes). */
void secret_random_hex(char *out, size_t nbytes);
/* Uniform random number in [0, upper). */
uint32_t secret_random_below(uint32_t upper);

#endif
