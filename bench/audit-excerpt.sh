#!/usr/bin/env bash
# Time of GET /api/database-operations/{id}/reports/audit.jsonl (and of the reports list, which sizes it) when the
# service's audit holds ROWS lines about other operations: `obscura serve` (Release, SQLite store) records one
# operation (created, then cancelled), is stopped, and its audit log and the store's audit index are padded with ROWS
# valid hash-chained service_action lines about 5,000 other operations (`obscura audit verify` still passes); then the
# service is started again and each URL is fetched REPEAT times (after one warm-up). Prints the median and slowest.
# Usage: bench/audit-excerpt.sh [ROWS]   (default 200000; REPEAT=20)
# OBSCURA_CLI="dotnet path/to/obscura.dll" runs another build (e.g. an earlier release) instead of building this one.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-200000}
REPEAT=${REPEAT:-20}

# shellcheck source=lib.sh
source bench/lib.sh
# shellcheck source=service-lib.sh
source bench/service-lib.sh
trap 'service_stop' EXIT
service_need jq curl python3
if [ -n "${OBSCURA_CLI:-}" ]; then OBSCURA=$OBSCURA_CLI; export OBSCURA_SECRET="benchmark-secret-0123456789abcdef"; else bench_build; fi

service_start
python3 - "$SVC_DIR/source.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)"); c.commit()
PY
curl -fsS -H @"$SVC_DIR/admin.header" -H 'Content-Type: application/json' \
  --data "$(jq -n --arg db "$SVC_DIR/source.db" '{name: "uat", kind: "sqlite", database: $db, environment: "UAT"}')" "$SVC_URL/api/data-sources" >/dev/null
id=$(service_operation '{"operation_type":"scan","source_env":"UAT","required_approvers":["DBA"]}')
curl -fsS -X PATCH -H @"$SVC_DIR/requester.header" -H 'Content-Type: application/json' --data '{"action":"cancel"}' "$SVC_URL/api/database-operations/$id" >/dev/null
service_wait "$id" cancelled >/dev/null
kill "$SVC_PID"; wait "$SVC_PID" 2>/dev/null || true

echo "padding the audit log and the store's index with $ROWS lines..." >&2
python3 - "$SVC_DIR/audit.jsonl" "$SVC_DIR/store.db" "$ROWS" <<'PY'
import hashlib, json, socket, sqlite3, sys, os
log, store, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
lines = open(log, 'rb').read().splitlines()
template = json.loads(lines[-1])
seq, prev = template['seq'], template['hash']
db = sqlite3.connect(store)
columns = [r[1] for r in db.execute("PRAGMA table_info(audit)")]
keeps_lines = 'audit_line' in columns
log_id = socket.gethostname() + ':' + os.path.abspath(log)
out, index = [], []
for i in range(rows):
    seq += 1
    target = 'operation:%d' % (100000 + i % 5000)
    event = {k: v for k, v in template.items() if k not in ('hash', 'hmac')}
    event.update(seq=seq, action='report_download', target=target, outcome='ok', prev=prev)
    content = json.dumps(event, separators=(',', ':')).encode()
    digest = hashlib.sha256(content).hexdigest()
    line = content[:-1] + b',"hash":"' + digest.encode() + b'"}'
    out.append(line)
    index.append((event['at'].replace('Z', '0000Z'), event['actor'], event.get('role'), 'report_download', target, event.get('remote_address'), 'ok', seq, digest,
                  line.decode(), log_id))
    prev = digest
with open(log, 'ab') as f: f.write(b'\n'.join(out) + b'\n')
if keeps_lines:
    db.executemany("INSERT INTO audit (at, actor, role, action, target, remote_address, outcome, audit_seq, audit_hash, audit_line, audit_log) VALUES (?,?,?,?,?,?,?,?,?,?,?)", index)
else:
    db.executemany("INSERT INTO audit (at, actor, role, action, target, remote_address, outcome, audit_seq, audit_hash) VALUES (?,?,?,?,?,?,?,?,?)", [r[:9] for r in index])
db.commit()
print('audit log: %d lines, %.1f MB; index: %d rows' % (seq, os.path.getsize(log) / 1e6, db.execute('SELECT COUNT(*) FROM audit').fetchone()[0]), file=sys.stderr)
PY
$OBSCURA audit verify "$SVC_DIR/audit.jsonl" >/dev/null

$OBSCURA serve --urls "$SVC_URL" --store "sqlite:$SVC_DIR/store.db" --data-dir "$SVC_DIR/data" --audit-log "$SVC_DIR/audit.jsonl" --workers 1 \
  >> "$SVC_DIR/serve.log" 2>&1 </dev/null &
SVC_PID=$!
for _ in $(seq 1 100); do curl -fs "$SVC_URL/health/live" >/dev/null 2>&1 && break; sleep 0.2; done

measure() {
  local url=$1
  curl -fsS -o /dev/null -H @"$SVC_DIR/admin.header" "$SVC_URL$url"
  for _ in $(seq 1 "$REPEAT"); do curl -fsS -o /dev/null -w '%{time_total}\n' -H @"$SVC_DIR/admin.header" "$SVC_URL$url"; done |
    sort -n | awk -v url="$url" '{t[NR] = $1 * 1000} END {printf "%-55s median %7.1f ms  slowest %7.1f ms  (%d requests)\n", url, t[int((NR + 1) / 2)], t[NR], NR}'
}
measure "/api/database-operations/$id/reports/audit.jsonl"
measure "/api/database-operations/$id/reports"
echo "excerpt: $(curl -fsS -H @"$SVC_DIR/admin.header" "$SVC_URL/api/database-operations/$id/reports/audit.jsonl" | wc -l) lines" >&2
