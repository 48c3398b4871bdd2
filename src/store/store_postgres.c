/*
 * store_postgres.c - the PostgreSQL driver of the storage interface (libpq).
 *
 * Connections.  The URL (postgres://user@host:port/db?...) is given to libpq
 * as is; before it come our defaults, which the URL may override
 * (application_name=agora, a connect timeout, TCP keepalives and a TCP user
 * timeout so that a dead server is noticed), and after it what we rely on
 * (client_encoding UTF8, and in "options" a lock_timeout equal to the busy
 * timeout and an idle_in_transaction_session_timeout, followed by the URL's
 * own options).  Server notices go to the debug log, not to stderr.
 *
 * Statements.  Each gets a generated name ("ag1", "ag2"... per connection)
 * and is prepared on the server lazily, at its first step: preparing is a
 * round trip that can meet a lost link, and a lost link must surface as
 * STORE_UNAVAILABLE from a step (503) rather than as a failed prepare (500).
 * Parameters are sent as text: int64 in decimal, double as "%.17g" (exact
 * round trip), NULL as NULL; the server infers their types from the SQL
 * (where it cannot, the SQL says CAST($1 AS BIGINT), portable to SQLite).
 * A step executes on the first call and then walks the rows of the result,
 * which is fetched whole: queries must be bounded (LIMIT), as every list
 * of the API is.  Integers are parsed strictly; a computed boolean (type
 * bool, e.g. EXISTS) reads as 1/0; our schema itself stores booleans as
 * INTEGER 0/1.  A finalized statement is deallocated on the server later,
 * before the next prepare, so that finalize never does I/O (store.c
 * finalizes the statements of a lost connection with the dead handle).
 *
 * Errors map by SQLSTATE: 23505 -> STORE_UNIQUE, other class 23 ->
 * STORE_CONSTRAINT, 40001/40P01/55P03/57014 -> STORE_BUSY, a lost link (or
 * class 08 but 08P01, 57P01-57P03, 53300) -> STORE_UNAVAILABLE, else ->
 * STORE_ERR, logged with the SQLSTATE.  Unlike SQLite, PostgreSQL aborts the
 * whole transaction on an error: the caller must roll back (domain code
 * does), and a COMMIT of such a transaction is reported as an error, never
 * as success, so that no write is acknowledged that was not made.
 *
 * Transactions and isolation.  Our domain code was written for SQLite's
 * semantics: one writer at a time (BEGIN IMMEDIATE), so a check read inside
 * a write transaction stays true until its commit (e.g. "is this the last
 * admin?" before demoting one, "is this idempotency key new?" before
 * inserting it).  STORE_TX_WRITE keeps exactly that contract on PostgreSQL:
 * READ COMMITTED plus one transaction-scoped advisory lock per database
 * (pg_advisory_xact_lock), taken in the same round trip as BEGIN.  Write
 * transactions of every instance are therefore serialized, each statement
 * sees every earlier commit, and no write skew can happen; waiting for the
 * lock is bounded by lock_timeout (the busy timeout) and gives STORE_BUSY
 * (503 + Retry-After), as SQLite's busy timeout does.  Reads outside write
 * transactions (most requests: sessions, GETs) never take the lock, so they
 * scale with instances.  SERIALIZABLE was rejected: it aborts transactions
 * on conflicts that SQLite would simply queue (two logins from one address
 * update one rate-limit row), and a retry would have to re-run the handler,
 * which the dispatcher cannot do safely today.  The cost is that writes do
 * not scale past one writer, as on SQLite; finer locks (per retailer) are
 * the way forward when that matters.  STORE_TX_READ is REPEATABLE READ READ
 * ONLY: one snapshot for all its statements, like a SQLite read
 * transaction, never blocked and never aborted.
 *
 * Lost links.  Before a command outside a transaction the driver checks,
 * without blocking, whether the server closed the connection while it was
 * idle (a restart); if so it reconnects at once and re-prepares statements
 * lazily, since nothing was sent that could run twice.  A link lost inside
 * a transaction, or a reconnect that fails, gives STORE_UNAVAILABLE; store.c
 * then reconnects on a later request.  A lost COMMIT has an unknown outcome
 * and is logged as such; clients retry with their Idempotency-Key.
 */
#include <libpq-fe.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "core/mem.h"
#include "core/text.h"
#include "store/pg_watch.h"
#include "store/store_driver.h"

