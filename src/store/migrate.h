/*
 * migrate.h - versioned schema migrations compiled into the binary.
 *
 * Each migration has a version, a name, portable SQL (with "{{pk}}" for the
 * engine's auto-increment key) and optional per-engine extras.  Pending
 * migrations are applied in one transaction and recorded in
 * schema_migrations, together with whether each is "breaking".  A binary
 * meeting a database with migrations it does not know serves it when those
 * are all additive (marked non-breaking: an older release of a rolling
 * upgrade keeps working), and refuses to start otherwise, saying which
 * version to run.  On PostgreSQL an advisory lock makes instances that
 * start together apply migrations once.
 */
#ifndef AG_MIGRATE_H
#define AG_MIGRATE_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

struct store_migration {
    int version;
    const char *name;
    const char *sql;      /* both engines */
    const char *sqlite;   /* SQLite only, after sql (may be NULL) */
    const char *postgres; /* PostgreSQL only, after sql (may be NULL) */
    bool breaking;        /* older binaries cannot serve the result */
};

extern const struct store_migration store_migrations[];
extern const size_t store_migrations_count;

/* Applies every pending migration. *applied gets how many were applied.
 * Returns 0, or -1 with the reason in err (nothing is applied then). */
int migrate_apply(store_conn *c, int *applied, char *err, size_t errlen);

/* Checks that this binary may serve the database without applying
 * anything (used by `serve --no-migrate`). Returns 0 or -1 with err. */
int migrate_check(store_conn *c, int *pending, char *err, size_t errlen);

/* Highest version this binary knows. */
int migrate_latest(void);

#endif
