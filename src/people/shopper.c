/*
 * shopper.c - the public view of a shopper and its visibility rules (see
 * shopper.h).
 */
#include "people/shopper.h"

#include "core/text.h"
#include "json/js.h"
#include "people/personal_data.h"
#include "platform/accounts.h"

bool shopper_area_visible(enum friend_relation rel, enum people_vis vis)
{
    if (rel == FRIEND_REL_SELF)
        return true;
    if (vis == PEOPLE_VIS_EVERYONE)
        return true;
    return vis == PEOPLE_VIS_FRIENDS && rel == FRIEND_REL_FRIEND;
}

enum errcode shopper_activity_access(enum friend_relation rel, enum people_vis vis)
{
    if (rel == FRIEND_REL_SELF)
        return ERR_OK;
    if (rel != FRIEND_REL_FRIEND)
        return ERR_FRIENDS_ONLY;
    return vis == PEOPLE_VIS_NOBODY ? ERR_ACTIVITY_HIDDEN : ERR_OK;
}

int shopper_get(store_conn *db, int64_t id, struct shopper *out)
{
    struct acct a;
    int rc = acct_get(db, id, &a);
    if (rc != STORE_ROW)
        return rc;
    if (a.role != ROLE_SHOPPER || a.disabled)
        return STORE_DONE;
    out->id = a.id;
    text_copy(out->display_name, sizeof out->display_name, a.display_name);
    return STORE_ROW;
}

json_t *shopper_summary_json(int64_t id, const char *display_name)
{
    return json_pack("{s:o,s:s}", "id", js_id(id), "display_name",
                     display_name ? display_name : "");
}

/* Loads what the view of s by viewer needs. */
static int shopper_load(store_conn *db, int64_t viewer, const struct shopper *s,
                        struct people_profile *p, enum friend_relation *rel)
{
    struct friend_pair pair;
    int rc = friend_pair_load(db, viewer, s->id, false, &pair);
    if (rc != STORE_DONE)
        return rc;
    *rel = friend_relation_of(&pair);
    rc = people_profile_get(db, s->id, p);
    return rc == STORE_ROW ? STORE_DONE : rc;
}

static json_t *shopper_view(const struct shopper *s, const struct people_profile *p,
                            enum friend_relation rel)
{
    json_t *o = shopper_summary_json(s->id, s->display_name);
    json_object_set_new(o, "relationship", json_string(friend_relation_name(rel)));
    json_object_set_new(
        o, "area", shopper_area_visible(rel, p->area) ? people_profile_home_json(p) : json_null());
    return o;
}

int shopper_view_json(store_conn *db, int64_t viewer, const struct shopper *s, json_t **out)
{
    struct people_profile p;
    enum friend_relation rel;
    int rc = shopper_load(db, viewer, s, &p, &rel);
    if (rc == STORE_DONE)
        *out = shopper_view(s, &p, rel);
    return rc;
}

int shopper_activity_json(store_conn *db, int64_t viewer, const struct shopper *s, json_t **out,
                          enum errcode *refused)
{
    struct people_profile p;
    enum friend_relation rel;
    *out = NULL;
    int rc = shopper_load(db, viewer, s, &p, &rel);
    if (rc != STORE_DONE)
        return rc;
    *refused = shopper_activity_access(rel, p.activity);
    if (*refused != ERR_OK)
        return STORE_DONE;
    json_t *o = json_object();
    json_object_set_new(o, "shopper", shopper_view(s, &p, rel));
    rc = people_data_activity(db, s->id, o);
    if (rc != STORE_DONE) {
        json_decref(o);
        return rc;
    }
    *out = o;
    return STORE_DONE;
}
