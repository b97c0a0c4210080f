#!/usr/bin/env bash
# Start a throw-away PostgreSQL cluster on loopback, run the given command against it, stop it.
# Needs Debian's postgresql package (initdb, pg_ctl under /usr/lib/postgresql/<version>/bin).
set -euo pipefail
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pgbin/initdb" ] || { echo "PostgreSQL server not installed (apt-get install postgresql)" >&2; exit 1; }
port=${PGPORT_TEST:-54329}
root=$(mktemp -d /tmp/openvillage-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" = 0 ]; then
  # initdb refuses to run as root: the cluster belongs to the postgres user.
  chown postgres: "$root"
  as_pg=(runuser -u postgres --)
fi
"${as_pg[@]}" "$pgbin/initdb" -D "$root/data" -U postgres -A trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$root/data" -l "$root/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $root -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" start >/dev/null
trap '"${as_pg[@]}" "$pgbin/pg_ctl" -D "$root/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$root"' EXIT
"$pgbin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE openvillage"
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/openvillage"
# The server's own log, for the tests that check what PostgreSQL writes there (issue 11 §5).
export OPENVILLAGE_PG_LOG="$root/log"
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
"$@"
