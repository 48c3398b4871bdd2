#!/usr/bin/env bash
# run.sh - `make bench`: every benchmark, one after the other.
#
#   bench/run.sh [platform|catalog|seed|pg]...   (default: all four)
#
#   platform  bench/platform.sh: /healthz and /v1/me against nginx (SQLite)
#   catalog   bench/catalog.sh: feed import and search on SQLite
#   seed      bench/seed.sh: `agora seed --scale 1000000` load time (target
#             under 2 minutes) beside a bare INSERT of as many offer rows
#   pg        bench/pg.sh: the platform routes on SQLite and on PostgreSQL
#             with one and two instances, then the catalog benchmark on
#             PostgreSQL (one private cluster for all of it)
#
# Results are recorded by hand in docs/benchmarks.md with date and machine.
# Environment: BENCH_RUNS (3), BENCH_DURATION (10s), BENCH_SEARCH_DURATION
# (30s), BENCH_SCALE (1000000), FEED_LINES (100000), BENCH_PG_SCALE (100000),
# BENCH_PG_FEED_LINES (20000); see bench/lib.sh and each script.
set -euo pipefail
cd "$(dirname "$0")/.."
parts=${*:-platform catalog seed pg}
for p in $parts; do
    case $p in
    platform | catalog | seed | pg) ;;
    *)
        echo "usage: bench/run.sh [platform|catalog|seed|pg]..." >&2
        exit 2
        ;;
    esac
done
[ -x build/bench/bare_insert ] && [ -x build/bench/bare_fts ] || make --no-print-directory -s bench-bin
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
for p in $parts; do
    echo
    case $p in
    platform) bench/platform.sh ;;
    catalog) bench/catalog.sh all sqlite ;;
    seed) bench/seed.sh "${BENCH_SCALE:-1000000}" ;;
    pg) bench/pg.sh ;;
    esac
done
