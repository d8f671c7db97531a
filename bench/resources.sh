#!/usr/bin/env bash
# Resources: binary size; RSS and PSS of an idle server on a fresh data directory; time from
# spawn to the first healthy /health reply on a fresh directory and on a database of 1,000,000
# tickets (made with Debian's sqlite3 CLI by growth.sh's filler, or here when growth.sh has
# not left one). RSS under load is measured by flash_sale.sh.
source "$(dirname "$0")/lib/common.sh"
bench_binary "${1:-}"
build_loadgen
WORK="$BENCH_TMP/resources"
rm -rf "$WORK" && mkdir -p "$WORK"

BIN_BYTES=$(stat -c %s "$BIN")
STRIPPED_BYTES=$(strip -o "$WORK/lanyard.stripped" "$BIN" 2>/dev/null && stat -c %s "$WORK/lanyard.stripped" || echo "$BIN_BYTES")

create_admin "$WORK/fresh"
start_server "$WORK/fresh" "$WORK/fresh.log"
FRESH_STARTUP_MS=$STARTUP_MS
sleep 2
IDLE_RSS=$(rss_kb "$SERVER_PID")
IDLE_PSS=$(awk '/^Pss:/ {print $2}' "/proc/$SERVER_PID/smaps_rollup")
IDLE_THREADS=$(awk '/^Threads:/ {print $2}' "/proc/$SERVER_PID/status")
stop_server

if [ ! -f "$BENCH_TMP/tickets_1m.db" ]; then
  GROWTH_EVENTS="" GROWTH_TICKETS="1000000" "$BENCH_DIR/growth.sh" "$BIN" >/dev/null
fi
create_admin "$WORK/big"
cp "$BENCH_TMP/tickets_1m.db" "$WORK/big/lanyard.db"
rm -f "$WORK/big/lanyard.db-wal" "$WORK/big/lanyard.db-shm"
BIG_MB=$(( $(stat -c %s "$WORK/big/lanyard.db") / 1048576 ))
# Twice: the copied file has no clean-close marker, so the first start runs the full integrity
# check before serving (as after a crash); the second follows a clean stop (the target).
start_server "$WORK/big" "$WORK/big.log"
BIG_COLD_MS=$STARTUP_MS
stop_server
start_server "$WORK/big" "$WORK/big.log"
BIG_WARM_MS=$STARTUP_MS
stop_server

echo "resources (machine load average: $(machine_load))"
echo "  binary: $BIN_BYTES bytes ($STRIPPED_BYTES stripped)"
echo "  idle: RSS $IDLE_RSS kB, PSS $IDLE_PSS kB, $IDLE_THREADS threads"
echo "  start to healthy: fresh $FRESH_STARTUP_MS ms; 1M tickets (${BIG_MB} MB) first $BIG_COLD_MS ms, again $BIG_WARM_MS ms"
cat >"$BENCH_RESULTS/resources.env" <<EOF2
res_binary_bytes=$BIN_BYTES
res_binary_stripped_bytes=$STRIPPED_BYTES
res_idle_rss_kb=$IDLE_RSS
res_idle_pss_kb=$IDLE_PSS
res_idle_threads=$IDLE_THREADS
res_startup_fresh_ms=$FRESH_STARTUP_MS
res_startup_1m_ms=$BIG_WARM_MS
res_startup_1m_check_ms=$BIG_COLD_MS
res_1m_db_mb=$BIG_MB
EOF2
exit 0
