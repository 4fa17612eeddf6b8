#!/usr/bin/env bash
# Shared set-up of the benchmark scripts (sourced, not run): servers, connection details, the obscura build, and the
# 'customers' benchmark table with its 5-column config. Each script sets ROWS and calls what it needs.
#   bench_servers            start throwaway servers unless OBSCURA_TEST_PG is set (stopped on exit)
#   bench_build              Release build of the CLI; sets OBSCURA and the run secret
#   customers_table DB ROWS  (re)creates DB with the customers table of ROWS generated rows
#   customers_config FILE    writes the benchmark config (first_name/phone mask, last_name/email/birth_date hash)
# After sourcing: pg_host pg_port pg_pass pg_user my_port my_pass PSQL MARIADB now secs (once bench_servers has run).

bench_servers() {
  if [ -z "${OBSCURA_TEST_PG:-}" ]; then
    # shellcheck source=../scripts/servers.sh
    source scripts/servers.sh start
    BENCH_STARTED=$OBSCURA_SERVERS_DIR
  fi
  pg_host=$(echo "$OBSCURA_TEST_PG" | sed -E 's#.*@([^:/]+):([0-9]+)/.*#\1#')
  pg_port=$(echo "$OBSCURA_TEST_PG" | sed -E 's#.*@([^:/]+):([0-9]+)/.*#\2#')
  pg_pass=$(echo "$OBSCURA_TEST_PG" | sed -E 's#.*://[^:]+:([^@]+)@.*#\1#')
  pg_user=$(echo "$OBSCURA_TEST_PG" | sed -E 's#.*://([^:]+):.*#\1#')
  my_port=$(echo "${OBSCURA_TEST_MYSQL:-}" | sed -E 's#.*@([^:/]+):([0-9]+)/.*#\2#')
  my_pass=$(echo "${OBSCURA_TEST_MYSQL:-}" | sed -E 's#.*://[^:]+:([^@]+)@.*#\1#')
  export PGPASSWORD=$pg_pass MYSQL_PWD=$my_pass
  PSQL="psql -X -q -v ON_ERROR_STOP=1 -h $pg_host -p $pg_port -U $pg_user"
  MARIADB="mariadb --no-defaults -h 127.0.0.1 -P $my_port -uroot"
}

# Stops the servers bench_servers started (call from the script's EXIT trap).
bench_stop_servers() {
  if [ -n "${BENCH_STARTED:-}" ]; then scripts/servers.sh stop "$BENCH_STARTED"; fi
}

bench_build() {
  command -v /usr/bin/time >/dev/null 2>&1 || { apt-get install -y -q -o DPkg::Lock::Timeout=300 time >/dev/null 2>&1 || true; }
  dotnet build src/Obscura.Cli -c Release -nologo -clp:ErrorsOnly >/dev/null
  OBSCURA="dotnet src/Obscura.Cli/bin/Release/net10.0/obscura.dll"
  export OBSCURA_SECRET="benchmark-secret-0123456789abcdef"
}

customers_table() {
  local db=$1 rows=$2
  $PSQL -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  echo "generating $rows rows in PostgreSQL ($db)..." >&2
  $PSQL -d "$db" <<SQL
CREATE TABLE customers (
  id bigint PRIMARY KEY, first_name varchar(40) NOT NULL, last_name varchar(40) NOT NULL, email varchar(120) NOT NULL UNIQUE,
  phone varchar(24), birth_date date, address varchar(120), city varchar(60), created_at timestamptz NOT NULL);
INSERT INTO customers
SELECT g, 'First' || (g % 5003), 'Last' || (g % 20011), 'user' || g || '@example.com', '+1 555 ' || lpad((g::bigint * 7919 % 10000000)::text, 7, '0'),
       date '1940-01-01' + (g % 25000), (g % 9999) || ' Main Street, Apt ' || (g % 97), 'City' || (g % 1013),
       timestamptz '2020-01-01 00:00:00+00' + make_interval(secs => g * 13.7)
FROM generate_series(1, $rows) g;
VACUUM ANALYZE customers;
SQL
}

customers_config() {
  cat > "$1" <<'YAML'
tables:
  customers:
    columns:
      first_name: { strategy: mask, keep_first: 1 }
      last_name:  { strategy: hash }
      email:      { strategy: hash }
      phone:      { strategy: mask, keep_last: 4 }
      birth_date: { strategy: hash }
YAML
}

now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc; }
