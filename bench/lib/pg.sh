# Several lanyard instances over one PostgreSQL (issue 21), for the benchmarks and the ctest
# entries pg_instances/* (sourced after common.sh, not run).
#
#   pg_start               initdb + pg_ctl of Debian's postgresql in a new /tmp/lanyard-pg.*
#                          directory (a free 127.0.0.1 port, the socket there; removed by
#                          pg_stop); fsync on unless PG_FSYNC=off
#   pg_new_database NAME   createdb NAME (C.UTF-8 collation); prints its URL
#   instances_start N URL DIR
#                          the first admin through `lanyard admin create --db URL`, then N
#                          `lanyard serve --db URL` processes, each with its own new data
#                          directory (the token and ticket keys are rows of the database; `admin
#                          create --db` writes no data directory); sets INSTANCE_PORTS[i], INSTANCE_PIDS[i],
#                          and PORT/BASE/SERVER_PID to instance 0 (seed.mjs talks to it)
#   instances_stop         SIGTERM to every instance still running
#   pg_stop                stops the cluster (also on exit)
#
# As root the cluster runs as the `postgres` user (PostgreSQL refuses root).

PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
PG_DIR=""
PG_PORT=""
declare -a INSTANCE_PORTS=() INSTANCE_PIDS=() INSTANCE_DATA=()

pg_as() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
  if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
    echo "PostgreSQL server binaries not found (packaging/install-deps test installs postgresql)" >&2
    exit 1
  fi
  PG_DIR="$(mktemp -d /tmp/lanyard-pg.XXXXXX)"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$PG_DIR"; fi
  pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
    >"$PG_DIR/initdb.log" 2>&1
  local durable="-c fsync=on -c synchronous_commit=on"
  [ "${PG_FSYNC:-on}" = "off" ] && durable="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  # The port is free when picked, but other tests bind ports all the time: a server that could
  # not bind it starts again on another one.
  local attempt
  for attempt in 1 2 3 4 5; do
    PG_PORT="$(free_port)"
    # The server outlives this shell: it must not inherit our descriptors (a held flock on
    # /work/quiet.lock would stay held by the postmaster).
    if (
      for fd in $(ls /proc/$BASHPID/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done
      cd "$PG_DIR"  # a working directory the postgres user may enter
      pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
        -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300 $durable" \
        start >/dev/null
    ); then
      export PG_DIR PG_PORT
      return 0
    fi
    echo "PostgreSQL did not start on port $PG_PORT (attempt $attempt):" >&2
    tail -n 5 "$PG_DIR/server.log" >&2 || true
  done
  echo "PostgreSQL did not start" >&2
  exit 1
}

pg_new_database() {
  pg_as "$PG_BIN/createdb" -h "$PG_DIR" -p "$PG_PORT" -U postgres -T template0 --locale=C.UTF-8 "$1"
  echo "postgresql://postgres@/$1?host=$PG_DIR&port=$PG_PORT"
}

# pg_sql DBNAME SQL: one value (psql -At) from the database, for the checks.
pg_sql() {
  pg_as "$PG_BIN/psql" -h "$PG_DIR" -p "$PG_PORT" -U postgres -d "$1" -At -c "$2"
}

pg_stop() {
  if [ -n "$PG_DIR" ] && [ -d "$PG_DIR/data" ]; then
    pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
  PG_DIR=""
}

# instance_start I URL DATA LOG: one `serve --db URL` on a free port; waits until /health answers.
instance_start() {
  local i="$1" url="$2" data="$3" log="$4" attempt port pid waited
  bench_env
  for attempt in 1 2 3; do
    port="$(free_port)"
    "$BIN" serve --db "$url" --data "$data" --listen "127.0.0.1:$port" \
      ${SERVE_THREADS:+--threads "$SERVE_THREADS"} >"$log.out" 2>"$log" &
    pid=$!
    waited=0
    while [ "$waited" -lt 60 ]; do
      if timeout 2 "$LOADGEN" --wait-healthy --port "$port" --max-seconds 2 >/dev/null; then
        INSTANCE_PORTS[$i]=$port
        INSTANCE_PIDS[$i]=$pid
        INSTANCE_DATA[$i]=$data
        return 0
      fi
      kill -0 "$pid" 2>/dev/null || break
      waited=$((waited + 2))
    done
    if kill -0 "$pid" 2>/dev/null; then break; fi
    wait "$pid" 2>/dev/null || true
  done
  echo "instance $i did not become healthy; log:" >&2
  tail -20 "$log" >&2
  exit 1
}

