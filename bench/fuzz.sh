#!/usr/bin/env bash
# Runs every fuzz target of a sanitizer tree longer than the `make test` smoke run and prints
# one line per target: executions, executions per second, coverage (edges) and corpus size,
# and whether anything was found (ASan, UBSan, a failed property, a 500 reply).
# Usage: bench/fuzz.sh [SECONDS_PER_TARGET=300] [ASAN_TREE=build-asan] [JOBS=1]
# The tree comes from `make build-sanitized`. New corpus entries stay in the tree
# (ASAN_TREE/tests/fuzz/corpus); findings go to ASAN_TREE/tests/fuzz/findings.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
tree="$(cd "${2:-build-asan}" && pwd)"
jobs="${3:-1}"
src="$PWD/tests/fuzz"
out="$tree/tests/fuzz"
printf '| target | seconds | executions | exec/s | edges | corpus | found |\n|---|---|---|---|---|---|---|\n'
for bin in "$out"/fuzz_*; do
  name="${bin##*/fuzz_}"
  dict=()
  [ -f "$src/$name.dict" ] && dict=("-dict=$src/$name.dict")
  mkdir -p "$out/corpus/$name" "$out/findings"
  log="$out/findings/$name.log"
  status=0
  # In the findings folder: with several jobs libFuzzer writes its fuzz-N.log files where it runs.
  (cd "$out/findings" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$bin" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
    $( [ "$jobs" -gt 1 ] && echo "-jobs=$jobs -workers=$jobs" ) -artifact_prefix="$out/findings/$name-" "${dict[@]}" \
    "$out/corpus/$name" "$src/corpus/$name") >"$log" 2>&1 || status=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | awk '{s+=$2} END {print s+0}')
  edges=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | awk '{print $2}')
  corpus=$(ls "$out/corpus/$name" "$src/corpus/$name" | grep -vc ':$' || true)
  found="nothing"
  [ "$status" -ne 0 ] && found="exit $status: see $log"
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$seconds" "$execs" \
    "$((execs / seconds))" "${edges:-?}" "$corpus" "$found"
done