/* Key of the advisory lock that serializes write transactions ("agorw"). */
#define PG_WRITE_LOCK_KEY 0x61676f7277LL
/* Oldest server we support: identity columns (10), ON CONFLICT (9.5). */
#define PG_MIN_SERVER_VERSION 100000
/* A session idle inside a transaction for this long is ended by the
 * server, so that a stuck instance cannot hold the write lock forever. */
#define PG_IDLE_TX_TIMEOUT_MS 60000
/* Server-side statements waiting to be deallocated, per connection. */
#define PG_DEALLOC_MAX 32
/* Type OID of bool (pg_type.h). */
#define PG_BOOLOID 16

struct pg_conn {
    PGconn *pg;
    uint64_t gen;       /* bumped when the link is re-established */
    uint64_t next_name; /* statement names are never reused on a link */
    bool in_tx;         /* last known: inside a transaction block */
    int64_t changes;
    char err[512];
    char dealloc[PG_DEALLOC_MAX][24];
    int ndealloc;
};

struct pg_param {
    char *heap;   /* owned text value, or NULL */
    char num[32]; /* integer or double value */
};

struct pg_stmt {
    struct pg_conn *conn;
    char *sql;           /* owned */
    char name[24];       /* server-side name, valid when gen == conn->gen */
    uint64_t gen;        /* 0: not prepared on the server */
    int nparams;         /* highest $N of sql */
    struct pg_param *params;
    const char **values; /* what PQexecPrepared sends; NULL = SQL NULL */
    int bind_error;      /* a parameter that could not be bound (1-based), 0 = none */
    bool replan;         /* run unnamed (parsed and planned each time) */
    PGresult *res;       /* result of the execution, NULL before it */
    int row, nrows;
};

/* Errors --------------------------------------------------------------- */

/* Copies the first line of msg into the connection's error text. */
static void pg_set_err(struct pg_conn *pc, const char *state, const char *msg)
{
    if (!msg || !msg[0])
        msg = "unknown error";
    size_t n = strcspn(msg, "\n");
    if (state)
        snprintf(pc->err, sizeof pc->err, "%s: %.*s", state, (int)n, msg);
    else
        snprintf(pc->err, sizeof pc->err, "%.*s", (int)n, msg);
}

static bool pg_state_is(const char *state, const char *want)
{
    return state && strcmp(state, want) == 0;
}

static bool pg_state_class(const char *state, const char *cls)
{
    return state && strncmp(state, cls, 2) == 0;
}

/* Maps a failed result (r may be NULL) to a store_rc, records the error
 * text and logs what deserves it.  what: the SQL or command, for the log. */
static int pg_fail(struct pg_conn *pc, const PGresult *r, const char *what)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    pg_set_err(pc, state, msg ? msg : PQerrorMessage(pc->pg));
    int rc;
    /* 08P01 (protocol violation) is also how a bind with the wrong number
     * of parameters fails: a bug, not a lost link. */
    if (PQstatus(pc->pg) == CONNECTION_BAD ||
        (pg_state_class(state, "08") && !pg_state_is(state, "08P01")) ||
        pg_state_is(state, "57P01") || pg_state_is(state, "57P02") ||
        pg_state_is(state, "57P03") || pg_state_is(state, "53300"))
        rc = STORE_UNAVAILABLE;
    else if (!state)
        rc = STORE_ERR;
    else if (pg_state_is(state, "23505"))
        rc = STORE_UNIQUE;
    else if (pg_state_class(state, "23"))
        rc = STORE_CONSTRAINT;
    else if (pg_state_is(state, "40001") || pg_state_is(state, "40P01") ||
             pg_state_is(state, "55P03") || pg_state_is(state, "57014"))
        rc = STORE_BUSY;
    else
        rc = STORE_ERR;
    char esc_err[600], esc_sql[300];
    log_escape(esc_err, sizeof esc_err, pc->err);
    log_escape(esc_sql, sizeof esc_sql, what ? what : "");
    if (rc == STORE_UNAVAILABLE)
        log_warn("database link lost", "\"error\":\"%s\"", esc_err);
    else if (rc == STORE_BUSY)
        log_warn("database busy", "\"error\":\"%s\",\"sql\":\"%s\"", esc_err, esc_sql);
    else if (rc == STORE_ERR)
        log_error("database error", "\"error\":\"%s\",\"sql\":\"%s\"%s", esc_err, esc_sql,
                  pg_state_is(state, "25P02")
                      ? ",\"hint\":\"an earlier statement of this transaction failed: roll back\""
                      : "");
    return rc;
}

