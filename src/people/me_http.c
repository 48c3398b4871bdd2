/*
 * me_http.c - the signed-in account and its profile: GET and PATCH /v1/me.
 *
 * GET /v1/me answers the account (platform/accounts.h) with a "profile"
 * member: coarse home, privacy settings, interests and consents.  PATCH
 * /v1/me changes any of display_name, home, privacy, interests (each list
 * replaced whole) and consents, validating everything first and reporting
 * every failing field (unknown categories and brands included) in one 422
 * that writes nothing.
 */
#include <stdio.h>
#include <string.h>

#include "core/limits.h"
#include "core/mem.h"
#include "core/timeutil.h"
#include "json/js.h"
#include "json/validate.h"
#include "people/area.h"
#include "people/catalog_refs.h"
#include "people/consent.h"
#include "people/handlers.h"
#include "people/interest.h"
#include "people/profile.h"
#include "people/text_rules.h"
#include "platform/accounts.h"
#include "store/rcache.h"

static const struct jv_field me_id_item = {"", JV_ID, 0};
static const struct jv_field me_tag_item = {"",       JV_STRING,         0,
                                            .min = 1, .max = AG_TAG_MAX, .check = jv_check_line};

static const struct jv_field me_interest_fields[] = {
    {"categories", JV_ARRAY, 0, .max = AG_INTEREST_CATEGORIES_MAX, .item = &me_id_item},
    {"brands", JV_ARRAY, 0, .max = AG_INTEREST_BRANDS_MAX, .item = &me_id_item},
    {"tags", JV_ARRAY, 0, .max = AG_INTEREST_TAGS_MAX, .item = &me_tag_item},
    {0},
};

static const struct jv_field me_home_fields[] = {
    {"lat", JV_NUMBER, JV_REQUIRED, .fmin = -90, .fmax = 90},
    {"lon", JV_NUMBER, JV_REQUIRED, .fmin = -180, .fmax = 180},
    {0},
};

static const struct jv_field me_privacy_fields[] = {
    {"activity", JV_STRING, 0, .choices = people_activity_choices},
    {"area", JV_STRING, 0, .choices = people_area_choices},
    {0},
};

static const struct jv_field me_patch_body[] = {
    {"display_name", JV_STRING, 0, .min = 1, .max = AG_DISPLAY_NAME_MAX, .check = jv_check_line},
    {"home", JV_OBJECT, JV_NULLABLE, .fields = me_home_fields},
    {"privacy", JV_OBJECT, 0, .fields = me_privacy_fields},
    {"interests", JV_OBJECT, 0, .fields = me_interest_fields},
    {"consents", JV_OBJECT, 0, .fields = consent_fields},
    {0},
};

/* The interest lists of a body: member name, catalog kind, most items. */
static const struct {
    const char *member;
    enum people_ref kind;
    size_t max;
} me_id_lists[] = {
    {"categories", PEOPLE_REF_CATEGORY, AG_INTEREST_CATEGORIES_MAX},
    {"brands", PEOPLE_REF_BRAND, AG_INTEREST_BRANDS_MAX},
};

/* The document of GET /v1/me for account a (new reference in *out). */
static int me_document(store_conn *db, const struct acct *a, json_t **out)
{
    struct people_profile p;
    json_t *interests = NULL, *consents = NULL;
    int rc = people_profile_get(db, a->id, &p);
    if (rc == STORE_ROW || rc == STORE_DONE)
        rc = interest_export(db, a->id, &interests);
    if (rc == STORE_DONE)
        rc = consent_current_json(db, a->id, &consents);
    if (rc != STORE_DONE) {
        json_decref(interests);
        return rc;
    }
    json_t *profile = json_object();
    json_object_set_new(profile, "home", people_profile_home_json(&p));
    json_object_set_new(profile, "privacy", people_profile_privacy_json(&p));
    json_object_set_new(profile, "interests", interests);
    json_object_set_new(profile, "consents", consents);
    json_object_set_new(profile, "updated_at", js_time(p.updated_at));
    json_t *doc = acct_to_json(a);
    json_object_set_new(doc, "profile", profile);
    *out = doc;
    return STORE_DONE;
}

