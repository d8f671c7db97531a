#!/usr/bin/env bash
# Flash sale: 256 buyers (distinct users, signed in beforehand) race for a paid ticket type with
# a quota of 5,000, one unit per order, each buying again and again until it is told sold_out.
# Figures: orders/s (orders created / time to the last one), p50/p99 of the created orders and
# of every reply, server CPU per request, RSS under the load.
# Checks: orders created = quota exactly (replies and database), every other reply sold_out,
# no 5xx, no I/O errors.
source "$(dirname "$0")/lib/common.sh"
bench_binary "${1:-}"
build_loadgen
USERS="${FLASH_USERS:-256}"
QUOTA="${FLASH_QUOTA:-5000}"
WORK="$BENCH_TMP/flash_sale"
rm -rf "$WORK" && mkdir -p "$WORK"

create_admin "$WORK/data"
start_server "$WORK/data" "$WORK/server.log"
seed flash --out "$WORK" --users "$USERS" --quota "$QUOTA"
wait_outbox "$WORK/data"
RSS_BEFORE=$(rss_kb "$SERVER_PID")
rm -f "$WORK/rss.stop"
sample_rss "$SERVER_PID" "$WORK/rss" &
SAMPLER=$!
CPU0=$(server_cpu_ticks)
LOAD=$(machine_load)
profile_start flash_sale
"$LOADGEN" --port "$PORT" --connections "$USERS" --file "$WORK/requests.tsv" --mode sticky \
  --stop-class sold_out --max-seconds 60 >"$WORK/load.env"
CPU1=$(server_cpu_ticks)
profile_stop flash_sale
touch "$WORK/rss.stop"
wait "$SAMPLER" || true
RSS_PEAK=$(cat "$WORK/rss")
# VmRSS counts a page once per mapping: each reader connection maps the database file, so
# PSS (proportional: shared pages divided among their mappings) is the memory actually used.
PSS_AFTER=$(awk '/^Pss:/ {print $2}' "/proc/$SERVER_PID/smaps_rollup")
seed verify-flash --out "$WORK" >"$WORK/verify.env"
stop_server

v() { load_value "$WORK/load.env" "$1"; }
CREATED=$(v class_201); CREATED=${CREATED:-0}
SOLD_OUT=$(v class_sold_out); SOLD_OUT=${SOLD_OUT:-0}
REQUESTS=$(v requests)
LAST=$(v class_201_last_s)
ORDERS_PER_S=$(awk -v n="$CREATED" -v t="$LAST" 'BEGIN { printf "%.0f", (t > 0 ? n / t : 0) }')
CPU_US=$(cpu_us_per_request $((CPU1 - CPU0)) "$REQUESTS")
DB_PENDING=$(load_value "$WORK/verify.env" db_pending)
DB_ORDERS=$(load_value "$WORK/verify.env" db_orders)

echo "flash sale: $USERS buyers, quota $QUOTA (machine load average at start: $LOAD)"
echo "  orders created: $CREATED in ${LAST}s = $ORDERS_PER_S orders/s"
echo "  created orders: p50 $(v class_201_p50_ms) ms, p99 $(v class_201_p99_ms) ms; all replies: p50 $(v p50_ms) ms, p99 $(v p99_ms) ms, $(v requests) replies"
echo "  replies: 201=$CREATED sold_out=$SOLD_OUT 4xx=$(v count_4xx) 5xx=$(v count_5xx) io_errors=$(v io_errors)"
echo "  server CPU per request: ${CPU_US} us; RSS before ${RSS_BEFORE} kB, peak during load ${RSS_PEAK} kB (PSS after the load ${PSS_AFTER} kB)"
RATIO=$(floor_ratio "$ORDERS_PER_S" "$USERS")
echo "  ratio to the /health floor at $USERS connections: ${RATIO:-not measured}"
echo "  database: pending units $DB_PENDING, orders $DB_ORDERS"
check "orders created = quota" test "$CREATED" -eq "$QUOTA"
check "database orders = quota" test "$DB_ORDERS" -eq "$QUOTA" -a "$DB_PENDING" -eq "$QUOTA"
check "every other reply sold_out" test $((CREATED + SOLD_OUT)) -eq "$REQUESTS"
check "no 5xx" test "$(v count_5xx)" -eq 0
check "no I/O errors" test "$(v io_errors)" -eq 0 -a "$(v unfinished)" -eq 0

cat >"$BENCH_RESULTS/flash_sale.env" <<EOF
flash_orders_per_s=$ORDERS_PER_S
flash_created=$CREATED
flash_sold_out=$SOLD_OUT
flash_requests=$REQUESTS
flash_p50_ms=$(v class_201_p50_ms)
flash_p99_ms=$(v class_201_p99_ms)
flash_all_p99_ms=$(v p99_ms)
flash_5xx=$(v count_5xx)
flash_cpu_us=$CPU_US
flash_rss_peak_kb=$RSS_PEAK
flash_pss_kb=$PSS_AFTER
flash_load=$LOAD
flash_ratio=$RATIO
flash_connections=$USERS
flash_checks_failed=$CHECKS_FAILED
EOF
finish
