#!/usr/bin/env bash
# boostfiber-libs.sh — build the two Boost.Fiber backends' libraries
# (boostfiber-shared, boostfiber-ws) in a Meson build folder of their own,
# for the main build's suites and harness to run by path.  They are not in
# the default `backends` list (backends/boostfiber/README.md says why), so
# make test (tools/boostfiber-check.sh) and make report / make bench
# (harness/targets.mk) get them from here.
#
# Usage: tools/boostfiber-libs.sh LIB
#   LIB  the build folder (set up on first use, rebuilt incrementally)
# Prints one line on stdout, the harness's --backends entries for the two
# libraries: boostfiber-shared=LIB/backends/boostfiber-shared/libgr.so.1,
# boostfiber-ws=LIB/backends/boostfiber-ws/libgr.so.1 (absolute paths).
# Exit: 0 built; 1 setup or build failed (the log's tail on stderr);
# 77 Boost.Fiber is not installed (make deps installs libboost-fiber1.81-dev).
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
lib=${1:?usage: boostfiber-libs.sh LIB}

if ! [ -f /usr/include/boost/fiber/all.hpp ]; then
  echo "boostfiber-libs: Boost.Fiber headers not installed (make deps)" >&2
  exit 77
fi
mkdir -p "$lib" && lib=$(cd "$lib" && pwd)
if [ ! -f "$lib/build.ninja" ]; then
  meson setup "$lib" "$src" -Dbackends=boostfiber-shared,boostfiber-ws \
    -Dbench=disabled -Dgo_reference=disabled >"$lib.setup.log" 2>&1 ||
    { tail -30 "$lib.setup.log" >&2; echo "boostfiber-libs: meson setup failed" >&2; exit 1; }
fi
ninja -C "$lib" backends/boostfiber-shared/libgr.so.1 backends/boostfiber-ws/libgr.so.1 \
    >"$lib.build.log" 2>&1 ||
  { tail -30 "$lib.build.log" >&2; echo "boostfiber-libs: build failed" >&2; exit 1; }
echo "boostfiber-shared=$lib/backends/boostfiber-shared/libgr.so.1,boostfiber-ws=$lib/backends/boostfiber-ws/libgr.so.1"
