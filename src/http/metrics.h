/*
 * metrics.h - request counters and latency histograms for /metrics.
 *
 * Counters are per process (Prometheus scrapes each instance) and lock-free
 * (relaxed atomics), indexed by route and by status.  Requests that match no
 * route are counted under route "unmatched", static files under "static".
 */
#ifndef AG_METRICS_H
#define AG_METRICS_H

#include <stdint.h>

#include "core/buf.h"

/* Route slots beyond the table. */
enum { METRICS_ROUTE_STATIC = -2, METRICS_ROUTE_UNMATCHED = -1 };

/* Allocates counters for nroutes routes; call once before serving. */
void metrics_init(int nroutes);
/* Records one finished request. route: table index or a METRICS_ROUTE_*. */
void metrics_observe(int route, int status, int64_t duration_us);
void metrics_in_flight_add(int delta);
/* Appends the Prometheus text exposition to out. */
void metrics_render(struct buf *out);

#endif
