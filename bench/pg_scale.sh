#!/usr/bin/env bash
# Flash sale over PostgreSQL (issue 21): the same sale as flash_sale.sh (256 buyers signed in
# beforehand, a paid type with a quota, one unit per order, each buyer buying until sold_out)
# sent through HAProxy (Debian's haproxy, round robin, health-checked) to 1, 2 and 4 `lanyard
# serve --db postgres://…` instances on 127.0.0.1, one fresh database each; then the kill run:
# 2 instances, one killed with SIGKILL once a quarter of the quota is sold.
#
#   bench/pg_scale.sh path/to/lanyard
#   PG_SCALE_INSTANCES="1 2 4" PG_FLASH_USERS=256 PG_FLASH_QUOTA=5000 PG_KILL=1 PG_FSYNC=on
#
# Figures per instance count: orders/s (orders created / time to the last one), p50/p99 of the
# created orders and of every reply, CPU seconds of the lanyard processes, of PostgreSQL and of
# HAProxy during the load, serialization retries (lanyard_db_write_retries of /metrics, summed).
# Checks: orders created = quota = orders in the database (0 oversold), every other reply
# sold_out, no 5xx; kill run: every order a 2xx reply acknowledged exists afterwards, and the
# database holds exactly the quota.
# HAProxy: `packaging/install-deps bench` installs it (Debian package haproxy).
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/pg.sh"
bench_binary "${1:-}"
build_loadgen
USERS="${PG_FLASH_USERS:-256}"
QUOTA="${PG_FLASH_QUOTA:-5000}"
COUNTS="${PG_SCALE_INSTANCES:-1 2 4}"
WORK="$BENCH_TMP/pg_scale"
rm -rf "$WORK" && mkdir -p "$WORK"
pg_start
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') (fsync ${PG_FSYNC:-on}), HAProxy $(haproxy -v | awk 'NR == 1 {print $3}'); $USERS buyers, quota $QUOTA; machine load at start: $(machine_load)"

# retries_sum: lanyard_db_write_retries summed over the running instances (0 when absent).
retries_sum() {
  local total=0 port v
  for port in "${INSTANCE_PORTS[@]}"; do
    v=$(curl -s "http://127.0.0.1:$port/api/v1/metrics" | awk '$1 == "lanyard_db_write_retries" {print $2}')
    total=$((total + ${v:-0}))
  done
  echo "$total"
}

# sale N: one measured sale through HAProxy over N instances.
sale() {
  local n="$1" dir="$WORK/n$1" url
  mkdir -p "$dir"
  url="$(pg_new_database flash_$n)"
  instances_start "$n" "$url" "$dir"
  haproxy_start "${INSTANCE_PORTS[@]:0:$n}"
  BASE="http://127.0.0.1:$HAPROXY_PORT"
  seed flash --out "$dir" --users "$USERS" --quota "$QUOTA"
  local retries0 retries1
  retries0=$(retries_sum)
  cpu_snapshot "${INSTANCE_PIDS[@]}" >"$dir/lanyard.cpu0"
  cpu_snapshot $(postgres_pids) >"$dir/pg.cpu0"
  cpu_snapshot "$HAPROXY_PID" >"$dir/haproxy.cpu0"
  "$LOADGEN" --port "$HAPROXY_PORT" --connections "$USERS" --file "$dir/requests.tsv" --mode sticky \
    --stop-class sold_out --max-seconds 120 >"$dir/load.env"
  cpu_snapshot "${INSTANCE_PIDS[@]}" >"$dir/lanyard.cpu1"
  cpu_snapshot $(postgres_pids) >"$dir/pg.cpu1"
  cpu_snapshot "$HAPROXY_PID" >"$dir/haproxy.cpu1"
  retries1=$(retries_sum)
  seed verify-flash --out "$dir" >"$dir/verify.env"
  haproxy_stop
  instances_stop

  v() { load_value "$dir/load.env" "$1"; }
  local created sold_out requests last rate db_orders
  created=$(v class_201); created=${created:-0}
  sold_out=$(v class_sold_out); sold_out=${sold_out:-0}
  requests=$(v requests)
  last=$(v class_201_last_s)
  rate=$(awk -v c="$created" -v t="$last" 'BEGIN { printf "%.0f", (t > 0 ? c / t : 0) }')
  db_orders=$(load_value "$dir/verify.env" db_orders)
  echo "$n instance(s): $created orders in ${last}s = $rate orders/s; created p50 $(v class_201_p50_ms) ms p99 $(v class_201_p99_ms) ms; all replies p99 $(v p99_ms) ms ($requests)"
  echo "  CPU during the sale: lanyard $(cpu_seconds "$dir/lanyard.cpu0" "$dir/lanyard.cpu1") s, postgres $(cpu_seconds "$dir/pg.cpu0" "$dir/pg.cpu1") s, haproxy $(cpu_seconds "$dir/haproxy.cpu0" "$dir/haproxy.cpu1") s; serialization retries $((retries1 - retries0)); 5xx $(v count_5xx)"
  check "$n: orders created = quota" test "$created" -eq "$QUOTA"
  check "$n: database orders = quota (0 oversold)" test "${db_orders:-0}" -eq "$QUOTA"
  check "$n: every other reply sold_out" test $((created + sold_out)) -eq "$requests"
  check "$n: no 5xx" test "$(v count_5xx)" -eq 0
  cat >>"$BENCH_RESULTS/pg_scale.env" <<EOF
pg_${n}_orders_per_s=$rate
pg_${n}_p50_ms=$(v class_201_p50_ms)
pg_${n}_p99_ms=$(v class_201_p99_ms)
pg_${n}_all_p99_ms=$(v p99_ms)
pg_${n}_created=$created
pg_${n}_db_orders=$db_orders
pg_${n}_retries=$((retries1 - retries0))
pg_${n}_lanyard_cpu_s=$(cpu_seconds "$dir/lanyard.cpu0" "$dir/lanyard.cpu1")
pg_${n}_postgres_cpu_s=$(cpu_seconds "$dir/pg.cpu0" "$dir/pg.cpu1")
pg_${n}_haproxy_cpu_s=$(cpu_seconds "$dir/haproxy.cpu0" "$dir/haproxy.cpu1")
EOF
}

