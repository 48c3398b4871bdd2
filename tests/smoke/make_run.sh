#!/usr/bin/env bash
# make_run.sh - smoke test of the `make run` path, on a temporary database
# and a free port: seed the demo data as `make run` does for a new
# database, serve, GET / and /healthz, and log in with a printed demo login.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=$(mktemp -d /tmp/agora-smoke-XXXXXX)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$dir"
}
trap cleanup EXIT

export AGORA_DB=$dir/agora.db
# The same commands scripts/run.sh uses (with a cheaper password hash).
AGORA_PASSWORD_COST=min scripts/run.sh --seed-only >"$dir/seed.out"
cat "$dir/seed.out"
login=$(grep -Eo '[a-z]+@demo\.agora\.test' "$dir/seed.out" | head -1)
password=$(sed -n 's/.*password for all: \([^)]*\)).*/\1/p' "$dir/seed.out" | head -1)
[ -n "$login" ] && [ -n "$password" ] || { echo "no demo login printed"; exit 1; }

./agora serve --listen 127.0.0.1:0 --port-file "$dir/port" --access-log off \
    --log-file "$dir/server.log" &
pid=$!
for _ in $(seq 1 500); do [ -s "$dir/port" ] && break; sleep 0.02; done
port=$(cat "$dir/port")
base=http://127.0.0.1:$port

curl -fsS "$base/" | grep -qi '<html' || { echo "GET / did not return the web page"; exit 1; }
curl -fsS "$base/healthz" | grep -q '"ok"' || { echo "GET /healthz failed"; exit 1; }
token=$(curl -fsS -X POST "$base/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$login\",\"password\":\"$password\"}" |
    sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "demo login $login failed"; exit 1; }
curl -fsS "$base/v1/me" -H "Authorization: Bearer $token" | grep -q "$login"
echo "smoke: ok ($login on port $port)"
