/*
 * profile.c - storage of the profile row (see profile.h).
 */
#include "people/profile.h"

#include <string.h>

#include "json/js.h"
#include "people/rows.h"

static const char *const people_vis_names[] = {"everyone", "friends", "nobody"};

const char *const people_activity_choices[] = {"friends", "nobody", NULL};
const char *const people_area_choices[] = {"everyone", "friends", "nobody", NULL};

enum people_vis people_vis_parse(const char *s)
{
    for (int v = PEOPLE_VIS_EVERYONE; v <= PEOPLE_VIS_NOBODY; v++)
        if (s && strcmp(s, people_vis_names[v]) == 0)
            return (enum people_vis)v;
    return PEOPLE_VIS_NOBODY;
}

const char *people_vis_name(enum people_vis v)
{
    return (unsigned)v <= PEOPLE_VIS_NOBODY ? people_vis_names[v] : "nobody";
}

int people_profile_get(store_conn *db, int64_t account_id, struct people_profile *out)
{
    memset(out, 0, sizeof *out);
    out->activity = PEOPLE_VIS_FRIENDS;
    out->area = PEOPLE_VIS_FRIENDS;
    store_stmt *st = store_prepare(db, "SELECT home_lat, home_lon, activity_visibility, "
                                       "area_visibility, updated_at FROM profiles "
                                       "WHERE account_id = $1");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, account_id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        out->has_home = !store_col_is_null(st, 0) && !store_col_is_null(st, 1);
        if (out->has_home) {
            out->home.lat = store_col_double(st, 0);
            out->home.lon = store_col_double(st, 1);
        }
        out->activity = people_vis_parse(store_col_text(st, 2));
        out->area = people_vis_parse(store_col_text(st, 3));
        out->updated_at = store_col_i64(st, 4);
    }
    store_reset(st);
    return rc;
}

int people_profile_save(store_conn *db, int64_t account_id, const struct people_profile *p,
                        int64_t now)
{
    store_stmt *st = store_prepare(
        db, "INSERT INTO profiles (account_id, home_lat, home_lon, activity_visibility, "
            "area_visibility, updated_at) VALUES ($1, $2, $3, $4, $5, $6) "
            "ON CONFLICT (account_id) DO UPDATE SET home_lat = excluded.home_lat, "
            "home_lon = excluded.home_lon, activity_visibility = excluded.activity_visibility, "
            "area_visibility = excluded.area_visibility, updated_at = excluded.updated_at");
    if (!st)
        return STORE_ERR;
    store_bind_i64(st, 1, account_id);
    if (p->has_home) {
        store_bind_double(st, 2, p->home.lat);
        store_bind_double(st, 3, p->home.lon);
    } else {
        store_bind_null(st, 2);
        store_bind_null(st, 3);
    }
    store_bind_text(st, 4, people_vis_name(p->activity));
    store_bind_text(st, 5, people_vis_name(p->area));
    store_bind_i64(st, 6, now);
    return store_run(st);
}

json_t *people_profile_home_json(const struct people_profile *p)
{
    if (!p->has_home)
        return json_null();
    return json_pack("{s:f,s:f}", "lat", p->home.lat, "lon", p->home.lon);
}

json_t *people_profile_privacy_json(const struct people_profile *p)
{
    return json_pack("{s:s,s:s}", "activity", people_vis_name(p->activity), "area",
                     people_vis_name(p->area));
}

int people_profile_export(store_conn *db, int64_t account_id, json_t **out)
{
    struct people_profile p;
    int rc = people_profile_get(db, account_id, &p);
    if (rc != STORE_ROW && rc != STORE_DONE)
        return rc;
    json_t *o = json_object();
    json_object_set_new(o, "home", people_profile_home_json(&p));
    json_object_set_new(o, "privacy", people_profile_privacy_json(&p));
    json_object_set_new(o, "updated_at", js_time(p.updated_at));
    *out = o;
    return STORE_DONE;
}

int people_profile_erase(store_conn *db, int64_t account_id, int64_t now)
{
    (void)now;
    return people_run_id(db, "DELETE FROM profiles WHERE account_id = $1", account_id);
}
