#!/usr/bin/env bash
# seed.sh - load time of `agora seed --scale N` (default 1,000,000 offers) on SQLite,
# against a reference measured in the same run: the same number of offer rows
# written by one bare INSERT ... SELECT into the same (migrated, indexed) offers
# table by the sqlite3 shell, foreign keys off, no generator, one transaction.
# Prints both times, the ratio and the rows the seed wrote.  Needs sqlite3.
#   bench/seed.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
n=${1:-1000000}
dir=$(bench_tmpdir seed)
trap 'rm -rf "$dir"' EXIT

now() { date +%s.%N; }

t0=$(now)
./agora seed --scale "$n" --db "$dir/seed.db" --log warn
t1=$(now)

./agora migrate --db "$dir/ref.db" --log warn >/dev/null
t2=$(now)
sqlite3 "$dir/ref.db" >/dev/null <<SQL
PRAGMA journal_mode=WAL;
PRAGMA synchronous=FULL;
PRAGMA cache_size=-262144;
BEGIN;
WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < $n)
INSERT INTO offers (listing_id, retailer_id, product_id, store_id, currency, price,
  sale_price, sale_start, sale_end, availability, updated_at, sale_since, ref_price,
  reduction_bp)
SELECT i / 5 + 1, i % 4 + 1, i / 10 + 1, CASE WHEN i % 5 = 0 THEN NULL ELSE i % 1000 + 1 END,
  'EUR', 100 + i % 9000, CASE WHEN i % 5 = 1 THEN 80 + i % 7000 END,
  CASE WHEN i % 5 = 1 THEN 1700000000 END, CASE WHEN i % 5 = 1 THEN 1800000000 END,
  'in_stock', 1700000000, CASE WHEN i % 5 = 1 THEN 1700000000 END,
  CASE WHEN i % 5 = 1 THEN 100 + i % 9000 END, i % 3000
FROM k;
COMMIT;
SQL
t3=$(now)

rows=$(sqlite3 "$dir/seed.db" "SELECT (SELECT COUNT(*) FROM offers) + (SELECT COUNT(*) FROM
  price_history) + (SELECT COUNT(*) FROM products) + (SELECT COUNT(*) FROM listings) +
  (SELECT COUNT(*) FROM accounts) + (SELECT COUNT(*) FROM profiles) + (SELECT COUNT(*) FROM
  interests) + (SELECT COUNT(*) FROM follows) + (SELECT COUNT(*) FROM friendships)")
awk -v t0="$t0" -v t1="$t1" -v t2="$t2" -v t3="$t3" -v n="$n" -v rows="$rows" \
    'BEGIN { s = t1 - t0; r = t3 - t2; printf "seed --scale %d: %.1f s (%d rows in all tables)\nreference, %d bare offer rows: %.1f s\nratio seed / reference: %.1f\n", n, s, rows, n, r, s / r }'