/* Loads the document of the signed-in account into *doc.  Returns 0, or
 * the status of the problem written. */
static int me_load(struct http_req *req, struct http_res *res, json_t **doc)
{
    struct acct a;
    int rc = acct_get(req->db, req->auth.account_id, &a);
    if (rc == STORE_DONE)
        return http_problem(res, ERR_UNAUTHENTICATED, "The account no longer exists.");
    if (rc != STORE_ROW)
        return http_problem_store(res, rc);
    rc = me_document(req->db, &a, doc);
    return rc == STORE_DONE ? 0 : http_problem_store(res, rc);
}

/* GET /v1/me: the account and its profile.  The document is kept in the
 * read cache (store/rcache.h): it changes only through writes, which
 * invalidate it. */
int people_me_get(struct http_req *req, struct http_res *res)
{
    char key[32], body[RCACHE_VALUE_MAX];
    snprintf(key, sizeof key, "me:%lld", (long long)req->auth.account_id);
    long n = rcache_get(key, body, sizeof body);
    if (n >= 0)
        return http_raw(res, 200, "application/json", body, (size_t)n);
    json_t *doc = NULL;
    if (me_load(req, res, &doc) != 0)
        return res->status;
    size_t len;
    char *text = js_dump(doc, &len);
    json_decref(doc);
    rcache_put(key, text, len, req->cache_epoch);
    http_raw(res, 200, "application/json", text, len);
    mem_free(text);
    return 200;
}

/* Adds to *errors every id of the interest lists that names no catalog
 * target.  Runs on bodies that failed validation too (so that one answer
 * names every failing field), skipping what validation already refused:
 * items that are not ids, lists over their limit. */
static int me_check_refs(store_conn *db, const json_t *body, json_t **errors)
{
    const json_t *interests = json_object_get(body, "interests");
    for (size_t k = 0; k < sizeof me_id_lists / sizeof me_id_lists[0]; k++) {
        const json_t *arr = json_object_get(interests, me_id_lists[k].member);
        if (json_array_size(arr) > me_id_lists[k].max)
            continue;
        size_t i;
        const json_t *v;
        json_array_foreach(arr, i, v)
        {
            int64_t id = 0;
            if (!json_is_string(v) || js_parse_id(json_string_value(v), &id) != 0)
                continue;
            int found = people_ref_exists(db, me_id_lists[k].kind, id);
            if (found < 0)
                return found;
            if (!found) {
                char ptr[96] = "/interests";
                char why[64];
                js_pointer_append(ptr, sizeof ptr, me_id_lists[k].member);
                js_pointer_append_index(ptr, sizeof ptr, i);
                snprintf(why, sizeof why, "is not the id of a %s",
                         people_ref_name(me_id_lists[k].kind));
                jv_error_add(errors, ptr, why);
            }
        }
    }
    return STORE_DONE;
}

