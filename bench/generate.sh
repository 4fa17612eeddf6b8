#!/usr/bin/env bash
# Generate benchmark (docs/generate.md): ROWS synthetic rows of the benchmark 'customers' shape (lib.sh's customers_table:
# id bigint PK, names, unique email, phone, birth date, address, city, created_at) into PostgreSQL, schema taken
# --like an empty customers table. Keys, the unique email index and the orphan/count checks are part of the timed run.
# Prints rows/s of the load (from the run summary), the whole run's seconds and the peak RSS (/usr/bin/time -v).
# Usage: bench/generate.sh [ROWS]   (default 2000000). Needs OBSCURA_TEST_PG (or starts throwaway servers).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-2000000}

# shellcheck source=lib.sh
source bench/lib.sh
bench_servers
bench_build
SRC=ogen_src_$$
DST=ogen_dst_$$
cleanup() { for db in $SRC $DST; do $PSQL -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; done; rm -f /tmp/ogen-*-$$.*; bench_stop_servers; }
trap cleanup EXIT

customers_table "$SRC" 0 2>/dev/null
base="postgres://$pg_user@$pg_host:$pg_port"
start=$(now)
OBSCURA_SOURCE_PASSWORD=$pg_pass OBSCURA_TARGET_PASSWORD=$pg_pass /usr/bin/time -v -o /tmp/ogen-time-$$.txt \
  $OBSCURA generate --like "$base/$SRC" --target "$base/$DST" --rows "customers=$ROWS" --seed 1 \
  --summary /tmp/ogen-summary-$$.json >/dev/null 2>/tmp/ogen-log-$$.txt || { tail -20 /tmp/ogen-log-$$.txt; exit 1; }
end=$(now)
rss=$(grep "Maximum resident set size" /tmp/ogen-time-$$.txt | awk '{print $NF}')
python3 - "/tmp/ogen-summary-$$.json" "$(secs "$start" "$end")" "$rss" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
t = s['tables'][0]
print(f"generate: {t['rows']:,} rows of customers into PostgreSQL")
print(f"  load: {t['seconds']:.1f} s = {t['rows_per_second']:,.0f} rows/s")
print(f"  whole run (keys, unique index, checks, process start): {float(sys.argv[2]):.1f} s")
print(f"  peak RSS: {int(sys.argv[3]) / 1024:.0f} MiB")
PY
$PSQL -d "$DST" -t -c "SELECT first_name, last_name, email, phone, birth_date, city, created_at FROM customers ORDER BY id LIMIT 3"
