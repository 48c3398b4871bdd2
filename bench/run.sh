#!/usr/bin/env bash
# run.sh - `make bench`: every benchmark, one after the other.
# Results are recorded by hand in docs/benchmarks.md with date and machine.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo
bench/platform.sh "$@"
