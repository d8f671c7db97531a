#!/usr/bin/env bash
# Runs every benchmark scenario against the given binary and writes bench/RESULTS.md: the
# machine, each figure beside its target, pass/fail, and how latencies grow with the data.
#   bench/run-all.sh build/app/lanyard
#   BENCH_SCENARIOS="browse door_rush" BENCH_TMP=/tmp/x bench/run-all.sh build/app/lanyard
# A full run takes about 8 minutes on 2 cores. The /health floor (floor.sh) is always measured
# first: every scenario reports its rate as a ratio to the floor of the same run, which stays
# meaningful when other work shares the cores. BENCH_SCENARIOS picks scenarios (the floor still
# runs first); with the same BENCH_TMP, figures of earlier runs are kept in the report.
# Benchmarks print figures; they never decide CI. The machine is shared by the server and the
# load generator (and anything else running: the load average is recorded with each figure).
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
BIN="${1:-}"
if [ -z "$BIN" ] || [ ! -x "$BIN" ]; then
  echo "usage: $0 path/to/lanyard" >&2
  exit 2
fi
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"
export BENCH_TMP="${BENCH_TMP:-$(mktemp -d /tmp/lanyard-bench.XXXXXX)}"
export BENCH_RESULTS="$BENCH_TMP/results"
mkdir -p "$BENCH_RESULTS"
for tool in sqlite3 node g++; do
  command -v "$tool" >/dev/null || { echo "run-all: $tool is missing (packaging/install-deps bench)" >&2; exit 2; }
done

started=$(date +%s)
status=0
# BENCH_REPORT_ONLY=1 with the BENCH_TMP of an earlier run rewrites RESULTS.md from its figures.
# BENCH_FLOOR=0 skips the floor: for runs of growth, resources or threads (threads.sh measures
# its own floors) whose report joins the throughput figures of an earlier run.
scenarios="${BENCH_SCENARIOS:-growth resources flash_sale door_rush browse}"
[ "${BENCH_FLOOR:-1}" = "0" ] || scenarios="floor $scenarios"
[ "${BENCH_REPORT_ONLY:-0}" = "1" ] && scenarios=""
for scenario in $scenarios; do
  echo "== $scenario"
  if ! timeout 600 "$BENCH_DIR/$scenario.sh" "$BIN"; then
    echo "run-all: $scenario did not finish" >&2
    status=1
  fi
done
elapsed=$(( $(date +%s) - started ))

