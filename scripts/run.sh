#!/usr/bin/env bash
# run.sh - what `make run` does after building: create the database with
# the demo data when it is new, print the URL and the demo logins, serve.
#
#   scripts/run.sh              serve on AGORA_LISTEN (default 127.0.0.1:8080)
#   scripts/run.sh --seed-only  only create and seed a new database
# The database is AGORA_DB (default ./agora.db).
set -euo pipefail
cd "$(dirname "$0")/.."
db=${AGORA_DB:-agora.db}
listen=${AGORA_LISTEN:-127.0.0.1:8080}

if [ ! -e "$db" ]; then
    echo "Creating $db with the demo data..."
    ./agora seed --demo --db "$db" | grep -v '^Demo logins\|^  .*@' || true
fi
[ "${1:-}" = "--seed-only" ] && { ./agora seed --logins; exit 0; }

echo
echo "Agora is starting on http://$listen/"
./agora seed --logins
echo "(Ctrl-C stops the server.)"
echo
exec ./agora serve --db "$db" --listen "$listen"
