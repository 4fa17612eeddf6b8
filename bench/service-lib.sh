#!/usr/bin/env bash
# Shared set-up of the service benchmarks (sourced after bench/lib.sh): a throwaway `obscura serve` (Release build) on
# a free loopback port with its own store, users and data sources. Tokens live in environment variables and a 0600
# header file that curl reads with -H @FILE, never on a command line.
#   service_start                 starts the service; sets SVC_DIR SVC_URL and the ADMIN/REQUESTER header files
#   service_source NAME DB ENV    registers the PostgreSQL database DB as a data source
#   service_operation JSON        POSTs an operation request; prints its id
#   service_execute ID            executes it
#   service_wait ID STATUS...     waits until its status is one of STATUS; prints the status
#   service_stop                  stops the service (call from the EXIT trap)

service_need() {
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || apt-get install -y -q -o DPkg::Lock::Timeout=300 "$tool" >/dev/null
  done
}

service_start() {
  service_need jq curl
  SVC_DIR=$(mktemp -d /tmp/obscura-svc-bench.XXXXXX)
  chmod 700 "$SVC_DIR"
  OBSCURA_MASTER_KEY=$(head -c 32 /dev/urandom | base64)
  export OBSCURA_MASTER_KEY
  local store="sqlite:$SVC_DIR/store.db"
  OBSCURA_ADMIN_TOKEN=$($OBSCURA users add bench-admin --role ADMIN --role AUDITOR --store "$store" --audit-log "$SVC_DIR/audit.jsonl" 2>/dev/null)
  OBSCURA_TOKEN=$($OBSCURA users add bench-requester --role REQUESTER --store "$store" --audit-log "$SVC_DIR/audit.jsonl" 2>/dev/null)
  export OBSCURA_ADMIN_TOKEN OBSCURA_TOKEN
  (umask 077; printf 'Authorization: Bearer %s\n' "$OBSCURA_ADMIN_TOKEN" > "$SVC_DIR/admin.header"; printf 'Authorization: Bearer %s\n' "$OBSCURA_TOKEN" > "$SVC_DIR/requester.header")
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 18080)
  SVC_URL="http://127.0.0.1:$port"
  $OBSCURA serve --urls "$SVC_URL" --store "$store" --data-dir "$SVC_DIR/data" --audit-log "$SVC_DIR/audit.jsonl" --workers 1 ${SVC_SERVE_ARGS:-} \
    > "$SVC_DIR/serve.log" 2>&1 </dev/null &
  SVC_PID=$!
  for _ in $(seq 1 100); do
    curl -fs "$SVC_URL/health/live" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "obscura serve did not start; see $SVC_DIR/serve.log" >&2
  return 1
}

service_stop() {
  if [ -n "${SVC_PID:-}" ]; then kill "$SVC_PID" 2>/dev/null || true; wait "$SVC_PID" 2>/dev/null || true; fi
  if [ -n "${SVC_DIR:-}" ]; then rm -rf "$SVC_DIR"; fi
}

# The database password goes in the request body, written to a 0600 file: never an argument.
service_source() {
  local name=$1 db=$2 env=$3
  (umask 077; jq -n --arg name "$name" --arg host "$pg_host" --argjson port "$pg_port" --arg db "$db" --arg user "$pg_user" --arg pass "$pg_pass" --arg env "$env" \
    '{name: $name, kind: "postgres", host: $host, port: $port, database: $db, username: $user, password: $pass, environment: $env}' > "$SVC_DIR/source.json")
  curl -fsS -H @"$SVC_DIR/admin.header" -H 'Content-Type: application/json' --data @"$SVC_DIR/source.json" "$SVC_URL/api/data-sources" >/dev/null
  rm -f "$SVC_DIR/source.json"
}

service_operation() {
  curl -fsS -H @"$SVC_DIR/requester.header" -H 'Content-Type: application/json' --data "$1" "$SVC_URL/api/database-operations" | jq -r .id
}

service_execute() {
  curl -fsS -X PATCH -H @"$SVC_DIR/requester.header" -H 'Content-Type: application/json' --data '{"action":"execute"}' "$SVC_URL/api/database-operations/$1" >/dev/null
}

service_get() {
  curl -fsS -H @"$SVC_DIR/requester.header" "$SVC_URL$1"
}

service_wait() {
  local id=$1; shift
  while true; do
    local status
    status=$(service_get "/api/database-operations/$id" | jq -r .status)
    for want in "$@"; do [ "$status" = "$want" ] && { echo "$status"; return 0; }; done
    case $status in succeeded|failed|cancelled|rolled_back|rejected) echo "$status"; return 0 ;; esac
    sleep "${SERVICE_POLL:-1}"
  done
}
