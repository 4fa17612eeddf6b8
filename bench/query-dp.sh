#!/usr/bin/env bash
# A differentially private GROUP BY on the 2M-row benchmark table against the same plain SQL aggregate.
# Bar: DP median ≤ 1.5 × plain median + 20 ms, both measured in one warm process (plan cache and connection pools warm),
# alternating, so the figure is the engine's overhead (rewrite, person count, noise), not .NET start-up.
# Usage: bench/query-dp.sh [ROWS] [REPEATS]   (defaults 2000000, 15). Starts its own throwaway servers unless
#        OBSCURA_TEST_PG is set. KEEP=1 reuses an existing obench_query database of the right size.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-2000000}
REPEATS=${2:-15}

# shellcheck source=lib.sh
source bench/lib.sh
bench_servers
trap bench_stop_servers EXIT
have=$($PSQL -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = 'obench_query'")
if [ "${KEEP:-0}" = 1 ] && [ "$have" = 1 ] && [ "$($PSQL -d obench_query -Atc 'SELECT count(*) FROM customers' 2>/dev/null)" = "$ROWS" ]; then
  echo "reusing obench_query ($ROWS rows)" >&2
else
  customers_table obench_query "$ROWS"
fi
out=$(mktemp -d)
# The benchmark table's policy: one row per customer (id is the key), birth year bounded, a large budget for the repeats.
cat > "$out/privacy.yaml" <<'YAML'
tables:
  customers:
    privacy_unit: id
    max_contributions: 1
    columns:
      id:         { type: int, private_id: true }
      city:       { type: string }
      first_name: { type: string }
      last_name:  { type: string }
      email:      { type: string }
      phone:      { type: string }
      birth_date: { type: date }
roles:
  bench: { epsilon_per_query: 1.0, delta_per_query: 1.0e-6, budget: { epsilon: 1000000, delta: 0.9 } }
users:
  bench: [bench]
rules:
  - { match: "*.email|*.phone", class: restricted }
YAML
$PSQL -d obench_query -Atc "SELECT count(*) FROM customers" >/dev/null   # warm the table
dotnet build bench/Obscura.Benchmarks -c Release -nologo -clp:ErrorsOnly >/dev/null
DP="SELECT city, COUNT(*) AS n FROM customers GROUP BY city ORDER BY n DESC"
PLAIN="SELECT city, COUNT(*) AS n FROM customers GROUP BY city ORDER BY n DESC"
echo "rows: $ROWS; DP: $DP"
OBSCURA_SOURCE_PASSWORD=$pg_pass dotnet bench/Obscura.Benchmarks/bin/Release/net10.0/Obscura.Benchmarks.dll query-dp \
  "postgres://$pg_user@$pg_host:$pg_port/obench_query" "$out/privacy.yaml" bench "$DP" "$PLAIN" "$REPEATS"
rm -rf "$out"
