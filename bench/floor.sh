#!/usr/bin/env bash
# Floor: GET /api/v1/health (no database write, a one-row read, a small JSON reply) with the same
# load generator and the same connection counts as the scenarios (64: browse and door rush; 256:
# flash sale). It is what cpp-httplib and the machine allow at the moment of the run; every
# scenario reports its rate as a ratio to it, which stays meaningful on a loaded machine.
# Figures per connection count: req/s, p50/p99, server CPU per request.
source "$(dirname "$0")/lib/common.sh"
bench_binary "${1:-}"
build_loadgen
SECONDS_RUN="${FLOOR_SECONDS:-5}"
CONNECTIONS="${FLOOR_CONNECTIONS:-64 256}"
WORK="$BENCH_TMP/floor"
rm -rf "$WORK" && mkdir -p "$WORK"

create_admin "$WORK/data"
start_server "$WORK/data" "$WORK/server.log"
printf 'GET\t/api/v1/health\t-\t\n' >"$WORK/requests.tsv"
: >"$BENCH_RESULTS/floor.env"
for conns in $CONNECTIONS; do
  # A short warm-up starts the worker threads the measured run needs.
  "$LOADGEN" --port "$PORT" --connections "$conns" --file "$WORK/requests.tsv" --mode loop \
    --duration 1 --max-seconds 20 >/dev/null
  CPU0=$(server_cpu_ticks)
  LOAD=$(machine_load)
  "$LOADGEN" --port "$PORT" --connections "$conns" --file "$WORK/requests.tsv" --mode loop \
    --duration "$SECONDS_RUN" --max-seconds $((SECONDS_RUN + 30)) >"$WORK/load_$conns.env"
  CPU1=$(server_cpu_ticks)
  v() { load_value "$WORK/load_$conns.env" "$1"; }
  REQUESTS=$(v requests)
  CPU_US=$(cpu_us_per_request $((CPU1 - CPU0)) "$REQUESTS")
  echo "floor: GET /health, $conns connections, ${SECONDS_RUN}s (machine load average at start: $LOAD)"
  echo "  $REQUESTS requests = $(v rps) req/s; p50 $(v p50_ms) ms, p99 $(v p99_ms) ms; server CPU per request ${CPU_US} us"
  check "every reply 200 ($conns connections)" test "$(v status_200)" -eq "$REQUESTS"
  cat >>"$BENCH_RESULTS/floor.env" <<EOF2
floor_${conns}_rps=$(v rps)
floor_${conns}_p50_ms=$(v p50_ms)
floor_${conns}_p99_ms=$(v p99_ms)
floor_${conns}_cpu_us=$CPU_US
floor_${conns}_load=$LOAD
EOF2
done
stop_server
echo "floor_checks_failed=$CHECKS_FAILED" >>"$BENCH_RESULTS/floor.env"
exit 0
