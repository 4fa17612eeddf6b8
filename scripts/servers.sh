#!/usr/bin/env bash
# Starts throwaway PostgreSQL 15 and MariaDB servers on loopback in a temp dir, on free ports.
#   source scripts/servers.sh start   -> exports OBSCURA_TEST_PG, OBSCURA_TEST_MYSQL, OBSCURA_SERVERS_DIR
#   scripts/servers.sh stop DIR       -> stops the servers started in DIR and removes it
# Installs the Debian packages when missing (needs root, as on CI and dev machines), chromium included for the browser tests.
set -euo pipefail

install_packages() {
  local need=()
  [ -x /usr/lib/postgresql/15/bin/postgres ] || need+=(postgresql-15 postgresql-client-15)
  command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || need+=(mariadb-server mariadb-client)
  command -v sqlite3 >/dev/null 2>&1 || need+=(sqlite3)
  # The dashboard's browser tests drive Debian's Chromium through Playwright (which cannot download browsers here).
  [ -x /usr/bin/chromium ] || need+=(chromium)
  if [ ${#need[@]} -gt 0 ]; then
    echo "installing: ${need[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2
    apt-get install -y -q -o DPkg::Lock::Timeout=300 "${need[@]}" >&2
  fi
}

free_port() {
  python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

start() {
  install_packages
  local dir; dir=$(mktemp -d /tmp/obscura-servers.XXXXXX)
  chmod 755 "$dir"
  local pgbin=/usr/lib/postgresql/15/bin
  local pgport; pgport=$(free_port)
  local myport; myport=$(free_port)
  # PostgreSQL refuses to run as root: run it as the unprivileged 'postgres' or 'nobody' user.
  local pguser=postgres
  id -u postgres >/dev/null 2>&1 || pguser=nobody
  mkdir -p "$dir/pg" && chown "$pguser" "$dir/pg"
  su -s /bin/sh "$pguser" -c "$pgbin/initdb -D '$dir/pg/data' -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >'$dir/pg/initdb.log' 2>&1"
  cat >> "$dir/pg/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $pgport
unix_socket_directories = '$dir/pg'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
shared_buffers = 512MB
maintenance_work_mem = 512MB
max_wal_size = 4GB
CONF
  su -s /bin/sh "$pguser" -c "$pgbin/pg_ctl -D '$dir/pg/data' -l '$dir/pg/server.log' -w -t 60 start >/dev/null"

  mkdir -p "$dir/my/data" "$dir/my/tmp"
  chown -R mysql:mysql "$dir/my" 2>/dev/null || true
  local myuser=mysql; id -u mysql >/dev/null 2>&1 || myuser=root
  mariadb-install-db --no-defaults --user="$myuser" --datadir="$dir/my/data" --auth-root-authentication-method=normal >"$dir/my/install.log" 2>&1
  (mariadbd --no-defaults --user="$myuser" --datadir="$dir/my/data" --tmpdir="$dir/my/tmp" \
      --bind-address=127.0.0.1 --port="$myport" --socket="$dir/my/mysqld.sock" --pid-file="$dir/my/mysqld.pid" \
      --skip-name-resolve --local-infile=1 --innodb-buffer-pool-size=1G --innodb-log-file-size=512M \
      --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --max-connections=300 \
      --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci --sql-mode=STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION \
      --max-allowed-packet=256M >"$dir/my/server.log" 2>&1 &)
  for _ in $(seq 1 120); do
    mariadb --no-defaults -uroot --socket="$dir/my/mysqld.sock" -e "select 1" >/dev/null 2>&1 && break
    sleep 0.5
  done
  # Root over TCP from loopback with a password, as a real deployment would have.
  mariadb --no-defaults -uroot --socket="$dir/my/mysqld.sock" -e "DELETE FROM mysql.global_priv WHERE User=''; CREATE OR REPLACE USER 'root'@'127.0.0.1' IDENTIFIED BY 'obscura-test'; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION; FLUSH PRIVILEGES;"
  # Local socket is trusted (to set the password); TCP needs the password, as a real server would.
  psql -h "$dir/pg" -p "$pgport" -U postgres -d postgres -qc "ALTER USER postgres PASSWORD 'obscura-test'" >/dev/null

  export OBSCURA_SERVERS_DIR="$dir"
  export OBSCURA_TEST_PG="postgres://postgres:obscura-test@127.0.0.1:$pgport/postgres"
  export OBSCURA_TEST_MYSQL="mysql://root:obscura-test@127.0.0.1:$myport/mysql"
  export OBSCURA_TEST_PG_SOCKET_DIR="$dir/pg" OBSCURA_TEST_PG_PORT="$pgport"
  export OBSCURA_TEST_MYSQL_SOCKET="$dir/my/mysqld.sock" OBSCURA_TEST_MYSQL_PORT="$myport"
  cat > "$dir/env" <<ENV
export OBSCURA_SERVERS_DIR="$dir"
export OBSCURA_TEST_PG="$OBSCURA_TEST_PG"
export OBSCURA_TEST_MYSQL="$OBSCURA_TEST_MYSQL"
export OBSCURA_TEST_PG_SOCKET_DIR="$dir/pg"
export OBSCURA_TEST_PG_PORT="$pgport"
export OBSCURA_TEST_MYSQL_SOCKET="$dir/my/mysqld.sock"
export OBSCURA_TEST_MYSQL_PORT="$myport"
ENV
  echo "servers up: PostgreSQL 127.0.0.1:$pgport, MariaDB 127.0.0.1:$myport (env: $dir/env)" >&2
}

stop() {
  local dir=$1
  [ -d "$dir" ] || return 0
  local pguser=postgres; id -u postgres >/dev/null 2>&1 || pguser=nobody
  [ -d "$dir/pg/data" ] && su -s /bin/sh "$pguser" -c "/usr/lib/postgresql/15/bin/pg_ctl -D '$dir/pg/data' -m fast -w stop >/dev/null 2>&1" || true
  if [ -f "$dir/my/mysqld.pid" ]; then
    local pid; pid=$(cat "$dir/my/mysqld.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:?servers dir}" ;;
  *) echo "usage: source scripts/servers.sh start | scripts/servers.sh stop DIR" >&2; return 2 2>/dev/null || exit 2 ;;
esac
