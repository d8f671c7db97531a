#!/usr/bin/env bash
# Mail delivery figures against a local SMTP server (tests/e2e/smtp_server.py, aiosmtpd):
#  1. mails/s: N registrations queue N account_confirm mails; time until all are received;
#  2. wait after a restart: N mails queued while the SMTP server is frozen, the server killed
#     with -9, then restarted with SMTP back: time until the first and all are received, which
#     is the sender's own rate without registrations competing.
# Usage: bench/mail/run.sh path/to/lanyard [N]
set -euo pipefail
bin="$(realpath "$1")"
n="${2:-500}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d /tmp/lanyard-mailbench-XXXXXX)"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
export LANYARD_KDF=fast LANYARD_RATE_LIMITS=off LANYARD_MAIL=smtp

/usr/bin/python3 "$root/tests/e2e/smtp_server.py" --dir "$work/inbox" >"$work/smtp.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q "listening on" "$work/smtp.out" 2>/dev/null && break; sleep 0.05; done
smtp_port="$(grep -o '[0-9]*$' "$work/smtp.out" | head -1)"
export LANYARD_SMTP_URL="smtp://127.0.0.1:$smtp_port"

start_server() {
  "$bin" serve --data "$work/data" --listen 127.0.0.1:0 >"$work/out" 2>"$work/err" &
  server=$!
  pids+=("$server")
  for _ in $(seq 200); do grep -q "listening on" "$work/out" 2>/dev/null && break; sleep 0.01; done
  url="$(grep -o 'http://127.0.0.1:[0-9]*' "$work/out" | head -1)"
}
received() { ls "$work/inbox" 2>/dev/null | grep -c '\.json$' || true; }
now_ms() { date +%s%3N; }

start_server
t0=$(now_ms)
seq "$n" | xargs -P 32 -I{} curl -s -o /dev/null -X POST "$url/api/v1/auth/register" \
  -H 'Content-Type: application/json' \
  -d '{"email":"m{}@example.org","password":"password{}","name":"Mail {}"}'
t1=$(now_ms)
until [ "$(received)" -ge "$n" ]; do sleep 0.05; done
t2=$(now_ms)
echo "queued $n mails in $((t1 - t0)) ms; all $n delivered $((t2 - t0)) ms after the first request"
echo "delivery rate: $(( n * 1000 / (t2 - t0) )) mails/s (registration and delivery overlapping)"

# Queue mails with the SMTP server unreachable, then kill the server hard.
kill -STOP "${pids[0]}"
seq "$n" | xargs -P 32 -I{} curl -s -o /dev/null -X POST "$url/api/v1/auth/confirm/resend" \
  -H 'Content-Type: application/json' -d '{"email":"m{}@example.org"}'
sleep 1
kill -9 "$server"
kill -CONT "${pids[0]}"
before=$(received)
t3=$(now_ms)
start_server
first=""
until [ "$(received)" -ge $((before + n)) ]; do
  [ -z "$first" ] && [ "$(received)" -gt "$before" ] && first=$(now_ms)
  sleep 0.01
done
t4=$(now_ms)
echo "after kill -9 and a restart: first queued mail delivered $(( ${first:-$t4} - t3 )) ms after the start,"
echo "  all $n delivered after $((t4 - t3)) ms: $(( n * 1000 / (t4 - t3) )) mails/s"
