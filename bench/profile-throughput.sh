#!/usr/bin/env bash
# obscura profile throughput on the 2M-row benchmark table (the shape bench/copy-vs-raw.sh copies):
#   customers(id bigint pk, first_name, last_name, email unique, phone, birth_date date, address, city, created_at timestamptz)
# Prints wall-clock rows/s and rows per CPU-second of the obscura process (user + sys), the "per core" figure.
# Usage: bench/profile-throughput.sh [ROWS] [JOBS]   (defaults 2000000, number of cores). Starts its own throwaway
#        servers unless OBSCURA_TEST_PG is set. KEEP=1 reuses an existing obench_profile database of the right size.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-2000000}
JOBS=${2:-$(nproc)}

if [ -z "${OBSCURA_TEST_PG:-}" ]; then
  # shellcheck source=../scripts/servers.sh
  source scripts/servers.sh start
  trap 'scripts/servers.sh stop "$OBSCURA_SERVERS_DIR"' EXIT
fi
command -v /usr/bin/time >/dev/null 2>&1 || { apt-get install -y -q -o DPkg::Lock::Timeout=300 time >/dev/null 2>&1 || true; }

dotnet build src/Obscura.Cli -c Release -nologo -clp:ErrorsOnly >/dev/null
OBSCURA="dotnet src/Obscura.Cli/bin/Release/net10.0/obscura.dll"

pg_host=$(echo "$OBSCURA_TEST_PG" | sed -E 's#.*@([^:/]+):([0-9]+)/.*#\1#')
pg_port=$(echo "$OBSCURA_TEST_PG" | sed -E 's#.*@([^:/]+):([0-9]+)/.*#\2#')
pg_pass=$(echo "$OBSCURA_TEST_PG" | sed -E 's#.*://[^:]+:([^@]+)@.*#\1#')
export PGPASSWORD=$pg_pass
PSQL="psql -X -q -v ON_ERROR_STOP=1 -h $pg_host -p $pg_port -U postgres"

have=$($PSQL -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = 'obench_profile'")
if [ "${KEEP:-0}" = 1 ] && [ "$have" = 1 ] && [ "$($PSQL -d obench_profile -Atc 'SELECT count(*) FROM customers' 2>/dev/null)" = "$ROWS" ]; then
  echo "reusing obench_profile ($ROWS rows)" >&2
else
  $PSQL -d postgres -c "DROP DATABASE IF EXISTS obench_profile" -c "CREATE DATABASE obench_profile"
  echo "generating $ROWS rows in PostgreSQL..." >&2
  $PSQL -d obench_profile <<SQL
CREATE TABLE customers (
  id bigint PRIMARY KEY, first_name varchar(40) NOT NULL, last_name varchar(40) NOT NULL, email varchar(120) NOT NULL UNIQUE,
  phone varchar(24), birth_date date, address varchar(120), city varchar(60), created_at timestamptz NOT NULL);
INSERT INTO customers
SELECT g, 'First' || (g % 5003), 'Last' || (g % 20011), 'user' || g || '@example.com', '+1 555 ' || lpad((g::bigint * 7919 % 10000000)::text, 7, '0'),
       date '1940-01-01' + (g % 25000), (g % 9999) || ' Main Street, Apt ' || (g % 97), 'City' || (g % 1013),
       timestamptz '2020-01-01 00:00:00+00' + make_interval(secs => g * 13.7)
FROM generate_series(1, $ROWS) g;
VACUUM ANALYZE customers;
SQL
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
grep -E "customers|profiled" "$out/log.txt" >&2 || true
echo "report: $out/profile.html" >&2
