/*
 * server.c - the transport: libmicrohttpd callbacks, body reading with
 * limits, responses, access log and graceful shutdown (see server.h).
 *
 * This is the only file that includes microhttpd.h.  Per request:
 *   uri_log callback   -> allocate the request context and its arena
 *   1st access call    -> route, limits, Content-Type; never queue here
 *                         unless refusing a body (libmicrohttpd 0.9.75
 *                         answers "Connection: close" to a response queued
 *                         on the first call, so normal requests wait)
 *   body calls         -> append to a bounded buffer or a temporary file
 *   last access call   -> dispatch (policy + handler), queue the response
 *   completed callback -> access log, metrics, free everything
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/secret.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "http/acceptor.h"
#include "http/dispatch.h"
#include "http/metrics.h"
#include "http/query.h"
#include "http/router.h"
#include "http/static_files.h"
#include "json/js.h"

/* Response headers sent with everything. */
#define SERVER_CSP                                                                              \
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "           \
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "                 \
    "form-action 'self'; frame-ancestors 'none'"

struct server_req {
    struct arena *arena;
    struct MHD_Connection *conn;
    struct http_req req;
    struct http_res res;
    int64_t t0;
    const char *raw_uri;
    int calls;           /* access-handler calls so far */
    bool queued;         /* a response was queued */
    bool has_body;
    bool early;          /* res holds an error decided before the body */
    bool is_static;
    struct static_file file;
    int metric_route;
    struct buf body;     /* JSON routes */
    size_t body_max;
    uint64_t upload_max;
    int upload_fd;       /* upload routes, -1 otherwise */
    char *upload_path;   /* owned by the arena; unlinked when done */
    uint64_t body_len;
    int status;
    size_t bytes;
};

static const struct server_config *server_cfg;
static _Atomic int server_in_flight;
static char server_id_prefix[9];
static _Atomic uint64_t server_id_counter;

/* Helpers ----------------------------------------------------------------- */

/* An operator-supplied value escaped for a JSON log line (thread-local
 * buffer, valid until the next call in the thread). */
static const char *server_esc(const char *s)
{
    static _Thread_local char out[512];
    log_escape(out, sizeof out, s ? s : "");
    return out;
}

static const char *server_header_get(struct http_req *req, const char *name)
{
    struct server_req *sr = req->server_ctx;
    return MHD_lookup_connection_value(sr->conn, MHD_HEADER_KIND, name);
}

/* 1 if s is a usable client-supplied request id. */
static int server_request_id_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > AG_REQUEST_ID_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.'))
            return 0;
    }
    return 1;
}

static const char *server_new_request_id(struct arena *a)
{
    uint64_t n = atomic_fetch_add(&server_id_counter, 1);
    return arena_printf(a, "%s%08llx", server_id_prefix, (unsigned long long)(n & 0xffffffffu));
}

/* 1 if addr is listed in the comma-separated trusted proxies. */
static int server_proxy_trusted(const char *addr)
{
    const char *list = server_cfg->trusted_proxies;
    size_t alen = strlen(addr);
    while (list && *list) {
        const char *comma = strchr(list, ',');
        size_t n = comma ? (size_t)(comma - list) : strlen(list);
        while (n && *list == ' ') {
            list++;
            n--;
        }
        while (n && list[n - 1] == ' ')
            n--;
        if (n == alen && strncmp(list, addr, n) == 0)
            return 1;
        if (!comma)
            break;
        list = comma + 1;
    }
    return 0;
}

/* The client address: the peer, or behind a trusted proxy the right-most
 * X-Forwarded-For entry that is not itself a trusted proxy. */
static const char *server_client_addr(struct server_req *sr)
{
    char peer[INET6_ADDRSTRLEN] = "unknown";
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(sr->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, peer,
                      sizeof peer);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
                      peer, sizeof peer);
    }
    if (!server_cfg->trusted_proxies[0] || !server_proxy_trusted(peer))
        return arena_strdup(sr->arena, peer);
    const char *xff = MHD_lookup_connection_value(sr->conn, MHD_HEADER_KIND, "X-Forwarded-For");
    if (!xff)
        return arena_strdup(sr->arena, peer);
    char *list = arena_strdup(sr->arena, xff);
    for (;;) {
        char *comma = strrchr(list, ',');
        char *item = comma ? comma + 1 : list;
        while (*item == ' ')
            item++;
        size_t n = strlen(item);
        while (n && item[n - 1] == ' ')
            item[--n] = '\0';
        if (!comma || !server_proxy_trusted(item))
            return n ? item : arena_strdup(sr->arena, peer);
        *comma = '\0';
    }
}

