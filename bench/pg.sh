#!/usr/bin/env bash
# pg.sh - the PostgreSQL benchmark (issue: PostgreSQL): the platform
# benchmark's GET /healthz and authenticated GET /v1/me on SQLite, on
# PostgreSQL with one agora instance and with two instances sharing the
# database, all in the same run; then the catalog benchmark
# (bench/catalog.sh) on the same cluster.
#
#   bench/pg.sh [platform|catalog]   (default: both)
#
# Load: two wrk processes at once (-t1, half of $BENCH_CONNS connections
# each; median of $BENCH_RUNS runs of $BENCH_DURATION, rates added).  With
# one instance both aim at it; with two, one each.  The load generator is
# the same in every row, so a ratio compares servers only.  No proxy in
# front: on 2 cores an nginx balancer would take a large share of the CPU
# and the two-instance row would measure nginx.  Targets: /v1/me on
# PostgreSQL >= 0.5x SQLite; two instances >= 0.8x one.
# The cluster (tests/lib/pgcluster.sh, fsync on) and every server stop on
# exit, failure included.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

dir=$(bench_tmpdir)
trap 'bench_stop_agora; bench_pg_stop; rm -rf "$dir"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

part=${1:-all}
# Seeding and importing on PostgreSQL go one statement (one round trip) at
# a time: about 200 s per 100,000 offers and 500-2,000 feed lines/s on
# this machine.  Smaller sizes keep `make bench` within minutes; the search
# runs on SQLite at the same size too, for a ratio from the same run.
BENCH_PG_SCALE=${BENCH_PG_SCALE:-100000}
BENCH_PG_FEED_LINES=${BENCH_PG_FEED_LINES:-20000}
catalog_pg() {
    FEED_LINES=$BENCH_PG_FEED_LINES BENCH_SCALE=$BENCH_PG_SCALE \
        bench/catalog.sh all postgres "$PG_URL"
    echo
    echo "the same search on SQLite, $BENCH_PG_SCALE offers:"
    BENCH_SCALE=$BENCH_PG_SCALE bench/search.sh sqlite
}
bench_pg_start "$dir"
if [ "$part" = catalog ]; then
    catalog_pg
    exit
fi
echo "PostgreSQL benchmark: 2 x wrk -t1 -c$((BENCH_CONNS / 2)) -d$BENCH_DURATION at once, median of $BENCH_RUNS runs"
echo "($("$(tests/lib/pgcluster.sh bindir)/postgres" --version), SQLite $(sqlite3 --version | cut -d' ' -f1))"

printf '| %-36s | %9s | %8s | %8s | %-26s |\n' "server, route" "req/s" "p50 ms" "p99 ms" "ratio"
printf '|%s|%s|%s|%s|%s|\n' "--------------------------------------" "-----------" "----------" \
    "----------" "----------------------------"
row() { printf '| %-36s | %9s | %8s | %8s | %-26s |\n' "$@"; }

# Measures one configuration: DB, then the number of instances.
# Sets RPS_H P50_H P99_H (healthz) and RPS_M P50_M P99_M (/v1/me).
measure() {
    local db=$1 n=$2 a b token
    ./agora user add --db "$db" --email bench@bench.example --role shopper \
        --password bench-password --password-cost min >/dev/null 2>&1 || true
    bench_start_agora "$dir" "$db" --access-log "$dir/access-${#AGORA_PIDS[@]}.log"
    a=http://127.0.0.1:$AGORA_PORT
    b=$a
    if [ "$n" -eq 2 ]; then
        bench_start_agora "$dir" "$db" --access-log "$dir/access-${#AGORA_PIDS[@]}.log"
        b=http://127.0.0.1:$AGORA_PORT
    fi
    token=$(bench_login "$a" bench@bench.example bench-password)
    [ -n "$token" ] || { echo "bench: no token from $a" >&2; return 1; }
    read -r RPS_H P50_H P99_H < <(bench_wrk_pair_median "$a/healthz" "$b/healthz")
    read -r RPS_M P50_M P99_M < <(bench_wrk_pair_median "$a/v1/me" "$b/v1/me" \
        -H "Authorization: Bearer $token")
    bench_stop_agora
}

verdict() { # ratio target
    awk -v r="$1" -v t="$2" 'BEGIN { print (r >= t ? "met" : "MISSED") }'
}

measure "$dir/bench.db" 1
s_h=$RPS_H s_m=$RPS_M
row "SQLite, 1 instance: /healthz" "$RPS_H" "$P50_H" "$P99_H" "1.00"
row "SQLite, 1 instance: /v1/me" "$RPS_M" "$P50_M" "$P99_M" "1.00"
measure "$PG_URL" 1
p_h=$RPS_H p_m=$RPS_M
r=$(bench_ratio "$p_m" "$s_m")
row "PostgreSQL, 1 instance: /healthz" "$RPS_H" "$P50_H" "$P99_H" "$(bench_ratio "$p_h" "$s_h") of SQLite"
row "PostgreSQL, 1 instance: /v1/me" "$RPS_M" "$P50_M" "$P99_M" \
    "$r of SQLite (>= 0.5: $(verdict "$r" 0.5))"
measure "$PG_URL" 2
r=$(bench_ratio "$RPS_M" "$p_m")
row "PostgreSQL, 2 instances: /healthz" "$RPS_H" "$P50_H" "$P99_H" "$(bench_ratio "$RPS_H" "$p_h") of 1 instance"
row "PostgreSQL, 2 instances: /v1/me" "$RPS_M" "$P50_M" "$P99_M" \
    "$r of 1 instance (>= 0.8: $(verdict "$r" 0.8))"

if [ "$part" = all ]; then
    echo
    catalog_pg
fi
