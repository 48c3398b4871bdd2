/*
 * consent.h - consents: named purposes a shopper grants or withdraws.
 *
 * The purposes are fixed by the code (one table below); a shopper's
 * current answer per purpose is kept with the time it last changed, and
 * every change is appended to a history (the last AG_CONSENT_HISTORY_MAX
 * per purpose) so that the platform can show when consent was given.  A
 * purpose never answered counts as not granted.  Setting the answer a
 * purpose already has changes nothing (its time stays).  Functions return
 * store results.
 */
#ifndef AG_PEOPLE_CONSENT_H
#define AG_PEOPLE_CONSENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "json/validate.h"
#include "store/store.h"

/* X(name, what the shopper agrees to) */
#define CONSENT_PURPOSES(X)                                                                        \
    X(personalised_deals, "Use my interests, coarse area, follows and friends' activity to "       \
                          "choose the deals shown to me")                                          \
    X(retailer_messages, "Retailers and brands I follow may send me offers and news")              \
    X(insights, "My activity may be counted, aggregated, in retailers' insights")

enum consent_purpose {
#define CONSENT_ENUM(name, text) CONSENT_##name,
    CONSENT_PURPOSES(CONSENT_ENUM)
#undef CONSENT_ENUM
        CONSENT_COUNT
};

/* The body fields {"<purpose>": true|false, ...} for PATCH /v1/me. */
extern const struct jv_field consent_fields[];

/* The name of a purpose, and the reverse (-1 when unknown). */
const char *consent_name(enum consent_purpose p);
int consent_parse(const char *name);

/* Records granted (true) or withdrawn (false) for purpose, if it changes. */
int consent_set(store_conn *db, int64_t account_id, enum consent_purpose p, bool granted,
                int64_t now);

/* 1 when granted, 0 when not (or never answered), or a negative error. */
int consent_granted(store_conn *db, int64_t account_id, enum consent_purpose p);

/* {"<purpose>": {"granted": bool, "changed_at": time|null}, ...} with every
 * purpose (new reference in *out). */
int consent_current_json(store_conn *db, int64_t account_id, json_t **out);

/* Personal-data part "consents": {"current": ..., "history": [{"purpose",
 * "granted", "changed_at"}]}; erasing both. */
int consent_export(store_conn *db, int64_t account_id, json_t **out);
int consent_erase(store_conn *db, int64_t account_id, int64_t now);

#endif
