#!/usr/bin/env bash
# Load on the service while it works: `obscura serve` (Release) copies a large PostgreSQL table (anonymized, 5 columns
# transformed) and, while the copy runs, wrk drives GET /api/database-operations/{id}/progress at about RATE requests/s.
# Prints wrk's measured rate and latency percentiles (p50/p75/p90/p99). The goal: p99 under 20 ms at 500 requests/s.
# Usage: bench/service-load.sh [ROWS]   (default 4000000: the copy outlasts the window; RATE=500 DURATION=10 CONNECTIONS=10 override)
# Needs a quiet machine. Starts throwaway servers unless OBSCURA_TEST_PG is set. wrk comes from Debian's package.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-4000000}
RATE=${RATE:-500}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-10}

# shellcheck source=lib.sh
source bench/lib.sh
# shellcheck source=service-lib.sh
source bench/service-lib.sh
bench_servers
trap 'service_stop; bench_stop_servers' EXIT
service_need wrk
bench_build

customers_table obench_svc_src "$ROWS"
$PSQL -d postgres -c "DROP DATABASE IF EXISTS obench_svc_dst" -c "CREATE DATABASE obench_svc_dst"
customers_config /tmp/obscura-bench.yaml
service_start
service_source uat obench_svc_src UAT
service_source dev obench_svc_dst DEV

request=$(jq -n --rawfile config /tmp/obscura-bench.yaml \
  '{operation_type: "copy_full", source_env: "UAT", target_env: "DEV", anonymize: true, config: $config, parallel_workers: 2}')
id=$(service_operation "$request")
service_execute "$id"
SERVICE_POLL=0.1 service_wait "$id" running >/dev/null

# wrk (Debian's, not wrk2) has no rate option: each thread's connections wait delay() ms between requests, and once a
# second the wait is scaled by how far that thread's count was from its share of RATE, so the rate settles near RATE
# without bursts. wrk reports the rate reached and each request's latency (the wait is not counted).
cat > "$SVC_DIR/progress.lua" <<LUA
local token = os.getenv("OBSCURA_TOKEN")
wrk.headers["Authorization"] = "Bearer " .. token
local share = $RATE / 2
local wait = ($CONNECTIONS / 2) * 1000 / share
local second, count, seen = os.time(), 0, 0
function delay()
  count = count + 1
  local now = os.time()
  if now ~= second then
    -- The first second is partial: adjust from the second one on, by at most 30 % a second.
    seen = seen + 1
    if seen > 1 then wait = math.max(0, math.min(2000, wait * math.max(0.7, math.min(1.3, count / share)))) end
    second, count = now, 0
  end
  return math.floor(wait)
end
LUA
echo "wrk: $CONNECTIONS connections, ~$RATE requests/s for $DURATION s on /api/database-operations/$id/progress while the copy runs" >&2
curl -fsS "$SVC_URL/metrics" > "$SVC_DIR/metrics-before.txt"
wrk -t 2 -c "$CONNECTIONS" -d "${DURATION}s" --latency -s "$SVC_DIR/progress.lua" "$SVC_URL/api/database-operations/$id/progress" > "$SVC_DIR/wrk.txt"
curl -fsS "$SVC_URL/metrics" > "$SVC_DIR/metrics-after.txt"
during=$(service_get "/api/database-operations/$id" | jq -r .status)
status=$(service_wait "$id" succeeded)
summary=$(service_get "/api/database-operations/$id/report")

echo
echo "rows: $ROWS   operation $id: $status (was $during when wrk stopped)"
echo "copy: $(echo "$summary" | jq -r '"\(.rows) rows in \(.seconds) s"')"
cat "$SVC_DIR/wrk.txt"
# The runtime's own metrics over wrk's window: a request waits out every GC pause, so they explain most of the tail.
metric() { awk -v name="$1" -v label="${2:-}" 'index($0, name) == 1 && index($0, label) { v = $NF } END { print v + 0 }' "$3"; }
gc_line="GC while wrk ran:"
for gen in gen0 gen1 gen2; do
  gc_line="$gc_line $gen $(( $(metric dotnet_gc_collections_total "\"$gen\"" "$SVC_DIR/metrics-after.txt") - $(metric dotnet_gc_collections_total "\"$gen\"" "$SVC_DIR/metrics-before.txt") )),"
done
pause=$(awk -v a="$(metric dotnet_gc_pause_time_seconds_total '' "$SVC_DIR/metrics-after.txt")" -v b="$(metric dotnet_gc_pause_time_seconds_total '' "$SVC_DIR/metrics-before.txt")" 'BEGIN { printf "%.1f", (a - b) * 1000 }')
echo "$gc_line paused $pause ms in all"
rate=$(sed -nE 's#^Requests/sec:[[:space:]]+([0-9.]+).*#\1#p' "$SVC_DIR/wrk.txt")
p99=$(sed -nE 's#^[[:space:]]+99%[[:space:]]+([0-9.]+[a-z]+).*#\1#p' "$SVC_DIR/wrk.txt")
echo "measured: $rate requests/s, p99 $p99 (goal: under 20 ms at 500 requests/s)"
if [ "$during" != "running" ]; then
  echo "note: the copy ended before wrk did; raise ROWS or lower DURATION for a load that overlaps the whole run" >&2
fi
$PSQL -d postgres -c "DROP DATABASE IF EXISTS obench_svc_src" -c "DROP DATABASE IF EXISTS obench_svc_dst" >/dev/null
