/*
 * bare_fts.c - the reference of the search benchmark (bench/search.sh):
 * the text part of the same queries, asked of the bare full-text index
 * with nothing of Agora around it.
 *
 *   bare_fts sqlite:PATH | postgres://URL  QUERIES SECONDS CONNECTIONS
 *
 * QUERIES holds request paths (/v1/search?q=...&...) as bench/searchgen.awk
 * writes them; only q is used (filters and near= have no bare equivalent).
 * Its words become the match expression Agora builds (("word" OR "word"*)
 * AND ("other" OR "other"*): whole words weigh in the rank, migration 6)
 * and each query is one page of the index in rank order:
 *
 *   SELECT rowid, rank FROM product_fts($1) ORDER BY rank, rowid LIMIT 21
 *
 * (on SQLite the FTS5 table, on PostgreSQL the function of the same name
 * over the GIN index: migration 3).  CONNECTIONS threads, each with its
 * own connection, go round the list (from different places) for SECONDS,
 * like wrk -cCONNECTIONS.  Prints "QUERIES_PER_S P50_MS P99_MS".
 */
#include <libpq-fe.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_THREADS 64
#define EXPR_MAX 512

static const char page_sql[] =
    "SELECT rowid, rank FROM product_fts($1) ORDER BY rank, rowid LIMIT 21";

static char **exprs; /* match expression of each query */
static int nexprs;
static const char *db_url;
static double seconds;
static int nthreads;

