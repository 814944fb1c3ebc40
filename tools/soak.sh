#!/usr/bin/env bash
# soak.sh — the long run of the differential stress tester (`make soak`):
# thousands of random programs, each on every built backend.
#
# Usage: tools/soak.sh [BUILD_DIR] [SEEDS] [START]
#   BUILD_DIR  a configured and built Meson build (default: build)
#   SEEDS      number of seeds (default $SOAK_SEEDS or 5000; each runs on
#              every backend, so 5000 seeds x 3 backends = 15000 programs)
#   START      first seed (default: random, printed by stress)
# Then the fairness checker (stress --fair) over as many seeds.  Writes
# BUILD_DIR/stress-soak.json and BUILD_DIR/stress-soak-fair.json
# (suites/stress/README.md has the format) and exits non-zero when any
# program failed; every failure is printed with its seed and the command
# that replays it.
set -u
build=${1:-build}
seeds=${2:-${SOAK_SEEDS:-5000}}
start=${3:-}
exe="$build/suites/stress/stress"
[ -x "$exe" ] || { echo "soak: no $exe (build first: ninja -C $build)"; exit 2; }
args=(--count "$seeds")
[ -n "$start" ] && args+=(--start "$start")
rc=0
"$exe" "${args[@]}" --json "$build/stress-soak.json" || rc=1
"$exe" --fair "${args[@]}" --json "$build/stress-soak-fair.json" || rc=1
exit $rc
