#!/usr/bin/env bash
# Subset benchmark (docs/subset.md): a 10% subset of a PARENTS-row parent and a 4×PARENTS-row child table,
# PostgreSQL -> PostgreSQL, with foreign keys built and counts and orphans verified by the copy itself.
# Prints the seconds spent computing the kept keys in the source, the whole copy's seconds, and rows kept.
# Usage: bench/subset.sh [PARENTS]   (default 2000000, i.e. 2M parents / 8M children). Needs OBSCURA_TEST_PG
#        (or starts throwaway servers with scripts/servers.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
PARENTS=${1:-2000000}

# shellcheck source=lib.sh
source bench/lib.sh
bench_servers
bench_build
SRC=osubset_src_$$
DST=osubset_dst_$$
cleanup() { for db in $SRC $DST; do $PSQL -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; done; bench_stop_servers; }
trap cleanup EXIT

for db in $SRC $DST; do $PSQL -d postgres -c "CREATE DATABASE $db"; done
echo "generating $PARENTS parents and $((PARENTS * 4)) children..." >&2
$PSQL -d $SRC <<SQL
CREATE TABLE parent (id bigint PRIMARY KEY, name varchar(40) NOT NULL, city varchar(40) NOT NULL);
CREATE TABLE child (id bigint PRIMARY KEY, parent_id bigint NOT NULL REFERENCES parent (id), amount numeric(10,2) NOT NULL, note varchar(60));
CREATE INDEX child_parent ON child (parent_id);
INSERT INTO parent SELECT g, 'Name' || (g % 5003), 'City' || (g % 1013) FROM generate_series(1, $PARENTS) g;
INSERT INTO child SELECT g, ((g::bigint * 7919) % $PARENTS) + 1, (g % 100000) / 100.0, 'note ' || (g % 977) FROM generate_series(1, $((PARENTS * 4))) g;
ANALYZE parent; ANALYZE child;
SQL

base="postgres://$pg_user@$pg_host:$pg_port"
start=$(date +%s.%N)
OBSCURA_SOURCE_PASSWORD=$pg_pass OBSCURA_TARGET_PASSWORD=$pg_pass $OBSCURA copy --source "$base/$SRC" --target "$base/$DST" \
  --sample 'parent=10%' --summary /tmp/osubset-summary-$$.json >/dev/null
end=$(date +%s.%N)
python3 - "/tmp/osubset-summary-$$.json" "$start" "$end" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"subset computed in the source: {s['subset']['seconds']:.1f} s; whole run (incl. process start): {float(sys.argv[3]) - float(sys.argv[2]):.1f} s")
for t in s['subset']['tables']:
    print(f"  {t['table']}: {t['rows']} rows kept ({'; '.join(r['reason'] for r in t['reasons'])})")
PY
rm -f /tmp/osubset-summary-$$.json
