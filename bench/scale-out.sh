#!/usr/bin/env bash
# Scale-out benchmark: one copy_full operation (the 2,000,000-row 'customers' table, 5 columns transformed) run through
# `obscura serve --store postgres://... --workers 0` by 1, then 2 `obscura worker` processes (each --concurrency 2),
# timed from execute to succeeded; plus `obscura copy` of the same table in one process for reference.
# Usage: bench/scale-out.sh [ROWS] [WORKER_COUNTS]   (defaults 2000000 and "1 2"). PARTITION_ROWS (default 250000).
# A worker count "whole" runs the operation with 1 worker as one whole job (no split), for the split's own overhead.
# VALIDATE=1 validates the target as part of the operation (off by default: the reference `obscura copy` validates nothing).
# Each run also prints where the operation's time went (from the jobs' times in the store) and keeps the processes'
# logs (each job logs its phases) in a temporary directory printed at the end.
# Starts its own throwaway servers unless OBSCURA_TEST_PG is set. Needs curl and jq.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-2000000}
COUNTS=${2:-"1 2"}
PARTITION_ROWS=${PARTITION_ROWS:-250000}
PORT=${PORT:-18089}

# shellcheck source=lib.sh
source bench/lib.sh
bench_servers
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; bench_stop_servers; }
trap cleanup EXIT
bench_build
command -v jq >/dev/null || apt-get install -y -q -o DPkg::Lock::Timeout=300 jq >/dev/null
work=$(mktemp -d)
export OBSCURA_MASTER_KEY; OBSCURA_MASTER_KEY=$(openssl rand -base64 32)
export OBSCURA_STORE_PASSWORD=$pg_pass
pg() { echo "postgres://$pg_user:$pg_pass@$pg_host:$pg_port/$1"; }

customers_table obench_so_src "$ROWS"
customers_config /tmp/obscura-bench.yaml

echo "(ref) obscura copy in one process" >&2
$PSQL -d postgres -c "DROP DATABASE IF EXISTS obench_so_copy" -c "CREATE DATABASE obench_so_copy"
$PSQL -d postgres -c "CHECKPOINT" >/dev/null
t0=$(now)
OBSCURA_SOURCE_PASSWORD=$pg_pass OBSCURA_TARGET_PASSWORD=$pg_pass /usr/bin/time -f '%U %S' -o "$work/copy.cpu" $OBSCURA copy --source "postgres://$pg_user@$pg_host:$pg_port/obench_so_src" \
  --target "postgres://$pg_user@$pg_host:$pg_port/obench_so_copy" --config /tmp/obscura-bench.yaml >/dev/null 2>"$work/copy.log" </dev/null
copy_secs=$(secs "$t0" "$(now)")
printf '%-44s %7.2f s  %9.0f rows/s\n' "obscura copy (one process, --jobs default)" "$copy_secs" "$(echo "$ROWS / $copy_secs" | bc -l)"
echo "  cpu seconds: $(awk '{printf "%.1f", $1 + $2}' "$work/copy.cpu")"

