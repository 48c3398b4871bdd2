#!/usr/bin/env bash
# search.sh - the search part of the catalog benchmark, on one engine.
#
#   bench/search.sh sqlite | postgres URL
#
# Data: `agora seed --scale $BENCH_SCALE` (default 1,000,000 offers) into
# a fresh database (or the already seeded one named by BENCH_SCALE_DB, to
# save the seeding time when repeating).  Queries: 1,000 request paths
# drawn deterministically from the data set's title words
# (bench/searchgen.awk: 30% with a category or price filter, 30% with
# near= a store and radius_km=10).  Agora: GET /v1/search with wrk -t1 -c4
# -d$BENCH_SEARCH_DURATION going round the list (bench/search.lua).
# Reference, in the same run: the text of the same queries as one page of
# the bare full-text index (bench/bare_fts.c, 4 connections, same time).
# Median of $BENCH_RUNS runs each.  Target: p99 <= 20 ms.  On PostgreSQL,
# also two instances (two wrk -t1 -c2 at once, one each: bench/pg.sh says
# why no proxy).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

engine=${1:-sqlite}
pg_url=${2:-}
BENCH_SCALE=${BENCH_SCALE:-1000000}
BENCH_SEARCH_DURATION=${BENCH_SEARCH_DURATION:-30s}
[ "$engine" = sqlite ] || [ -n "$pg_url" ] || {
    echo "usage: bench/search.sh sqlite | postgres URL" >&2
    exit 2
}
if [ -z "${BENCH_SCALE_DB:-}" ] && ! ./agora seed --help 2>&1 | grep -q -- "--scale N"; then
    echo "search benchmark skipped: this agora has no \`seed --scale\` yet"
    exit 0
fi
[ -x build/bench/bare_fts ] || make --no-print-directory -s bench-bin

dir=$(bench_tmpdir)
trap 'bench_stop_agora; rm -rf "$dir"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

sql() { # DB SQL: rows, fields separated by a space
    if [ "$engine" = sqlite ]; then
        sqlite3 -separator ' ' "$1" "$2"
    else
        psql -X -A -t -F ' ' "$1" -c "$2"
    fi
}

db=${BENCH_SCALE_DB:-}
if [ -z "$db" ]; then
    if [ "$engine" = sqlite ]; then
        db=$dir/scale.db
    else
        PGOPTIONS="-c client_min_messages=warning" psql -q -X -v ON_ERROR_STOP=1 "$pg_url/postgres" \
            -c "DROP DATABASE IF EXISTS bench_scale" \
            -c "CREATE DATABASE bench_scale" >/dev/null
        db=$pg_url/bench_scale
    fi
    t=$(bench_seconds ./agora seed --scale "$BENCH_SCALE" --db "$db" --log warn)
    echo "seeded $BENCH_SCALE offers ($engine) in $t s"
fi
sql "$db" "SELECT title FROM products ORDER BY id" >"$dir/titles"
sql "$db" "SELECT id FROM categories ORDER BY id" >"$dir/categories"
sql "$db" "SELECT latitude, longitude FROM stores WHERE latitude IS NOT NULL ORDER BY id" >"$dir/stores"
LC_ALL=C awk -v n=1000 -f bench/searchgen.awk "$dir/titles" "$dir/categories" "$dir/stores" \
    >"$dir/queries"
export BENCH_QUERIES=$dir/queries
counts=$(sql "$db" "SELECT (SELECT count(*) FROM products), (SELECT count(*) FROM offers), (SELECT count(*) FROM stores)")
echo "search ($engine): $(echo "$counts" | awk '{ print $1 " products, " $2 " offers, " $3 " stores" }'); 1,000 queries" \
    "($(grep -c 'category=\|_price=' "$dir/queries") filtered, $(grep -c near= "$dir/queries") near=);" \
    "median of $BENCH_RUNS runs of $BENCH_SEARCH_DURATION"

secs=${BENCH_SEARCH_DURATION%s}
bare_url=$db
[ "$engine" = sqlite ] && bare_url=sqlite:$db
read -r b_rps b_p50 b_p99 < <(for i in $(seq 1 "$BENCH_RUNS"); do
    build/bench/bare_fts "$bare_url" "$dir/queries" "$secs" 4
done | sort -n | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }')

bench_start_agora "$dir" "$db" --access-log "$dir/access-0.log"
a=http://127.0.0.1:$AGORA_PORT
read -r s_rps s_p50 s_p99 < <(BENCH_THREADS=1 BENCH_CONNS=4 BENCH_DURATION=$BENCH_SEARCH_DURATION \
    bench_wrk_median "$a" -s bench/search.lua)

verdict() { awk -v p="$1" 'BEGIN { print (p <= 20 ? "met" : "MISSED") }'; }
printf '| %-44s | %9s | %8s | %8s | %-24s |\n' "what" "req/s" "p50 ms" "p99 ms" "vs bare, p99 <= 20 ms"
printf '|%s|%s|%s|%s|%s|\n' "----------------------------------------------" "-----------" \
    "----------" "----------" "--------------------------"
row() { printf '| %-44s | %9s | %8s | %8s | %-24s |\n' "$@"; }
row "bare full-text page, 4 connections" "$b_rps" "$b_p50" "$b_p99" "1.00"
row "agora GET /v1/search, wrk -t1 -c4" "$s_rps" "$s_p50" "$s_p99" \
    "$(bench_ratio "$s_rps" "$b_rps") ($(verdict "$s_p99"))"
if [ "$engine" != sqlite ]; then
    bench_start_agora "$dir" "$db" --access-log "$dir/access-1.log"
    read -r t_rps t_p50 t_p99 < <(BENCH_CONNS=4 BENCH_DURATION=$BENCH_SEARCH_DURATION \
        bench_wrk_pair_median "$a" "http://127.0.0.1:$AGORA_PORT" -s bench/search.lua)
    row "agora, 2 instances, 2 x wrk -t1 -c2" "$t_rps" "$t_p50" "$t_p99" \
        "$(bench_ratio "$t_rps" "$b_rps"); $(bench_ratio "$t_rps" "$s_rps") of 1 instance ($(verdict "$t_p99"))"
fi
