#!/usr/bin/env bash
# Growth: how list and search latencies (and start-up) grow with the data.
#   events: 1k, 10k, 100k published events: the public listing, a text search, a city filter;
#   tickets: 10k, 100k, 1M tickets of one event (4 per order, one buyer per order): the
#   attendee list, attendee search by name and by e-mail, order search by code.
# Each database is made by the CLI (admin create runs the migrations) and filled with Debian's
# sqlite3 CLI (recursive CTEs), then served; each query runs on one connection for 1 s and its
# p50/p99 are reported. Start-up is spawn to the first healthy /health reply.
source "$(dirname "$0")/lib/common.sh"
bench_binary "${1:-}"
build_loadgen
EVENT_SIZES="${GROWTH_EVENTS:-1000 10000 100000}"
TICKET_SIZES="${GROWTH_TICKETS:-10000 100000 1000000}"
WORK="$BENCH_TMP/growth"
rm -rf "$WORK" && mkdir -p "$WORK"
NOW="2026-01-01T00:00:00Z"

# fresh_db DIR: an empty, migrated data directory with the bench admin (user 1).
fresh_db() {
  create_admin "$1"
}

fill_events() {
  sqlite3 "$1/lanyard.db" <<SQL
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $2)
INSERT INTO events (organizer_id, title, description, category, venue, city, address, online,
                    starts_at, ends_at, status, created_at, updated_at)
SELECT 1,
       'Event ' || i || ' ' || CASE i % 5 WHEN 0 THEN 'Rust' WHEN 1 THEN 'Cloud' WHEN 2 THEN 'Data'
                                          WHEN 3 THEN 'Music' ELSE 'Design' END,
       'Description of event number ' || i, 'category' || (i % 8), 'Venue ' || (i % 97),
       'City' || (i % 50), 'Street ' || i, 0,
       printf('2030-%02d-%02dT09:00:00Z', 1 + i % 12, 1 + i % 28),
       printf('2030-%02d-%02dT17:00:00Z', 1 + i % 12, 1 + i % 28),
       'published', '$NOW', '$NOW'
FROM n;
INSERT INTO ticket_types (event_id, name, kind, price, quota, max_per_order, created_at)
SELECT id, 'Regular', 'paid', 10000 * (1 + id % 50), 100, 10, '$NOW' FROM events;
SQL
}

# fill_tickets DIR N: one event with N paid tickets in N/4 orders of N/4 buyers.
fill_tickets() {
  local orders=$(($2 / 4))
  sqlite3 "$1/lanyard.db" >/dev/null <<SQL
INSERT INTO events (organizer_id, title, description, category, venue, city, address, online,
                    starts_at, ends_at, status, created_at, updated_at)
VALUES (1, 'Growth event', '', 'conference', 'Hall', 'Bandung', '', 0, '2030-06-01T09:00:00Z',
        '2030-06-01T17:00:00Z', 'published', '$NOW', '$NOW');
INSERT INTO ticket_types (event_id, name, kind, price, quota, max_per_order, sold, created_at)
VALUES (1, 'Regular', 'paid', 100000, NULL, 10, $2, '$NOW');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $orders)
INSERT INTO users (id, email, email_norm, password_hash, name, email_confirmed_at, created_at)
SELECT 1000 + i, 'buyer' || i || '@mail.example', 'buyer' || i || '@mail.example', 'x',
       'Buyer ' || i || ' Santoso', '$NOW', '$NOW' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $orders)
INSERT INTO orders (id, code, event_id, user_id, status, total, currency, created_at, paid_at,
                    payment_method)
SELECT i, printf('G%07d', i), 1, 1000 + i, 'paid', 400000, 'IDR', '$NOW', '$NOW', 'bank_transfer'
FROM n;
INSERT INTO order_items (order_id, ticket_type_id, quantity, unit_price)
SELECT id, 1, 4, 100000 FROM orders;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $2 - 1)
INSERT INTO tickets (order_id, event_id, ticket_type_id, user_id, holder_name, holder_email, code,
                     status, created_at)
SELECT 1 + i / 4, 1, 1, 1000 + 1 + i / 4, 'Holder ' || i || ' Wibowo', 'holder' || i || '@mail.example',
       'L1growth' || i, 'valid', '$NOW'
