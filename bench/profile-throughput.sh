#!/usr/bin/env bash
# obscura profile throughput on the 2M-row benchmark table (the shape bench/copy-vs-raw.sh copies):
#   customers(id bigint pk, first_name, last_name, email unique, phone, birth_date date, address, city, created_at timestamptz)
# Prints wall-clock rows/s and rows per CPU-second of the whole obscura process (user + sys, incl. start-up and JIT), and of
# the reading pass alone (profile.json read_cpu_seconds: the "per core" figure the profiler is held to).
# Usage: bench/profile-throughput.sh [ROWS] [JOBS]   (defaults 2000000, number of cores). Starts its own throwaway
#        servers unless OBSCURA_TEST_PG is set. KEEP=1 reuses an existing obench_profile database of the right size.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-2000000}
JOBS=${2:-$(nproc)}

# shellcheck source=lib.sh
source bench/lib.sh
bench_servers
trap bench_stop_servers EXIT
bench_build
have=$($PSQL -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = 'obench_profile'")
if [ "${KEEP:-0}" = 1 ] && [ "$have" = 1 ] && [ "$($PSQL -d obench_profile -Atc 'SELECT count(*) FROM customers' 2>/dev/null)" = "$ROWS" ]; then
  echo "reusing obench_profile ($ROWS rows)" >&2
else
  customers_table obench_profile "$ROWS"
fi
out=$(mktemp -d)
# Warm the table into shared buffers / the OS cache so the figure is about obscura, not the first disk read.
$PSQL -d obench_profile -Atc "SELECT count(*) FROM customers" >/dev/null
t0=$(date +%s.%N)
OBSCURA_SOURCE_PASSWORD=$pg_pass /usr/bin/time -f "%U %S %M" -o "$out/time" $OBSCURA profile --source "postgres://postgres@$pg_host:$pg_port/obench_profile" \
  --out "$out" --jobs "$JOBS" 2>"$out/log.txt" </dev/null
t1=$(date +%s.%N)
read -r user sys rss_kb < "$out/time"
wall=$(echo "$t1 - $t0" | bc -l)
cpu=$(echo "$user + $sys" | bc -l)
printf 'rows: %s, jobs: %s, cores: %s\n' "$ROWS" "$JOBS" "$(nproc)"
printf 'obscura profile: %6.2f s wall  %10.0f rows/s wall  |  %6.2f s CPU (user %.2f + sys %.2f)  %10.0f rows per CPU-second  |  peak RSS %d MB\n' \
  "$wall" "$(echo "$ROWS / $wall" | bc -l)" "$cpu" "$user" "$sys" "$(echo "$ROWS / $cpu" | bc -l)" "$((rss_kb / 1024))"
python3 - "$out/profile.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"reading pass: {r['read_seconds']:6.2f} s wall  {r['rows'] / r['read_seconds']:10.0f} rows/s wall  |  {r['read_cpu_seconds']:6.2f} s CPU  "
      f"{r['rows_per_cpu_second']:10.0f} rows per CPU-second (the per-core figure: start-up, inspection and report writing excluded)")
PY
grep -E "customers|profiled" "$out/log.txt" >&2 || true
echo "report: $out/profile.html" >&2
