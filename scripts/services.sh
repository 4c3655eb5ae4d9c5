#!/usr/bin/env bash
# Throwaway PostgreSQL and Redis on free loopback ports, in a fresh temporary folder.
# Source it, call `services_start`, and `services_stop` in an EXIT trap.
#
# A DATABASE_URL or REDIS_URL already in the environment is used as it is. Otherwise the
# server is started here, installed first with apt-get when we are root and it is missing;
# without it (not root, not installed) the suite falls back to SQLite / inline tasks and says so.

SERVICES_DIR=""
SERVICES_PG_DATA=""
SERVICES_REDIS_PID=""

_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

_apt_install() {
  # Only as root, and only what is missing; `apt-get update` first, as lists may be empty.
  [ "$(id -u)" = 0 ] || return 1
  command -v apt-get >/dev/null 2>&1 || return 1
  echo "==> apt-get install $*"
  if [ -z "${_SERVICES_APT_UPDATED:-}" ]; then
    apt-get update -qq >/dev/null
    _SERVICES_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

_pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

_as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

services_start() {
  SERVICES_DIR="$(mktemp -d -t si-services.XXXXXX)"
  chmod 755 "$SERVICES_DIR"

  if [ -z "${DATABASE_URL:-}" ]; then
    if [ -z "$(_pg_bin)" ]; then _apt_install postgresql || true; fi
    local pgbin
    pgbin="$(_pg_bin)"
    if [ -n "$pgbin" ]; then
      local port
      port="$(_free_port)"
      SERVICES_PG_DATA="$SERVICES_DIR/pg/data"
      mkdir -p "$SERVICES_DIR/pg"
      if [ "$(id -u)" = 0 ]; then chown postgres "$SERVICES_DIR/pg"; fi
      _as_postgres "$pgbin/initdb" -D "$SERVICES_PG_DATA" -A trust -U postgres -E UTF8 \
        --no-locale --no-sync >"$SERVICES_DIR/pg/initdb.log"
      _as_postgres "$pgbin/pg_ctl" -D "$SERVICES_PG_DATA" -w -l "$SERVICES_DIR/pg/server.log" \
        -o "-k $SERVICES_DIR/pg -c listen_addresses=127.0.0.1 -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null
      "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U postgres school_improvement
      export DATABASE_URL="postgres://postgres@127.0.0.1:$port/school_improvement"
      echo "==> PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
    else
      echo "==> PostgreSQL not available (not root to install it): tests run on SQLite" >&2
    fi
  else
    echo "==> Using the DATABASE_URL from the environment"
  fi

  if [ -z "${REDIS_URL:-}" ]; then
    if ! command -v redis-server >/dev/null 2>&1; then _apt_install redis-server || true; fi
    if command -v redis-server >/dev/null 2>&1; then
      local rport
      rport="$(_free_port)"
      mkdir -p "$SERVICES_DIR/redis"
      redis-server --port "$rport" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no \
        --dir "$SERVICES_DIR/redis" --pidfile "$SERVICES_DIR/redis/redis.pid" \
        --logfile "$SERVICES_DIR/redis/redis.log"
      for _ in $(seq 50); do
        [ -s "$SERVICES_DIR/redis/redis.pid" ] && redis-cli -p "$rport" ping >/dev/null 2>&1 && break
        sleep 0.1
      done
      SERVICES_REDIS_PID="$(cat "$SERVICES_DIR/redis/redis.pid")"
      export REDIS_URL="redis://127.0.0.1:$rport/0"
      echo "==> Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2) on 127.0.0.1:$rport"
    else
      echo "==> Redis not available (not root to install it): tasks run inline" >&2
    fi
  else
    echo "==> Using the REDIS_URL from the environment"
  fi
}

services_stop() {
  if [ -n "$SERVICES_REDIS_PID" ]; then
    kill "$SERVICES_REDIS_PID" 2>/dev/null || true
  fi
  if [ -n "$SERVICES_PG_DATA" ] && [ -d "$SERVICES_PG_DATA" ]; then
    _as_postgres "$(_pg_bin)/pg_ctl" -D "$SERVICES_PG_DATA" -m immediate stop >/dev/null 2>&1 || true
  fi
  if [ -n "$SERVICES_DIR" ]; then
    rm -rf "$SERVICES_DIR"
  fi
}