# kill_run: 2 instances behind HAProxy; once a quarter of the quota is in the database, SIGKILL
# to instance 1 while the sale goes on. Every order id of a 2xx reply must exist afterwards.
kill_run() {
  local dir="$WORK/kill" url db="flash_kill" sold=0 i
  mkdir -p "$dir"
  url="$(pg_new_database $db)"
  instances_start 2 "$url" "$dir"
  haproxy_start "${INSTANCE_PORTS[@]:0:2}"
  BASE="http://127.0.0.1:$HAPROXY_PORT"
  seed flash --out "$dir" --users "$USERS" --quota "$QUOTA"
  "$LOADGEN" --port "$HAPROXY_PORT" --connections "$USERS" --file "$dir/requests.tsv" --mode sticky \
    --stop-class sold_out --max-seconds 120 --bodies "$dir/acknowledged.jsonl" >"$dir/load.env" &
  local load=$!
  for i in $(seq 1 2400); do
    sold=$(pg_sql "$db" "SELECT count(*) FROM orders")
    [ "$sold" -ge $((QUOTA / 4)) ] && break
    sleep 0.05
  done
  kill -KILL "${INSTANCE_PIDS[1]}"
  echo "kill run: SIGKILL to instance 1 with $sold of $QUOTA orders in the database"
  wait "$load" || true
  node -e '
    const fs = require("fs");
    const ids = fs.readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean)
      .map((l) => JSON.parse(l)).filter((o) => o && o.id).map((o) => o.id);
    fs.writeFileSync(process.argv[2], ids.join("\n") + "\n");' "$dir/acknowledged.jsonl" "$dir/acknowledged.ids"
  pg_sql "$db" "SELECT id FROM orders ORDER BY id" >"$dir/db.ids"
  local acked missing db_orders units
  acked=$(grep -c . "$dir/acknowledged.ids" || true)
  missing=$(sort "$dir/acknowledged.ids" | comm -23 - <(sort "$dir/db.ids") | grep -c . || true)
  db_orders=$(grep -c . "$dir/db.ids" || true)
  units=$(pg_sql "$db" "SELECT COALESCE(SUM(quantity), 0) FROM order_items")
  v() { load_value "$dir/load.env" "$1"; }
  echo "  acknowledged orders $acked, missing afterwards $missing; database orders $db_orders, units $units (quota $QUOTA); replies: 201=$(v class_201) sold_out=$(v class_sold_out) 5xx=$(v count_5xx) io_errors=$(v io_errors)"
  check "kill: no acknowledged order lost" test "$missing" -eq 0 -a "$acked" -gt 0
  check "kill: units sold = quota (0 oversold)" test "$units" -eq "$QUOTA"
  haproxy_stop
  instances_stop
  cat >>"$BENCH_RESULTS/pg_scale.env" <<EOF
pg_kill_acknowledged=$acked
pg_kill_missing=$missing
pg_kill_db_orders=$db_orders
pg_kill_units=$units
pg_kill_5xx=$(v count_5xx)
EOF
}

rm -f "$BENCH_RESULTS/pg_scale.env"
for n in $COUNTS; do sale "$n"; done
[ "${PG_KILL:-1}" = "1" ] && kill_run
finish
