#!/usr/bin/env bash
# Door rush: 20,000 valid tickets scanned once each by 64 concurrent scanners (staff accounts),
# plus 5 % duplicate scans and 1 % forged codes, in a shuffled order.
# Figures: check-ins/s, p50/p99 of every scan, server CPU per scan.
# Checks: exactly 20,000 ok, 1,000 already_checked_in, 200 invalid_code; nothing else; the
# database agrees (checked-in tickets, scans logged).
source "$(dirname "$0")/lib/common.sh"
bench_binary "${1:-}"
build_loadgen
TICKETS="${DOOR_TICKETS:-20000}"
SCANNERS="${DOOR_SCANNERS:-64}"
WORK="$BENCH_TMP/door_rush"
rm -rf "$WORK" && mkdir -p "$WORK"

create_admin "$WORK/data"
start_server "$WORK/data" "$WORK/server.log"
seed door --out "$WORK" --tickets "$TICKETS" --scanners "$SCANNERS"
wait_outbox "$WORK/data"  # the seeding's ticket mails must not compete with the scans
EXPECT_OK=$(load_value "$WORK/seed.env" EXPECT_OK)
EXPECT_ALREADY=$(load_value "$WORK/seed.env" EXPECT_ALREADY)
EXPECT_INVALID=$(load_value "$WORK/seed.env" EXPECT_INVALID)
CPU0=$(server_cpu_ticks)
LOAD=$(machine_load)
profile_start door_rush
"$LOADGEN" --port "$PORT" --connections "$SCANNERS" --file "$WORK/requests.tsv" --mode once \
  --max-seconds 120 >"$WORK/load.env"
CPU1=$(server_cpu_ticks)
profile_stop door_rush
seed verify-door --out "$WORK" >"$WORK/verify.env"
stop_server

v() { load_value "$WORK/load.env" "$1"; }
OK=$(v class_200); OK=${OK:-0}
ALREADY=$(v class_already_checked_in); ALREADY=${ALREADY:-0}
INVALID=$(v class_invalid_code); INVALID=${INVALID:-0}
REQUESTS=$(v requests)
CPU_US=$(cpu_us_per_request $((CPU1 - CPU0)) "$REQUESTS")
DB_CHECKED=$(load_value "$WORK/verify.env" db_checked_in)
DB_SCANS=$(load_value "$WORK/verify.env" db_scans)

echo "door rush: $TICKETS tickets, $SCANNERS scanners (machine load average at start: $LOAD)"
echo "  scans: $REQUESTS in $(v seconds)s = $(v rps) check-ins/s; p50 $(v p50_ms) ms, p99 $(v p99_ms) ms"
echo "  replies: ok=$OK already_checked_in=$ALREADY invalid_code=$INVALID 5xx=$(v count_5xx) io_errors=$(v io_errors)"
RATIO=$(floor_ratio "$(v rps)" "$SCANNERS")
echo "  ratio to the /health floor at $SCANNERS connections: ${RATIO:-not measured}"
echo "  server CPU per scan: ${CPU_US} us; database: checked in $DB_CHECKED, scans logged $DB_SCANS"
check "ok = $EXPECT_OK" test "$OK" -eq "$EXPECT_OK"
check "already_checked_in = $EXPECT_ALREADY" test "$ALREADY" -eq "$EXPECT_ALREADY"
check "invalid_code = $EXPECT_INVALID" test "$INVALID" -eq "$EXPECT_INVALID"
check "no other replies" test $((OK + ALREADY + INVALID)) -eq "$REQUESTS" -a "$(v unfinished)" -eq 0
check "database checked in = $EXPECT_OK" test "$DB_CHECKED" -eq "$EXPECT_OK"
check "every scan of the event logged" test "$DB_SCANS" -ge $((EXPECT_OK + EXPECT_ALREADY))

cat >"$BENCH_RESULTS/door_rush.env" <<EOF2
door_rps=$(v rps)
door_p50_ms=$(v p50_ms)
door_p99_ms=$(v p99_ms)
door_ok=$OK
door_already=$ALREADY
door_invalid=$INVALID
door_requests=$REQUESTS
door_expect=$EXPECT_OK/$EXPECT_ALREADY/$EXPECT_INVALID
door_cpu_us=$CPU_US
door_load=$LOAD
door_ratio=$RATIO
door_connections=$SCANNERS
door_checks_failed=$CHECKS_FAILED
EOF2
finish
