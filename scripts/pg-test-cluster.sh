#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite, on 127.0.0.1 only.
#
#   scripts/pg-test-cluster.sh start DIR   # prints DATABASE_URL=postgresql+psycopg://… on stdout
#   scripts/pg-test-cluster.sh stop DIR    # stops the server and removes DIR
#
# DIR must be new or empty (e.g. "$(mktemp -d)"); everything lives inside it: data,
# unix socket, log. The server trusts every local connection (-A trust) and runs with
# fsync, synchronous_commit and full_page_writes off: for tests only, never for data.
# As root the server runs as the `postgres` user (or a system user `samnodci`, created
# if needed), because initdb and postgres refuse to run as root.
# Environment: PG_BINDIR (default: pg_config --bindir, else the newest
# /usr/lib/postgresql/*/bin), PG_TEST_DB (samnod_test), PG_TEST_USER (samnod).
set -euo pipefail

db=${PG_TEST_DB:-samnod_test}
role=${PG_TEST_USER:-samnod}
marker=.samnod-pg-test-cluster

die() { echo "pg-test-cluster: $*" >&2; exit 1; }
log() { echo "pg-test-cluster: $*" >&2; }

find_bindir() {
  if [ -n "${PG_BINDIR:-}" ]; then echo "$PG_BINDIR"; return; fi
  local d
  if command -v pg_config >/dev/null 2>&1; then
    d=$(pg_config --bindir 2>/dev/null || true)
    if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/postgres" ]; then echo "$d"; return; fi
  fi
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return; fi
  die "no PostgreSQL server binaries (initdb) found; install the Debian package postgresql"
}

# The user the server runs as: ourselves unless we are root.
server_user() {
  if [ "$(id -u)" -ne 0 ]; then id -un; return; fi
  if id -u postgres >/dev/null 2>&1; then echo postgres; return; fi
  if ! id -u samnodci >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin samnodci >&2
  fi
  echo samnodci
}

as_server() {
  local u=$1; shift
  if [ "$u" = "$(id -un)" ]; then "$@"; else runuser -u "$u" -- "$@"; fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  local dir=$1 bindir user port attempt
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
  bindir=$(find_bindir)
  user=$(server_user)
  touch "$dir/$marker"
  [ "$user" = "$(id -un)" ] || chown "$user" "$dir"
  as_server "$user" test -w "$dir" \
    || die "user $user cannot write $dir (is a parent folder closed to it? use /tmp)"
  mkdir -p "$dir/sock"
  [ "$user" = "$(id -un)" ] || chown "$user" "$dir/sock"

  as_server "$user" "$bindir/initdb" --pgdata="$dir/data" --username="$role" \
    --auth=trust --encoding=UTF8 --locale="${PG_TEST_LOCALE:-C.UTF-8}" --no-sync \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  cat >>"$dir/data/postgresql.conf" <<CONF

# pg-test-cluster.sh: loopback only, socket inside the folder, speed over durability
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir/sock'
fsync = off
synchronous_commit = off
full_page_writes = off
CONF

  # A port is picked free, but another process may take it before the server binds:
  # try a few.
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    if as_server "$user" "$bindir/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" \
         --wait --timeout=60 --silent start \
         -o "-p $port" \
         >&2; then
      break
    fi
    port=
    log "start on port attempt $attempt failed; server.log says:"
    tail -n 5 "$dir/server.log" >&2 || true
  done
  [ -n "$port" ] || die "could not start the server"
  echo "$port" >"$dir/port"

  "$bindir/createdb" --host=127.0.0.1 --port="$port" --username="$role" "$db"
  echo "DATABASE_URL=postgresql+psycopg://$role@127.0.0.1:$port/$db"
}

stop() {
  local dir=$1 bindir user
  [ -d "$dir" ] || return 0
  [ -f "$dir/$marker" ] || die "$dir was not made by this script; not touching it"
  if [ -f "$dir/data/postmaster.pid" ]; then
    bindir=$(find_bindir)
    user=$(stat -c %U "$dir/data")
    as_server "$user" "$bindir/pg_ctl" --pgdata="$dir/data" --mode=fast --wait \
      --timeout=60 --silent stop >&2 \
      || as_server "$user" "$bindir/pg_ctl" --pgdata="$dir/data" --mode=immediate \
           --wait --silent stop >&2 \
      || log "could not stop the server in $dir"
  fi
  rm -rf "$dir"
}

case "${1:-}:${2:-}" in
  start:?*) start "$2" ;;
  stop:?*) stop "$2" ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
