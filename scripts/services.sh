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
  local bindir="" port=5433 pgdir="$ROOT/.pg"
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
  if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    bindir=$("$PY" -c 'import pgserver, pathlib; print(pathlib.Path(pgserver.__file__).parent / "pginstall" / "bin")')
  fi
  local runas=()
  if [ "$(id -u)" = "0" ]; then
    # initdb refuses to run as root: the private cluster belongs to an unprivileged user.
    id awalpg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin awalpg
    runas=(runuser -u awalpg --)
    chmod o+x "$ROOT" 2>/dev/null || true
    if ! runuser -u awalpg -- test -x "$ROOT"; then
      # The project sits under a folder that user cannot enter (e.g. /root): keep the cluster,
      # and a copy of the binaries, where it can.
      pgdir="/var/tmp/awal-pg/$(printf '%s' "$ROOT" | md5sum | cut -c1-12)"
      if ! runuser -u awalpg -- test -x "$bindir/initdb"; then
        # pgserver's binaries find their libraries at $ORIGIN/../../../pgserver.libs.
        local site
        site=$(dirname "$(dirname "$(dirname "$bindir")")")
        mkdir -p "$pgdir/site/pgserver"
        cp -a "$site/pgserver/pginstall" "$pgdir/site/pgserver/"
        [ -d "$site/pgserver.libs" ] && cp -a "$site/pgserver.libs" "$pgdir/site/"
        bindir="$pgdir/site/pgserver/pginstall/bin"
      fi
    fi
    mkdir -p "$pgdir/run"
    chown -R awalpg "$pgdir"
  fi
  mkdir -p "$pgdir/run"
  if [ ! -f "$pgdir/data/PG_VERSION" ]; then
    (cd / && "${runas[@]}" "$bindir/initdb" -D "$pgdir/data" -U postgres --auth=trust -E UTF8 >/dev/null)
  fi
  if ! answers 127.0.0.1 $port; then
    (cd / && "${runas[@]}" "$bindir/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w \
      -o "-p $port -k $pgdir/run -c listen_addresses=127.0.0.1" start >/dev/null)
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
