#!/usr/bin/env bash
# Two real `lanyard serve --db postgres://…` processes over one PostgreSQL cluster that this
# script starts itself (initdb, pg_ctl: Debian's postgresql; fsync off), then one check:
#
#   run.sh read_your_writes BINARY   tests/pg_instances/read_your_writes.mjs (caches)
#   run.sh rush BINARY               a flash sale and a door rush sent to both instances at once
#   run.sh uploads BINARY            tests/pg_instances/uploads.mjs (files served by both)
#
# The ctest entries pg_instances/* (tests/CMakeLists.txt). Exit 0 when the check passes.
set -euo pipefail
MODE="${1:?mode}"
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/../../bench/lib/common.sh"
source "$HERE/../../bench/lib/pg.sh"
bench_binary "${2:-}"
build_loadgen
export PG_FSYNC=off

WORK="$BENCH_TMP/pg_$MODE"
rm -rf "$WORK" && mkdir -p "$WORK"
pg_start
URL="$(pg_new_database lanyard_$MODE)"
instances_start 2 "$URL" "$WORK"
P0=${INSTANCE_PORTS[0]}
P1=${INSTANCE_PORTS[1]}

case "$MODE" in
  read_your_writes)
    node "$HERE/read_your_writes.mjs" --ports "$P0,$P1" --admin-email "$ADMIN_EMAIL" \
      --admin-password "$ADMIN_PASSWORD" --rounds "${RYW_ROUNDS:-300}"
    ;;
  uploads)
    node "$HERE/uploads.mjs" --ports "$P0,$P1" --admin-email "$ADMIN_EMAIL" \
      --admin-password "$ADMIN_PASSWORD"
    # Three files kept (image, document, proof) as rows; none on the instances' own disks (on
    # PostgreSQL they have no upload folder at all).
    ROWS=$(pg_sql lanyard_uploads "SELECT count(*) FROM upload_blobs")
    FILES=$(find "$WORK"/data* -path '*/uploads/*' -type f | wc -l)
    echo "upload_blobs rows: $ROWS, files in the instances' data directories' uploads: $FILES"
    test "$ROWS" -eq 3 -a "$FILES" -eq 0
    ;;
  rush)
    source "$HERE/rush.sh"
    ;;
  *)
    echo "unknown mode $MODE" >&2
    exit 2
    ;;
esac
