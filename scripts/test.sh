#!/usr/bin/env bash
# Runs every test against real servers: installs PostgreSQL 15, MariaDB, sqlite3 and chromium from Debian packages when
# missing, starts throwaway servers on loopback in a temp dir, runs the whole suite, and stops them on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=servers.sh
source scripts/servers.sh start
trap 'scripts/servers.sh stop "$OBSCURA_SERVERS_DIR"' EXIT

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Obscura.slnx -c Release -nologo -clp:ErrorsOnly

log=$(mktemp)
status=0
dotnet test Obscura.slnx -c Release --no-build -nologo --logger "console;verbosity=minimal" 2>&1 | tee "$log" || status=$?

# One closing line CI can read, summed over the test assemblies.
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then echo "no test ran" >&2; exit 1; fi
exit "$status"
