#!/bin/sh
# ctest package/unit_security: `systemd-analyze security` rates the shipped unit "OK" or better
# (exposure below 5.0; --offline reads the file, no running systemd needed). The verify step
# needs the installed files and runs in install_upgrade.py.
# Usage: unit_security.sh SOURCE_DIR
set -eu
if ! command -v systemd-analyze >/dev/null; then
  echo "SKIP: systemd-analyze is missing (Debian package systemd; packaging/install-deps package)"
  exit 77
fi
unit=$1/packaging/deb/lanyard.service
out=$(systemd-analyze security --offline=true --threshold=49 "$unit" 2>&1) && status=0 || status=$?
printf '%s\n' "$out" | grep -v '^✓'
printf '%s\n' "$out" | tail -1
if [ "$status" -ne 0 ]; then
  echo "FAIL: exposure above 4.9 (worse than OK)"
  exit 1
fi
printf '%s\n' "$out" | grep -Eq 'Overall exposure level for lanyard\.service: [0-4]\.[0-9] (OK|SAFE|PERFECT)' || {
  echo "FAIL: no OK rating"
  exit 1
}
