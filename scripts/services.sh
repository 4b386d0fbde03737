#!/usr/bin/env bash
# Finds or starts the PostgreSQL (and, with --redis, the Redis) the project runs against, and prints
# the environment to use them:  eval "$(scripts/services.sh)"
#   PostgreSQL: DATABASE_URL if set; else a server answering on 127.0.0.1:5432; else a private
#   cluster in .pg/ (Debian's binaries, or the pgserver wheel's), run by an unprivileged user.
#   Redis (--redis): REDIS_URL if set; else a server answering on 127.0.0.1:6379; else a private
#   redis-server if one is installed; else nothing (tasks then run in-process).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=${PY:-.venv/bin/python}
want_redis=0
[ "${1:-}" = "--redis" ] && want_redis=1

answers() { "$PY" - "$1" "$2" <<'PY'
import socket, sys
try:
    socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=1).close()
except OSError:
    sys.exit(1)
PY
}

private_postgres() {
  local bindir="" port=5433 data="$ROOT/.pg/data" sock="$ROOT/.pg/run"
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
  if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    bindir=$("$PY" -c 'import pgserver, pathlib; print(pathlib.Path(pgserver.__file__).parent / "pginstall" / "bin")')
  fi
  mkdir -p "$ROOT/.pg" "$sock"
  local runas=()
  if [ "$(id -u)" = "0" ]; then
    # initdb refuses to run as root: the private cluster belongs to an unprivileged user.
    id awalpg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin awalpg
    chown -R awalpg "$ROOT/.pg"
    chmod o+x "$ROOT" 2>/dev/null || true
    runas=(runuser -u awalpg --)
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    "${runas[@]}" "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >/dev/null
  fi
  if ! answers 127.0.0.1 $port; then
    "${runas[@]}" "$bindir/pg_ctl" -D "$data" -l "$ROOT/.pg/server.log" -w \
      -o "-p $port -k $sock -c listen_addresses=127.0.0.1" start >/dev/null
  fi
  echo "postgres://postgres@127.0.0.1:$port/awal"
}

if [ -z "${DATABASE_URL:-}" ]; then
  if answers 127.0.0.1 5432; then
    DATABASE_URL="postgres://postgres@127.0.0.1:5432/awal"
  else
    DATABASE_URL=$(private_postgres)
  fi
fi
echo "export DATABASE_URL='$DATABASE_URL'"

if [ "$want_redis" = 1 ] && [ -z "${REDIS_URL:-}" ]; then
  if answers 127.0.0.1 6379; then
    echo "export REDIS_URL='redis://127.0.0.1:6379/0'"
  elif command -v redis-server >/dev/null 2>&1; then
    mkdir -p "$ROOT/.redis"
    answers 127.0.0.1 6380 || redis-server --daemonize yes --bind 127.0.0.1 --port 6380 --save "" \
      --appendonly no --dir "$ROOT/.redis" --logfile "$ROOT/.redis/redis.log" >/dev/null
    echo "export REDIS_URL='redis://127.0.0.1:6380/0'"
  fi
elif [ -n "${REDIS_URL:-}" ]; then
  echo "export REDIS_URL='$REDIS_URL'"
fi
