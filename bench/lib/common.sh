# Shared helpers for the benchmark scripts (sourced, not run).
#
# Every scenario starts the real binary on a fresh data directory under $BENCH_TMP, seeds it
# through the API (bench/seed.mjs) or the CLI, drives it with bench/loadgen on 127.0.0.1 and
# writes its figures as KEY=value lines to $BENCH_RESULTS/<scenario>.env for run-all.sh.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${BENCH_TMP:=$(mktemp -d /tmp/lanyard-bench.XXXXXX)}"
: "${BENCH_RESULTS:=$BENCH_TMP/results}"
mkdir -p "$BENCH_TMP" "$BENCH_RESULTS"
export BENCH_TMP BENCH_RESULTS

ADMIN_EMAIL="bench-admin@bench.example"
ADMIN_PASSWORD="bench-admin-password"
LOADGEN="$BENCH_TMP/loadgen"
SERVER_PID=""

# The binary under test: the first argument of the scenario script, made absolute.
bench_binary() {
  local bin="${1:-}"
  if [ -z "$bin" ] || [ ! -x "$bin" ]; then
    echo "usage: $0 path/to/lanyard" >&2
    exit 2
  fi
  BIN="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
  export BIN
}

build_loadgen() {
  if [ ! -x "$LOADGEN" ] || [ "$BENCH_DIR/loadgen.cpp" -nt "$LOADGEN" ]; then
    g++ -O2 -std=c++17 -o "$LOADGEN" "$BENCH_DIR/loadgen.cpp"
  fi
}

free_port() {
  local port
  for port in $(seq $((20000 + RANDOM % 20000)) 45000); do
    if ! (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}

# Environment every benchmark server runs with: weak KDF for thousands of sign-ins, no rate
# limits (one address makes all the load), mail written to files (the default transport).
bench_env() {
  export LANYARD_KDF=fast LANYARD_RATE_LIMITS=off
}

# create_admin DATA_DIR: the first admin, through the CLI (server stopped).
create_admin() {
  bench_env
  "$BIN" admin create --data "$1" --email "$ADMIN_EMAIL" --password "$ADMIN_PASSWORD" >/dev/null 2>&1
}

# start_server DATA_DIR LOG_FILE: starts serve on a free port and waits until /health answers.
# Sets PORT, BASE, SERVER_PID and STARTUP_MS (spawn to first healthy reply). A server that ends
# while it is waited for (the port was taken between free_port and its listen) is started again
# on another port, at most three times; the wait itself gives up after 60 s.
start_server() {
  local data="$1" log="$2" attempt t0 healthy_ns=""
  bench_env
  for attempt in 1 2 3; do
    PORT="$(free_port)"
    BASE="http://127.0.0.1:$PORT"
    t0=$(date +%s%N)
    # SERVE_THREADS: the worker thread count (serve --threads); the binary's default otherwise.
    "$BIN" serve --data "$data" --listen "127.0.0.1:$PORT" ${SERVE_THREADS:+--threads "$SERVE_THREADS"} \
      >"$log.out" 2>"$log" &
    SERVER_PID=$!
    local waited=0
    while [ "$waited" -lt 60 ]; do
      # In slices of 2 s: another program on the port may accept and never answer.
      if healthy_ns=$(timeout 2 "$LOADGEN" --wait-healthy --port "$PORT" --max-seconds 2); then
        STARTUP_MS=$(( (healthy_ns - t0) / 1000000 ))
        export PORT BASE SERVER_PID STARTUP_MS
        return 0
      fi
      kill -0 "$SERVER_PID" 2>/dev/null || break
      waited=$((waited + 2))
    done
    if kill -0 "$SERVER_PID" 2>/dev/null; then break; fi  # alive but never healthy: give up
    wait "$SERVER_PID" 2>/dev/null || true
    echo "server ended before it was healthy (attempt $attempt); log:" >&2
    tail -3 "$log" >&2
  done
  echo "server did not become healthy; log:" >&2
  tail -20 "$log" >&2
  exit 1
}

stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID"
    local i
    for i in $(seq 1 100); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$SERVER_PID" 2>/dev/null && kill -KILL "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
trap stop_server EXIT

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }

# sample_rss PID OUT_FILE: writes the largest RSS (kB) seen every 50 ms until the file
# $OUT_FILE.stop appears; run in the background.
sample_rss() {
  local pid="$1" out="$2" max=0 cur
  while [ ! -e "$out.stop" ] && kill -0 "$pid" 2>/dev/null; do
    cur=$(rss_kb "$pid" 2>/dev/null || echo 0)
    [ "${cur:-0}" -gt "$max" ] && max=$cur
    echo "$max" >"$out"
    sleep 0.05
  done
}

seed() { node "$BENCH_DIR/seed.mjs" "$@" --base "$BASE" --admin-email "$ADMIN_EMAIL" --admin-password "$ADMIN_PASSWORD"; }

