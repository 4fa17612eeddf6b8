#!/usr/bin/env bash
# End-to-end copy benchmark, all figures from one run on one machine:
#   (a) raw PostgreSQL pipe: COPY ... TO STDOUT (FORMAT binary) | COPY ... FROM STDIN (FORMAT binary), then PK + unique index
#   (b) obscura copy PostgreSQL -> PostgreSQL with 5 columns transformed (hash/mask), constraints built, counts verified
#   (c) mariadb-dump | mariadb, MariaDB -> MariaDB
#   (d) obscura copy MariaDB -> MariaDB (same 5 transforms)
#   (e) obscura anonymize in place of a copy of the PostgreSQL table (same 5 transforms), compared with (a)
#   (f) obscura validate of (b) against its source, leakage scan included; (g) obscura scan of the source (default sampling)
# Usage: bench/copy-vs-raw.sh [ROWS]   (default 2000000). Starts its own throwaway servers unless OBSCURA_TEST_PG is set.
#        SKIP_MARIADB=1 bench/copy-vs-raw.sh 10000000   (PostgreSQL part only); SKIP_INPLACE=1 skips (e)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-2000000}

# shellcheck source=lib.sh
source bench/lib.sh
bench_servers
trap bench_stop_servers EXIT
bench_build

for db in obench_raw obench_obscura; do $PSQL -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"; done
customers_table obench_src "$ROWS"
customers_config /tmp/obscura-bench.yaml

# Each timed step starts after a checkpoint, so one step's WAL flush does not land in the next one's time.
checkpoint() { $PSQL -d postgres -c "CHECKPOINT" >/dev/null; }
echo "(a) raw binary COPY pipe + PK + unique index" >&2
$PSQL -d obench_raw -c "CREATE TABLE customers (id bigint NOT NULL, first_name varchar(40) NOT NULL, last_name varchar(40) NOT NULL, email varchar(120) NOT NULL, phone varchar(24), birth_date date, address varchar(120), city varchar(60), created_at timestamptz NOT NULL)"
checkpoint
t0=$(now)
$PSQL -d obench_src -c "COPY customers TO STDOUT (FORMAT binary)" | $PSQL -d obench_raw -c "COPY customers FROM STDIN (FORMAT binary)"
$PSQL -d obench_raw -c "ALTER TABLE customers ADD PRIMARY KEY (id)" -c "ALTER TABLE customers ADD UNIQUE (email)"
t1=$(now); raw=$(secs "$t0" "$t1")

echo "(b) obscura copy with 5 transformed columns" >&2
checkpoint
t0=$(now)
OBSCURA_SOURCE_PASSWORD=$pg_pass OBSCURA_TARGET_PASSWORD=$pg_pass /usr/bin/time -f "%M" -o /tmp/obscura-bench-rss $OBSCURA copy --source "postgres://postgres@$pg_host:$pg_port/obench_src" --target "postgres://postgres@$pg_host:$pg_port/obench_obscura" \
  --config /tmp/obscura-bench.yaml > /tmp/obscura-bench-summary.json 2>/tmp/obscura-bench-log.txt </dev/null
t1=$(now); obs=$(secs "$t0" "$t1"); rss_kb=$(tail -1 /tmp/obscura-bench-rss)

inplace_line=""
if [ "${SKIP_INPLACE:-0}" != 1 ]; then
  echo "(e) obscura anonymize in place (on a template copy of the source)" >&2
  $PSQL -d postgres -c "DROP DATABASE IF EXISTS obench_inplace" -c "CREATE DATABASE obench_inplace TEMPLATE obench_src"
  checkpoint
  t0=$(now)
  OBSCURA_DATABASE_PASSWORD=$pg_pass /usr/bin/time -f "%M" -o /tmp/obscura-bench-rss-inplace $OBSCURA anonymize --database "postgres://postgres@$pg_host:$pg_port/obench_inplace" \
    --config /tmp/obscura-bench.yaml > /tmp/obscura-bench-inplace.json 2>/tmp/obscura-bench-inplace-log.txt </dev/null
  t1=$(now); inp=$(secs "$t0" "$t1"); inp_kb=$(tail -1 /tmp/obscura-bench-rss-inplace)
  field() { sed -nE "s/.*\"$1\": ([0-9.]+).*/\1/p" /tmp/obscura-bench-inplace.json | head -1; }
  stage=$(field stage_seconds); switch=$(field switch_seconds); validation=$(field validation_seconds)
  anon=$(echo "$inp - $validation" | bc -l)
  inplace_line=$(printf '(e) obscura anonymize in place, PG, 5 transf: %6.2f s total = %.2f s anonymizing (stage %.2f + switch %.2f + start) + %.2f s validating\n    anonymizing alone: %10.0f rows/s  ratio %.2f  peak RSS %d MB' \
    "$inp" "$anon" "$stage" "$switch" "$validation" "$(echo "$ROWS / $anon" | bc -l)" "$(echo "$raw / $anon" | bc -l)" "$((inp_kb / 1024))")
