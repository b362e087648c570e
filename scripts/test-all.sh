#!/usr/bin/env bash
# Runs the whole suite twice: on SQLite, then on a throwaway PostgreSQL cluster started here.
# Fails loudly if a tool is missing; nothing is skipped for lack of one.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export CASEWORK_REQUIRE_ALL_TOOLS=1
mkdir -p artifacts

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$PGBIN" ]; then echo "test-all: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; fi
PGDIR=$(mktemp -d /tmp/casework-pg.XXXXXX)
PGPORT=${PGPORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
AS_PG=()
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$PGDIR"; AS_PG=(runuser -u postgres --); fi
stop_pg() { "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate -w stop >/dev/null 2>&1; rm -rf "$PGDIR"; }
trap stop_pg EXIT
"${AS_PG[@]}" "$PGBIN/initdb" -D "$PGDIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$PGDIR/initdb.log" 2>&1 \
  || { cat "$PGDIR/initdb.log"; echo "test-all: initdb failed" >&2; exit 1; }
"${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w -t 30 \
  -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
  || { cat "$PGDIR/log"; echo "test-all: PostgreSQL did not start" >&2; exit 1; }
PG_BASE="postgresql+psycopg://postgres@127.0.0.1:$PGPORT"
for dbname in casework_test casework_e2e; do
  "${AS_PG[@]}" "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres "$dbname"
done
echo "test-all: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') running on port $PGPORT"

status=0
echo "================ Casework test suite on SQLite ================"
CASEWORK_TEST_ENGINE=sqlite $BIN/pytest "$@" --junitxml=artifacts/junit-sqlite.xml || status=$?
echo "================ Casework test suite on PostgreSQL ================"
CASEWORK_TEST_ENGINE=postgresql \
  TEST_DATABASE_URL="$PG_BASE/casework_test" E2E_DATABASE_URL="$PG_BASE/casework_e2e" \
  $BIN/pytest "$@" --junitxml=artifacts/junit-postgresql.xml || status=$?

$BIN/python scripts/summarise_junit.py artifacts/junit-sqlite.xml artifacts/junit-postgresql.xml || status=1
exit $status
