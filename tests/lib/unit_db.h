/*
 * unit_db.h - a temporary SQLite database for unit tests of src/store.
 *
 * unit_db_open creates a fresh folder under $TMPDIR (or /tmp) and opens the
 * process-wide store on a database file inside it; unit_db_close closes the
 * store and removes the folder.  unit_db_count and unit_db_exec use their
 * own sqlite3 connection, so that what a test checks does not go through
 * the code under test.
 */
#ifndef AG_TEST_UNIT_DB_H
#define AG_TEST_UNIT_DB_H

struct unit_db {
    char dir[256];
    char path[320];
};

/* Returns 0, or -1 with the reason printed. */
int unit_db_open(struct unit_db *d);
void unit_db_close(struct unit_db *d);

/* The integer result of a one-value query (e.g. SELECT COUNT(*)), or -1. */
long unit_db_count(const struct unit_db *d, const char *sql);
/* Runs sql on a separate connection; returns 0 or -1. */
int unit_db_exec(const struct unit_db *d, const char *sql);

#endif