FROM n;
SQL
}

admin_token() {
  node -e 'fetch(process.argv[1] + "/api/v1/auth/login", {method: "POST",
    headers: {"content-type": "application/json"},
    body: JSON.stringify({email: process.argv[2], password: process.argv[3]})})
    .then((r) => r.json()).then((j) => console.log(j.access_token))' "$BASE" "$ADMIN_EMAIL" "$ADMIN_PASSWORD"
}

# measure NAME PATH [TOKEN]: one connection, 1 s; prints and records p50/p99 of NAME.
measure() {
  local name="$1" path="$2" token="${3:--}"
  printf 'GET\t%s\t%s\t\n' "$path" "$token" >"$WORK/one.tsv"
  "$LOADGEN" --port "$PORT" --connections 1 --file "$WORK/one.tsv" --mode loop --duration 1 >"$WORK/one.env"
  local p50 p99 ok
  p50=$(load_value "$WORK/one.env" p50_ms)
  p99=$(load_value "$WORK/one.env" p99_ms)
  ok=$(load_value "$WORK/one.env" status_200)
  [ "${ok:-0}" -gt 0 ] || echo "  warning: $path answered no 200" >&2
  printf '  %-34s p50 %8s ms  p99 %8s ms\n' "$name" "$p50" "$p99"
  echo "growth_${SIZE}_${name}_p50=$p50" >>"$BENCH_RESULTS/growth.env"
  echo "growth_${SIZE}_${name}_p99=$p99" >>"$BENCH_RESULTS/growth.env"
}

: >"$BENCH_RESULTS/growth.env"
echo "growth: events $EVENT_SIZES; tickets $TICKET_SIZES"
for n in $EVENT_SIZES; do
  SIZE="events_$n"
  dir="$WORK/$SIZE"
  fresh_db "$dir"
  fill_events "$dir" "$n"
  start_server "$dir" "$dir/server.log"
  # Signed in: the reply cache answers anonymous listings, and this measures the database.
  token=$(admin_token)
  echo " $n events (start-up $STARTUP_MS ms, database $(du -k "$dir/lanyard.db" | cut -f1) kB):"
  echo "growth_${SIZE}_startup_ms=$STARTUP_MS" >>"$BENCH_RESULTS/growth.env"
  measure list "/api/v1/events" "$token"
  measure list_page_50 "/api/v1/events?offset=1000" "$token"
  measure search_q "/api/v1/events?q=Rust" "$token"
  measure search_rare "/api/v1/events?q=number%20777" "$token"
  measure city "/api/v1/events?city=City7" "$token"
  stop_server
  rm -rf "$dir"
done
for n in $TICKET_SIZES; do
  SIZE="tickets_$n"
  dir="$WORK/$SIZE"
  fresh_db "$dir"
  fill_tickets "$dir" "$n"
  start_server "$dir" "$dir/server.log"
  token=$(admin_token)
  echo " $n tickets (start-up $STARTUP_MS ms, database $(du -k "$dir/lanyard.db" | cut -f1) kB):"
  echo "growth_${SIZE}_startup_ms=$STARTUP_MS" >>"$BENCH_RESULTS/growth.env"
  echo "growth_${SIZE}_db_kb=$(du -k "$dir/lanyard.db" | cut -f1)" >>"$BENCH_RESULTS/growth.env"
  measure attendees "/api/v1/events/1/attendees" "$token"
  measure attendee_name "/api/v1/events/1/attendees?q=Holder%207777%20" "$token"
  measure attendee_email "/api/v1/events/1/attendees?q=holder7777@" "$token"
  measure orders "/api/v1/events/1/orders" "$token"
  measure order_code "/api/v1/events/1/orders?q=G0001234" "$token"
  measure order_name "/api/v1/events/1/orders?q=Buyer%201234%20" "$token"
  stop_server
  # The largest database stays for resources.sh (start-up at 1M tickets).
  [ "$n" = "1000000" ] && cp "$dir/lanyard.db" "$BENCH_TMP/tickets_1m.db" 2>/dev/null || true
  rm -rf "$dir"
done
exit 0
