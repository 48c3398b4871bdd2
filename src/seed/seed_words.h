/*
 * seed_words.h - the word lists the generated city is made of: the
 * retailers with their opening hours, the category tree with believable
 * items and price ranges, brands, Lyon's streets and quarters, and names.
 *
 * All invented or common words written for Agora (no third-party data).
 * The city is Lyon, France: a store stands in the quarter it is named for
 * (seed_quarters: centres to about 200 m, all inside the SEED_CITY_*
 * bounds, Vaise to Gerland and Perrache to Montchat), in Europe/Paris,
 * with prices in EUR.
 */
#ifndef AG_SEED_WORDS_H
#define AG_SEED_WORDS_H

#include <stddef.h>

#define SEED_CITY_NAME "Lyon"
#define SEED_CITY_COUNTRY "FR"
#define SEED_CITY_ZONE "Europe/Paris"
#define SEED_CURRENCY "EUR"
#define SEED_CITY_LAT_MIN 45.720
#define SEED_CITY_LAT_MAX 45.800
#define SEED_CITY_LON_MIN 4.800
#define SEED_CITY_LON_MAX 4.890
/* The centre (Place Bellecour), for the demo shopper's home. */
#define SEED_CITY_LAT 45.7578
#define SEED_CITY_LON 4.8320

/* The four retailers of the city. */
enum seed_kind { SEED_GROCERY, SEED_DEPARTMENT, SEED_SPORTS, SEED_ELECTRONICS, SEED_NKINDS };

struct seed_hours {
    int weekday, opens, closes; /* as struct hours_interval */
};

struct seed_retailer_def {
    const char *name, *kind, *website, *item_prefix, *store_prefix;
    struct seed_hours week[8];
    size_t nweek;
    const char *staff_email, *staff_name, *staff_what; /* its demo staff login */
};
extern const struct seed_retailer_def seed_retailers[SEED_NKINDS];

/* Simple word lists: each with its length. */
struct seed_list {
    const char *const *w;
    size_t n;
};

/* One kind of item: its noun and shelf price range in cents. */
struct seed_item {
    const char *noun;
    int lo, hi;
};

struct seed_leaf {
    const char *name;
    const struct seed_item *items;
    size_t nitems;
    const struct seed_list *sizes; /* package sizes ("500 g") for SEED_VAR_SIZE */
};

/* How a top category's titles end: a size (grocery, with a unit price), a
 * colour, or a model code. */
enum seed_variant { SEED_VAR_SIZE, SEED_VAR_COLOUR, SEED_VAR_MODEL };

struct seed_top {
    const char *name;
    const char *image;         /* /img/demo/<image>.svg (web/img/demo/) */
    enum seed_kind sellers[2]; /* the retailers listing its products */
    const char *const *brands;
    size_t nbrands;
    const char *const *adjectives;
    size_t nadjectives;
    const struct seed_leaf *leaves;
    size_t nleaves;
    enum seed_variant variant;
    const char *blurb; /* second sentence of descriptions */
};
extern const struct seed_top seed_tops[];
extern const size_t seed_ntops;

extern const struct seed_list seed_first_names, seed_last_names, seed_colours, seed_sizes_g,
    seed_sizes_ml, seed_tags;

/* A quarter of the city: its name, centre, postcode and three of its
 * streets (stores named for it stand in it, on one of them). */
struct seed_quarter {
    const char *name;
    double lat, lon;
    const char *postcode;
    const char *streets[3];
};
extern const struct seed_quarter seed_quarters[];
extern const size_t seed_nquarters;

#endif
