/*
 * shopper.h - shoppers as other people see them, and who may see what.
 *
 * Any signed-in account may look up a shopper by id and sees their display
 * name, how they relate, and, when the shopper's area setting allows it,
 * the coarse home area (the 1 km grid node of area.h; nothing more precise
 * exists).  Their activity (interests, follows; later reviews) is shown to
 * accepted friends only, and to nobody when the shopper chose so.  Staff
 * and admin accounts, disabled and erased accounts are not shoppers here.
 */
#ifndef AG_PEOPLE_SHOPPER_H
#define AG_PEOPLE_SHOPPER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/errcode.h"
#include "core/limits.h"
#include "people/friend.h"
#include "people/profile.h"
#include "store/store.h"

struct shopper {
    int64_t id;
    char display_name[AG_DISPLAY_NAME_MAX * 4 + 1];
};

/* Rules (pure) ----------------------------------------------------------- */

/* 1 when a viewer in relation rel may see the coarse area set to vis. */
bool shopper_area_visible(enum friend_relation rel, enum people_vis vis);
/* ERR_OK when a viewer in relation rel may see the activity set to vis;
 * else ERR_FRIENDS_ONLY or ERR_ACTIVITY_HIDDEN. */
enum errcode shopper_activity_access(enum friend_relation rel, enum people_vis vis);

/* Storage and views --------------------------------------------------- */

/* STORE_ROW when id is an enabled shopper account (out filled), STORE_DONE
 * when there is none such, or an error. */
int shopper_get(store_conn *db, int64_t id, struct shopper *out);

/* {"id","display_name"} (new reference). */
json_t *shopper_summary_json(int64_t id, const char *display_name);

/* The view of s by viewer: {"id","display_name","relationship","area"}
 * (area null unless visible).  New reference in *out. */
int shopper_view_json(store_conn *db, int64_t viewer, const struct shopper *s, json_t **out);

/* The activity of s for viewer: {"shopper": view, <part>: ...} with the
 * personal-data parts marked for friends.  When refused, *refused gets
 * the code and *out stays NULL (STORE_DONE is returned). */
int shopper_activity_json(store_conn *db, int64_t viewer, const struct shopper *s, json_t **out,
                          enum errcode *refused);

#endif