# load_value FILE KEY: the value of KEY=value in FILE (empty when absent).
load_value() { awk -F= -v k="$2" '$1 == k {print substr($0, length(k) + 2); exit}' "$1"; }

# check NAME CONDITION_EXIT_STATUS: records and prints one correctness check.
CHECKS_FAILED=0
check() {
  local name="$1"
  shift
  if "$@"; then
    echo "  check $name: pass"
  else
    echo "  check $name: FAIL"
    CHECKS_FAILED=$((CHECKS_FAILED + 1))
  fi
}

# finish: the scenario's exit status: 0, or 1 when BENCH_STRICT=1 and a check failed (ctest
# runs the flash sale that way); benchmarks themselves print figures and never fail on them.
finish() {
  if [ "${BENCH_STRICT:-0}" = "1" ] && [ "$CHECKS_FAILED" -gt 0 ]; then
    echo "$CHECKS_FAILED correctness check(s) failed" >&2
    exit 1
  fi
  exit 0
}

# wait_outbox DATA_DIR: waits (at most 3 minutes) until the outbox holds no queued mail: the
# seeding's mails are composed and written by the background sender, which would otherwise
# compete with the measured load. Reads the database with Debian's sqlite3 CLI, read-only.
wait_outbox() {
  local db="$1/lanyard.db" i queued
  for i in $(seq 1 720); do
    queued=$(sqlite3 -readonly "$db" "SELECT COUNT(*) FROM mail_outbox WHERE status = 'queued'" 2>/dev/null || echo 1)
    [ "$queued" = "0" ] && return 0
    sleep 0.25
  done
  echo "warning: $queued mails still queued" >&2
}

machine_load() { cut -d' ' -f1 /proc/loadavg; }

# profile_start NAME / profile_stop NAME: with BENCH_PERF=1, a CPU profile of the server during
# the measured load (perf record -e cpu-clock --call-graph dwarf: hardware counters are not
# available in this VM) into $BENCH_TMP/NAME.perf.data, and its top frames (self time, then
# with children) into $BENCH_TMP/NAME.perf.txt. perf costs CPU itself: figures of a profiled
# run are not comparable with others, so run-all.sh never sets it. BENCH_PERF_FREQ: samples per
# second per CPU (297 unless set).
PERF_PID=""
profile_start() {
  [ "${BENCH_PERF:-0}" = "1" ] || return 0
  perf record -e cpu-clock --call-graph dwarf,16384 -F "${BENCH_PERF_FREQ:-297}" -p "$SERVER_PID" \
    -o "$BENCH_TMP/$1.perf.data" >/dev/null 2>&1 &
  PERF_PID=$!
  sleep 0.5
}
profile_stop() {
  [ -n "$PERF_PID" ] || return 0
  kill -INT "$PERF_PID" 2>/dev/null || true
  wait "$PERF_PID" 2>/dev/null || true
  PERF_PID=""
  {
    echo "## self"
    perf report -i "$BENCH_TMP/$1.perf.data" --no-children --stdio -g none --percent-limit 1 \
      --sort symbol 2>/dev/null | grep -v '^#' | grep -v '^$' | head -40
    echo "## with children"
    perf report -i "$BENCH_TMP/$1.perf.data" --children --stdio -g none --percent-limit 3 \
      --sort symbol 2>/dev/null | grep -v '^#' | grep -v '^$' | head -60
  } | sed -E 's/[[:space:]]+-[[:space:]]+-[[:space:]]*$//; s/[[:space:]]+$//' >"$BENCH_TMP/$1.perf.txt" || true
  echo "  profile: $BENCH_TMP/$1.perf.txt"
}

# server_cpu_ticks: user + system CPU of the running server so far, in clock ticks.
server_cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }

# cpu_us_per_request TICKS REQUESTS: server CPU per request in microseconds.
cpu_us_per_request() {
  awk -v c="$1" -v r="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.0f", (r > 0 ? c * 1e6 / hz / r : 0) }'
}

# floor_value CONNECTIONS KEY: a figure of the /health floor that floor.sh measured in this run
# at that many connections (KEY: rps, p50_ms, p99_ms, cpu_us); empty when it was not measured.
floor_value() {
  [ -f "$BENCH_RESULTS/floor.env" ] && load_value "$BENCH_RESULTS/floor.env" "floor_$1_$2"
  return 0
}

# floor_ratio VALUE CONNECTIONS: VALUE (a rate) as a fraction of the floor's req/s at that many
# connections, two decimals; empty when the floor was not measured in this run.
floor_ratio() {
  local floor
  floor=$(floor_value "$2" rps)
  [ -n "$floor" ] && awk -v v="$1" -v f="$floor" 'BEGIN { printf "%.2f", (f > 0 ? v / f : 0) }'
  return 0
}
