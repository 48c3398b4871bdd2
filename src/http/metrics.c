/*
 * metrics.c - Prometheus counters and histograms (see metrics.h).
 */
#include "http/metrics.h"

#include <stdatomic.h>
#include <string.h>

#include "core/mem.h"
#include "core/timeutil.h"
#include "http/router.h"
#include "store/store.h"

/* Status codes counted individually; anything else falls in "other". */
static const int metrics_statuses[] = {200, 201, 204, 301, 304, 400, 401, 403, 404,
                                       405, 406, 409, 413, 415, 422, 429, 500, 503};
#define NSTATUS (int)(sizeof metrics_statuses / sizeof metrics_statuses[0] + 1)

/* Latency bucket upper bounds in microseconds; the last bucket is +Inf. */
static const int64_t metrics_bounds_us[] = {250,   500,    1000,   2500,   5000,   10000,
                                            25000, 50000, 100000, 250000, 500000, 1000000,
                                            2500000};
#define NBUCKET (int)(sizeof metrics_bounds_us / sizeof metrics_bounds_us[0] + 1)

struct metrics_route {
    _Atomic uint64_t status[NSTATUS];
    _Atomic uint64_t bucket[NBUCKET];
    _Atomic uint64_t sum_us;
    _Atomic uint64_t count;
};

static struct metrics_route *metrics_routes; /* [nroutes + 2] */
static int metrics_nroutes;
static _Atomic int64_t metrics_in_flight;
static int64_t metrics_started;

void metrics_init(int nroutes)
{
    mem_free(metrics_routes);
    metrics_nroutes = nroutes;
    metrics_routes = mem_calloc((size_t)nroutes + 2, sizeof *metrics_routes);
    metrics_started = time_now();
}

static struct metrics_route *metrics_slot(int route)
{
    if (route >= 0 && route < metrics_nroutes)
        return &metrics_routes[route];
    return &metrics_routes[metrics_nroutes + (route == METRICS_ROUTE_STATIC ? 1 : 0)];
}

void metrics_observe(int route, int status, int64_t duration_us)
{
    if (!metrics_routes)
        return;
    struct metrics_route *m = metrics_slot(route);
    int s = NSTATUS - 1;
    for (int i = 0; i < NSTATUS - 1; i++)
        if (metrics_statuses[i] == status) {
            s = i;
            break;
        }
    int b = NBUCKET - 1;
    for (int i = 0; i < NBUCKET - 1; i++)
        if (duration_us <= metrics_bounds_us[i]) {
            b = i;
            break;
        }
    atomic_fetch_add_explicit(&m->status[s], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&m->bucket[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&m->sum_us, (uint64_t)(duration_us > 0 ? duration_us : 0),
                              memory_order_relaxed);
    atomic_fetch_add_explicit(&m->count, 1, memory_order_relaxed);
}

void metrics_in_flight_add(int delta)
{
    atomic_fetch_add(&metrics_in_flight, delta);
}

/* Labels of a route slot: method and pattern. */
static void metrics_labels(int slot, const char **method, const char **route)
{
    size_t n;
    const struct route *routes = router_routes(&n);
    if (slot < metrics_nroutes && (size_t)slot < n) {
        *method = routes[slot].method;
        *route = routes[slot].pattern;
    } else {
        *method = "";
        *route = slot == metrics_nroutes ? "unmatched" : "static";
    }
}

void metrics_render(struct buf *out)
{
    if (!metrics_routes)
        return;
    buf_puts(out, "# HELP agora_http_requests_total HTTP requests by route and status.\n"
                  "# TYPE agora_http_requests_total counter\n");
    for (int r = 0; r < metrics_nroutes + 2; r++) {
        const char *method, *route;
        metrics_labels(r, &method, &route);
        for (int s = 0; s < NSTATUS; s++) {
            uint64_t v = atomic_load_explicit(&metrics_routes[r].status[s], memory_order_relaxed);
            if (!v)
                continue;
            if (s < NSTATUS - 1)
                buf_printf(out,
                           "agora_http_requests_total{method=\"%s\",route=\"%s\",status=\"%d\"} "
                           "%llu\n",
                           method, route, metrics_statuses[s], (unsigned long long)v);
            else
                buf_printf(out,
                           "agora_http_requests_total{method=\"%s\",route=\"%s\",status=\"other\"}"
                           " %llu\n",
                           method, route, (unsigned long long)v);
        }
    }
    buf_puts(out, "# HELP agora_http_request_duration_seconds Time from request start to "
                  "response, by route.\n"
                  "# TYPE agora_http_request_duration_seconds histogram\n");
    for (int r = 0; r < metrics_nroutes + 2; r++) {
        struct metrics_route *m = &metrics_routes[r];
        uint64_t count = atomic_load_explicit(&m->count, memory_order_relaxed);
        if (!count)
            continue;
        const char *method, *route;
        metrics_labels(r, &method, &route);
        uint64_t cum = 0;
        for (int b = 0; b < NBUCKET; b++) {
            cum += atomic_load_explicit(&m->bucket[b], memory_order_relaxed);
            if (b < NBUCKET - 1)
                buf_printf(out,
                           "agora_http_request_duration_seconds_bucket{method=\"%s\",route=\"%s\","
                           "le=\"%g\"} %llu\n",
                           method, route, (double)metrics_bounds_us[b] / 1e6,
                           (unsigned long long)cum);
            else
                buf_printf(out,
                           "agora_http_request_duration_seconds_bucket{method=\"%s\",route=\"%s\","
                           "le=\"+Inf\"} %llu\n",
                           method, route, (unsigned long long)cum);
        }
        buf_printf(out,
                   "agora_http_request_duration_seconds_sum{method=\"%s\",route=\"%s\"} %.6f\n"
                   "agora_http_request_duration_seconds_count{method=\"%s\",route=\"%s\"} %llu\n",
                   method, route,
                   (double)atomic_load_explicit(&m->sum_us, memory_order_relaxed) / 1e6, method,
                   route, (unsigned long long)cum);
    }
    uint64_t db_us, db_n;
    store_stats(&db_us, &db_n);
    buf_printf(out,
               "# HELP agora_db_time_seconds_total Time spent executing database statements.\n"
               "# TYPE agora_db_time_seconds_total counter\n"
               "agora_db_time_seconds_total %.6f\n"
               "# HELP agora_db_statements_total Database statements executed.\n"
               "# TYPE agora_db_statements_total counter\n"
               "agora_db_statements_total %llu\n"
               "# HELP agora_http_requests_in_flight Requests being processed.\n"
               "# TYPE agora_http_requests_in_flight gauge\n"
               "agora_http_requests_in_flight %lld\n"
               "# HELP agora_start_time_seconds Start time of the process (Unix).\n"
               "# TYPE agora_start_time_seconds gauge\n"
               "agora_start_time_seconds %lld\n",
               (double)db_us / 1e6, (unsigned long long)db_n,
               (long long)atomic_load(&metrics_in_flight), (long long)metrics_started);
}
