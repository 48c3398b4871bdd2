/*
 * seed_gen.h - the generator shared by the demo and the scale data sets
 * (internal to src/seed).
 *
 * A plan says how much to make; the generator writes, in this order, the
 * four retailers with their brands, category tree and stores
 * (seed_catalog.c), products, listings, offers and price history
 * (seed_offers.c), then shoppers with profiles, interests, follows and
 * friendships (seed_people.c).  Every value comes from one seeded PRNG and
 * plan->now, so the same plan gives the same data.  The caller opens a
 * write transaction first; with plan->commit_rows the generator commits
 * and reopens it every so many rows (the scale data set), else it never
 * commits (the demo: one transaction).  Functions return 0, or -1 with a
 * message on stderr.
 */
#ifndef AG_SEED_GEN_H
#define AG_SEED_GEN_H

#include <stdint.h>
#include <stdio.h>

#include "catalog/idmap.h"
#include "seed/seed_rand.h"
#include "seed/seed_words.h"
#include "store/store.h"

#define SEED_MAX_LEAVES 8
#define SEED_MAX_BRANDS 12
#define SEED_MAX_TOPS 8

struct seed_plan {
    int64_t now;             /* the data's "today"; every time is relative to it */
    int stores_per_retailer; /* >= 5 */
    int64_t products;        /* >= 1 */
    int64_t offers;          /* exactly this many; products * 2 .. products * 2 * (stores + 1) */
    int sale_percent;        /* listings on sale (all their offers) */
    int fake_percent;        /* of those, sales whose price was raised just before */
    int64_t shoppers;
    int64_t friendships;        /* pairs; shoppers >= 2 * ceil(friendships / shoppers) + 1 */
    const char *shopper_domain; /* e-mails shopper<n>@<domain> */
    const char *shopper_hash;   /* the shared password hash */
    int64_t commit_rows;        /* commit every so many rows; 0: never */
    uint64_t seed;
    FILE *progress; /* phase lines, or NULL */
};

/* What was made, for the next steps (ids). */
struct seed_world {
    struct seed_rng rng;
    int64_t rows;   /* rows written since the last commit */
    double started; /* monotonic seconds at seed_world_init */
    int64_t retailer[SEED_NKINDS];
    int64_t *stores; /* SEED_NKINDS * stores_per_retailer, owned (seed_world_free) */
    int64_t top[SEED_MAX_TOPS];
    int64_t leaf[SEED_MAX_TOPS][SEED_MAX_LEAVES];
    int64_t brand[SEED_MAX_TOPS][SEED_MAX_BRANDS];
    int64_t *shoppers; /* plan->shoppers account ids, owned */
    int64_t nshoppers;
    struct idmap titles; /* product titles drawn so far, owned */
};

/* Draws of a product's name before a title already drawn is kept. */
#define SEED_NAME_TRIES 16

void seed_world_init(struct seed_world *w, const struct seed_plan *p);
void seed_world_free(struct seed_world *w);

/* Retailers, brands, categories, stores with hours and holidays. */
int seed_catalog_base(store_conn *db, const struct seed_plan *p, struct seed_world *w);
/* Products, listings, offers and their price history. */
int seed_offers(store_conn *db, const struct seed_plan *p, struct seed_world *w);
/* The price history of the offers above id floor (seed_history.c). */
int seed_history_write(store_conn *db, int64_t floor);
/* Shoppers, profiles, interests, follows, friendships. */
int seed_people(store_conn *db, const struct seed_plan *p, struct seed_world *w);

/* The whole sequence in the generator's transaction(s): catalog base,
 * offers, people, then extra(db, p, w, ctx) when not NULL (the demo's own
 * accounts), and the final commit; rolls back on failure.  The world is
 * initialised and freed here.  0 or -1. */
int seed_generate(store_conn *db, const struct seed_plan *p,
                  int (*extra)(store_conn *db, const struct seed_plan *p,
                               const struct seed_world *w, void *ctx),
                  void *ctx);

/* Counts n rows written; commits and begins again when plan->commit_rows
 * is reached (search indexing deferred to each commit). 0 or -1. */
int seed_tick(store_conn *db, const struct seed_plan *p, struct seed_world *w, int64_t n);
/* Starts / ends the generator's write transaction. 0 or -1. */
int seed_tx_begin(store_conn *db);
int seed_tx_commit(store_conn *db);

/* Prints a progress line (printf format) with the seconds since the
 * world began, when plan->progress is set. */
void seed_progress(const struct seed_plan *p, const struct seed_world *w, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prints "agora: what: <store error>" and returns -1. */
int seed_fail(store_conn *db, const char *what);

#endif
