#!/usr/bin/env bash
# A burst of concurrent private queries against one budget store, in PostgreSQL (shared by every engine instance) and
# in SQLite (one machine). All queries are released at once over INSTANCES engine instances; the user's budget covers
# three quarters of them. Bar: zero errors, exactly the budgeted number answered, the rest refused (exit 4 in the CLI),
# and the ledger holding exactly the answered cost. Prints answered/refused/errors and latency percentiles.
# Usage: bench/query-concurrency.sh [QUERIES] [INSTANCES] [ROWS]   (defaults 200, 4, 100000). Starts its own throwaway
#        servers unless OBSCURA_TEST_PG is set.
set -euo pipefail
cd "$(dirname "$0")/.."
QUERIES=${1:-200}
INSTANCES=${2:-4}
ROWS=${3:-100000}

# shellcheck source=lib.sh
source bench/lib.sh
bench_servers
out=$(mktemp -d)
cleanup() {
  $PSQL -d postgres -c "DROP DATABASE IF EXISTS obench_qconc WITH (FORCE)" -c "DROP DATABASE IF EXISTS obench_qconc_budget WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$out"
  bench_stop_servers
}
trap cleanup EXIT
customers_table obench_qconc "$ROWS" >/dev/null
$PSQL -d postgres -c "DROP DATABASE IF EXISTS obench_qconc_budget" -c "CREATE DATABASE obench_qconc_budget" >/dev/null
BUDGET=$(( QUERIES * 3 / 4 ))
cat > "$out/privacy.yaml" <<YAML
tables:
  customers:
    privacy_unit: id
    columns:
      id:         { type: int, private_id: true }
      city:       { type: string }
      birth_date: { type: date }
roles:
  bench: { epsilon_per_query: 1.0, delta_per_query: 1.0e-6, budget: { epsilon: $BUDGET, delta: 0.9 } }
users:
  bench: [bench]
rules:
  - { match: "*.email|*.phone", class: restricted }
YAML
dotnet build bench/Obscura.Benchmarks -c Release -nologo -clp:ErrorsOnly >/dev/null
SQL="SELECT city, COUNT(*) AS n FROM customers GROUP BY city ORDER BY n DESC"
echo "rows: $ROWS; queries: $QUERIES over $INSTANCES instances; SQL: $SQL"
status=0
export OBSCURA_SOURCE_PASSWORD=$pg_pass OBSCURA_BUDGET_PASSWORD=$pg_pass
BENCH="dotnet bench/Obscura.Benchmarks/bin/Release/net10.0/Obscura.Benchmarks.dll query-concurrency"
$BENCH "postgres://$pg_user@$pg_host:$pg_port/obench_qconc" "$out/privacy.yaml" bench \
  "postgres://$pg_user@$pg_host:$pg_port/obench_qconc_budget" "$QUERIES" "$INSTANCES" "$SQL" || status=1
$BENCH "postgres://$pg_user@$pg_host:$pg_port/obench_qconc" "$out/privacy.yaml" bench \
  "sqlite:$out/budget.db" "$QUERIES" "$INSTANCES" "$SQL" || status=1
exit $status