/* Notes the transaction state after a command (kept when the link is gone,
 * since then the server's state is unknown). */
static void pg_note_tx(struct pg_conn *pc)
{
    if (PQstatus(pc->pg) == CONNECTION_OK)
        pc->in_tx = PQtransactionStatus(pc->pg) != PQTRANS_IDLE;
}

/* Records the rows changed by an INSERT, UPDATE, DELETE or MERGE. */
static void pg_note_changes(struct pg_conn *pc, PGresult *r)
{
    const char *tag = PQcmdStatus(r);
    if (text_starts_with(tag, "INSERT") || text_starts_with(tag, "UPDATE") ||
        text_starts_with(tag, "DELETE") || text_starts_with(tag, "MERGE")) {
        const char *n = PQcmdTuples(r);
        int64_t v = 0;
        pc->changes = text_parse_i64(n, strlen(n), &v) == 0 ? v : 0;
    }
}

/* Runs a command without parameters (one or more statements).  Returns
 * STORE_OK or an error. */
static int pg_command(struct pg_conn *pc, const char *sql)
{
    PGresult *r = PQexec(pc->pg, sql);
    ExecStatusType st = PQresultStatus(r);
    int rc = STORE_OK;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY)
        pg_note_changes(pc, r);
    else
        rc = pg_fail(pc, r, sql);
    PQclear(r);
    pg_note_tx(pc);
    return rc;
}

/* Connections ------------------------------------------------------------ */

static void pg_notice(void *arg, const char *message)
{
    (void)arg;
    char esc[512];
    char line[400];
    snprintf(line, sizeof line, "%.*s", (int)strcspn(message, "\n"), message);
    log_escape(esc, sizeof esc, line);
    log_debug("database notice", "\"notice\":\"%s\"", esc);
}

/* The "options" value of url (caller frees), or NULL when it has none.
 * Returns -1 with err filled when url is not a valid connection string. */
static int pg_url_options(const char *url, char **out, char *err, size_t errlen)
{
    char *perr = NULL;
    *out = NULL;
    PQconninfoOption *opts = PQconninfoParse(url, &perr);
    if (!opts) {
        snprintf(err, errlen, "invalid PostgreSQL URL: %.*s", (int)strcspn(perr ? perr : "", "\n"),
                 perr ? perr : "out of memory");
        PQfreemem(perr);
        return -1;
    }
    for (PQconninfoOption *o = opts; o->keyword; o++)
        if (strcmp(o->keyword, "options") == 0 && o->val && o->val[0])
            *out = mem_strdup(o->val);
    PQconninfoFree(opts);
    return 0;
}

static void *pg_connect(const char *url, const struct store_options *opt, char *err,
                        size_t errlen)
{
    char *url_opts = NULL;
    if (pg_url_options(url, &url_opts, err, errlen) != 0)
        return NULL;
    /* lock_timeout 0 would mean "wait forever": a busy timeout of 0 means
     * "do not wait", as in SQLite. */
    int lock_ms = opt->busy_timeout_ms > 0 ? opt->busy_timeout_ms : 1;
    char options[1024];
    snprintf(options, sizeof options,
             "-c lock_timeout=%d -c idle_in_transaction_session_timeout=%d%s%s", lock_ms,
             PG_IDLE_TX_TIMEOUT_MS, url_opts ? " " : "", url_opts ? url_opts : "");
    mem_free(url_opts);
    /* Keywords before dbname are defaults the URL may override; those after
     * it are what the driver relies on. */
    const char *const keys[] = {"application_name", "connect_timeout",   "keepalives",
                                "keepalives_idle",  "keepalives_interval", "keepalives_count",
                                "tcp_user_timeout", "dbname",            "options",
                                "client_encoding",  NULL};
    const char *const vals[] = {"agora", "5",     "1",       "30",   "10", "3",
                                "30000", url,     options,   "UTF8", NULL};
    PGconn *pg = PQconnectdbParams(keys, vals, 1);
    if (!pg) {
        snprintf(err, errlen, "cannot connect to PostgreSQL: out of memory");
        return NULL;
    }
    if (PQstatus(pg) != CONNECTION_OK) {
        const char *m = PQerrorMessage(pg);
        snprintf(err, errlen, "cannot connect to PostgreSQL: %.*s", (int)strcspn(m, "\n"), m);
        PQfinish(pg);
        return NULL;
    }
    if (PQserverVersion(pg) < PG_MIN_SERVER_VERSION) {
        snprintf(err, errlen, "PostgreSQL %d is too old: version 10 or newer is needed",
                 PQserverVersion(pg) / 10000);
        PQfinish(pg);
        return NULL;
    }
    PQsetNoticeProcessor(pg, pg_notice, NULL);
    struct pg_conn *pc = mem_calloc(1, sizeof *pc);
    pc->pg = pg;
    pc->gen = 1;
    return pc;
}