instances_start() {
  local n="$1" url="$2" dir="$3" i
  bench_env
  mkdir -p "$dir"
  for i in $(seq 0 $((n - 1))); do rm -rf "$dir/data$i"; done
  "$BIN" admin create --db "$url" --data "$dir/data0" --email "$ADMIN_EMAIL" \
    --password "$ADMIN_PASSWORD" >"$dir/admin.log" 2>&1
  for i in $(seq 0 $((n - 1))); do
    instance_start "$i" "$url" "$dir/data$i" "$dir/instance$i.log"
  done
  PORT=${INSTANCE_PORTS[0]}
  BASE="http://127.0.0.1:$PORT"
  export PORT BASE
}

instances_stop() {
  local pid
  for pid in "${INSTANCE_PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null && kill -TERM "$pid" 2>/dev/null
  done
  for pid in "${INSTANCE_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  INSTANCE_PIDS=()
}

# cpu_snapshot PID...: "pid ticks" lines (user + system CPU so far, clock ticks) of the processes.
cpu_snapshot() {
  local pid
  for pid in "$@"; do
    awk -v p="$pid" '{print p, $14 + $15}' "/proc/$pid/stat" 2>/dev/null || true
  done
}

# cpu_seconds BEFORE_FILE AFTER_FILE: CPU seconds the processes of AFTER used since BEFORE (a
# process new in AFTER counts whole: it started during the load).
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" 'NR == FNR { before[$1] = $2; next }
    { used += $2 - ($1 in before ? before[$1] : 0) } END { printf "%.1f", used / hz }' "$1" "$2"
}

# postgres_pids: the cluster's server processes (postmaster and its backends).
postgres_pids() {
  local main
  main=$(head -1 "$PG_DIR/data/postmaster.pid" 2>/dev/null) || return 0
  echo "$main $(pgrep -P "$main" | tr '\n' ' ')"
}

# haproxy_start PORT...: HAProxy (Debian's haproxy) on a free 127.0.0.1 port, round robin over
# the instances on PORT..., health-checked on /api/v1/health every 500 ms (down after 2
# failures); a request whose connection failed is sent to another instance (retry-on
# conn-failure: never a request an instance may have run). Sets HAPROXY_PORT, HAPROXY_PID.
HAPROXY_PID=""
haproxy_start() {
  local cfg="$BENCH_TMP/haproxy.cfg" i=0 port
  command -v haproxy >/dev/null || { echo "haproxy missing: packaging/install-deps bench" >&2; exit 1; }
  HAPROXY_PORT="$(free_port)"
  {
    echo "global"
    echo "  maxconn 8192"
    echo "  nbthread 1"
    echo "defaults"
    echo "  mode http"
    echo "  timeout connect 5s"
    echo "  timeout client 120s"
    echo "  timeout server 120s"
    echo "  option http-keep-alive"
    echo "  retries 2"
    echo "  option redispatch"
    echo "frontend lanyard"
    echo "  bind 127.0.0.1:$HAPROXY_PORT"
    echo "  default_backend instances"
    echo "backend instances"
    echo "  balance roundrobin"
    echo "  option httpchk GET /api/v1/health"
    echo "  http-reuse safe"
    for port in "$@"; do
      echo "  server lanyard$i 127.0.0.1:$port check inter 500 fall 2 rise 2 maxconn 512"
      i=$((i + 1))
    done
  } >"$cfg"
  haproxy -f "$cfg" -db >"$BENCH_TMP/haproxy.log" 2>&1 &
  HAPROXY_PID=$!
  timeout 30 "$LOADGEN" --wait-healthy --port "$HAPROXY_PORT" --max-seconds 30 >/dev/null
  export HAPROXY_PORT HAPROXY_PID
}

haproxy_stop() {
  if [ -n "$HAPROXY_PID" ]; then
    kill -TERM "$HAPROXY_PID" 2>/dev/null || true
    wait "$HAPROXY_PID" 2>/dev/null || true
  fi
  HAPROXY_PID=""
}

pg_cleanup() {
  stop_server
  haproxy_stop
  instances_stop
  pg_stop
}
trap pg_cleanup EXIT
