/*
 * seed_demo.c - the demo city (see seed.h, docs/demo.md): four retailers
 * with five stores each in Lyon, 2,000 products, 20,000 offers, 500
 * generated shoppers, and the demo logins with their relationships: a
 * shopper with interests, a home, friends, a pending request and follows;
 * one friend; one staff account per retailer; an admin.  One transaction.
 */
#include <stdio.h>
#include <string.h>

#include "core/timeutil.h"
#include "people/area.h"
#include "people/follow.h"
#include "people/friend.h"
#include "people/interest.h"
#include "people/profile.h"
#include "platform/accounts.h"
#include "seed/seed.h"
#include "seed/seed_gen.h"

/* crypto_pwhash_str("agora-demo") at the "interactive" cost, computed once. */
const char seed_password_hash[] = "$argon2id$v=19$m=65536,t=2,p=1$nHlxsyL/XIuEIqAWEpHcaQ$"
                                  "HZNX9aFW7sfJ6QykDRvhRfptE/imbTLTblTD55/8NyA";

enum { LOGIN_ADMIN, LOGIN_SHOPPER, LOGIN_FRIEND, LOGIN_STAFF };

static const struct {
    const char *email;
    const char *name;
    enum http_role role;
    const char *what;
} seed_logins[] = {
    {"admin@demo.agora.test", "Ada Admin", ROLE_ADMIN, "platform admin"},
    {"shopper@demo.agora.test", "Sam Shopper", ROLE_SHOPPER,
     "shopper: interests, home in Croix-Rousse, friends, a friend request, follows"},
    {"friend@demo.agora.test", "Frida Friend", ROLE_SHOPPER, "shopper, a friend of Sam"},
};

#define NLOGINS (sizeof seed_logins / sizeof seed_logins[0])

void seed_print_logins(FILE *out)
{
    fprintf(out, "Demo logins (password for all: %s):\n", SEED_DEMO_PASSWORD);
    for (size_t i = 0; i < NLOGINS; i++)
        fprintf(out, "  %-28s %s\n", seed_logins[i].email, seed_logins[i].what);
    for (int k = 0; k < SEED_NKINDS; k++)
        fprintf(out, "  %-28s %s\n", seed_retailers[k].staff_email, seed_retailers[k].staff_what);
}

static const struct seed_plan seed_demo_plan = {
    .stores_per_retailer = 5,
    .products = 2000,
    .offers = 20000,
    .sale_percent = 20,
    .fake_percent = 8,
    .shoppers = 500,
    .friendships = 1500,
    .shopper_domain = "shoppers.demo.agora.test",
    .shopper_hash = seed_password_hash,
    .seed = 0xA60AA0DE30ull,
};

/* The demo logins: ids[] in seed_logins order, then staff per retailer. */
static int seed_demo_accounts(store_conn *db, const struct seed_world *w, int64_t now,
                              int64_t ids[NLOGINS + SEED_NKINDS])
{
    for (size_t i = 0; i < NLOGINS + SEED_NKINDS; i++) {
        int staff = i >= NLOGINS;
        const struct seed_retailer_def *r = staff ? &seed_retailers[i - NLOGINS] : NULL;
        int rc = acct_create(db, staff ? r->staff_email : seed_logins[i].email, seed_password_hash,
                             staff ? r->staff_name : seed_logins[i].name,
                             staff ? ROLE_STAFF : seed_logins[i].role,
                             staff ? w->retailer[i - NLOGINS] : 0, now - 200 * 86400, &ids[i]);
        if (rc != STORE_DONE)
            return seed_fail(db, "cannot create a demo login");
    }
    return 0;
}

static int seed_home(store_conn *db, int64_t id, double lat, double lon, int64_t now)
{
    struct people_profile p = {.activity = PEOPLE_VIS_FRIENDS, .area = PEOPLE_VIS_FRIENDS};
    p.has_home = people_area_round(lat, lon, &p.home) == 0;
    return people_profile_save(db, id, &p, now);
}

