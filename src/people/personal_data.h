/*
 * personal_data.h - every module's part of a person's data, in one table,
 * for export (GET /v1/me/export), erasure (DELETE /v1/me) and the activity
 * friends see (GET /v1/shoppers/{id}/activity).
 *
 * A capability that stores personal data adds one row to the table in
 * personal_data.c: the member name in the export document, a function
 * that exports the part, one that erases it, and whether friends see it as
 * activity.  Nothing else needs to change for export and erasure to cover
 * it, and a test checks the export has one member per row.
 *
 * Erasure runs the rows bottom-up, so the first row (the account, which
 * becomes a tombstone) goes last and the others may still read it.
 */
#ifndef AG_PEOPLE_PERSONAL_DATA_H
#define AG_PEOPLE_PERSONAL_DATA_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* Exports the part of account_id: STORE_DONE with a new reference in *out,
 * or an error (*out untouched). */
typedef int (*people_export_fn)(store_conn *db, int64_t account_id, json_t **out);
/* Erases the part (inside the caller's write transaction): STORE_DONE or
 * an error. */
typedef int (*people_erase_fn)(store_conn *db, int64_t account_id, int64_t now);

enum {
    PEOPLE_DATA_ACTIVITY = 1 << 0, /* shown to accepted friends as activity */
};

struct people_data_part {
    const char *name;           /* member of the export document */
    people_export_fn export_fn; /* NULL: not exported (transient copies) */
    people_erase_fn erase_fn;   /* NULL: nothing to erase */
    unsigned flags;
};

extern const struct people_data_part people_data_parts[];
extern const size_t people_data_parts_count;

/* The export document of account_id (new reference in *out):
 * {"format": "agora-export/1", "exported_at": time, <part>: ...}. */
int people_data_export(store_conn *db, int64_t account_id, int64_t now, json_t **out);

/* Erases every part of account_id (inside a write transaction). */
int people_data_erase(store_conn *db, int64_t account_id, int64_t now);

/* Adds the parts marked PEOPLE_DATA_ACTIVITY to into (borrowed). */
int people_data_activity(store_conn *db, int64_t account_id, json_t *into);

#endif
