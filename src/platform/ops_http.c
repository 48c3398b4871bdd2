/*
 * ops_http.c - operations routes: liveness, readiness and metrics.
 *
 * These are unversioned (/healthz, /readyz, /metrics) for load balancers
 * and Prometheus, and documented in docs/openapi.yaml like the API.
 */
#include "core/buf.h"
#include "core/mem.h"
#include "http/metrics.h"
#include "platform/handlers.h"
#include "store/store.h"

/* GET /healthz: the process is alive (never touches the database). */
int ops_healthz(struct http_req *req, struct http_res *res)
{
    (void)req;
    return http_json(res, 200, json_pack("{s:s}", "status", "ok"));
}

/* GET /readyz: the database answers. */
int ops_readyz(struct http_req *req, struct http_res *res)
{
    if (!req->db || !store_ping(req->db))
        return http_problem(res, ERR_UNAVAILABLE, "The database is not reachable.");
    return http_json(res, 200,
                     json_pack("{s:s,s:s}", "status", "ready", "database",
                               store_engine() == STORE_POSTGRES ? "postgres" : "sqlite"));
}

/* GET /metrics: Prometheus text format. */
int ops_metrics(struct http_req *req, struct http_res *res)
{
    (void)req;
    struct buf b;
    buf_init(&b, 16u * 1024u * 1024u);
    metrics_render(&b);
    http_raw(res, 200, "text/plain; version=0.0.4; charset=utf-8", b.data ? b.data : "", b.len);
    buf_free(&b);
    return 200;
}