/* 1 if the Content-Type's media type is one of types (case-insensitive). */
static int server_type_is(const char *ct, const char *const *types)
{
    if (!ct)
        return 0;
    size_t n = strcspn(ct, ";");
    while (n && ct[n - 1] == ' ')
        n--;
    for (const char *const *t = types; *t; t++)
        if (strlen(*t) == n && strncasecmp(ct, *t, n) == 0)
            return 1;
    return 0;
}

/* 1 if a JSON Content-Type has no charset or charset=utf-8. */
static int server_json_charset_ok(const char *ct)
{
    const char *semi = strchr(ct, ';');
    if (!semi)
        return 1;
    const char *cs = strcasestr(semi, "charset=");
    if (!cs)
        return 1;
    cs += 8;
    if (*cs == '"')
        cs++;
    return strncasecmp(cs, "utf-8", 5) == 0;
}

/* Responses ---------------------------------------------------------------- */

static void server_add_common_headers(struct server_req *sr, struct MHD_Response *resp)
{
    MHD_add_response_header(resp, "X-Request-Id", sr->req.request_id);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Content-Security-Policy", SERVER_CSP);
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
}

static enum MHD_Result server_queue(struct server_req *sr)
{
    struct http_res *res = &sr->res;
    struct MHD_Response *resp;
    size_t len = 0;
    int status = res->status ? res->status : 500;

    if (sr->is_static && !res->json) {
        const char *inm =
            MHD_lookup_connection_value(sr->conn, MHD_HEADER_KIND, "If-None-Match");
        if (inm && strcmp(inm, sr->file.etag) == 0) {
            status = 304;
            resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
        } else {
            status = 200;
            len = sr->file.len;
            resp = MHD_create_response_from_buffer(len, (void *)sr->file.data,
                                                   MHD_RESPMEM_PERSISTENT);
            MHD_add_response_header(resp, "Content-Type", sr->file.content_type);
        }
        MHD_add_response_header(resp, "ETag", sr->file.etag);
        MHD_add_response_header(resp, "Cache-Control", "no-cache");
    } else {
        char *body = NULL;
        if (res->json) {
            if (res->error != ERR_OK && json_is_object(res->json)) {
                json_object_set_new(res->json, "instance", json_string(sr->req.path));
                json_object_set_new(res->json, "request_id", json_string(sr->req.request_id));
            }
            body = js_dump(res->json, &len);
        } else if (res->raw) {
            body = res->raw;
            len = res->raw_len;
            res->raw = NULL;
        }
        if (status == 204 || status == 304) {
            mem_free(body);
            body = NULL;
            len = 0;
        }
        resp = body ? MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE)
                    : MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
        if (!resp) {
            mem_free(body);
            return MHD_NO;
        }
        if (body) {
            const char *ct = res->content_type;
            if (!ct)
                ct = res->json ? "application/json" : "text/plain; charset=utf-8";
            MHD_add_response_header(resp, "Content-Type", ct);
        }
        MHD_add_response_header(resp, "Cache-Control", "no-store");
    }
    for (int i = 0; i < res->nheaders; i++)
        MHD_add_response_header(resp, res->headers[i].name, res->headers[i].value);
    if (status == 503 && !MHD_get_response_header(resp, "Retry-After")) {
        char v[16];
        snprintf(v, sizeof v, "%d", server_cfg->db_retry_after);
        MHD_add_response_header(resp, "Retry-After", v);
    }
    server_add_common_headers(sr, resp);
    enum MHD_Result r = MHD_queue_response(sr->conn, (unsigned)status, resp);
    MHD_destroy_response(resp);
    sr->queued = true;
    sr->status = status;
    sr->bytes = len;
    return r;
}

/* Request phases ---------------------------------------------------------- */

