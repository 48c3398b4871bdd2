#!/usr/bin/env bash
# catalog.sh - the catalog benchmark (issue: catalog), on one engine.
#
#   bench/catalog.sh [import|search|all] [sqlite | postgres URL]
#
# Feed import: a deterministic 100,000-line Merchant Center feed
# (bench/feedgen.awk) imported with `agora import feed` into a fresh
# database, then imported again unchanged, then the next day's feed (a fifth
# of the prices up a cent, a new 10% sale on about 7% of the lines); beside it, in
# the same run, the same rows written by a bare batched INSERT into the
# same engine (bench/bare_insert.c: one flat table, 100 rows a statement,
# one transaction); and the import's floor (bench/feed_floor.sh: the rows
# the import wrote, copied by the engine alone into an empty database of
# Agora's schema).  Median of $BENCH_RUNS runs each.  Targets: first
# import >= 25% of the bare INSERT's rate and >= 50,000 lines/s.
#
# Search: bench/search.sh (needs `agora seed --scale`).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

part=${1:-all}
engine=${2:-sqlite}
pg_url=${3:-}
[ "$engine" = sqlite ] || [ -n "$pg_url" ] || {
    echo "usage: bench/catalog.sh [import|search|all] [sqlite | postgres URL]" >&2
    exit 2
}
[ -x build/bench/bare_insert ] || make --no-print-directory -s bench-bin
FEED_LINES=${FEED_LINES:-100000}

dir=$(bench_tmpdir)
trap 'bench_stop_agora; rm -rf "$dir"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A fresh, migrated database with retailer 1, for run N; prints its URL.
fresh_db() {
    local db
    if [ "$engine" = sqlite ]; then
        db=$dir/import-$1.db
        rm -f "$db" "$db-wal" "$db-shm"
    else
        PGOPTIONS="-c client_min_messages=warning" psql -q -X -v ON_ERROR_STOP=1 "$pg_url/postgres" \
            -c "DROP DATABASE IF EXISTS bench_import_$1" -c "CREATE DATABASE bench_import_$1" >/dev/null
        db=$pg_url/bench_import_$1
    fi
    ./agora migrate --db "$db" >/dev/null 2>&1
    local sql="INSERT INTO retailers (name, slug, created_at, updated_at) VALUES ('Bench', 'bench', 0, 0)"
    if [ "$engine" = sqlite ]; then sqlite3 "$db" "$sql"; else psql -q -X "$db" -c "$sql" >/dev/null; fi
    echo "$db"
}

drop_db() {
    if [ "$engine" = sqlite ]; then
        rm -f "$1" "$1-wal" "$1-shm"
    else
        PGOPTIONS="-c client_min_messages=warning" psql -q -X "$pg_url/postgres" -c "DROP DATABASE IF EXISTS ${1##*/}" >/dev/null
    fi
}

# Lines per second of FEED_LINES lines in $1 seconds.
per_s() {
    awk -v n="$FEED_LINES" -v t="$1" 'BEGIN { printf "%.0f", n / t }'
}

import_bench() {
    awk -v lines="$FEED_LINES" -f bench/feedgen.awk >"$dir/feed.tsv"
    # The next day's feed: one price in five up by a cent, and a sale of
    # 10% on one line in ten that had none.
    awk -F'\t' 'BEGIN { OFS = "\t" }
        NR > 1 && NR % 5 == 0 { split($7, p, " "); $7 = sprintf("%.2f %s", p[1] + 0.01, p[2]) }
        NR > 1 && NR % 10 == 3 && $8 == "" { split($7, p, " "); $8 = sprintf("%.2f %s", p[1] * 0.9, p[2]) }
        { print }' "$dir/feed.tsv" >"$dir/feed-next.tsv"
    local i db fdb first=() floor=() again=() next=() bare=()
    for i in $(seq 1 "$BENCH_RUNS"); do
        db=$(fresh_db "$i")
        first+=("$(bench_seconds ./agora import feed --retailer 1 --db "$db" "$dir/feed.tsv")")
        fdb=$(fresh_db "floor_$i")
        floor+=("$(bench/feed_floor.sh "$engine" "$db" "$fdb")")
        drop_db "$fdb"
        again+=("$(bench_seconds ./agora import feed --retailer 1 --db "$db" "$dir/feed.tsv")")
        next+=("$(bench_seconds ./agora import feed --retailer 1 --db "$db" "$dir/feed-next.tsv")")
        local bdb=$db
        [ "$engine" = sqlite ] && bdb=sqlite:$db
        bare+=("$(bench_seconds build/bench/bare_insert "$bdb" "$dir/feed.tsv")")
        drop_db "$db"
    done
    local f l a x b
    f=$(printf '%s\n' "${first[@]}" | bench_median)
    l=$(printf '%s\n' "${floor[@]}" | bench_median)
    a=$(printf '%s\n' "${again[@]}" | bench_median)
    x=$(printf '%s\n' "${next[@]}" | bench_median)
    b=$(printf '%s\n' "${bare[@]}" | bench_median)
    local fr lr br r verdict
    fr=$(per_s "$f") lr=$(per_s "$l") br=$(per_s "$b")
    r=$(bench_ratio "$fr" "$br")
    verdict=$(awk -v r="$r" -v x="$fr" 'BEGIN { print (r >= 0.25 ? "met" : "MISSED") ", >= 50,000/s: " (x >= 50000 ? "met" : "MISSED") }')
    echo "feed import ($engine): $FEED_LINES lines ($(wc -c <"$dir/feed.tsv") bytes), wall time of the whole command, median of $BENCH_RUNS runs"
    printf '| %-44s | %8s | %9s | %-34s |\n' "what" "seconds" "lines/s" "vs bare INSERT"
    printf '|%s|%s|%s|%s|\n' "----------------------------------------------" "----------" "-----------" \
        "------------------------------------"
    printf '| %-44s | %8s | %9s | %-34s |\n' "bare batched INSERT, one flat table" "$b" "$br" "1.00" \
        "agora import feed, new database" "$f" "$fr" "$r (>= 0.25: $verdict)" \
        "floor: its rows copied, no Agora code" "$l" "$lr" "$(bench_ratio "$lr" "$br")" \
        "agora import feed again, unchanged" "$a" "$(per_s "$a")" "$(bench_ratio "$(per_s "$a")" "$br")" \
        "next day: 20% prices up, 7% new sales" "$x" "$(per_s "$x")" "$(bench_ratio "$(per_s "$x")" "$br")"
    echo "(floor: bench/feed_floor.sh, the engine alone writing the rows the first import wrote"
    echo " into Agora's schema; agora import feed runs at $(bench_ratio "$fr" "$lr") of its floor)"
}

case $part in
import) import_bench ;;
search) bench/search.sh "$engine" ${pg_url:+"$pg_url"} ;;
all)
    import_bench
    echo
    bench/search.sh "$engine" ${pg_url:+"$pg_url"}
    ;;
*)
    echo "usage: bench/catalog.sh [import|search|all] [sqlite | postgres URL]" >&2
    exit 2
    ;;
esac
