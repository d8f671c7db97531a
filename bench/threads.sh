#!/usr/bin/env bash
# Threads: the server with 16, 64 and 256 worker threads (serve --threads), each measured with
# the /health floor at 64 and 256 connections and with the flash sale (256 buyers). Connections
# wait in the head gate between requests, so fewer workers than connections is possible; on
# this paravirtualized machine every context switch is expensive, so fewer runnable threads may
# win. Writes threads.env (threads_<T>_health_<C>_rps, _p99_ms, _cpu_us; threads_<T>_flash_*).
#   THREADS_LIST="16 64 256" bench/threads.sh build/app/lanyard
source "$(dirname "$0")/lib/common.sh"
bench_binary "${1:-}"
build_loadgen
OUT="$BENCH_RESULTS/threads.env"
: >"$OUT"
for threads in ${THREADS_LIST:-16 64 256}; do
  # Each run writes its own scenario files; keep them per thread count.
  RUN="$BENCH_TMP/threads_$threads"
  mkdir -p "$RUN"
  BENCH_RESULTS="$RUN" SERVE_THREADS="$threads" "$BENCH_DIR/floor.sh" "$BIN" | sed "s/^/[$threads threads] /"
  BENCH_RESULTS="$RUN" SERVE_THREADS="$threads" "$BENCH_DIR/flash_sale.sh" "$BIN" | sed "s/^/[$threads threads] /"
  for c in 64 256; do
    for k in rps p99_ms cpu_us; do
      echo "threads_${threads}_health_${c}_${k}=$(load_value "$RUN/floor.env" "floor_${c}_${k}")" >>"$OUT"
    done
  done
  for k in orders_per_s p99_ms cpu_us; do
    echo "threads_${threads}_flash_${k}=$(load_value "$RUN/flash_sale.env" "flash_${k}")" >>"$OUT"
  done
  echo "threads_${threads}_flash_checks_failed=$(load_value "$RUN/flash_sale.env" flash_checks_failed)" >>"$OUT"
done
echo "threads_load=$(machine_load)" >>"$OUT"
cat "$OUT"
exit 0