/* Creates the request context; libmicrohttpd calls this first, with the
 * raw URI (query string included), and hands the result to later calls. */
static void *server_uri_log(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)cls;
    struct arena *a = arena_new();
    struct server_req *sr = arena_zalloc(a, sizeof *sr);
    sr->arena = a;
    sr->conn = conn;
    sr->t0 = time_mono_us();
    sr->raw_uri = arena_strdup(a, uri ? uri : "/");
    sr->upload_fd = -1;
    sr->metric_route = METRICS_ROUTE_UNMATCHED;
    sr->req.arena = a;
    sr->req.server_ctx = sr;
    sr->req.header = server_header_get;
    sr->req.raw_query = "";
    atomic_fetch_add(&server_in_flight, 1);
    metrics_in_flight_add(1);
    return sr;
}

/* Opens the temporary file of an upload. Returns 0, or -1 (500 set). */
static int server_open_upload(struct server_req *sr)
{
    char *path = arena_printf(sr->arena, "%s/agora-upload-XXXXXX", server_cfg->tmp_dir);
    int fd = mkstemp(path);
    if (fd < 0) {
        log_error("cannot create upload file", "\"dir\":\"%s\",\"errno\":%d",
                  server_esc(server_cfg->tmp_dir), errno);
        http_problem(&sr->res, ERR_INTERNAL, "Could not store the upload.");
        return -1;
    }
    sr->upload_fd = fd;
    sr->upload_path = path;
    return 0;
}

/* Decides everything that does not need the body. Sets sr->early when the
 * request is already answered (an error, or a static file). */
static void server_first_call(struct server_req *sr, const char *url, const char *method)
{
    struct http_req *req = &sr->req;
    req->method = arena_strdup(sr->arena, method);
    req->path = arena_strdup(sr->arena, url);
    const char *rid = MHD_lookup_connection_value(sr->conn, MHD_HEADER_KIND, "X-Request-Id");
    req->request_id = rid && server_request_id_ok(rid) ? arena_strdup(sr->arena, rid)
                                                       : server_new_request_id(sr->arena);
    req->client_addr = server_client_addr(sr);
    req->idempotency_key = MHD_lookup_connection_value(sr->conn, MHD_HEADER_KIND,
                                                       "Idempotency-Key");
    req->content_type = MHD_lookup_connection_value(sr->conn, MHD_HEADER_KIND, "Content-Type");

    const char *cl = MHD_lookup_connection_value(sr->conn, MHD_HEADER_KIND, "Content-Length");
    const char *te =
        MHD_lookup_connection_value(sr->conn, MHD_HEADER_KIND, "Transfer-Encoding");
    int64_t content_length = 0;
    if (cl && text_parse_i64(cl, strlen(cl), &content_length) != 0)
        content_length = INT64_MAX;
    sr->has_body = content_length > 0 || (te && strcasestr(te, "chunked"));

    if (strlen(url) > AG_PATH_MAX) {
        sr->early = true;
        http_problem(&sr->res, ERR_ROUTE_NOT_FOUND, "The path is too long.");
        return;
    }
    const char *q = strchr(sr->raw_uri, '?');
    if (q) {
        req->raw_query = q + 1;
        const char *why = NULL;
        if (strlen(q + 1) > AG_QUERY_MAX) {
            sr->early = true;
            http_problem(&sr->res, ERR_BAD_REQUEST, "The query string is too long.");
            return;
        }
        if (query_parse(sr->arena, q + 1, req->query, AG_QUERY_PARAMS_MAX, &req->nquery, &why)) {
            sr->early = true;
            http_problem(&sr->res, ERR_BAD_REQUEST, "The query string %s.", why);
            return;
        }
    }

    char allow[128];
    int idx = router_match(sr->arena, method, url, req->params, &req->nparams, allow,
                           sizeof allow);
    if (idx == ROUTER_METHOD_NOT_ALLOWED) {
        sr->early = true;
        http_problem(&sr->res, ERR_METHOD_NOT_ALLOWED, "%s is not allowed here; use %s.", method,
                     allow);
        http_header(req, &sr->res, "Allow", allow);
        return;
    }
    if (idx == ROUTER_NOT_FOUND) {
        int api = strncmp(url, "/v1/", 4) == 0 || strcmp(url, "/v1") == 0;
        if (!api && (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0) &&
            static_lookup(url, &sr->file) == 0) {
            sr->is_static = true;
            sr->early = true;
            sr->metric_route = METRICS_ROUTE_STATIC;
            return;
        }
        sr->early = true;
        http_problem(&sr->res, ERR_ROUTE_NOT_FOUND, "No route %s %s.", method, url);
        return;
    }
    const struct route *rt = &app_routes[idx];
    req->route = rt;
    req->route_index = idx;
    sr->metric_route = idx;

    if (rt->body == BODY_UPLOAD)
        sr->upload_max = rt->body_max ? rt->body_max : server_cfg->upload_body_max;
    else if (rt->body == BODY_NONE)
        sr->body_max = 0;
    else
        sr->body_max = rt->body_max ? rt->body_max : server_cfg->json_body_max;
    uint64_t limit = rt->body == BODY_UPLOAD ? sr->upload_max : sr->body_max;

    if (sr->has_body && (uint64_t)content_length > limit) {
        sr->early = true;
        if (limit == 0)
            http_problem(&sr->res, ERR_PAYLOAD_TOO_LARGE, "This route takes no request body.");
        else
            http_problem(&sr->res, ERR_PAYLOAD_TOO_LARGE,
                         "The body is larger than this route's limit of %llu bytes.",
                         (unsigned long long)limit);
        return;
    }
    if (sr->has_body && rt->body == BODY_UPLOAD) {
        if (!server_type_is(req->content_type, rt->upload_types)) {
            sr->early = true;
            http_problem(&sr->res, ERR_UNSUPPORTED_MEDIA_TYPE, "Send this upload as %s%s%s.",
                         rt->upload_types[0], rt->upload_types[1] ? " or " : "",
                         rt->upload_types[1] ? rt->upload_types[1] : "");
            return;
        }
        if (server_open_upload(sr) != 0)
            sr->early = true;
        return;
    }
    if (sr->has_body && rt->body != BODY_NONE) {
        static const char *const json_types[] = {"application/json", NULL};
        if (!server_type_is(req->content_type, json_types) ||
            !server_json_charset_ok(req->content_type)) {
            sr->early = true;
            http_problem(&sr->res, ERR_UNSUPPORTED_MEDIA_TYPE,
                         "Send the body as application/json (UTF-8).");
            return;
        }
        buf_init(&sr->body, sr->body_max);
    }
}

