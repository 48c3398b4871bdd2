/*
 * people_fixtures.h - what the people API tests (tests/api/test_s*.c) share:
 * making shoppers, catalog targets to point at, and reading responses.
 *
 * Catalog targets (retailers, brands, categories) are made through the
 * catalog API like any client would.  Functions that end a test on
 * failure use cmocka's assertions, so call them from tests only.
 *
 * Ownership: tokens returned are malloc'd (the caller frees); JSON values
 * returned are borrowed from the response they came from.
 */
#ifndef AG_TEST_PEOPLE_FIXTURES_H
#define AG_TEST_PEOPLE_FIXTURES_H

#include <jansson.h>
#include <stdint.h>

#include "harness.h"

struct fx_user {
    char *token; /* malloc'd */
    long long id;
    char email[160];
};

/* Signs up a new shopper named name (display name) and reads its id. */
void fx_shopper(struct srv *s, const char *name, struct fx_user *u);
/* Creates an account of role ("admin", "staff" with retailer) by CLI. */
void fx_account(struct srv *s, const char *role, long retailer, struct fx_user *u);
void fx_user_free(struct fx_user *u);

/* Creates a catalog target through the catalog API with the admin's token:
 * kind is "retailers", "brands" or "categories".  Returns its id. */
long long fx_catalog(struct srv *s, const char *admin_token, const char *kind, const char *name);

/* Sends and checks the status; the response stays in r (resp_free it). */
void fx_expect(struct srv *s, const char *method, const char *path, const char *token,
               const char *body, long status, struct http_resp *r);
/* Same, then checks the problem code and frees the response. */
void fx_expect_problem(struct srv *s, const char *method, const char *path, const char *token,
                       const char *body, long status, const char *code);

/* PATCH /v1/me with body, expecting 200. */
void fx_patch_me(struct srv *s, const struct fx_user *u, const char *body);
/* POST /v1/me/friend-requests from a to shopper to, expecting status;
 * returns the request id (-1 for a problem status). */
long long fx_ask(struct srv *s, const struct fx_user *a, long long to, long status);
/* POST /v1/me/friend-requests/{req}/accept by u, expecting 200. */
void fx_accept(struct srv *s, const struct fx_user *u, long long req);
/* a asks b, b accepts. */
void fx_befriend(struct srv *s, const struct fx_user *a, const struct fx_user *b);

/* The id member of obj as a number (ids are strings in the API); -1 when
 * absent. */
long long fx_id(const json_t *obj);

/* The number of rows of every table the people module writes, summed, as
 * a fingerprint: equal before and after means nothing was written. */
long fx_people_rows(struct srv *s);

#endif
