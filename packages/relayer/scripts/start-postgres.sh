#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the relayer's tests and prints its connection URL on stdout.
#
#   packages/relayer/scripts/start-postgres.sh [DIR] [PORT]   → postgres://postgres@127.0.0.1:PORT/postgres
#   packages/relayer/scripts/start-postgres.sh --stop DIR
#
# Uses Debian's postgresql packages (apt-get install -y postgresql). The server refuses to run as root, so
# as root it runs as the `postgres` user the package creates. Data lives in DIR (default: a new temp dir),
# with fsync off: it is for tests only.
set -euo pipefail

pgbin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return; fi
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return; fi
  echo "start-postgres: PostgreSQL binaries not found; install them with: apt-get install -y postgresql" >&2
  exit 3
}

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

BIN=$(pgbin)

if [ "${1:-}" = "--stop" ]; then
  DIR=${2:?usage: start-postgres.sh --stop DIR}
  as_pg "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
  exit 0
fi

DIR=${1:-$(mktemp -d /tmp/cairn-pg.XXXXXX)}
PORT=${2:-${PGPORT:-54329}}
mkdir -p "$DIR"
if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$DIR"; fi
chmod 700 "$DIR"
if [ ! -f "$DIR/data/PG_VERSION" ]; then
  as_pg "$BIN/initdb" -D "$DIR/data" -A trust -U postgres --no-sync -E UTF8 >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
fi
as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 30 \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
  start >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
echo "postgres://postgres@127.0.0.1:$PORT/postgres"
