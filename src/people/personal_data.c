/*
 * personal_data.c - the table of personal-data parts and the export,
 * erasure and activity built from it (see personal_data.h).
 */
#include "people/personal_data.h"

#include "json/js.h"
#include "people/consent.h"
#include "people/follow.h"
#include "people/friend.h"
#include "people/interest.h"
#include "people/profile.h"
#include "platform/accounts.h"
#include "platform/auth.h"
#include "platform/idempotency.h"
#include "platform/session.h"

/* Every part of a person's data.  Keep "account" first: erasure runs
 * bottom-up and turns the account into a tombstone last. */
const struct people_data_part people_data_parts[] = {
    {"account", acct_export, acct_erase, 0},
    {"profile", people_profile_export, people_profile_erase, 0},
    {"interests", interest_export, interest_erase, PEOPLE_DATA_ACTIVITY},
    {"consents", consent_export, consent_erase, 0},
    {"friends", friend_export, friend_erase, 0},
    {"friend_requests", friend_request_export, friend_request_erase, 0},
    {"follows", follow_export, follow_erase, PEOPLE_DATA_ACTIVITY},
    {"sessions", session_export, session_erase, 0},
    /* Transient copies: stored responses of Idempotency-Keys (24 h) and
     * the failed-login counter keyed by e-mail. */
    {"idempotency_keys", NULL, idem_erase_account, 0},
    {"login_limits", NULL, auth_erase_limits, 0},
};

const size_t people_data_parts_count = sizeof people_data_parts / sizeof people_data_parts[0];

/* Adds the parts with all of flags (0: every exported part) to doc. */
static int people_data_collect(store_conn *db, int64_t account_id, unsigned flags, json_t *doc)
{
    for (size_t i = 0; i < people_data_parts_count; i++) {
        const struct people_data_part *p = &people_data_parts[i];
        if (!p->export_fn || (p->flags & flags) != flags)
            continue;
        json_t *part = NULL;
        int rc = p->export_fn(db, account_id, &part);
        if (rc != STORE_DONE)
            return rc;
        json_object_set_new(doc, p->name, part);
    }
    return STORE_DONE;
}

int people_data_export(store_conn *db, int64_t account_id, int64_t now, json_t **out)
{
    json_t *doc = json_object();
    json_object_set_new(doc, "format", json_string("agora-export/1"));
    json_object_set_new(doc, "exported_at", js_time(now));
    int rc = people_data_collect(db, account_id, 0, doc);
    if (rc != STORE_DONE) {
        json_decref(doc);
        return rc;
    }
    *out = doc;
    return STORE_DONE;
}

int people_data_erase(store_conn *db, int64_t account_id, int64_t now)
{
    int rc = STORE_DONE;
    for (size_t i = people_data_parts_count; i-- > 0 && rc == STORE_DONE;)
        if (people_data_parts[i].erase_fn)
            rc = people_data_parts[i].erase_fn(db, account_id, now);
    return rc;
}

int people_data_activity(store_conn *db, int64_t account_id, json_t *into)
{
    return people_data_collect(db, account_id, PEOPLE_DATA_ACTIVITY, into);
}
