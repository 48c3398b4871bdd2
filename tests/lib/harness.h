/*
 * harness.h - what API tests use: a real agora server on a loopback port
 * with a fresh database, and an HTTP client (libcurl) to talk to it.
 *
 * The binary is $AGORA_BIN (default build/agora).  The database is a new
 * SQLite file in a temporary folder, or, when $AGORA_TEST_PG is set (a
 * postgres:// URL of a server where the test may create databases), a new
 * PostgreSQL database.  The server binds port 0 and reports its port
 * through --port-file, so test files may run in parallel.
 *
 * Ownership: struct http_resp owns its body, headers and json; free them
 * with resp_free.  Strings passed in are borrowed for the call.
 */
#ifndef AG_TEST_HARNESS_H
#define AG_TEST_HARNESS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct srv {
    pid_t pid;
    int port;
    char dir[256];   /* temporary folder: database, logs, port file */
    char db[512];    /* the --db value */
    char base[64];   /* "http://127.0.0.1:PORT" */
    void *curl;      /* reused handle: keep-alive across requests */
    int peer;        /* shares another server's database (srv_start_peer) */
};

struct http_resp {
    long status;
    char *body;      /* NUL-terminated */
    size_t len;
    char *headers;   /* raw header block */
    json_t *json;    /* parsed body when it is JSON, else NULL */
    long new_connections; /* 0 when the request reused a connection */
};

/* The path of the agora binary under test. */
const char *harness_bin(void);

/* Creates a fresh database and its --db value in s (folder included). */
int srv_prepare(struct srv *s);
/* Starts `agora serve` on the prepared database (srv_prepare is called
 * when s->dir is empty).  extra: NULL-ended list of extra arguments.
 * Returns 0, or -1 with the server log printed. */
int srv_start(struct srv *s, const char *const *extra);
/* Starts a second server on base's database (its own folder inside base's,
 * its own port); srv_cleanup(peer) leaves the database alone. */
int srv_start_peer(struct srv *peer, const struct srv *base, const char *const *extra);
/* srv_start_peer without the start, for servers that must start together
 * (several instances, one service). Returns 0 or -1. */
int srv_prepare_peer(struct srv *peer, const struct srv *base);
/* srv_start in two steps, so that several servers can start at once:
 * srv_spawn forks `agora serve` (preparing s when s->dir is empty) and
 * srv_wait waits until it listens.  Each returns 0 or -1. */
int srv_spawn(struct srv *s, const char *const *extra);
int srv_wait(struct srv *s);
/* Lines of the server's log that contain needle, or -1. */
int srv_log_count(const struct srv *s, const char *needle);
/* SIGTERM, wait; returns the exit status (0 for a clean stop) or -1. */
int srv_stop(struct srv *s);
/* Removes the temporary folder (and the PostgreSQL database). */
void srv_cleanup(struct srv *s);
/* srv_stop then srv_cleanup, as a group teardown ends: 0 when the server
 * stopped cleanly, else -1. */
int srv_finish(struct srv *s);

/* Runs `agora ARGS...` with --db of s, capturing stdout into out.
 * Returns the exit status. */
int srv_cli(struct srv *s, const char *const *args, char *out, size_t outlen);

/* One HTTP request. content_type/body may be NULL; headers is a NULL-ended
 * list of "Name: value" strings (may be NULL).  Returns 0 when a response
 * arrived (any status), -1 on a transport error. */
int http_do(struct srv *s, const char *method, const char *path, const char *content_type,
            const char *body, size_t len, const char *const *headers, struct http_resp *out);

/* JSON conveniences: token may be NULL. */
int api_get(struct srv *s, const char *path, const char *token, struct http_resp *out);
int api_send(struct srv *s, const char *method, const char *path, const char *token,
             const char *json_body, struct http_resp *out);
int api_send_idem(struct srv *s, const char *method, const char *path, const char *token,
                  const char *json_body, const char *idem_key, struct http_resp *out);

/* Signs up a new shopper and returns its token (caller frees), or NULL. */
char *api_signup(struct srv *s, const char *email, const char *password);
/* Logs in; returns the token (caller frees) or NULL. */
char *api_login(struct srv *s, const char *email, const char *password);
/* Creates an account with `agora user add` and logs it in; returns the
 * token (caller frees). role: admin/staff/shopper; retailer for staff. */
char *api_make_user(struct srv *s, const char *email, const char *role, long retailer);

/* A header of the response (case-insensitive), copied into out; 1 if found. */
int resp_header(const struct http_resp *r, const char *name, char *out, size_t outlen);
/* The "code" of a problem+json body, or "" when absent. */
const char *resp_code(const struct http_resp *r);
void resp_free(struct http_resp *r);

/* Sends request bytes on a fresh raw TCP connection and reads the answer
 * into resp (NUL-terminated) until the server closes or goes quiet for 3 s.
 * *closed is set when the server closed the connection.  Returns bytes
 * read, or -1 when no connection could be made. */
int raw_http(struct srv *s, const char *request, size_t len, char *resp, size_t resplen,
             int *closed);

/* A string unique within this test run, for e-mails and keys. */
const char *harness_unique(const char *prefix);
/* A unique e-mail address ("prefix123@test.example"), valid until the next
 * call in this thread. */
const char *harness_email(const char *prefix);

/* PostgreSQL ------------------------------------------------------------ */

/* 1 when this run is on PostgreSQL ($AGORA_TEST_PG is set). */
bool harness_pg(void);

/* A private PostgreSQL cluster (tests/lib/pgcluster.sh, $AGORA_TEST_PGCLUSTER
 * overrides the path) for tests that stop and start the server without
 * disturbing other test files.  It lives under $AGORA_TEST_PG_ROOT (else
 * /tmp), so that tests/run.sh stops it even if the test is killed. */
struct pgc {
    char dir[256];
    char url[128]; /* postgres://postgres@127.0.0.1:PORT (no database) */
};
/* initdb and start; returns 0 or -1. */
int pgc_new(struct pgc *c);
/* Fast shutdown / start again on the same port; 0 or -1. */
int pgc_stop(struct pgc *c);
int pgc_start(struct pgc *c);
/* Stops the cluster and removes its folder. */
void pgc_destroy(struct pgc *c);

/* Counts rows of a SQL query on the server's SQLite database (read-only
 * connection): used to prove that a refused request wrote nothing.
 * Returns the count or -1.  PostgreSQL runs go through psql. */
long db_count(struct srv *s, const char *sql);
/* Runs one SQL statement on the server's database, for the few tests that
 * must set up a state no API can produce (a newer schema, a request still
 * running elsewhere).  Returns 0 or -1. */
int db_exec(struct srv *s, const char *sql);

#endif
