#!/usr/bin/env bash
# A province on one machine (docs/scaling.md), with Debian's packages, on loopback only:
# a PostgreSQL primary and a streaming replica (pg_basebackup), Redis, two app servers
# (`openvillage serve`, each with its task worker) and nginx balancing them; a generated province
# (100 counties, ~15,000 villages, bulk writes); then bench/province.py loads it through nginx
# while one app server is killed and the replica is stopped and made to lag, audits the result
# and prints one summary line. Everything is torn down on exit. Run it after `make install`.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
started=$(date +%s)
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
for tool in "$pgbin/initdb" "$pgbin/pg_basebackup" "$(command -v redis-server)" "$(command -v nginx)"; do
  [ -x "$tool" ] || { echo "province: missing $tool (apt-get install postgresql redis-server nginx)" >&2; exit 1; }
done
root=$(mktemp -d /tmp/openvillage-province.XXXXXX)
chmod 755 "$root"
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$root"  # initdb refuses root: the clusters belong to the postgres user
  as_pg=(runuser -u postgres --)
fi
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
primary_port=$(free_port); replica_port=$(free_port); redis_port=$(free_port)
app1_port=$(free_port); app2_port=$(free_port); nginx_port=$(free_port)
pids=()

teardown() {
  set +e
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null; done
  sleep 1
  for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null; done
  for cluster in replica primary; do
    [ -d "$root/$cluster" ] && pg_ctl -D "$root/$cluster" -m immediate stop >/dev/null 2>&1
  done
  if [ -n "${PROVINCE_KEEP:-}" ]; then echo "province: kept $root"; else rm -rf "$root"; fi
}
trap teardown EXIT

pg_conf() {  # cluster port: the settings of both clusters, in their own file (restarts keep them)
  cat >>"$root/$1/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $2
unix_socket_directories = '$root'
fsync = off
full_page_writes = off
max_connections = 120
wal_level = replica
max_wal_senders = 4
hot_standby = on
hot_standby_feedback = on
# Counts the read statements each server runs (the summary's share of reads on the replica).
shared_preload_libraries = 'pg_stat_statements'
CONF
}
pg_ctl() { "${as_pg[@]}" "$pgbin/pg_ctl" "$@"; }

echo "province: PostgreSQL primary on $primary_port, replica on $replica_port"
"${as_pg[@]}" "$pgbin/initdb" -D "$root/primary" -U postgres -A trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
pg_conf primary "$primary_port"
pg_ctl -D "$root/primary" -l "$root/primary.log" -w -o "${PROVINCE_PRIMARY_OPTIONS:-}" start >/dev/null
"$pgbin/psql" -h 127.0.0.1 -p "$primary_port" -U postgres -qc "CREATE DATABASE openvillage"
"$pgbin/psql" -h 127.0.0.1 -p "$primary_port" -U postgres -d openvillage -qc "CREATE EXTENSION pg_stat_statements"
"${as_pg[@]}" "$pgbin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$root/replica" -R -X stream -c fast
pg_conf replica "$replica_port"
pg_ctl -D "$root/replica" -l "$root/replica.log" -w start >/dev/null

setsid redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$root" >"$root/redis.log" 2>&1 &
pids+=($!)

export DATABASE_URL="postgres://postgres@127.0.0.1:$primary_port/openvillage"
export DATABASE_REPLICA_URLS="postgres://postgres@127.0.0.1:$replica_port/openvillage"
export CACHE_URL="redis://127.0.0.1:$redis_port/0"
export MEDIA_ROOT="$root/media" LEDGER_KEY_PATH="$root/ledger_ed25519.pem"
export DATABASE_REPLICA_MAX_LAG=${DATABASE_REPLICA_MAX_LAG:-10} DATABASE_PIN_SECONDS=${DATABASE_PIN_SECONDS:-15}
# The keys every app server must share (in production: from the deployment's secret store).
key() { "$PY" -c 'import secrets; print(secrets.token_urlsafe(48))'; }
export SECRET_KEY=$(key) ID_HASH_KEY=$(key) FIELD_KEY=$(key)
export DATA_DIR="$root/app1" ALLOWED_HOSTS="127.0.0.1,localhost" PUBLIC_BASE_URL="http://127.0.0.1:$nginx_port"
export FORWARDED_ALLOW_IPS="127.0.0.1"