/* Sam: a home, interests, four friends and Frida, a request received and
 * one sent, follows.  Frida: a home, interests and a follow. */
static int seed_demo_relations(store_conn *db, const struct seed_world *w, const int64_t *ids,
                               int64_t now)
{
    int64_t sam = ids[LOGIN_SHOPPER], frida = ids[LOGIN_FRIEND];
    const int64_t *s = w->shoppers;
    int64_t sam_cats[] = {w->top[3], w->leaf[0][3], w->leaf[4][2]};
    int64_t sam_brands[] = {w->brand[3][0], w->brand[0][1]};
    const char *const sam_tags[] = {"running", "cooking"};
    int64_t frida_cats[] = {w->top[0], w->top[5]};
    int64_t frida_brands[] = {w->brand[0][0]};
    int64_t req;
    bool created;
    int rc = seed_home(db, sam, 45.7745, 4.8290, now);
    if (rc == STORE_DONE)
        rc = seed_home(db, frida, 45.7640, 4.8357, now);
    if (rc == STORE_DONE)
        rc = interest_replace_ids(db, sam, PEOPLE_REF_CATEGORY, sam_cats, 3, now);
    if (rc == STORE_DONE)
        rc = interest_replace_ids(db, sam, PEOPLE_REF_BRAND, sam_brands, 2, now);
    if (rc == STORE_DONE)
        rc = interest_replace_tags(db, sam, sam_tags, 2, now);
    if (rc == STORE_DONE)
        rc = interest_replace_ids(db, frida, PEOPLE_REF_CATEGORY, frida_cats, 2, now);
    if (rc == STORE_DONE)
        rc = interest_replace_ids(db, frida, PEOPLE_REF_BRAND, frida_brands, 1, now);
    if (rc == STORE_DONE)
        rc = friend_make(db, sam, frida, now - 90 * 86400);
    for (int i = 0; i < 4 && rc == STORE_DONE; i++)
        rc = friend_make(db, sam, s[i], now - (30 + 20 * i) * 86400);
    if (rc == STORE_DONE)
        rc = friend_request_create(db, s[4], sam, now - 2 * 86400, &req);
    if (rc == STORE_DONE)
        rc = friend_request_create(db, sam, s[5], now - 86400, &req);
    if (rc == STORE_DONE)
        rc = follow_add(db, sam, PEOPLE_REF_RETAILER, w->retailer[SEED_SPORTS], now, &created);
    if (rc == STORE_DONE)
        rc = follow_add(db, sam, PEOPLE_REF_RETAILER, w->retailer[SEED_GROCERY], now, &created);
    if (rc == STORE_DONE)
        rc = follow_add(db, sam, PEOPLE_REF_BRAND, w->brand[3][0], now, &created);
    if (rc == STORE_DONE)
        rc = follow_add(db, frida, PEOPLE_REF_RETAILER, w->retailer[SEED_GROCERY], now, &created);
    return rc == STORE_DONE ? 0 : seed_fail(db, "cannot write the demo relationships");
}

/* After the generated city: the demo logins and their relationships. */
static int seed_demo_extra(store_conn *db, const struct seed_plan *p, const struct seed_world *w,
                           void *ctx)
{
    (void)ctx;
    int64_t ids[NLOGINS + SEED_NKINDS];
    if (seed_demo_accounts(db, w, p->now, ids) != 0)
        return -1;
    return seed_demo_relations(db, w, ids, p->now);
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
    if (rc != STORE_DONE)
        return seed_fail(db, "cannot read accounts");
    struct seed_plan p = seed_demo_plan;
    p.now = time_now();
    p.progress = report;
    fprintf(report, "loading the demo city (%s):\n", SEED_CITY_NAME);
    rc = seed_generate(db, &p, seed_demo_extra, NULL);
    if (rc != 0)
        return -1;
    fprintf(report, "demo data loaded: %zu demo logins\n", NLOGINS + SEED_NKINDS);
    return 0;
}
