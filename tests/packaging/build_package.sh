#!/bin/sh
# ctest package/build: packs the already-built tree once with CPack (no compiling) and records the
# .deb's path in BUILD_DIR/package-test/deb for the other package/* tests.
# Usage: build_package.sh BUILD_DIR
set -eu
build=$1
mkdir -p "$build/package-test"
rm -f "$build"/lanyard_*.deb "$build/package-test/deb"
cd "$build"
cpack -G DEB --config CPackConfig.cmake >"$build/package-test/cpack.log" 2>&1 || {
  cat "$build/package-test/cpack.log"
  exit 1
}
deb=$(ls "$build"/lanyard_*.deb)
echo "$deb" >"$build/package-test/deb"
echo "built $deb ($(du -h "$deb" | cut -f1))"
