#!/usr/bin/env bash
# The same anonymized copy (a PostgreSQL table, 5 columns transformed) through the service and with `obscura copy`:
# rows/s of each from the engine's own summary (the same timer in both), and each wall clock (the service's from
# execute to succeeded, polled once a second; its validation is off, as the CLI copy has none). Goal: within 5 %.
# One run of either varies by up to ~1.5x on this 2-core machine (the CLI's own runs do), so the bench alternates
# ROUNDS rounds (CLI, then one operation in a running service) and compares the medians.
# Usage: bench/service-copy.sh [ROWS]   (default 2000000; ROUNDS=5). Needs a quiet machine; starts servers unless
# OBSCURA_TEST_PG is set.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-2000000}
ROUNDS=${ROUNDS:-5}

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
# A copy leaves 500k+ fresh rows that autovacuum would visit while the next copy runs (one of 2 cores, at a moment that
# varies): each copy's target is vacuumed and analyzed right after it, outside the timed windows.
settle() { $PSQL -d "$1" -c "VACUUM ANALYZE" >/dev/null; checkpoint; }

cli_copy() {
  $PSQL -d postgres -c "DROP DATABASE IF EXISTS obench_cli_dst" -c "CREATE DATABASE obench_cli_dst"
  checkpoint
  local t0 t1
  t0=$(now)
  OBSCURA_SOURCE_PASSWORD=$pg_pass OBSCURA_TARGET_PASSWORD=$pg_pass $OBSCURA copy --source "postgres://$pg_user@$pg_host:$pg_port/obench_svc_src" \
    --target "postgres://$pg_user@$pg_host:$pg_port/obench_cli_dst" --config /tmp/obscura-bench.yaml --jobs 2 > "/tmp/obscura-bench-cli-$1.json" 2>/dev/null </dev/null
  t1=$(now); secs "$t0" "$t1" > "/tmp/obscura-bench-cli-$1.wall"
  settle obench_cli_dst
}

# One service for every round, as a service runs: each round's operation replaces the target's table.
service_start
service_source uat obench_svc_src UAT
service_source dev obench_svc_dst DEV
request=$(jq -n --rawfile config /tmp/obscura-bench.yaml \
  '{operation_type: "copy_full", source_env: "UAT", target_env: "DEV", anonymize: true, config: $config, parallel_workers: 2, validate: false, drop_existing: true}')
svc_copy() {
  local id t0 t1 status
  id=$(service_operation "$request")
  checkpoint
  t0=$(now)
  service_execute "$id"
  status=$(service_wait "$id" succeeded)
  t1=$(now); secs "$t0" "$t1" > "/tmp/obscura-bench-svc-$1.wall"
  [ "$status" = succeeded ] || { echo "service operation $id: $status" >&2; exit 1; }
  service_get "/api/database-operations/$id/report" > "/tmp/obscura-bench-svc-$1.json"
  settle obench_svc_dst
}

rate_of() { echo "$(jq .rows "$1") / $(jq .seconds "$1")" | bc -l; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
: > /tmp/obscura-bench-cli.rates; : > /tmp/obscura-bench-svc.rates
printf '\nrows: %s, %s rounds (rows/s; copy seconds; wall seconds)\n' "$ROWS" "$ROUNDS"
for round in $(seq 1 "$ROUNDS"); do
  cli_copy "$round"
  svc_copy "$round"
  cli=$(rate_of "/tmp/obscura-bench-cli-$round.json"); svc=$(rate_of "/tmp/obscura-bench-svc-$round.json")
  echo "$cli" >> /tmp/obscura-bench-cli.rates; echo "$svc" >> /tmp/obscura-bench-svc.rates
  printf 'round %s: obscura copy %8.0f (%.2f s, wall %.2f s)   through obscura serve %8.0f (%.2f s, wall %.2f s)   ratio %.3f\n' "$round" \
    "$cli" "$(jq .seconds "/tmp/obscura-bench-cli-$round.json")" "$(cat "/tmp/obscura-bench-cli-$round.wall")" \
    "$svc" "$(jq .seconds "/tmp/obscura-bench-svc-$round.json")" "$(cat "/tmp/obscura-bench-svc-$round.wall")" "$(echo "$svc / $cli" | bc -l)"
done
service_stop
cli_median=$(median < /tmp/obscura-bench-cli.rates); svc_median=$(median < /tmp/obscura-bench-svc.rates)
printf 'median: obscura copy %.0f rows/s, through obscura serve %.0f rows/s\n' "$cli_median" "$svc_median"
printf 'ratio of medians service / CLI:    %.3f\n' "$(echo "$svc_median / $cli_median" | bc -l)"
$PSQL -d postgres -c "DROP DATABASE IF EXISTS obench_svc_src" -c "DROP DATABASE IF EXISTS obench_svc_dst" -c "DROP DATABASE IF EXISTS obench_cli_dst" >/dev/null