/* Takes one chunk of body. Returns 0, or -1 when over the limit (413 set)
 * or the upload could not be written (500 set). */
static int server_take_body(struct server_req *sr, const char *data, size_t n)
{
    sr->body_len += n;
    if (sr->upload_fd >= 0) {
        if (sr->body_len > sr->upload_max) {
            http_problem(&sr->res, ERR_PAYLOAD_TOO_LARGE,
                         "The upload is larger than the limit of %llu bytes.",
                         (unsigned long long)sr->upload_max);
            return -1;
        }
        while (n > 0) {
            ssize_t w = write(sr->upload_fd, data, n);
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0) {
                log_error("cannot write upload", "\"errno\":%d", errno);
                http_problem(&sr->res, ERR_INTERNAL, "Could not store the upload.");
                return -1;
            }
            data += w;
            n -= (size_t)w;
        }
        return 0;
    }
    if (buf_append(&sr->body, data, n) != BUF_OK) {
        http_problem(&sr->res, ERR_PAYLOAD_TOO_LARGE,
                     "The body is larger than this route's limit of %zu bytes.", sr->body_max);
        return -1;
    }
    return 0;
}

static enum MHD_Result server_access(void *cls, struct MHD_Connection *conn, const char *url,
                                     const char *method, const char *version,
                                     const char *upload_data, size_t *upload_data_size,
                                     void **req_cls)
{
    (void)cls;
    (void)version;
    struct server_req *sr = *req_cls;
    if (!sr)
        return MHD_NO;
    sr->conn = conn;
    if (sr->calls++ == 0) {
        server_first_call(sr, url, method);
        /* Refuse a body we will not read now; otherwise answer later, so
         * that keep-alive is kept. */
        if (sr->early && sr->has_body)
            return server_queue(sr);
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (sr->queued || sr->early)
            return MHD_YES; /* discarding the rest of a refused body */
        if (server_take_body(sr, upload_data, n) != 0) {
            sr->early = true;
            return server_queue(sr);
        }
        return MHD_YES;
    }
    if (sr->queued)
        return MHD_YES;
    if (!sr->early) {
        if (sr->upload_fd >= 0) {
            if (fsync(sr->upload_fd) != 0 || close(sr->upload_fd) != 0)
                log_warn("upload close failed", "\"errno\":%d", errno);
            sr->upload_fd = -1;
            sr->req.upload_path = sr->upload_path;
            sr->req.upload_len = sr->body_len;
        }
        dispatch_request(&sr->req, &sr->res, sr->body.data, sr->body.len);
    }
    return server_queue(sr);
}