R="$BENCH_RESULTS"
cat "$R"/*.env >"$R/all.env" 2>/dev/null || true
val() { awk -F= -v k="$1" '$1 == k {print substr($0, length(k) + 2); exit}' "$R/all.env"; }
verdict() {
  if [ -z "$1" ]; then
    echo "not measured"
  elif awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { exit !((op == "ge") ? v + 0 >= t + 0 : v + 0 <= t + 0) }'; then
    echo "pass"
  else
    echo "**miss**"
  fi
}
# row LABEL VALUE UNIT TARGET OP: OP is ge (value >= target) or le (value <= target).
row() {
  local label="$1" value="$2" unit="$3" target="$4" op="$5"
  local sign="≤"; [ "$op" = "ge" ] && sign="≥"
  echo "| $label | ${value:-–} $unit | $sign $target $unit | $(verdict "$value" "$target" "$op") |"
}
# rate_row LABEL VALUE UNIT TARGET RATIO RATIO_TARGET FLOOR_CONNECTIONS: a throughput figure
# judged twice, by its absolute value and by its ratio to the /health floor of the same run.
rate_row() {
  local label="$1" value="$2" unit="$3" target="$4" ratio="$5" rtarget="$6" conns="$7" v1 v2
  v1=$(verdict "$value" "$target" ge)
  v2=$(verdict "$ratio" "$rtarget" ge)
  echo "| $label | ${value:-–} $unit | ≥ $target $unit | $v1 | ${ratio:-–} (floor at $conns conn.) | ≥ $rtarget | $v2 |"
}
checks() {
  local failed; failed=$(val "$1")
  if [ -z "$failed" ]; then echo "not run"; elif [ "$failed" = "0" ]; then echo "all pass"; else echo "**$failed failed**"; fi
}
kb_mb() { [ -n "$1" ] && awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

OUT="$BENCH_DIR/RESULTS.md"
{
  echo "# Benchmark results"
  echo
  echo "Written by \`bench/run-all.sh\` (\`make bench\`) on $(date -u +%Y-%m-%dT%H:%M:%SZ) in ${elapsed} s."
  echo
  echo "- Machine: $(nproc) cores, $(awk -F: '/model name/ {gsub(/^ /, "", $2); print $2; exit}' /proc/cpuinfo), $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) RAM, $(uname -sr)"
  echo "- Binary: \`$BIN\` ($(val res_binary_bytes) bytes, $(val res_binary_stripped_bytes) stripped)"
  echo "- Server: \`lanyard serve\` with \`LANYARD_KDF=fast LANYARD_RATE_LIMITS=off\`, default 256 worker threads, synchronous=FULL (every reply durable), access log to a file; load generator \`bench/loadgen.cpp\` (one epoll thread) on the same cores, 127.0.0.1."
  echo "- Load average of the machine when each load started: floor $(val floor_64_load), flash sale $(val flash_load), door rush $(val door_load), browse $(val browse_load). Anything else running on the 2 cores lowers the throughput figures; the server CPU per request is the steadier measure."
  echo
  echo "## Floor: \`GET /api/v1/health\`, same load generator, measured first"
  echo
  echo "| connections | req/s | p50 / p99 | server CPU per request | load average at start |"
  echo "|---|---|---|---|---|"
  for c in 64 256; do
    echo "| $c | $(val floor_${c}_rps) | $(val floor_${c}_p50_ms) / $(val floor_${c}_p99_ms) ms | $(val floor_${c}_cpu_us) µs | $(val floor_${c}_load) |"
  done
  echo
  echo "## Throughput targets: absolute and as a ratio to the floor"
  echo
  echo "| figure | measured | target | verdict | ratio to floor | target | verdict |"
  echo "|---|---|---|---|---|---|---|"
  rate_row "flash sale: orders/s" "$(val flash_orders_per_s)" "orders/s" 10000 "$(val flash_ratio)" 0.35 "$(val flash_connections)"
  rate_row "door rush: check-ins/s" "$(val door_rps)" "/s" 10000 "$(val door_ratio)" 0.35 "$(val door_connections)"
  rate_row "browse: req/s" "$(val browse_rps)" "req/s" 20000 "$(val browse_ratio)" 0.70 64
  echo
  echo "## Other targets"
  echo
  echo "| figure | measured | target | verdict |"
  echo "|---|---|---|---|"
  row "flash sale: p99 of created orders" "$(val flash_p99_ms)" "ms" 50 le
  created=$(val flash_created)
  row "flash sale: oversold (created − quota)" "${created:+$((created - 5000))}" "" 0 le
  row "flash sale: 5xx replies" "$(val flash_5xx)" "" 0 le
  row "door rush: p99" "$(val door_p99_ms)" "ms" 20 le
  row "browse: p99" "$(val browse_p99_ms)" "ms" 20 le
  row "RSS idle" "$(kb_mb "$(val res_idle_rss_kb)")" "MB" 30 le
  row "RSS peak under the flash sale" "$(kb_mb "$(val flash_rss_peak_kb)")" "MB" 150 le
  row "start to healthy after a clean stop, 1M tickets" "$(val res_startup_1m_ms)" "ms" 300 le
  echo
  echo "## Correctness checks"
  echo
  echo "| scenario | counts | checks |"
  echo "|---|---|---|"
  echo "| flash sale (256 buyers, quota 5,000) | created $(val flash_created), sold_out $(val flash_sold_out), replies $(val flash_requests), 5xx $(val flash_5xx) | $(checks flash_checks_failed) |"
  echo "| door rush (20,000 tickets, 64 scanners) | ok $(val door_ok), already_checked_in $(val door_already), invalid_code $(val door_invalid) of $(val door_requests) (expected $(val door_expect)) | $(checks door_checks_failed) |"
  echo "| browse (10,000 events, 64 connections) | $(val browse_requests) replies | $(checks browse_checks_failed) |"
  echo
  echo "## Details"
  echo
  echo "| figure | value |"
  echo "|---|---|"
  echo "| flash sale: p50 of created orders / p99 of every reply | $(val flash_p50_ms) ms / $(val flash_all_p99_ms) ms |"
  echo "| flash sale: server CPU per request (floor at 256 connections) | $(val flash_cpu_us) µs ($(val floor_256_cpu_us) µs) |"
  echo "| flash sale: PSS after the load | $(kb_mb "$(val flash_pss_kb)") MB |"
  echo "| door rush: p50 / server CPU per scan (floor at 64 connections) | $(val door_p50_ms) ms / $(val door_cpu_us) µs ($(val floor_64_cpu_us) µs) |"
  echo "| browse: p50 / server CPU per request (floor at 64 connections) | $(val browse_p50_ms) ms / $(val browse_cpu_us) µs ($(val floor_64_cpu_us) µs) |"
  echo "| idle: PSS, threads | $(kb_mb "$(val res_idle_pss_kb)") MB, $(val res_idle_threads) |"
  echo "| start to healthy: fresh directory / 1M tickets with the full check first (after a crash) | $(val res_startup_fresh_ms) ms / $(val res_startup_1m_check_ms) ms |"
  echo "| 1M-ticket database size | $(val res_1m_db_mb) MB |"
  echo
  if [ -n "$(val threads_16_health_64_rps)$(val threads_256_health_64_rps)" ]; then
    echo "## Worker threads (\`bench/threads.sh\`, load average $(val threads_load))"
    echo
    echo "| threads | /health 64 conn.: req/s, p99, CPU/req | /health 256 conn. | flash sale 256 buyers: orders/s, p99, CPU/req |"
    echo "|---|---|---|---|"
    for t in 16 64 256; do
      [ -n "$(val threads_${t}_health_64_rps)" ] || continue
      echo "| $t | $(val threads_${t}_health_64_rps), $(val threads_${t}_health_64_p99_ms) ms, $(val threads_${t}_health_64_cpu_us) µs | $(val threads_${t}_health_256_rps), $(val threads_${t}_health_256_p99_ms) ms, $(val threads_${t}_health_256_cpu_us) µs | $(val threads_${t}_flash_orders_per_s), $(val threads_${t}_flash_p99_ms) ms, $(val threads_${t}_flash_cpu_us) µs |"
    done
    echo
  fi
  echo "## Growth (one connection, p50 / p99 in ms)"
  echo
  echo "| query | 1k events | 10k events | 100k events |"
  echo "|---|---|---|---|"
  for q in list list_page_50 search_q search_rare city; do
    line="| $q"
    for n in 1000 10000 100000; do line="$line | $(val growth_events_${n}_${q}_p50) / $(val growth_events_${n}_${q}_p99)"; done
    echo "$line |"
  done
  line="| start to healthy (ms)"
  for n in 1000 10000 100000; do line="$line | $(val growth_events_${n}_startup_ms)"; done
  echo "$line |"
  echo
  echo "| query | 10k tickets | 100k tickets | 1M tickets |"
  echo "|---|---|---|---|"
  for q in attendees attendee_name attendee_email orders order_code order_name; do
    line="| $q"
    for n in 10000 100000 1000000; do line="$line | $(val growth_tickets_${n}_${q}_p50) / $(val growth_tickets_${n}_${q}_p99)"; done
    echo "$line |"
  done
  line="| start to healthy (ms)"
  for n in 10000 100000 1000000; do line="$line | $(val growth_tickets_${n}_startup_ms)"; done
  echo "$line |"
  echo
  echo "Queries (signed in as the admin, so the reply cache does not answer them): list = \`GET /events\`; list_page_50 = \`?offset=1000\`; search_q = \`?q=Rust\` (a fifth of the events match); search_rare = \`?q=number 777\` (one matches); city = \`?city=City7\`; attendees = \`GET /events/{id}/attendees\`; attendee_name / attendee_email = \`?q=\` one holder's name / address; orders = \`GET /events/{id}/orders\`; order_code = \`GET /events/{id}/orders?q=CODE\`; order_name = \`?q=\` one buyer's name."
  if [ -f "$BENCH_DIR/NOTES.md" ]; then
    echo
    cat "$BENCH_DIR/NOTES.md"
  fi
} >"$OUT"
echo "wrote $OUT (${elapsed} s)"
exit $status
