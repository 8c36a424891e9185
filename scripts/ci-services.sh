#!/usr/bin/env bash
# Services the test suite needs, installed from Debian and started here (idempotent):
#   - chromium   for the dashboard's browser test (Playwright drives /usr/bin/chromium; no
#                browser is ever downloaded)
#   - postgresql a real server for the PostgreSQL store and API tests, with a role and a
#                database: postgresql://eventdesk:eventdesk@127.0.0.1:5432/eventdesk_test
# Run as root (CI and the dev machines are root). Safe to run again: installed packages,
# a running cluster, an existing role or database are left as they are.
set -euo pipefail

PG_ROLE=${EVENTDESK_PG_ROLE:-eventdesk}
PG_PASSWORD=${EVENTDESK_PG_PASSWORD:-eventdesk}
PG_DB=${EVENTDESK_PG_DB:-eventdesk_test}

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pg_lsclusters >/dev/null 2>&1 || need+=(postgresql)
if ((${#need[@]})); then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${need[@]}" >/dev/null
fi

# The first cluster Debian created (e.g. "15 main"); create one if there is none.
read -r version cluster port status _ < <(pg_lsclusters --no-header | head -n 1) || true
if [[ -z "${version:-}" ]]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    pg_createcluster "$version" main >/dev/null
    read -r version cluster port status _ < <(pg_lsclusters --no-header | head -n 1)
fi
if [[ "$status" != online* ]]; then
    pg_ctlcluster "$version" "$cluster" start
fi
for _ in $(seq 1 50); do
    pg_isready -q -h 127.0.0.1 -p "$port" && break
    sleep 0.2
done
pg_isready -h 127.0.0.1 -p "$port" >/dev/null

psql_admin() { su postgres -c "psql -q -v ON_ERROR_STOP=1 -p $port $*"; }
if [[ -z "$(su postgres -c "psql -tA -p $port -c \"SELECT 1 FROM pg_roles WHERE rolname = '$PG_ROLE'\"")" ]]; then
    psql_admin "-c \"CREATE ROLE $PG_ROLE LOGIN PASSWORD '$PG_PASSWORD'\""
fi
if [[ -z "$(su postgres -c "psql -tA -p $port -c \"SELECT 1 FROM pg_database WHERE datname = '$PG_DB'\"")" ]]; then
    psql_admin "-c \"CREATE DATABASE $PG_DB OWNER $PG_ROLE\""
fi
echo "postgresql ready: postgresql://$PG_ROLE:$PG_PASSWORD@127.0.0.1:$port/$PG_DB"
echo "chromium ready: $(command -v chromium)"
