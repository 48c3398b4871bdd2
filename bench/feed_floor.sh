#!/usr/bin/env bash
# feed_floor.sh - the write floor of a feed import: how long the engine
# alone takes to write the rows an import left in a database into an empty
# database of the same schema (same indexes, foreign keys, search index and
# triggers, same durability), with no Agora code in between.  The feed
# import benchmark (bench/catalog.sh) prints it beside the import, so that
# a reader sees how much of the import is the engine writing Agora's schema
# and how much is Agora (reading, validating, deciding, batching).
#
#   bench/feed_floor.sh sqlite SRC.db DST.db
#   bench/feed_floor.sh postgres SRC_URL DST_URL
#
# DST must be freshly migrated and hold the same retailer rows as SRC
# before the import (bench/catalog.sh's fresh_db).  Each engine's fastest
# bulk path: SQLite INSERT ... SELECT from the attached source in one
# transaction (new products indexed for search in one pass, as the import
# does); PostgreSQL COPY FROM of the source's rows (dumped before the clock
# starts), in one transaction.  Prints the seconds taken.
set -euo pipefail
engine=$1 src=$2 dst=$3
tables="brands categories products listings offers price_history"

now_ns() { date +%s%N; }

if [ "$engine" = sqlite ]; then
    sql="PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;
ATTACH '$src' AS s;
BEGIN;
INSERT INTO search_defer (flag, from_id) VALUES (1, 0);"
    for t in $tables; do
        sql+="
INSERT INTO $t SELECT * FROM s.$t WHERE id NOT IN (SELECT id FROM main.$t);"
    done
    sql+="
DELETE FROM search_defer;
COMMIT;"
    t0=$(now_ns)
    sqlite3 "$dst" "$sql" >/dev/null
    t1=$(now_ns)
else
    dump=$(mktemp -d)
    trap 'rm -rf "$dump"' EXIT
    chmod 755 "$dump"
    sql="SET client_min_messages = warning; BEGIN;"
    for t in $tables; do
        psql -q -X -v ON_ERROR_STOP=1 "$src" \
            -c "\\copy (SELECT * FROM $t ORDER BY id) TO '$dump/$t'"
        # Rows the fresh database already holds (seeded categories) stay.
        psql -q -X -v ON_ERROR_STOP=1 "$dst" -c "\\copy (SELECT id FROM $t) TO '$dump/$t.have'"
        if [ -s "$dump/$t.have" ]; then
            awk -F'\t' 'NR == FNR { have[$1] = 1; next } !($1 in have)' "$dump/$t.have" "$dump/$t" >"$dump/$t.new"
            mv "$dump/$t.new" "$dump/$t"
        fi
        sql+="
\\copy $t FROM '$dump/$t'"
    done
    sql+="
COMMIT;"
    t0=$(now_ns)
    psql -q -X -v ON_ERROR_STOP=1 "$dst" <<<"$sql" >/dev/null
    t1=$(now_ns)
fi
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", (b - a) / 1e9 }'
