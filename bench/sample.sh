#!/usr/bin/env bash
# Sample benchmark (docs/sample.md): `obscura sample` of SIZE rows (default mix) from the ROWS-row customers table in
# PostgreSQL, as CSV files plus the reports. Prints the seconds spent choosing the rows (two streaming passes over the
# table) and the whole run (process start, closure, files and reports included), and the peak resident memory.
# Usage: bench/sample.sh [ROWS] [SIZE]   (defaults 10000000 and 1000). Needs OBSCURA_TEST_PG (or starts throwaway
#        servers with scripts/servers.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-10000000}
SIZE=${2:-1000}

# shellcheck source=lib.sh
source bench/lib.sh
bench_servers
bench_build
DB=osample_src_$$
OUT=$(mktemp -d /tmp/osample-out-XXXXXX)
cleanup() { $PSQL -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true; rm -rf "$OUT"; bench_stop_servers; }
trap cleanup EXIT

customers_table "$DB" "$ROWS"
base="postgres://$pg_user@$pg_host:$pg_port"
start=$(now)
OBSCURA_SOURCE_PASSWORD=$pg_pass /usr/bin/time -f "%M" -o "$OUT/.maxrss" $OBSCURA sample --source "$base/$DB" --table customers \
  --size "$SIZE" --out "$OUT" 2>/dev/null
end=$(now)
python3 - "$OUT/sample-report.json" "$(secs "$start" "$end")" "$(cat "$OUT/.maxrss")" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"{r['table_rows']:,} rows, {r['selected']:,} chosen: selection {r['selection_seconds']:.1f} s; "
      f"whole run (incl. process start) {float(sys.argv[2]):.1f} s; peak RSS {int(sys.argv[3]) / 1024:.0f} MiB")
print("  " + ", ".join(f"{s['strategy']} {s['selected']}/{s['requested']}" for s in r['strategies'] if s['requested'] or s['selected'])
      + f"; diversity {r.get('diversity')}")
PY
