#!/usr/bin/env bash
# boostfiber-check.sh — make test's run of the two Boost.Fiber backends
# (backends/boostfiber: boostfiber-shared, boostfiber-ws), which are not in
# the default `backends` list: their C++ archive and Boost's unannotated
# fiber switches do not fit the sanitizer and libFuzzer builds that take
# every default backend (make race, check-all, fuzz-smoke; README.md of the
# backend says why).  So this script builds just their two libraries in a
# build folder of their own and runs the suites of the main build against
# them by path (every suite binary runs on any libgr.so.1):
#   conformance (every clause; declined ones are in suites/conformance/
#   declined.c), stress (400 seeds) and stress --fair (500 seeds), under
#   gr_go's default launch policy (dispatch); then, on boostfiber-ws,
#   conformance and stress again under GR_BOOSTFIBER_LAUNCH=post, and a
#   check that a bad GR_BOOSTFIBER_LAUNCH makes gr_run fail with its message.
#
# Usage: tools/boostfiber-check.sh [BUILD] [OUT]
#   BUILD  the main build folder, whose suites are run (default: build)
#   OUT    a folder of its own (default: BUILD-boostfiber): the Meson build
#          of the two libraries is OUT/lib (tools/boostfiber-libs.sh), the
#          logs are OUT/*.log
# Exit: 0 all passed; 1 a failure; 77 Boost.Fiber is not installed
# (make deps installs libboost-fiber1.81-dev).
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
out=${2:-$build-boostfiber}

if ! [ -f /usr/include/boost/fiber/all.hpp ]; then
  echo "boostfiber-check: Boost.Fiber headers not installed (make deps): skipped"
  exit 77
fi
mkdir -p "$out" && out=$(cd "$out" && pwd)
lib=$out/lib
"$src/tools/boostfiber-libs.sh" "$lib" >/dev/null || { echo "boostfiber-check: build failed"; exit 1; }

fails=0
# check B WHAT [LAUNCH]: run one suite (conformance, stress or fair) of the
# main build on backend B, under GR_BOOSTFIBER_LAUNCH=LAUNCH when given;
# print its last line, or FAILED with the failing lines (and count it).
check() {
  local b=$1 what=$2 launch=${3:-} so=$lib/backends/$1/libgr.so.1 cmd
  case $what in
    conformance) cmd=(conformance/conformance --backend "$so") ;;
    stress) cmd=(stress/stress --backend "$so" --count 400) ;;
    fair) cmd=(stress/stress --fair --backend "$so" --count 500) ;;
  esac
  local tag="$b $what" log=$out/check-$b-$what.log env=()
  if [ -n "$launch" ]; then
    tag="$tag (GR_BOOSTFIBER_LAUNCH=$launch)"
    log=$out/check-$b-$launch-$what.log
    env=("GR_BOOSTFIBER_LAUNCH=$launch")
  fi
  if env "${env[@]}" "$build/suites/${cmd[0]}" "${cmd[@]:1}" >"$log" 2>&1; then
    echo "boostfiber-check: $tag: $(tail -1 "$log")"
  else
    fails=$((fails + 1))
    echo "boostfiber-check: $tag: FAILED: $build/suites/${cmd[*]} (log $log)"
    grep -E '^not ok|FAIL|failed' "$log" | head -12
  fi
}

for b in boostfiber-shared boostfiber-ws; do
  for what in conformance stress fair; do check "$b" "$what"; done
done
# The other launch policy (Boost's default, launch::post) on boostfiber-ws.
for what in conformance stress; do check boostfiber-ws "$what" post; done

# A bad value is refused before the run begins, with a message naming it.
log=$out/check-boostfiber-ws-bad-launch.log
if GR_BOOSTFIBER_LAUNCH=sideways LD_LIBRARY_PATH=$lib/backends/boostfiber-ws \
     "$build/suites/workloads/skynet" --procs 2 1000 >"$log" 2>&1; then
  fails=$((fails + 1))
  echo "boostfiber-check: GR_BOOSTFIBER_LAUNCH=sideways: the run began (log $log)"
elif grep -q 'GR_BOOSTFIBER_LAUNCH=sideways: expected dispatch or post' "$log" &&
     grep -q 'invalid argument' "$log" && ! grep -q 'sum=' "$log"; then
  echo "boostfiber-check: GR_BOOSTFIBER_LAUNCH=sideways: refused (GR_EINVAL)"
else
  fails=$((fails + 1))
  echo "boostfiber-check: GR_BOOSTFIBER_LAUNCH=sideways: no clear error (log $log)"
  cat "$log"
fi
[ "$fails" -eq 0 ]