PGconn *pg_conn_native(void *conn)
{
    return ((struct pg_conn *)conn)->pg;
}

static void pg_disconnect(void *conn)
{
    struct pg_conn *pc = conn;
    PQfinish(pc->pg);
    mem_free(pc);
}

/* Before a command: notices, without blocking, a link that the server
 * closed while we were idle, and outside a transaction re-establishes it at
 * once (nothing was sent, so nothing can run twice).  Returns STORE_OK or
 * STORE_UNAVAILABLE. */
static int pg_link_check(struct pg_conn *pc)
{
    /* A server that ends a session sends a FATAL message, then closes: one
     * read takes the message, the next one meets the end of the stream and
     * marks the connection bad. */
    for (int i = 0; i < 4 && !pc->in_tx && PQstatus(pc->pg) == CONNECTION_OK; i++) {
        struct pollfd p = {.fd = PQsocket(pc->pg), .events = POLLIN};
        if (poll(&p, 1, 0) <= 0 || !PQconsumeInput(pc->pg))
            break;
    }
    if (PQstatus(pc->pg) == CONNECTION_OK)
        return STORE_OK;
    if (pc->in_tx) {
        pg_set_err(pc, "08006", "the connection was lost inside a transaction");
        return STORE_UNAVAILABLE;
    }
    PQreset(pc->pg);
    if (PQstatus(pc->pg) != CONNECTION_OK) {
        pg_set_err(pc, "08006", PQerrorMessage(pc->pg));
        char esc[600];
        log_escape(esc, sizeof esc, pc->err);
        log_warn("database unreachable", "\"error\":\"%s\"", esc);
        return STORE_UNAVAILABLE;
    }
    pc->gen++;
    pc->ndealloc = 0;
    pc->in_tx = false;
    log_info("database reconnected", "\"how\":\"reset of an idle connection\"");
    return STORE_OK;
}

/* Statements ------------------------------------------------------------ */

static void *pg_prepare(void *conn, const char *sql)
{
    struct pg_stmt *ps = mem_calloc(1, sizeof *ps);
    ps->conn = conn;
    ps->sql = mem_strdup(sql);
    ps->nparams = store_sql_max_param(sql);
    if (ps->nparams) {
        ps->params = mem_calloc((size_t)ps->nparams, sizeof *ps->params);
        ps->values = mem_calloc((size_t)ps->nparams, sizeof *ps->values);
    }
    return ps;
}

/* A statement planned for the data at each execution: sent as the
 * unnamed statement (Parse, Bind, Execute in one round trip), never
 * prepared on the server. */
static void pg_set_replan(void *stmt)
{
    ((struct pg_stmt *)stmt)->replan = true;
}

/* Forgets the parameters and the result. */
static void pg_clear(struct pg_stmt *ps)
{
    for (int i = 0; i < ps->nparams; i++) {
        mem_free(ps->params[i].heap);
        ps->params[i].heap = NULL;
        ps->values[i] = NULL;
    }
    ps->bind_error = 0;
    PQclear(ps->res);
    ps->res = NULL;
    ps->row = ps->nrows = 0;
}

/* Queues the server-side statement of ps for deallocation (no I/O). */
static void pg_forget(struct pg_conn *pc, struct pg_stmt *ps)
{
    if (ps->gen == pc->gen && pc->ndealloc < PG_DEALLOC_MAX)
        text_copy(pc->dealloc[pc->ndealloc++], sizeof pc->dealloc[0], ps->name);
    ps->gen = 0;
}

static void pg_finalize(void *conn, void *stmt)
{
    struct pg_stmt *ps = stmt;
    pg_forget(conn, ps);
    pg_clear(ps);
    mem_free(ps->params);
    mem_free(ps->values);
    mem_free(ps->sql);
    mem_free(ps);
}

