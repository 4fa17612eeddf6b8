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
started=""
if [ -z "${OBSCURA_TEST_PG:-}" ]; then
  # shellcheck source=../scripts/servers.sh
  source scripts/servers.sh start
  started=$OBSCURA_SERVERS_DIR
fi
cleanup() { rm -rf "$OUT"; if [ -n "$started" ]; then scripts/servers.sh stop "$started"; fi; }
trap cleanup EXIT

dotnet build src/Obscura.Cli -c Release -nologo -clp:ErrorsOnly >/dev/null
OBSCURA="dotnet src/Obscura.Cli/bin/Release/net10.0/obscura.dll"
export OBSCURA_SECRET="benchmark-secret-0123456789abcdef"

pg_host=$(echo "$OBSCURA_TEST_PG" | sed -E 's#.*@([^:/]+):([0-9]+)/.*#\1#')
pg_port=$(echo "$OBSCURA_TEST_PG" | sed -E 's#.*@([^:/]+):([0-9]+)/.*#\2#')
pg_pass=$(echo "$OBSCURA_TEST_PG" | sed -E 's#.*://[^:]+:([^@]+)@.*#\1#')
my_port=$(echo "$OBSCURA_TEST_MYSQL" | sed -E 's#.*@([^:/]+):([0-9]+)/.*#\2#')
my_pass=$(echo "$OBSCURA_TEST_MYSQL" | sed -E 's#.*://[^:]+:([^@]+)@.*#\1#')
export PGPASSWORD=$pg_pass MYSQL_PWD=$my_pass
PSQL="psql -X -q -v ON_ERROR_STOP=1 -h $pg_host -p $pg_port -U postgres"
MARIADB="mariadb --no-defaults -h 127.0.0.1 -P $my_port -uroot"
SRC="postgres://postgres@$pg_host:$pg_port/dbench_src"

now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc; }

for db in dbench_src dbench_copy; do $PSQL -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"; done
echo "generating $ROWS rows in PostgreSQL..." >&2
$PSQL -d dbench_src <<SQL
CREATE TABLE customers (
  id bigint PRIMARY KEY, first_name varchar(40) NOT NULL, last_name varchar(40) NOT NULL, email varchar(120) NOT NULL UNIQUE,
  phone varchar(24), birth_date date, address varchar(120), city varchar(60), created_at timestamptz NOT NULL);
INSERT INTO customers
SELECT g, 'First' || (g % 5003), 'Last' || (g % 20011), 'user' || g || '@example.com', '+1 555 ' || lpad((g::bigint * 7919 % 10000000)::text, 7, '0'),
       date '1940-01-01' + (g % 25000), (g % 9999) || ' Main Street, Apt ' || (g % 97), 'City' || (g % 1013),
       timestamptz '2020-01-01 00:00:00+00' + make_interval(secs => g * 13.7)
FROM generate_series(1, $ROWS) g;
ANALYZE customers;
SQL
cat > "$OUT/obscura.yaml" <<'YAML'
tables:
  customers:
    columns:
      first_name: { strategy: mask, keep_first: 1 }
      last_name:  { strategy: hash }
      email:      { strategy: hash }
      phone:      { strategy: mask, keep_last: 4 }
      birth_date: { strategy: hash }
YAML

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
