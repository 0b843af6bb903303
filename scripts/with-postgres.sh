#!/usr/bin/env bash
# Run a command with a private, throwaway PostgreSQL cluster (stack-notes §8A) and TEST_DATABASE_URL set.
# If TEST_DATABASE_URL is already set, or PostgreSQL is not installed, the command runs as it is.
set -euo pipefail
if [ -n "${TEST_DATABASE_URL:-}" ] || ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || [ "$(id -u)" -ne 0 ]; then
  exec "$@"
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PGDATA=$(mktemp -d /tmp/gf-pg.XXXXXX)
PGPORT=${PGPORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
chown postgres:postgres "$PGDATA"; chmod 700 "$PGDATA"
runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 30 \
  -o "-p $PGPORT -k $PGDATA -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
stop() { runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || true; rm -rf "$PGDATA"; }
trap stop EXIT
psql -q -h 127.0.0.1 -p "$PGPORT" -U postgres -c "CREATE ROLE app LOGIN PASSWORD 'app'" -c "CREATE DATABASE app OWNER app"
export TEST_DATABASE_URL="postgresql+psycopg://app:app@127.0.0.1:$PGPORT/app"
export REQUIRE_POSTGRES=1
"$@"