/* Deallocates queued statements, outside transactions only (where an
 * error cannot abort anything); a failure only leaves them on the server. */
static void pg_flush_deallocs(struct pg_conn *pc)
{
    if (!pc->ndealloc || PQtransactionStatus(pc->pg) != PQTRANS_IDLE)
        return;
    char sql[PG_DEALLOC_MAX * 36];
    size_t o = 0;
    for (int i = 0; i < pc->ndealloc; i++) {
        int n = snprintf(sql + o, sizeof sql - o, "DEALLOCATE %s;", pc->dealloc[i]);
        if (n < 0 || (size_t)n >= sizeof sql - o)
            break;
        o += (size_t)n;
    }
    pc->ndealloc = 0;
    PGresult *r = PQexec(pc->pg, sql);
    PQclear(r);
    pg_note_tx(pc);
}

/* Stores the value of parameter idx; NULL binds SQL NULL. */
static struct pg_param *pg_param(struct pg_stmt *ps, int idx)
{
    if (idx < 1 || idx > ps->nparams) {
        if (!ps->bind_error)
            ps->bind_error = idx;
        return NULL;
    }
    struct pg_param *p = &ps->params[idx - 1];
    mem_free(p->heap);
    p->heap = NULL;
    ps->values[idx - 1] = NULL;
    return p;
}

static void pg_bind_i64(void *stmt, int idx, int64_t v)
{
    struct pg_stmt *ps = stmt;
    struct pg_param *p = pg_param(ps, idx);
    if (!p)
        return;
    snprintf(p->num, sizeof p->num, "%lld", (long long)v);
    ps->values[idx - 1] = p->num;
}

static void pg_bind_double(void *stmt, int idx, double v)
{
    struct pg_stmt *ps = stmt;
    struct pg_param *p = pg_param(ps, idx);
    if (!p)
        return;
    /* %.17g round-trips every double; PostgreSQL reads inf and nan too. */
    snprintf(p->num, sizeof p->num, "%.17g", v);
    ps->values[idx - 1] = p->num;
}

static void pg_bind_text(void *stmt, int idx, const char *s, size_t n)
{
    struct pg_stmt *ps = stmt;
    struct pg_param *p = pg_param(ps, idx);
    if (!p || !s)
        return;
    /* Text goes NUL-terminated: a NUL inside would silently cut it. */
    if (memchr(s, '\0', n)) {
        if (!ps->bind_error)
            ps->bind_error = idx;
        return;
    }
    p->heap = mem_strndup(s, n);
    ps->values[idx - 1] = p->heap;
}

/* Text that outlives the execution: sent from where it is. */
static void pg_bind_text_static(void *stmt, int idx, const char *s, size_t n)
{
    (void)n; /* NUL-terminated at n: nothing inside can cut it */
    struct pg_stmt *ps = stmt;
    struct pg_param *p = pg_param(ps, idx);
    if (p && s)
        ps->values[idx - 1] = s;
}

static void pg_bind_null(void *stmt, int idx)
{
    pg_param(stmt, idx);
}

/* Prepares ps on the server under a new name. */
static int pg_prepare_server(struct pg_conn *pc, struct pg_stmt *ps)
{
    pg_flush_deallocs(pc);
    snprintf(ps->name, sizeof ps->name, "ag%llu", (unsigned long long)++pc->next_name);
    PGresult *r = PQprepare(pc->pg, ps->name, ps->sql, 0, NULL);
    int rc = STORE_OK;
    if (PQresultStatus(r) == PGRES_COMMAND_OK)
        ps->gen = pc->gen;
    else
        rc = pg_fail(pc, r, ps->sql);
    PQclear(r);
    pg_note_tx(pc);
    return rc;
}

/* 1 when the failure says that our server-side statement is gone or out
 * of date (a pooler's DISCARD, or a migration that changed a result
 * type): preparing it again is enough. */
static bool pg_stale_statement(const PGresult *r)
{
    const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    return pg_state_is(state, "26000") ||
           (pg_state_is(state, "0A000") && msg && strstr(msg, "cached plan must not change"));
}