echo "province: migrating, building the demo county and the generated province"
"$PY" -m openvillage.cli migrate --noinput -v0
"$PY" -m openvillage.cli demo >"$root/demo.log"
"$PY" -m bench.province_data
# The daily jobs (deadlines, red flags, the analytics fill) run now, as they run at night, so that
# the measured load is a day's serving and not their first catch-up on server start.
nightly_start=$SECONDS
"$PY" -m openvillage.cli worker --once >"$root/nightly.log" 2>&1
echo "province: the night's jobs over the province in $((SECONDS - nightly_start)) s ($(grep -c 'periodic job' "$root/nightly.log") jobs)"

for n in 1 2; do
  port_var="app${n}_port"
  DATA_DIR="$root/app$n" PORT="${!port_var}" setsid "$PY" -m openvillage.cli serve --workers 2 >"$root/app$n.log" 2>&1 &
  pids+=($!)
  eval "app${n}_pid=$!"
done

mkdir -p "$root/nginx"
user_line=""
[ "$(id -u)" = 0 ] && user_line="user root;"
cat >"$root/nginx/nginx.conf" <<CONF
$user_line
worker_processes 1;
pid $root/nginx/nginx.pid;
error_log $root/nginx/error.log warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path $root/nginx/body;
  proxy_temp_path $root/nginx/proxy;
  fastcgi_temp_path $root/nginx/fastcgi;
  uwsgi_temp_path $root/nginx/uwsgi;
  scgi_temp_path $root/nginx/scgi;
  upstream openvillage {
    server 127.0.0.1:$app1_port max_fails=1 fail_timeout=10s;
    server 127.0.0.1:$app2_port max_fails=1 fail_timeout=10s;
    keepalive 16;
  }
  server {
    listen 127.0.0.1:$nginx_port;
    client_max_body_size 20m;
    location / {
      proxy_pass http://openvillage;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$remote_addr;
      # A GET that meets a dead server is retried on the other one; a POST is not
      # (non_idempotent is left out): a write cut off answers 502 and is never sent twice.
      proxy_next_upstream error timeout http_502 http_503;
      proxy_connect_timeout 2s;
      proxy_read_timeout 60s;
    }
  }
}
CONF
setsid nginx -p "$root/nginx" -c "$root/nginx/nginx.conf" -g "daemon off;" &
pids+=($!)

for port in "$app1_port" "$app2_port" "$nginx_port"; do
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break
    sleep 0.5
  done
done
echo "province: app servers on $app1_port and $app2_port, nginx on $nginx_port ($(( $(date +%s) - started )) s so far)"

psql_replica="$pgbin/psql -h 127.0.0.1 -p $replica_port -U postgres -d openvillage -qtAc"
export PROVINCE_URL="http://127.0.0.1:$nginx_port"
export PROVINCE_PRIMARY_DSN="postgresql://postgres@127.0.0.1:$primary_port/openvillage"
export PROVINCE_REPLICA_DSN="postgresql://postgres@127.0.0.1:$replica_port/openvillage"
export PROVINCE_KILL_APP_PGID="$app1_pid"
export PROVINCE_STOP_REPLICA="${as_pg[*]} $pgbin/pg_ctl -D $root/replica -m fast stop >/dev/null"
export PROVINCE_START_REPLICA="${as_pg[*]} $pgbin/pg_ctl -D $root/replica -l $root/replica.log -w start >/dev/null"
export PROVINCE_LAG_REPLICA="$psql_replica \"ALTER SYSTEM SET recovery_min_apply_delay = '3s'\" && $psql_replica 'SELECT pg_reload_conf()' >/dev/null"
export PROVINCE_UNLAG_REPLICA="$psql_replica 'ALTER SYSTEM RESET recovery_min_apply_delay' && $psql_replica 'SELECT pg_reload_conf()' >/dev/null"
export PROVINCE_PIN_SECONDS="$DATABASE_PIN_SECONDS"
status=0
"$PY" -m bench.province || status=$?
echo "province: done in $(( $(date +%s) - started )) s"
if [ "$status" != 0 ]; then
  echo "province: the last lines of the app servers' logs:" >&2
  tail -n 20 "$root/app1.log" "$root/app2.log" "$root/nginx/error.log" >&2 || true
fi
exit "$status"
