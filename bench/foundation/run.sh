#!/usr/bin/env bash
# Foundation figures: GET /api/v1/health (a trivial JSON reply) and POST /api/v1/auth/refresh
# (one durable write per request: token rotation through the group-commit writer).
# Usage: bench/foundation/run.sh path/to/lanyard [seconds]
set -euo pipefail
bin="$(realpath "$1")"
seconds="${2:-10}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d /tmp/lanyard-bench-XXXXXX)"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
export LANYARD_KDF=fast LANYARD_RATE_LIMITS=off
"$bin" admin create --data "$work/data" --email bench@example.org --password benchpass1 >/dev/null
"$bin" serve --data "$work/data" --listen 127.0.0.1:0 >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 100); do grep -q "listening on" "$work/out" 2>/dev/null && break; sleep 0.05; done
url="$(grep -o 'http://127.0.0.1:[0-9]*' "$work/out" | head -1)"

chains="${CHAINS:-64}"
for i in $(seq "$chains"); do
  curl -s -X POST "$url/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d '{"email":"bench@example.org","password":"benchpass1"}' |
    sed -E 's/.*"refresh_token":"([^"]+)".*/\1/' >>"$work/tokens"
  echo >>"$work/tokens"
done

echo "== GET /api/v1/health, 64 connections, ${seconds}s"
wrk -t2 -c64 -d"${seconds}s" --latency "$url/api/v1/health" | grep -E "Requests/sec|Latency|99%|50%"
echo "== POST /api/v1/auth/refresh, ${chains} token chains, ${seconds}s"
REFRESH_TOKENS="$work/tokens" wrk -t"$chains" -c"$chains" -d"${seconds}s" --latency \
  -s "$here/refresh.lua" "$url" | grep -E "Requests/sec|Latency|99%|50%|refresh:"