static void server_access_log(struct server_req *sr, int64_t duration_us)
{
    char line[1600], ts[40], path[600];
    time_format_rfc3339_ms(time_now_ms(), ts, sizeof ts);
    log_escape(path, sizeof path, sr->req.path ? sr->req.path : sr->raw_uri);
    const char *route = sr->req.route ? sr->req.route->pattern
                                      : (sr->is_static ? "static" : "unmatched");
    int n = snprintf(line, sizeof line,
                     "{\"time\":\"%s\",\"level\":\"info\",\"msg\":\"access\",\"id\":\"%s\","
                     "\"method\":\"%s\",\"route\":\"%s\",\"path\":\"%s\",\"status\":%d,"
                     "\"bytes\":%zu,\"duration_us\":%lld,\"client\":\"%s\",\"account\":%lld}\n",
                     ts, sr->req.request_id ? sr->req.request_id : "",
                     sr->req.method ? sr->req.method : "", route, path, sr->status, sr->bytes,
                     (long long)duration_us, sr->req.client_addr ? sr->req.client_addr : "",
                     (long long)sr->req.auth.account_id);
    if (n > 0)
        log_access_write(line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

static void server_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                             enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    (void)toe;
    struct server_req *sr = *req_cls;
    if (!sr)
        return;
    *req_cls = NULL;
    int64_t duration = time_mono_us() - sr->t0;
    if (sr->req.method) {
        if (log_access_enabled())
            server_access_log(sr, duration);
        metrics_observe(sr->metric_route, sr->status, duration);
    }
    if (sr->req.body)
        json_decref(sr->req.body);
    if (sr->res.json)
        json_decref(sr->res.json);
    mem_free(sr->res.raw);
    if (sr->upload_fd >= 0)
        close(sr->upload_fd);
    if (sr->upload_path)
        unlink(sr->upload_path);
    static_release(&sr->file);
    buf_free(&sr->body);
    atomic_fetch_sub(&server_in_flight, 1);
    metrics_in_flight_add(-1);
    arena_free(sr->arena);
}

/* Start and stop --------------------------------------------------------- */

int server_parse_listen(const char *listen, char *host, size_t hostlen, int *port)
{
    const char *colon;
    const char *h = listen;
    size_t hlen;
    if (listen[0] == '[') {
        const char *close_b = strchr(listen, ']');
        if (!close_b || close_b[1] != ':')
            return -1;
        h = listen + 1;
        hlen = (size_t)(close_b - h);
        colon = close_b + 1;
    } else {
        colon = strrchr(listen, ':');
        if (!colon)
            return -1;
        hlen = (size_t)(colon - listen);
    }
    int64_t p;
    if (text_parse_i64(colon + 1, strlen(colon + 1), &p) != 0 || p < 0 || p > 65535)
        return -1;
    if (hlen >= hostlen)
        return -1;
    memcpy(host, h, hlen);
    host[hlen] = '\0';
    if (hlen == 0)
        text_copy(host, hostlen, "0.0.0.0");
    else if (strcmp(host, "localhost") == 0)
        text_copy(host, hostlen, "127.0.0.1");
    *port = (int)p;
    return 0;
}

/* Writes the port to path atomically (temporary file, then rename). */
static int server_write_port_file(const char *path, int port)
{
    char tmp[4096];
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp)
        return -1;
    FILE *f = fopen(tmp, "w");
    if (!f)
        return -1;
    fprintf(f, "%d\n", port);
    if (fclose(f) != 0)
        return -1;
    return rename(tmp, path);
}