fi

echo "(f) obscura validate (b) against the source; (g) obscura scan of the source" >&2
t0=$(now)
OBSCURA_SOURCE_PASSWORD=$pg_pass OBSCURA_TARGET_PASSWORD=$pg_pass $OBSCURA validate --source "postgres://postgres@$pg_host:$pg_port/obench_src" \
  --target "postgres://postgres@$pg_host:$pg_port/obench_obscura" --config /tmp/obscura-bench.yaml --report /tmp/obscura-bench-validation >/dev/null 2>&1 </dev/null || true
t1=$(now); val=$(secs "$t0" "$t1")
t0=$(now)
OBSCURA_SOURCE_PASSWORD=$pg_pass $OBSCURA scan --source "postgres://postgres@$pg_host:$pg_port/obench_src" --out /tmp/obscura-bench-scan >/dev/null 2>&1 </dev/null
t1=$(now); scan=$(secs "$t0" "$t1")
extra_lines=$(printf '(f) obscura validate (5 checks + leakage):  %6.2f s\n(g) obscura scan (1,000-row samples):       %6.2f s' "$val" "$scan")

if [ "${SKIP_MARIADB:-0}" = 1 ]; then
  printf '\nrows: %s\n' "$ROWS"
  printf '(a) raw PG binary COPY pipe + PK + unique:   %6.2f s  %10.0f rows/s\n' "$raw" "$(echo "$ROWS / $raw" | bc -l)"
  printf '(b) obscura copy PG->PG, 5 transformed:      %6.2f s  %10.0f rows/s  ratio %.2f  peak RSS %d MB\n' "$obs" "$(echo "$ROWS / $obs" | bc -l)" "$(echo "$raw / $obs" | bc -l)" "$((rss_kb / 1024))"
  [ -n "$inplace_line" ] && echo "$inplace_line"
  echo "$extra_lines"
  exit 0
fi

echo "(c) mariadb-dump | mariadb" >&2
$MARIADB -e "DROP DATABASE IF EXISTS obench_src; DROP DATABASE IF EXISTS obench_dump; DROP DATABASE IF EXISTS obench_obscura; CREATE DATABASE obench_dump; CREATE DATABASE obench_obscura"
OBSCURA_SOURCE_PASSWORD=$pg_pass OBSCURA_TARGET_PASSWORD=$my_pass $OBSCURA copy --source "postgres://postgres@$pg_host:$pg_port/obench_src" \
  --target "mysql://root@127.0.0.1:$my_port/obench_src" > /dev/null 2>&1 </dev/null
t0=$(now)
mariadb-dump --no-defaults -h 127.0.0.1 -P "$my_port" -uroot --single-transaction --quick obench_src | $MARIADB obench_dump
t1=$(now); dump=$(secs "$t0" "$t1")

echo "(d) obscura copy MariaDB -> MariaDB with 5 transformed columns" >&2
t0=$(now)
OBSCURA_SOURCE_PASSWORD=$my_pass OBSCURA_TARGET_PASSWORD=$my_pass /usr/bin/time -f "%M" -o /tmp/obscura-bench-rss-my $OBSCURA copy --source "mysql://root@127.0.0.1:$my_port/obench_src" --target "mysql://root@127.0.0.1:$my_port/obench_obscura" \
  --config /tmp/obscura-bench.yaml > /tmp/obscura-bench-summary-my.json 2>/tmp/obscura-bench-log-my.txt </dev/null
t1=$(now); myobs=$(secs "$t0" "$t1"); myrss_kb=$(tail -1 /tmp/obscura-bench-rss-my)

printf '\nrows: %s\n' "$ROWS"
printf '(a) raw PG binary COPY pipe + PK + unique:   %6.2f s  %10.0f rows/s\n' "$raw" "$(echo "$ROWS / $raw" | bc -l)"
printf '(b) obscura copy PG->PG, 5 transformed:      %6.2f s  %10.0f rows/s  ratio %.2f  peak RSS %d MB\n' "$obs" "$(echo "$ROWS / $obs" | bc -l)" "$(echo "$raw / $obs" | bc -l)" "$((rss_kb / 1024))"
printf '(c) mariadb-dump | mariadb:                  %6.2f s  %10.0f rows/s\n' "$dump" "$(echo "$ROWS / $dump" | bc -l)"
printf '(d) obscura copy MariaDB->MariaDB, 5 transf: %6.2f s  %10.0f rows/s  ratio %.2f  peak RSS %d MB\n' "$myobs" "$(echo "$ROWS / $myobs" | bc -l)" "$(echo "$dump / $myobs" | bc -l)" "$((myrss_kb / 1024))"
[ -n "$inplace_line" ] && echo "$inplace_line"
echo "$extra_lines"
