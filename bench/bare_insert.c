/*
 * bare_insert.c - the reference of the feed import benchmark
 * (bench/catalog.sh): the same feed rows written by a bare batched INSERT
 * into the same engine, with nothing of Agora in between.
 *
 *   bare_insert sqlite:PATH | postgres://URL  FEED.tsv
 *
 * Creates (or empties) one table bench_rows with a text column per feed
 * column, reads the TSV (no quoting: bench/feedgen.awk writes none),
 * skips the header, and inserts every line with one prepared multi-row
 * INSERT per BATCH lines, all in one transaction (as the import runs).
 * SQLite is opened with Agora's pragmas (WAL, synchronous=FULL).  Prints
 * "ROWS SECONDS ROWS_PER_S" on standard output; the time counts reading
 * and inserting, not connecting.  Exit status 0, or 1 on any error.
 */
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define COLS 14
#define BATCH 100

/* One batch of lines, split in place; the buffers are owned here. */
struct batch {
    char *line[BATCH];
    size_t cap[BATCH];
    const char *field[BATCH * COLS];
    int n;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Splits line into COLS fields (missing ones are ""). */
static void split(char *line, const char **out)
{
    int c = 0;
    char *p = line;
    line[strcspn(line, "\r\n")] = '\0';
    while (c < COLS) {
        out[c++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    while (c < COLS)
        out[c++] = "";
}

/* "INSERT ... VALUES ($1, ..), (..)" for rows rows; dollar picks $N or ?N. */
static char *insert_sql(int rows, char mark)
{
    size_t cap = 128 + (size_t)rows * COLS * 10;
    char *sql = malloc(cap);
    if (!sql)
        return NULL;
    size_t o = (size_t)snprintf(sql, cap, "INSERT INTO bench_rows VALUES ");
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < COLS; c++)
            o += (size_t)snprintf(sql + o, cap - o, "%s%c%d%s", c ? "" : (r ? ",(" : "("), mark,
                                  r * COLS + c + 1, c == COLS - 1 ? ")" : ",");
    return sql;
}

static const char create_sql[] =
    "CREATE TABLE bench_rows (id TEXT, title TEXT, description TEXT, link TEXT, "
    "image_link TEXT, availability TEXT, price TEXT, sale_price TEXT, brand TEXT, gtin TEXT, "
    "mpn TEXT, product_type TEXT, unit_pricing_measure TEXT, unit_pricing_base_measure TEXT)";

/* The engine behind a small interface: begin, insert a batch, commit. */
struct engine {
    sqlite3 *lite;
    sqlite3_stmt *full;
    PGconn *pg;
};

static int fail_lite(sqlite3 *db, const char *what)
{
    fprintf(stderr, "bare_insert: %s: %s\n", what, sqlite3_errmsg(db));
    return -1;
}

static int lite_open(struct engine *e, const char *path)
{
    if (sqlite3_open(path, &e->lite) != SQLITE_OK)
        return fail_lite(e->lite, "open");
    if (sqlite3_exec(e->lite,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                     "DROP TABLE IF EXISTS bench_rows;",
                     NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(e->lite, create_sql, NULL, NULL, NULL) != SQLITE_OK)
        return fail_lite(e->lite, "create");
    char *sql = insert_sql(BATCH, '?');
    int rc = sql ? sqlite3_prepare_v2(e->lite, sql, -1, &e->full, NULL) : SQLITE_NOMEM;
    free(sql);
    if (rc != SQLITE_OK)
        return fail_lite(e->lite, "prepare");
    return sqlite3_exec(e->lite, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK
               ? 0
               : fail_lite(e->lite, "begin");
}

static int lite_insert(struct engine *e, const struct batch *b)
{
    sqlite3_stmt *st = e->full;
    if (b->n < BATCH) {
        char *sql = insert_sql(b->n, '?');
        int rc = sql ? sqlite3_prepare_v2(e->lite, sql, -1, &st, NULL) : SQLITE_NOMEM;
        free(sql);
        if (rc != SQLITE_OK)
            return fail_lite(e->lite, "prepare");
    }
    for (int i = 0; i < b->n * COLS; i++)
        sqlite3_bind_text(st, i + 1, b->field[i], -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (st != e->full)
        sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : fail_lite(e->lite, "insert");
}

static int lite_close(struct engine *e, int ok)
{
    int rc = ok == 0 && sqlite3_exec(e->lite, "COMMIT", NULL, NULL, NULL) == SQLITE_OK
                 ? 0
                 : fail_lite(e->lite, "commit");
    sqlite3_finalize(e->full);
    sqlite3_close(e->lite);
    return rc;
}

static int pg_ok(PGconn *pg, PGresult *r, const char *what)
{
    ExecStatusType s = PQresultStatus(r);
    PQclear(r);
    if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK)
        return 0;
    fprintf(stderr, "bare_insert: %s: %s", what, PQerrorMessage(pg));
    return -1;
}

static int pg_open(struct engine *e, const char *url)
{
    e->pg = PQconnectdb(url);
    if (PQstatus(e->pg) != CONNECTION_OK) {
        fprintf(stderr, "bare_insert: connect: %s", PQerrorMessage(e->pg));
        return -1;
    }
    char *sql = insert_sql(BATCH, '$');
    if (!sql)
        return -1;
    int rc = pg_ok(e->pg, PQexec(e->pg, "SET client_min_messages = warning"), "set");
    if (rc == 0)
        rc = pg_ok(e->pg, PQexec(e->pg, "DROP TABLE IF EXISTS bench_rows"), "drop");
    if (rc == 0)
        rc = pg_ok(e->pg, PQexec(e->pg, create_sql), "create");
    if (rc == 0)
        rc = pg_ok(e->pg, PQprepare(e->pg, "full", sql, 0, NULL), "prepare");
    free(sql);
    if (rc == 0)
        rc = pg_ok(e->pg, PQexec(e->pg, "BEGIN"), "begin");
    return rc;
}

static int pg_insert(struct engine *e, const struct batch *b)
{
    if (b->n == BATCH)
        return pg_ok(e->pg, PQexecPrepared(e->pg, "full", BATCH * COLS, b->field, NULL, NULL, 0),
                     "insert");
    char *sql = insert_sql(b->n, '$');
    if (!sql)
        return -1;
    int rc = pg_ok(e->pg, PQexecParams(e->pg, sql, b->n * COLS, NULL, b->field, NULL, NULL, 0),
                   "insert");
    free(sql);
    return rc;
}

static int pg_close(struct engine *e, int ok)
{
    int rc = ok == 0 ? pg_ok(e->pg, PQexec(e->pg, "COMMIT"), "commit") : -1;
    PQfinish(e->pg);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: bare_insert sqlite:PATH|postgres://URL FEED.tsv\n");
        return 1;
    }
    int is_pg = strncmp(argv[1], "postgres", 8) == 0;
    if (!is_pg && strncmp(argv[1], "sqlite:", 7) != 0) {
        fprintf(stderr, "bare_insert: the database is sqlite:PATH or postgres://...\n");
        return 1;
    }
    FILE *in = fopen(argv[2], "r");
    if (!in) {
        perror(argv[2]);
        return 1;
    }
    struct engine e = {0};
    struct batch b = {0};
    long rows = 0;
    int rc = is_pg ? pg_open(&e, argv[1]) : lite_open(&e, argv[1] + 7);
    double t0 = now_s();
    int header = 1;
    while (rc == 0 && getline(&b.line[b.n], &b.cap[b.n], in) > 0) {
        if (header) {
            header = 0;
            continue;
        }
        split(b.line[b.n], &b.field[b.n * COLS]);
        if (++b.n == BATCH) {
            rc = is_pg ? pg_insert(&e, &b) : lite_insert(&e, &b);
            rows += b.n;
            b.n = 0;
        }
    }
    if (rc == 0 && b.n) {
        rc = is_pg ? pg_insert(&e, &b) : lite_insert(&e, &b);
        rows += b.n;
    }
    rc = is_pg ? pg_close(&e, rc) : lite_close(&e, rc);
    double dt = now_s() - t0;
    fclose(in);
    for (int i = 0; i < BATCH; i++)
        free(b.line[i]);
    if (rc != 0)
        return 1;
    printf("%ld %.3f %.0f\n", rows, dt, (double)rows / dt);
    return 0;
}