struct worker {
    pthread_t tid;
    int index, failed;
    double *lat; /* owned: milliseconds of each query */
    size_t n, cap;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The decoded q parameter of a request path into out. */
static void query_text(const char *path, char *out, size_t outlen)
{
    const char *q = strstr(path, "?q=");
    if (!q)
        q = strstr(path, "&q=");
    size_t o = 0;
    for (const char *p = q ? q + 3 : ""; *p && *p != '&' && *p != '\n' && o + 1 < outlen; p++) {
        int hi, lo;
        if (*p == '%' && (hi = hexval(p[1])) >= 0 && (lo = hexval(p[2])) >= 0) {
            out[o++] = (char)(hi * 16 + lo);
            p += 2;
        } else {
            out[o++] = *p == '+' ? ' ' : *p;
        }
    }
    out[o] = '\0';
}

/* ("word" OR "word"*) AND ("other" OR "other"*) over runs of letters,
 * digits and non-ASCII bytes (as search_match_expr in
 * src/catalog/search.c). */
static void match_expr(const char *text, char *out, size_t outlen)
{
    size_t o = 0;
    const unsigned char *p = (const unsigned char *)text;
    out[0] = '\0';
    for (;;) {
        while (*p && *p < 0x80 &&
               !((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
            p++;
        const unsigned char *w = p;
        while (*p && (*p >= 0x80 || (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
                      (*p >= 'A' && *p <= 'Z')))
            p++;
        int n = (int)(p - w);
        if (n == 0 || o + 2 * (size_t)n + 16 >= outlen)
            break;
        o += (size_t)snprintf(out + o, outlen - o, "%s(\"%.*s\" OR \"%.*s\"*)", o ? " AND " : "",
                              n, (const char *)w, n, (const char *)w);
    }
}

static int add_latency(struct worker *w, double ms)
{
    if (w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 4096;
        double *lat = realloc(w->lat, cap * sizeof *lat);
        if (!lat)
            return -1;
        w->lat = lat;
        w->cap = cap;
    }
    w->lat[w->n++] = ms;
    return 0;
}

static void *run_sqlite(struct worker *w)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    /* The busy timeout: four readers opening a WAL database at once can
     * find its index being rebuilt ("database is locked"). */
    if (sqlite3_open_v2(db_url + 7, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_busy_timeout(db, 5000) != SQLITE_OK ||
        sqlite3_prepare_v2(db, page_sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "bare_fts: %s\n", sqlite3_errmsg(db));
        w->failed = 1;
        goto out;
    }
    double end = now_s() + seconds;
    for (int i = w->index * nexprs / nthreads; now_s() < end; i = (i + 1) % nexprs) {
        double t0 = now_s();
        sqlite3_bind_text(st, 1, exprs[i], -1, SQLITE_STATIC);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            ;
        sqlite3_reset(st);
        if (rc != SQLITE_DONE || add_latency(w, (now_s() - t0) * 1000) != 0) {
            fprintf(stderr, "bare_fts: %s\n", sqlite3_errmsg(db));
            w->failed = 1;
            break;
        }
    }
out:
    sqlite3_finalize(st);
    sqlite3_close(db);
    return NULL;
}

static void *run_pg(struct worker *w)
{
    PGconn *pg = PQconnectdb(db_url);
    PGresult *r = NULL;
    if (PQstatus(pg) != CONNECTION_OK ||
        PQresultStatus(r = PQprepare(pg, "page", page_sql, 1, NULL)) != PGRES_COMMAND_OK) {
        fprintf(stderr, "bare_fts: %s", PQerrorMessage(pg));
        w->failed = 1;
        PQclear(r);
        PQfinish(pg);
        return NULL;
    }
    PQclear(r);
    double end = now_s() + seconds;
    for (int i = w->index * nexprs / nthreads; now_s() < end; i = (i + 1) % nexprs) {
        double t0 = now_s();
        const char *v[1] = {exprs[i]};
        r = PQexecPrepared(pg, "page", 1, v, NULL, NULL, 0);
        int ok = PQresultStatus(r) == PGRES_TUPLES_OK;
        PQclear(r);
        if (!ok || add_latency(w, (now_s() - t0) * 1000) != 0) {
            fprintf(stderr, "bare_fts: %s", PQerrorMessage(pg));
            w->failed = 1;
            break;
        }
    }
    PQfinish(pg);
    return NULL;
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    return strncmp(db_url, "sqlite:", 7) == 0 ? run_sqlite(w) : run_pg(w);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Reads the query file into exprs; returns 0 or -1. */
static int load_queries(const char *file)
{
    FILE *in = fopen(file, "r");
    if (!in) {
        perror(file);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    int alloc = 0;
    while (getline(&line, &cap, in) > 0) {
        char text[EXPR_MAX];
        query_text(line, text, sizeof text);
        if (nexprs == alloc) {
            alloc = alloc ? alloc * 2 : 1024;
            char **e = realloc(exprs, (size_t)alloc * sizeof *e);
            if (!e)
                break;
            exprs = e;
        }
        exprs[nexprs] = malloc(EXPR_MAX);
        if (!exprs[nexprs])
            break;
        match_expr(text, exprs[nexprs], EXPR_MAX);
        nexprs++;
    }
    free(line);
    fclose(in);
    return nexprs > 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: bare_fts sqlite:PATH|postgres://URL QUERIES SECONDS CONNECTIONS\n");
        return 1;
    }
    db_url = argv[1];
    seconds = strtod(argv[3], NULL);
    nthreads = (int)strtol(argv[4], NULL, 10);
    if (seconds <= 0 || nthreads < 1 || nthreads > MAX_THREADS || load_queries(argv[2]) != 0) {
        fprintf(stderr, "bare_fts: bad arguments or no queries\n");
        return 1;
    }
    struct worker w[MAX_THREADS];
    memset(w, 0, sizeof w);
    double t0 = now_s();
    int started = 0;
    for (int i = 0; i < nthreads; i++) {
        w[i].index = i;
        if (pthread_create(&w[i].tid, NULL, worker_main, &w[i]) != 0)
            break;
        started++;
    }
    size_t total = 0;
    int failed = started < nthreads;
    for (int i = 0; i < started; i++) {
        pthread_join(w[i].tid, NULL);
        total += w[i].n;
        failed |= w[i].failed;
    }
    double dt = now_s() - t0;
    double *all = malloc((total ? total : 1) * sizeof *all);
    size_t k = 0;
    for (int i = 0; i < started && all; i++) {
        memcpy(all + k, w[i].lat, w[i].n * sizeof *all);
        k += w[i].n;
    }
    int rc = 1;
    if (!failed && all && total > 0) {
        qsort(all, total, sizeof *all, cmp_double);
        printf("%.0f %.3f %.3f\n", (double)total / dt, all[(total - 1) / 2],
               all[(size_t)((double)(total - 1) * 0.99)]);
        rc = 0;
    }
    free(all);
    for (int i = 0; i < started; i++)
        free(w[i].lat);
    for (int i = 0; i < nexprs; i++)
        free(exprs[i]);
    free(exprs);
    return rc;
}
