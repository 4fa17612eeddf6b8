#!/usr/bin/env bash
# The same anonymized copy (a PostgreSQL table, 5 columns transformed) through the service and with `obscura copy`:
# rows/s of each from the engine's own summary (the same timer in both), the ratio, and each wall clock (the service's
# from execute to succeeded, polled once a second; its validation is off, as the CLI copy has none). Goal: within 5 %.
# Usage: bench/service-copy.sh [ROWS]   (default 2000000). Needs a quiet machine; starts servers unless OBSCURA_TEST_PG is set.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-2000000}

# shellcheck source=lib.sh
source bench/lib.sh
# shellcheck source=service-lib.sh
source bench/service-lib.sh
bench_servers
trap 'service_stop; bench_stop_servers' EXIT
bench_build

customers_table obench_svc_src "$ROWS"
customers_config /tmp/obscura-bench.yaml
for db in obench_svc_dst obench_cli_dst; do $PSQL -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"; done
checkpoint() { $PSQL -d postgres -c "CHECKPOINT" >/dev/null; }

# The CLI copy runs before and after the service's, so a change in the machine's load shows as a gap between the two.
cli_copy() {
  $PSQL -d postgres -c "DROP DATABASE IF EXISTS obench_cli_dst" -c "CREATE DATABASE obench_cli_dst"
  checkpoint
  local t0 t1
  t0=$(now)
  OBSCURA_SOURCE_PASSWORD=$pg_pass OBSCURA_TARGET_PASSWORD=$pg_pass $OBSCURA copy --source "postgres://$pg_user@$pg_host:$pg_port/obench_svc_src" \
    --target "postgres://$pg_user@$pg_host:$pg_port/obench_cli_dst" --config /tmp/obscura-bench.yaml --jobs 2 > "/tmp/obscura-bench-cli-$1.json" 2>/dev/null </dev/null
  t1=$(now); secs "$t0" "$t1" > "/tmp/obscura-bench-cli-$1.wall"
}
echo "(1) obscura copy on the command line" >&2
cli_copy before

echo "(2) the same copy through obscura serve" >&2
service_start
service_source uat obench_svc_src UAT
service_source dev obench_svc_dst DEV
request=$(jq -n --rawfile config /tmp/obscura-bench.yaml \
  '{operation_type: "copy_full", source_env: "UAT", target_env: "DEV", anonymize: true, config: $config, parallel_workers: 2, validate: false}')
id=$(service_operation "$request")
checkpoint
t0=$(now)
service_execute "$id"
status=$(service_wait "$id" succeeded)
t1=$(now); svc_wall=$(secs "$t0" "$t1")
service_get "/api/database-operations/$id/report" > /tmp/obscura-bench-svc.json

echo "(3) obscura copy on the command line again" >&2
service_stop
cli_copy after

svc_rows=$(jq .rows /tmp/obscura-bench-svc.json); svc_s=$(jq .seconds /tmp/obscura-bench-svc.json)
svc_rate=$(echo "$svc_rows / $svc_s" | bc -l)
printf '\nrows: %s   service operation %s: %s\n' "$ROWS" "$id" "$status"
rates=0
for run in before after; do
  cli_rows=$(jq .rows "/tmp/obscura-bench-cli-$run.json"); cli_s=$(jq .seconds "/tmp/obscura-bench-cli-$run.json")
  rate=$(echo "$cli_rows / $cli_s" | bc -l); rates=$(echo "$rates + $rate" | bc -l)
  printf 'obscura copy (CLI, %-6s): %10.0f rows/s  (%s rows, copy %.2f s, wall %.2f s)\n' "$run" "$rate" "$cli_rows" "$cli_s" "$(cat "/tmp/obscura-bench-cli-$run.wall")"
done
printf 'through obscura serve:       %10.0f rows/s  (%s rows, copy %.2f s, wall %.2f s)\n' "$svc_rate" "$svc_rows" "$svc_s" "$svc_wall"
printf 'ratio service / mean CLI:    %.3f\n' "$(echo "$svc_rate / ($rates / 2)" | bc -l)"
$PSQL -d postgres -c "DROP DATABASE IF EXISTS obench_svc_src" -c "DROP DATABASE IF EXISTS obench_svc_dst" -c "DROP DATABASE IF EXISTS obench_cli_dst" >/dev/null