/* Replaces each interest list the body sends. */
static int me_apply_interests(struct http_req *req, const json_t *interests, int64_t now)
{
    int64_t me = req->auth.account_id;
    int rc = STORE_DONE;
    for (size_t k = 0; k < sizeof me_id_lists / sizeof me_id_lists[0] && rc == STORE_DONE; k++) {
        const json_t *arr = json_object_get(interests, me_id_lists[k].member);
        if (!arr)
            continue;
        size_t n = json_array_size(arr);
        int64_t *ids = arena_alloc(req->arena, (n ? n : 1) * sizeof *ids);
        for (size_t i = 0; i < n; i++)
            if (js_parse_id(json_string_value(json_array_get(arr, i)), &ids[i]) != 0)
                return STORE_ERR; /* validated before: cannot happen */
        rc = interest_replace_ids(req->db, me, me_id_lists[k].kind, ids, n, now);
    }
    const json_t *tags = json_object_get(interests, "tags");
    if (rc != STORE_DONE || !tags)
        return rc;
    size_t n = json_array_size(tags);
    const char **clean = arena_alloc(req->arena, (n ? n : 1) * sizeof *clean);
    for (size_t i = 0; i < n; i++) {
        char *t = arena_alloc(req->arena, AG_TAG_MAX * 4 + 1);
        if (people_text_clean(json_string_value(json_array_get(tags, i)), t, AG_TAG_MAX * 4 + 1,
                              true) <= 0)
            return STORE_ERR; /* validated above: cannot happen */
        clean[i] = t;
    }
    return interest_replace_tags(req->db, me, clean, n, now);
}

/* Applies home and privacy when the body sends either. */
static int me_apply_profile(struct http_req *req, int64_t now)
{
    const json_t *home = json_object_get(req->body, "home");
    const json_t *privacy = json_object_get(req->body, "privacy");
    if (!home && !privacy)
        return STORE_DONE;
    struct people_profile p;
    int rc = people_profile_get(req->db, req->auth.account_id, &p);
    if (rc != STORE_ROW && rc != STORE_DONE)
        return rc;
    if (home) {
        p.has_home =
            json_is_object(home) &&
            people_area_round(json_number_value(json_object_get(home, "lat")),
                              json_number_value(json_object_get(home, "lon")), &p.home) == 0;
    }
    const char *activity = js_get_str(privacy, "activity");
    const char *area = js_get_str(privacy, "area");
    if (activity)
        p.activity = people_vis_parse(activity);
    if (area)
        p.area = people_vis_parse(area);
    return people_profile_save(req->db, req->auth.account_id, &p, now);
}

/* Records each consent the body sends. */
static int me_apply_consents(struct http_req *req, int64_t now)
{
    const json_t *consents = json_object_get(req->body, "consents");
    int rc = STORE_DONE;
    for (int p = 0; p < CONSENT_COUNT && consents && rc == STORE_DONE; p++) {
        const json_t *v = json_object_get(consents, consent_name((enum consent_purpose)p));
        if (v)
            rc = consent_set(req->db, req->auth.account_id, (enum consent_purpose)p,
                             json_is_true(v), now);
    }
    return rc;
}

/* PATCH /v1/me: display name, home, privacy, interests, consents. */
int people_me_patch(struct http_req *req, struct http_res *res)
{
    json_t *errors = jv_check(req->body, me_patch_body);
    int rc = store_begin(req->db, STORE_TX_WRITE);
    if (rc == STORE_OK)
        rc = me_check_refs(req->db, req->body, &errors);
    if (rc != STORE_OK && rc != STORE_DONE) {
        json_decref(errors);
        return http_problem_store(res, rc);
    }
    if (errors)
        return http_problem_fields(res, errors, NULL);
    const json_t *interests = json_object_get(req->body, "interests");
    int64_t now = time_now();
    const char *name = js_get_str(req->body, "display_name");
    if (name) {
        char clean[AG_DISPLAY_NAME_MAX * 4 + 1];
        if (people_text_clean(name, clean, sizeof clean, false) <= 0)
            return http_problem_field(res, "/display_name", "must not be blank");
        rc = acct_set_display_name(req->db, req->auth.account_id, clean, now);
    }
    if (rc == STORE_DONE)
        rc = me_apply_profile(req, now);
    if (rc == STORE_DONE && interests)
        rc = me_apply_interests(req, interests, now);
    if (rc == STORE_DONE)
        rc = me_apply_consents(req, now);
    if (rc != STORE_DONE)
        return http_problem_store(res, rc);
    json_t *doc = NULL;
    if (me_load(req, res, &doc) != 0)
        return res->status;
    return http_json(res, 200, doc);
}
