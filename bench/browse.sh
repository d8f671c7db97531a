#!/usr/bin/env bash
# Browse: GET /api/v1/events over 10,000 published events with a mix of filters (city,
# category, text, month, price range, location) and paging, at 64 connections for 10 s.
# Figures: req/s, p50/p99, server CPU per request. Checks: every reply 200, no I/O errors.
source "$(dirname "$0")/lib/common.sh"
bench_binary "${1:-}"
build_loadgen
EVENTS="${BROWSE_EVENTS:-10000}"
SECONDS_RUN="${BROWSE_SECONDS:-10}"
WORK="$BENCH_TMP/browse"
rm -rf "$WORK" && mkdir -p "$WORK"

create_admin "$WORK/data"
start_server "$WORK/data" "$WORK/server.log"
seed browse --out "$WORK" --events "$EVENTS"
wait_outbox "$WORK/data"
CPU0=$(server_cpu_ticks)
LOAD=$(machine_load)
profile_start browse
"$LOADGEN" --port "$PORT" --connections 64 --file "$WORK/requests.tsv" --mode loop \
  --duration "$SECONDS_RUN" --max-seconds $((SECONDS_RUN + 30)) >"$WORK/load.env"
CPU1=$(server_cpu_ticks)
profile_stop browse
stop_server

v() { load_value "$WORK/load.env" "$1"; }
REQUESTS=$(v requests)
CPU_US=$(cpu_us_per_request $((CPU1 - CPU0)) "$REQUESTS")
echo "browse: $EVENTS events, 64 connections, ${SECONDS_RUN}s (machine load average at start: $LOAD)"
echo "  $REQUESTS requests = $(v rps) req/s; p50 $(v p50_ms) ms, p99 $(v p99_ms) ms, max $(v max_ms) ms"
RATIO=$(floor_ratio "$(v rps)" 64)
echo "  server CPU per request: ${CPU_US} us; ratio to the /health floor at 64 connections: ${RATIO:-not measured}"
check "every reply 200" test "$(v status_200)" -eq "$REQUESTS"
check "no I/O errors" test "$(v io_errors)" -eq 0

cat >"$BENCH_RESULTS/browse.env" <<EOF2
browse_rps=$(v rps)
browse_p50_ms=$(v p50_ms)
browse_p99_ms=$(v p99_ms)
browse_requests=$REQUESTS
browse_cpu_us=$CPU_US
browse_load=$LOAD
browse_ratio=$RATIO
browse_checks_failed=$CHECKS_FAILED
EOF2
finish
