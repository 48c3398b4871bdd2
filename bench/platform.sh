#!/usr/bin/env bash
# platform.sh - the platform benchmark (issue: platform foundation).
#
# GET /healthz and an authenticated GET /v1/me on agora, and in the same run
# nginx serving a static file of the same size as the /v1/me body
# (bench/nginx.conf: 2 workers, access log off, keep-alive).  wrk -t2 -c64
# -d10s, median of 3 runs each.  Prints req/s, p50 and p99 and the ratio to
# nginx.  Target: /v1/me at >= 50% of nginx's rate on a 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

dir=$(bench_tmpdir)
trap 'bench_stop_agora; bench_stop_nginx; rm -rf "$dir"' EXIT

./agora user add --db "$dir/bench.db" --email bench@bench.example --role shopper \
    --password bench-password --password-cost min --log warn >/dev/null
# Agora runs as in production: access log on, written to a file.
bench_start_agora "$dir" "$dir/bench.db" --access-log "$dir/access.log" "$@"
base=http://127.0.0.1:$AGORA_PORT
token=$(curl -fsS -X POST "$base/v1/auth/login" -H 'Content-Type: application/json' \
    -d '{"email":"bench@bench.example","password":"bench-password"}' |
    sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
mkdir -p "$dir/www"
curl -fsS "$base/v1/me" -H "Authorization: Bearer $token" >"$dir/www/me.json"
size=$(wc -c <"$dir/www/me.json")
bench_start_nginx "$dir"
# The reference must really serve the file (an earlier run measured nginx
# answering 403 because its workers could not read the folder).
if ! curl -fsS "http://127.0.0.1:$NGINX_PORT/me.json" | cmp -s - "$dir/www/me.json"; then
    echo "bench: nginx does not serve the reference file" >&2
    exit 1
fi

echo "platform benchmark: wrk -t$BENCH_THREADS -c$BENCH_CONNS -d$BENCH_DURATION, median of $BENCH_RUNS runs"
echo "(/v1/me body: $size bytes; nginx serves a $size-byte file)"
read -r n_rps n_p50 n_p99 < <(bench_wrk_median "http://127.0.0.1:$NGINX_PORT/me.json")
read -r h_rps h_p50 h_p99 < <(bench_wrk_median "$base/healthz")
read -r m_rps m_p50 m_p99 < <(bench_wrk_median "$base/v1/me" -H "Authorization: Bearer $token")
printf '| %-34s | %9s | %8s | %8s | %8s |\n' "target" "req/s" "p50 ms" "p99 ms" "vs nginx"
printf '|%s|%s|%s|%s|%s|\n' "------------------------------------" "-----------" "----------" "----------" "----------"
row() { printf '| %-34s | %9s | %8s | %8s | %8s |\n' "$1" "$2" "$3" "$4" "$(awk -v a="$2" -v b="$n_rps" 'BEGIN{printf "%.2f", a/b}')"; }
row "nginx static file ($size B)" "$n_rps" "$n_p50" "$n_p99"
row "agora GET /healthz" "$h_rps" "$h_p50" "$h_p99"
row "agora GET /v1/me (bearer token)" "$m_rps" "$m_p50" "$m_p99"
