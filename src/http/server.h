/*
 * server.h - the HTTP server: libmicrohttpd with its thread pool and epoll.
 *
 * server_run binds, writes the bound port to the port file, serves until
 * SIGTERM or SIGINT, then stops accepting, lets in-flight requests finish
 * (up to the grace period) and returns.  The caller closes the database
 * afterwards.
 */
#ifndef AG_SERVER_H
#define AG_SERVER_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "http/http.h"

struct server_config {
    const char *listen;    /* "127.0.0.1:8080", "[::1]:0", ":8080" */
    const char *port_file; /* "" for none */
    int threads;           /* 0: one per core */
    size_t json_body_max;
    uint64_t upload_body_max;
    const char *tmp_dir;
    const char *trusted_proxies; /* comma-separated addresses */
    int shutdown_grace;          /* seconds */
    int db_retry_after;          /* seconds, for 503 */
};

/* The routes to serve (the table of src/routes.c). */
extern const struct route app_routes[];
extern const size_t app_routes_count;

/* Blocks SIGTERM and SIGINT in the calling thread (and so in every thread
 * it creates afterwards) and ignores SIGPIPE; server_run then receives the
 * stop signals with sigwait.  Call before creating any thread.  The set is
 * stored in *set when not NULL. */
void server_block_signals(sigset_t *set);

/* Serves until a stop signal. Returns 0 on a clean stop, -1 if it could not
 * start (logged). */
int server_run(const struct server_config *cfg);

/* Parses "host:port" into a numeric host (written to host) and port.
 * Returns 0 or -1. Exposed for tests. */
int server_parse_listen(const char *listen, char *host, size_t hostlen, int *port);

#endif
