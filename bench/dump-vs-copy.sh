#!/usr/bin/env bash
# obscura dump against obscura copy on the same source, config and secret (the customers table of bench/copy-vs-raw.sh):
#   (a) obscura copy PostgreSQL -> PostgreSQL, 5 columns transformed, constraints built, counts verified
#   (b) obscura dump PostgreSQL -> SQL script (COPY blocks), same 5 transforms
#   (c) the same dump with --compress (gzip)
#   (d) obscura dump --format csv and (e) --format parquet
# and, unless SKIP_MARIADB=1, (f) copy MariaDB -> MariaDB against (g) dump of MariaDB as multi-row INSERTs.
# Prints seconds, rows/s and dump/copy throughput ratios. Figures are indicative: run on a quiet machine.
# Usage: bench/dump-vs-copy.sh [ROWS]   (default 2000000). Starts its own throwaway servers unless OBSCURA_TEST_PG is set.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-2000000}

OUT=$(mktemp -d /tmp/obscura-dump-bench.XXXXXX)
# shellcheck source=lib.sh
source bench/lib.sh
bench_servers
cleanup() { rm -rf "$OUT"; bench_stop_servers; }
trap cleanup EXIT
bench_build
SRC="postgres://postgres@$pg_host:$pg_port/dbench_src"

$PSQL -d postgres -c "DROP DATABASE IF EXISTS dbench_copy" -c "CREATE DATABASE dbench_copy"
customers_table dbench_src "$ROWS"
customers_config "$OUT/obscura.yaml"

checkpoint() { $PSQL -d postgres -c "CHECKPOINT" >/dev/null; }
timed() { # name, command...: runs the command, prints its seconds
  local t0 t1
  t0=$(now); "${@:2}" >"$OUT/$1.json" 2>"$OUT/$1.log" </dev/null; t1=$(now)
  secs "$t0" "$t1"
}
export OBSCURA_SOURCE_PASSWORD=$pg_pass OBSCURA_TARGET_PASSWORD=$pg_pass

echo "(a) obscura copy PG -> PG" >&2
checkpoint
copy=$(timed copy $OBSCURA copy --source "$SRC" --target "postgres://postgres@$pg_host:$pg_port/dbench_copy" --config "$OUT/obscura.yaml")
echo "(b) obscura dump PG -> SQL script" >&2
dump=$(timed dump $OBSCURA dump --source "$SRC" --out "$OUT/customers.sql" --config "$OUT/obscura.yaml")
size=$(du -m "$OUT/customers.sql" | cut -f1); rm -f "$OUT/customers.sql"
echo "(c) obscura dump --compress" >&2
gz=$(timed gz $OBSCURA dump --source "$SRC" --out "$OUT/customers.sql" --compress --config "$OUT/obscura.yaml")
gzsize=$(du -m "$OUT/customers.sql.gz" | cut -f1); rm -f "$OUT/customers.sql.gz"
echo "(d) obscura dump --format csv" >&2
csv=$(timed csv $OBSCURA dump --source "$SRC" --out "$OUT/csv" --format csv --config "$OUT/obscura.yaml"); rm -rf "$OUT/csv"
echo "(e) obscura dump --format parquet" >&2
parquet=$(timed parquet $OBSCURA dump --source "$SRC" --out "$OUT/parquet" --format parquet --config "$OUT/obscura.yaml"); rm -rf "$OUT/parquet"

line() { printf '%-44s %7.2f s  %10.0f rows/s  dump/copy throughput %.2f%s\n' "$1" "$2" "$(echo "$ROWS / $2" | bc -l)" "$(echo "$3 / $2" | bc -l)" "${4:-}"; }
printf '\nrows: %s (figures are indicative: the machine may be shared)\n' "$ROWS"
printf '%-44s %7.2f s  %10.0f rows/s\n' "(a) obscura copy PG->PG, 5 transformed:" "$copy" "$(echo "$ROWS / $copy" | bc -l)"
line "(b) obscura dump PG -> SQL (COPY blocks):" "$dump" "$copy" "  ($size MB)"
line "(c) obscura dump PG -> SQL, --compress:" "$gz" "$copy" "  ($gzsize MB)"
line "(d) obscura dump PG -> CSV:" "$csv" "$copy"
line "(e) obscura dump PG -> Parquet:" "$parquet" "$copy"

if [ "${SKIP_MARIADB:-0}" != 1 ]; then
  echo "(f) copy and (g) dump MariaDB" >&2
  $MARIADB -e "DROP DATABASE IF EXISTS dbench_src; DROP DATABASE IF EXISTS dbench_copy"
  OBSCURA_TARGET_PASSWORD=$my_pass $OBSCURA copy --source "$SRC" --target "mysql://root@127.0.0.1:$my_port/dbench_src" > /dev/null 2>&1 </dev/null
  export OBSCURA_SOURCE_PASSWORD=$my_pass OBSCURA_TARGET_PASSWORD=$my_pass
  mycopy=$(timed mycopy $OBSCURA copy --source "mysql://root@127.0.0.1:$my_port/dbench_src" --target "mysql://root@127.0.0.1:$my_port/dbench_copy" --config "$OUT/obscura.yaml")
  mydump=$(timed mydump $OBSCURA dump --source "mysql://root@127.0.0.1:$my_port/dbench_src" --out "$OUT/my.sql" --config "$OUT/obscura.yaml")
  printf '%-44s %7.2f s  %10.0f rows/s\n' "(f) obscura copy MariaDB->MariaDB:" "$mycopy" "$(echo "$ROWS / $mycopy" | bc -l)"
  line "(g) obscura dump MariaDB -> SQL (INSERTs):" "$mydump" "$mycopy"
fi
