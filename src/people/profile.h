/*
 * profile.h - a shopper's profile: coarse home area and privacy settings.
 *
 * The display name lives on the account (platform/accounts.h); interests,
 * consents, friends and follows have their own files.  Every account may
 * have one profile row; an account without one has the defaults (no home,
 * activity and area visible to friends).  Functions return store results
 * (STORE_DONE / STORE_ROW / negative errors).
 */
#ifndef AG_PEOPLE_PROFILE_H
#define AG_PEOPLE_PROFILE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "people/area.h"
#include "store/store.h"

/* Who may see a part of a profile. */
enum people_vis {
    PEOPLE_VIS_EVERYONE, /* any signed-in account */
    PEOPLE_VIS_FRIENDS,  /* accepted friends (and the shopper) */
    PEOPLE_VIS_NOBODY,   /* the shopper only */
};

struct people_profile {
    bool has_home;
    struct people_area home;  /* already coarse; valid when has_home */
    enum people_vis activity; /* follows, interests, later reviews */
    enum people_vis area;     /* the coarse home */
    int64_t updated_at;       /* 0 when never saved */
};

/* Allowed values of the privacy settings, NULL-ended (for validation). */
extern const char *const people_activity_choices[];
extern const char *const people_area_choices[];

/* "everyone" -> PEOPLE_VIS_EVERYONE ...; PEOPLE_VIS_NOBODY when unknown
 * (the safe side). */
enum people_vis people_vis_parse(const char *s);
const char *people_vis_name(enum people_vis v);

/* Fills out with the profile of account_id, or the defaults when it has
 * none.  Returns STORE_ROW (found), STORE_DONE (defaults) or an error. */
int people_profile_get(store_conn *db, int64_t account_id, struct people_profile *out);

/* Writes the profile (insert or update; inside a write transaction). */
int people_profile_save(store_conn *db, int64_t account_id, const struct people_profile *p,
                        int64_t now);

/* {"lat","lon"} of the coarse home, or null (new reference). */
json_t *people_profile_home_json(const struct people_profile *p);
/* {"activity","area"} (new reference). */
json_t *people_profile_privacy_json(const struct people_profile *p);

/* Personal-data parts (see personal_data.h): {"home","privacy",
 * "updated_at"}; deleting the row. */
int people_profile_export(store_conn *db, int64_t account_id, json_t **out);
int people_profile_erase(store_conn *db, int64_t account_id, int64_t now);

#endif