/* Executes ps (preparing it first when needed) and keeps the result. */
static int pg_execute(struct pg_conn *pc, struct pg_stmt *ps)
{
    if (ps->bind_error) {
        char msg[96];
        snprintf(msg, sizeof msg,
                 "parameter $%d cannot be bound (not in the SQL, or text with NUL)",
                 ps->bind_error);
        pg_set_err(pc, NULL, msg);
        char esc[300];
        log_escape(esc, sizeof esc, ps->sql);
        log_error("database error", "\"error\":\"%s\",\"sql\":\"%s\"", msg, esc);
        return STORE_ERR;
    }
    int rc = pg_link_check(pc);
    for (int attempt = 0; rc == STORE_OK; attempt++) {
        if (!ps->replan && ps->gen != pc->gen && (rc = pg_prepare_server(pc, ps)) != STORE_OK)
            break;
        bool was_in_tx = pc->in_tx;
        PGresult *r =
            ps->replan
                ? PQexecParams(pc->pg, ps->sql, ps->nparams, NULL, ps->values, NULL, NULL, 0)
                : PQexecPrepared(pc->pg, ps->name, ps->nparams, ps->values, NULL, NULL, 0);
        ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
            pg_note_changes(pc, r);
            pg_note_tx(pc);
            ps->res = r;
            ps->nrows = PQntuples(r);
            ps->row = 0;
            return ps->nrows > 0 ? STORE_ROW : STORE_DONE;
        }
        /* Outside a transaction a failed statement did nothing: a stale
         * server-side statement may be prepared again and run once more. */
        if (attempt == 0 && !was_in_tx && !ps->replan && r && pg_stale_statement(r)) {
            if (pg_state_is(PQresultErrorField(r, PG_DIAG_SQLSTATE), "26000"))
                ps->gen = 0; /* gone already: nothing to deallocate */
            else
                pg_forget(pc, ps);
            PQclear(r);
            pg_note_tx(pc);
            continue;
        }
        rc = pg_fail(pc, r, ps->sql);
        PQclear(r);
        pg_note_tx(pc);
    }
    return rc;
}

static int pg_step(void *conn, void *stmt)
{
    struct pg_stmt *ps = stmt;
    if (!ps->res)
        return pg_execute(conn, ps);
    if (ps->row + 1 < ps->nrows) {
        ps->row++;
        return STORE_ROW;
    }
    ps->row = ps->nrows;
    return STORE_DONE;
}

static int pg_ncols(void *stmt)
{
    struct pg_stmt *ps = stmt;
    return ps->res ? PQnfields(ps->res) : 0;
}

/* The text of a column of the current row; NULL for SQL NULL or when there
 * is no such column or row. */
static const char *pg_value(const struct pg_stmt *ps, int col)
{
    if (!ps->res || ps->row >= ps->nrows || col < 0 || col >= PQnfields(ps->res) ||
        PQgetisnull(ps->res, ps->row, col))
        return NULL;
    return PQgetvalue(ps->res, ps->row, col);
}

static bool pg_col_is_null(void *stmt, int col)
{
    return pg_value(stmt, col) == NULL;
}

static void pg_col_complain(const struct pg_stmt *ps, int col, const char *want)
{
    char esc[300];
    log_escape(esc, sizeof esc, ps->sql);
    log_error("column type mismatch",
              "\"column\":%d,\"want\":\"%s\",\"type_oid\":%u,\"sql\":\"%s\"", col, want,
              (unsigned)PQftype(ps->res, col), esc);
}

static int64_t pg_col_i64(void *stmt, int col)
{
    struct pg_stmt *ps = stmt;
    const char *s = pg_value(ps, col);
    if (!s)
        return 0;
    int64_t v;
    size_t n = strlen(s);
    if (text_parse_i64(s, n, &v) == 0)
        return v;
    if (PQftype(ps->res, col) == PG_BOOLOID)
        return s[0] == 't';
    /* A NUMERIC or float: SQLite would truncate it, so do we, but say so
     * when that loses something. */
    double d;
    if (text_parse_double(s, n, &d) == 0 && d >= -9.2e18 && d <= 9.2e18) {
        if (d != (double)(int64_t)d)
            pg_col_complain(ps, col, "integer");
        return (int64_t)d;
    }
    pg_col_complain(ps, col, "integer");
    return 0;
}

