/*
 * seed_demo.c - the demo data set (see seed.h).
 */
#include <stdio.h>
#include <string.h>

#include "core/secret.h"
#include "core/timeutil.h"
#include "platform/accounts.h"
#include "seed/seed.h"

static const struct {
    const char *email;
    const char *name;
    enum http_role role;
    const char *what;
} seed_logins[] = {
    {"admin@demo.agora.test", "Ada Admin", ROLE_ADMIN, "platform admin"},
    {"shopper@demo.agora.test", "Sam Shopper", ROLE_SHOPPER, "shopper"},
};

#define NLOGINS (sizeof seed_logins / sizeof seed_logins[0])

void seed_print_logins(FILE *out)
{
    fprintf(out, "Demo logins (password for all: %s):\n", SEED_DEMO_PASSWORD);
    for (size_t i = 0; i < NLOGINS; i++)
        fprintf(out, "  %-28s %s\n", seed_logins[i].email, seed_logins[i].what);
}

int seed_demo(store_conn *db, FILE *report)
{
    struct acct existing;
    char hash[SECRET_PWHASH_LEN];
    int rc = acct_get_by_email(db, seed_logins[0].email, &existing, hash);
    if (rc == STORE_ROW) {
        fprintf(report, "demo data already present; nothing to do\n");
        return 0;
    }
    if (rc != STORE_DONE) {
        fprintf(stderr, "agora: cannot read accounts: %s\n", store_errmsg(db));
        return -1;
    }
    if (secret_password_hash(SEED_DEMO_PASSWORD, hash) != 0) {
        fprintf(stderr, "agora: cannot hash the demo password\n");
        return -1;
    }
    if (store_begin(db, STORE_TX_WRITE) != STORE_OK) {
        fprintf(stderr, "agora: %s\n", store_errmsg(db));
        return -1;
    }
    int64_t now = time_now();
    for (size_t i = 0; i < NLOGINS; i++) {
        int64_t id;
        rc = acct_create(db, seed_logins[i].email, hash, seed_logins[i].name,
                         seed_logins[i].role, 0, now, &id);
        if (rc != STORE_DONE) {
            fprintf(stderr, "agora: cannot create %s: %s\n", seed_logins[i].email,
                    store_errmsg(db));
            store_rollback(db);
            return -1;
        }
    }
    if (store_commit(db) != STORE_OK) {
        fprintf(stderr, "agora: %s\n", store_errmsg(db));
        return -1;
    }
    fprintf(report, "demo data loaded: %zu accounts\n", NLOGINS);
    return 0;
}
