#!/bin/sh
# ctest package/lintian: no lintian error on the .deb; its whole output is printed (warnings and
# notes included) for the record.
# Usage: lintian.sh BUILD_DIR
set -eu
deb=$(cat "$1/package-test/deb")
out=$(lintian --info --display-level ">=pedantic" "$deb" 2>&1) && status=0 || status=$?
printf '%s\n' "$out"
if printf '%s\n' "$out" | grep -q '^E: '; then
  echo "FAIL: lintian reports errors"
  exit 1
fi
[ "$status" -le 1 ] || { echo "FAIL: lintian exited $status"; exit 1; }
echo "lintian: no errors"