static double pg_col_double(void *stmt, int col)
{
    struct pg_stmt *ps = stmt;
    const char *s = pg_value(ps, col);
    if (!s)
        return 0;
    double d;
    if (text_parse_double(s, strlen(s), &d) == 0)
        return d;
    if (strcmp(s, "Infinity") == 0)
        return INFINITY;
    if (strcmp(s, "-Infinity") == 0)
        return -INFINITY;
    if (strcmp(s, "NaN") == 0)
        return NAN;
    pg_col_complain(ps, col, "double");
    return 0;
}

static const char *pg_col_text(void *stmt, int col)
{
    return pg_value(stmt, col);
}

static void pg_reset(void *conn, void *stmt)
{
    (void)conn;
    pg_clear(stmt);
}

static bool pg_busy(void *stmt)
{
    struct pg_stmt *ps = stmt;
    return ps->res != NULL;
}

/* Commands and transactions ----------------------------------------------- */

static int pg_exec(void *conn, const char *sql)
{
    struct pg_conn *pc = conn;
    int rc = pg_link_check(pc);
    return rc == STORE_OK ? pg_command(pc, sql) : rc;
}

static int pg_begin(void *conn, enum store_tx kind)
{
    struct pg_conn *pc = conn;
    int rc = pg_link_check(pc);
    if (rc != STORE_OK)
        return rc;
    char sql[128];
    if (kind == STORE_TX_WRITE)
        snprintf(sql, sizeof sql,
                 "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(%lld)",
                 PG_WRITE_LOCK_KEY);
    else
        snprintf(sql, sizeof sql, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    rc = pg_command(pc, sql);
    if (rc != STORE_OK && pc->in_tx && PQstatus(pc->pg) == CONNECTION_OK)
        pg_command(pc, "ROLLBACK"); /* e.g. the lock was not obtained in time */
    return rc;
}

static int pg_commit(void *conn)
{
    struct pg_conn *pc = conn;
    PGresult *r = PQexec(pc->pg, "COMMIT");
    int rc = STORE_OK;
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        rc = pg_fail(pc, r, "COMMIT");
        if (rc == STORE_UNAVAILABLE)
            log_warn("commit outcome unknown: the database link was lost", NULL);
    } else if (strcmp(PQcmdStatus(r), "COMMIT") != 0) {
        /* PostgreSQL answers ROLLBACK to the COMMIT of a failed transaction. */
        pg_set_err(pc, "25P02", "the transaction was rolled back: a statement in it had failed");
        log_error("database error", "\"error\":\"%s\"", pc->err);
        rc = STORE_ERR;
    }
    PQclear(r);
    pg_note_tx(pc);
    return rc;
}

static int pg_rollback(void *conn)
{
    struct pg_conn *pc = conn;
    if (PQstatus(pc->pg) != CONNECTION_OK) {
        pc->in_tx = false; /* the server rolls back a transaction whose link is gone */
        return STORE_UNAVAILABLE;
    }
    if (PQtransactionStatus(pc->pg) == PQTRANS_IDLE)
        return STORE_OK;
    return pg_command(pc, "ROLLBACK");
}

static int64_t pg_changes(void *conn)
{
    struct pg_conn *pc = conn;
    return pc->changes;
}

static const char *pg_errmsg(void *conn)
{
    struct pg_conn *pc = conn;
    return pc->err[0] ? pc->err : PQerrorMessage(pc->pg);
}

static bool pg_ping(void *conn)
{
    return pg_exec(conn, "SELECT 1") == STORE_OK;
}

const struct store_driver store_postgres_driver = {
    .name = "postgres",
    .engine = STORE_POSTGRES,
    .pk_sql = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
    .reserve_ids_sql = "SELECT nextval(pg_get_serial_sequence('%s', 'id')) "
                       "FROM generate_series(1, CAST($1 AS BIGINT))",
    .reserve_ids_from_max = false,
    .connect = pg_connect,
    .disconnect = pg_disconnect,
    .prepare = pg_prepare,
    .finalize = pg_finalize,
    .set_replan = pg_set_replan,
    .bind_i64 = pg_bind_i64,
    .bind_double = pg_bind_double,
    .bind_text = pg_bind_text,
    .bind_text_static = pg_bind_text_static,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .ncols = pg_ncols,
    .col_is_null = pg_col_is_null,
    .col_i64 = pg_col_i64,
    .col_double = pg_col_double,
    .col_text = pg_col_text,
    .reset = pg_reset,
    .busy = pg_busy,
    .exec = pg_exec,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .changes = pg_changes,
    .errmsg = pg_errmsg,
    .ping = pg_ping,
    .backup = NULL,
};