static void server_mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512], esc[600];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
        msg[--n] = '\0';
    log_escape(esc, sizeof esc, msg);
    log_warn("libmicrohttpd", "\"detail\":\"%s\"", esc);
}

void server_block_signals(sigset_t *set)
{
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (set)
        *set = stop;
}

/* Gives an accepted connection to libmicrohttpd (acceptor.h), which closes
 * it when it cannot take it. */
static int server_hand_off(void *cls, int fd, const struct sockaddr *addr, socklen_t addrlen)
{
    struct MHD_Daemon *d = cls;
    if (MHD_add_connection(d, fd, addr, addrlen) == MHD_YES)
        return 0;
    log_warn("connection refused by the HTTP library", "\"errno\":%d", errno);
    return -1;
}

int server_run(const struct server_config *cfg)
{
    server_cfg = cfg;
    secret_random_hex(server_id_prefix, 4);
    if (router_init(app_routes, app_routes_count) != 0)
        return -1;
    metrics_init((int)app_routes_count);

    char host[64];
    int port;
    if (server_parse_listen(cfg->listen, host, sizeof host, &port) != 0) {
        log_error("bad listen address", "\"listen\":\"%s\"", server_esc(cfg->listen));
        return -1;
    }
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG |
                     MHD_USE_NO_LISTEN_SOCKET; /* acceptor.h says why */
    struct sockaddr_in *v4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&ss;
    if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t)port);
    } else if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t)port);
    } else {
        log_error("listen host must be a numeric address", "\"host\":\"%s\"", server_esc(host));
        return -1;
    }
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = cfg->threads > 0 ? (unsigned)cfg->threads : (unsigned)(ncpu > 0 ? ncpu : 2);

    sigset_t stop;
    server_block_signals(&stop);

    struct acceptor *acc = acceptor_open(
        (struct sockaddr *)&ss,
        ss.ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in),
        1024);
    if (!acc) {
        log_error("cannot listen", "\"listen\":\"%s\",\"errno\":%d", server_esc(cfg->listen),
                  errno);
        return -1;
    }
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, server_access, NULL, MHD_OPTION_EXTERNAL_LOGGER, server_mhd_log,
        NULL, MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_URI_LOG_CALLBACK, server_uri_log,
        NULL, MHD_OPTION_NOTIFY_COMPLETED, server_completed, NULL, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)60, MHD_OPTION_CONNECTION_LIMIT, (unsigned)10000,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(16 * 1024), MHD_OPTION_END);
    if (!d) {
        log_error("cannot start the HTTP server", "\"errno\":%d", errno);
        acceptor_close(acc);
        return -1;
    }
    int bound = acceptor_port(acc);
    int failed = 0;
    if (cfg->port_file && cfg->port_file[0] && server_write_port_file(cfg->port_file, bound)) {
        log_error("cannot write port file", "\"path\":\"%s\"", server_esc(cfg->port_file));
        failed = 1;
    } else if (acceptor_start(acc, server_hand_off, d) != 0) {
        log_error("cannot start the accepting thread", "\"errno\":%d", errno);
        failed = 1;
    }
    if (failed) {
        acceptor_close(acc);
        MHD_stop_daemon(d);
        return -1;
    }
    log_info("listening", "\"url\":\"http://%s%s%s:%d/\",\"threads\":%u",
             strchr(host, ':') ? "[" : "", host, strchr(host, ':') ? "]" : "", bound, threads);

    int sig = 0;
    while (sigwait(&stop, &sig) != 0)
        ;
    log_info("stopping", "\"signal\":%d,\"in_flight\":%d", sig, atomic_load(&server_in_flight));
    acceptor_close(acc); /* new connections are refused from here on */
    int64_t deadline = time_mono_us() + (int64_t)cfg->shutdown_grace * 1000000;
    while (atomic_load(&server_in_flight) > 0 && time_mono_us() < deadline)
        usleep(10000);
    MHD_stop_daemon(d);
    if (cfg->port_file && cfg->port_file[0])
        unlink(cfg->port_file);
    log_info("stopped", NULL);
    return 0;
}
