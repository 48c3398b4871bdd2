/*
 * http.h - what a handler sees: the request, the response, the route.
 *
 * Handlers never touch libmicrohttpd.  They read a struct http_req (already
 * routed, authenticated, size-checked, and for JSON routes parsed) and fill a
 * struct http_res, returning its status:
 *
 *   static int me_get(struct http_req *req, struct http_res *res)
 *   {
 *       json_t *me = ...;
 *       return http_json(res, 200, me);   // res takes the reference
 *   }
 *
 * Errors go through http_problem*, the only code that shapes problem+json
 * bodies, so no two handlers can disagree on the format.
 *
 * Memory: everything reachable from struct http_req is owned by the request
 * and freed when it completes; allocate with req->arena.  JSON handed to a
 * response is owned by the response.
 */
#ifndef AG_HTTP_H
#define AG_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/errcode.h"
#include "core/limits.h"
#include "store/store.h"

struct http_req;
struct http_res;

typedef int (*http_handler)(struct http_req *req, struct http_res *res);

/* Who may call a route. */
enum http_access {
    ACCESS_PUBLIC, /* anyone; a valid token is still read if sent */
    ACCESS_USER,   /* any signed-in account */
    ACCESS_STAFF,  /* retailer staff or admin */
    ACCESS_ADMIN,  /* admin only */
};

/* What a route accepts as body. */
enum http_body {
    BODY_NONE,          /* no body; one that is sent gets 413 */
    BODY_JSON,          /* application/json, required */
    BODY_JSON_OPTIONAL, /* application/json, may be empty */
    BODY_UPLOAD,        /* streamed to a temporary file (feeds) */
};

/* Route flags. */
enum {
    /* The route writes: Idempotency-Key is honoured, and a transaction the
     * handler began is committed on 2xx, rolled back otherwise. */
    ROUTE_WRITE = 1 << 0,
    /* Never replay from the Idempotency-Key store (responses carry secrets,
     * such as the bearer token of a login). */
    ROUTE_NO_REPLAY = 1 << 1,
    /* Runs even when the database is unreachable (req->db may be NULL):
     * /healthz, /readyz, /metrics. */
    ROUTE_NO_DB = 1 << 2,
};

struct route {
    const char *method;  /* "GET", "POST", "PATCH", "PUT", "DELETE" */
    const char *pattern; /* "/v1/stores/{id}" */
    http_handler handler;
    enum http_access access;
    enum http_body body;
    unsigned flags;
    size_t body_max;             /* 0: the default of the body kind */
    const char *const *upload_types; /* BODY_UPLOAD: accepted Content-Types */
    const char *summary;         /* one line, mirrored in docs/openapi.yaml */
};

enum http_role { ROLE_NONE = 0, ROLE_SHOPPER, ROLE_STAFF, ROLE_ADMIN };

struct http_auth {
    int64_t account_id; /* 0 when anonymous */
    int64_t session_id;
    enum http_role role;
    int64_t retailer_id; /* staff scope; 0 for none */
};

struct http_query_pair {
    const char *name;
    const char *value;
};

struct http_req {
    struct arena *arena;
    const struct route *route;
    int route_index;
    const char *method;
    const char *path;
    /* Values of the {name} segments, in the order of the pattern. */
    const char *params[AG_PATH_PARAMS_MAX];
    int nparams;
    struct http_query_pair query[AG_QUERY_PARAMS_MAX];
    int nquery;
    const char *raw_query; /* undecoded, "" when none */
    /* BODY_JSON routes: the parsed body, owned by the request (NULL when an
     * optional body was absent). */
    json_t *body;
    /* BODY_UPLOAD routes: the streamed body in a temporary file (removed
     * when the request completes), its size and Content-Type. */
    const char *upload_path;
    uint64_t upload_len;
    const char *content_type;
    struct http_auth auth;
    const char *client_addr;
    const char *request_id;
    const char *idempotency_key; /* NULL when not sent */
    /* The database connection of this worker thread; NULL if the database
     * is unreachable (the dispatcher then answers 503 before the handler
     * runs, except on routes that check it themselves: /healthz). */
    store_conn *db;
    /* The read-cache epoch taken before the request read anything (see
     * store/rcache.h): tag cached results with it. */
    uint64_t cache_epoch;
    /* Reads a request header (borrowed until the request completes). */
    const char *(*header)(struct http_req *req, const char *name);
    void *server_ctx; /* private to server.c */
};

#define HTTP_MAX_HEADERS 8

struct http_res {
    int status;
    json_t *json;        /* owned; serialised by the server */
    char *raw;           /* owned (mem_alloc'd) raw body, when json is NULL */
    size_t raw_len;
    const char *content_type; /* static string; default application/json */
    struct {
        const char *name; /* static */
        char *value;      /* owned by the request arena */
    } headers[HTTP_MAX_HEADERS];
    int nheaders;
    enum errcode error;  /* set by http_problem*, ERR_OK otherwise */
};

/* Responses ------------------------------------------------------------ */

/* Sets status and JSON body (reference stolen). Returns status. */
int http_json(struct http_res *res, int status, json_t *body);
/* 204 No Content. */
int http_no_content(struct http_res *res);
/* A raw body (copied). */
int http_raw(struct http_res *res, int status, const char *content_type, const char *data,
             size_t len);
/* Adds a response header (value copied into the request arena). */
void http_header(struct http_req *req, struct http_res *res, const char *name,
                 const char *value);

/* Problem details (RFC 9457).  detail may be NULL (the code's title is
 * used).  Return the HTTP status of the code. */
int http_problem(struct http_res *res, enum errcode code, const char *detail_fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* 422 validation_failed with a list of {pointer|parameter, detail}
 * (reference stolen). */
int http_problem_fields(struct http_res *res, json_t *errors, const char *detail);
/* The same with extra members (stolen; those the problem has are kept). */
int http_problem_fields_extra(struct http_res *res, json_t *errors, const char *detail,
                              json_t *extra);
/* 422 for one failing field named by a JSON pointer ("/email"). */
int http_problem_field(struct http_res *res, const char *pointer, const char *detail);
/* 422 for one failing query parameter. */
int http_problem_param(struct http_res *res, const char *param, const char *detail);
/* Maps a storage error to 409/503/500 as fits. */
int http_problem_store(struct http_res *res, int store_rc);

/* Request helpers ------------------------------------------------------- */

/* The value of a query parameter, or NULL. */
const char *http_query(const struct http_req *req, const char *name);

/* A path parameter parsed as an id; on failure answers 404 and returns -1. */
int http_param_id(struct http_req *req, struct http_res *res, int index, int64_t *out);

#endif