VALIDATE=${VALIDATE:-0}
validate=$([ "$VALIDATE" = 1 ] && echo true || echo false)
for run in $COUNTS; do
  n=$run; partition_rows=$PARTITION_ROWS
  if [ "$run" = whole ]; then n=1; partition_rows=1000000000000; fi
  store=obench_so_store_$run; target=obench_so_dst_$run
  for db in $store $target; do $PSQL -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"; done
  admin=$($OBSCURA users add adam --role ADMIN --store "postgres://$pg_user@$pg_host:$pg_port/$store" --audit-log "$work/serve-$run.jsonl" 2>/dev/null)
  requester=$($OBSCURA users add rita --role REQUESTER --store "postgres://$pg_user@$pg_host:$pg_port/$store" --audit-log "$work/serve-$run.jsonl" 2>/dev/null)
  $OBSCURA serve --store "postgres://$pg_user@$pg_host:$pg_port/$store" --workers 0 --urls "http://127.0.0.1:$PORT" \
    --audit-log "$work/serve-$run.jsonl" --data-dir "$work/data" >"$work/serve-$run.log" 2>&1 &
  pids+=($!)
  for i in $(seq 1 "$n"); do
    $OBSCURA worker --store "postgres://$pg_user@$pg_host:$pg_port/$store" --concurrency 2 --partition-rows "$partition_rows" \
      --audit-log "$work/worker-$run-$i.jsonl" --data-dir "$work/data" >"$work/worker-$run-$i.log" 2>&1 &
    pids+=($!)
  done
  until curl -sf "http://127.0.0.1:$PORT/health/live" >/dev/null; do sleep 0.5; done
  api() { curl -sf -H "Authorization: Bearer $1" -H 'Content-Type: application/json' "${@:2}"; }
  api "$admin" -X POST "http://127.0.0.1:$PORT/api/data-sources" -d "{\"name\":\"src\",\"uri\":\"$(pg obench_so_src)\",\"environment\":\"QA\"}" >/dev/null
  api "$admin" -X POST "http://127.0.0.1:$PORT/api/data-sources" -d "{\"name\":\"dst\",\"uri\":\"$(pg $target)\",\"environment\":\"DEV\"}" >/dev/null
  config=$(jq -Rs . < /tmp/obscura-bench.yaml)
  id=$(api "$requester" -X POST "http://127.0.0.1:$PORT/api/database-operations" \
    -d "{\"operation_type\":\"copy_full\",\"source_env\":\"QA\",\"target_env\":\"DEV\",\"anonymize\":true,\"validate\":$validate,\"config\":$config}" | jq -r .id)
  $PSQL -d postgres -c "CHECKPOINT" >/dev/null
  t0=$(now)
  api "$requester" -X PATCH "http://127.0.0.1:$PORT/api/database-operations/$id" -d '{"action":"execute"}' >/dev/null
  while :; do
    status=$(api "$requester" "http://127.0.0.1:$PORT/api/database-operations/$id" | jq -r .status)
    case $status in succeeded) break ;; failed|cancelled) echo "operation $status" >&2; api "$requester" "http://127.0.0.1:$PORT/api/database-operations/$id" >&2; exit 1 ;; esac
    sleep 0.2
  done
  op_secs=$(secs "$t0" "$(now)")
  pieces=$($PSQL -d "$store" -tAc "SELECT count(*) FROM operation_jobs WHERE operation_id = $id AND job_key LIKE 'part:%'")
  # Where the time went: execute → first job taken, the start job, the pieces (first start → last end), the finish (or whole) job.
  breakdown=$($PSQL -d "$store" -tA -F' ' -c "
    WITH j AS (SELECT job_key, started_at, finished_at FROM operation_jobs WHERE operation_id = $id), o AS (SELECT started_at FROM operations WHERE id = $id)
    SELECT round(extract(epoch FROM (SELECT min(started_at) FROM j) - (SELECT started_at FROM o))::numeric, 2),
           round(coalesce(extract(epoch FROM (SELECT finished_at - started_at FROM j WHERE job_key = 'start')), 0)::numeric, 2),
           round(coalesce(extract(epoch FROM (SELECT max(finished_at) - min(started_at) FROM j WHERE job_key LIKE 'part:%')), 0)::numeric, 2),
           round(coalesce(extract(epoch FROM (SELECT finished_at - started_at FROM j WHERE job_key IN ('finish', 'whole'))), 0)::numeric, 2)")
  read -r wait_s start_s load_s finish_s <<<"$breakdown"
  label="service, $n worker process(es) x 2 jobs"; [ "$run" = whole ] && label="service, 1 worker, one whole job"
  printf '%-44s %7.2f s  %9.0f rows/s  (%s pieces; to first job %s s, start %s s, pieces %s s, finish/whole %s s)\n' \
    "$label" "$op_secs" "$(echo "$ROWS / $op_secs" | bc -l)" "$pieces" "$wait_s" "$start_s" "$load_s" "$finish_s"
  # CPU seconds each process used (user + system), so a run's cost shows apart from the machine's other load.
  cpu=""; tick=$(getconf CLK_TCK)
  for p in "${pids[@]}"; do cpu="$cpu $(awk -v t="$tick" '{printf "%.1f", ($14 + $15) / t}' "/proc/$p/stat" 2>/dev/null || echo '?')"; done
  echo "  cpu seconds (serve, workers):$cpu"
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
done
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); logs (each job's phases): $work"
