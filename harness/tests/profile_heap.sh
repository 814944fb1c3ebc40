#!/bin/sh
# profile_heap.sh — the test of `grbench profile --heap` (harness/profile_heap.c).
#   usage: profile_heap.sh GRBENCH FIXTURE BUILD BACKEND
# 1. The known sites: heap_fixture.c run as a workload (a build folder made
#    of links: the fixture as suites/workloads/heapsite, the real
#    backend library) must show fixture_hold first by bytes in use (at the
#    high-water dump: it is all freed before exit) and fixture_churn first
#    by allocations, and leave profiles that google-pprof reads.
# 2. The idle workload on BACKEND: the breakdown is printed and adds up.
# 3. With a Go toolchain: the Go idle's own heap profile (--backend go).
# Exit 77 (skip) where gperftools' heap profiler is not installed.
set -u
G=$1 FIX=$2 BUILD=$3 B=$4
T=$(mktemp -d "${TMPDIR:-/tmp}/grbench-heap.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; echo "--- output:"; cat "$T/out"; exit 1; }
. "$(dirname "$0")/expect.sh"  # expect_line, expect_text, expect_no_line, expect_no_text
first_after() { # the first list line after the header matching $1
  awk -v h="$1" 'found && NF { print; exit } index($0, h) { found = 1 }' "$T/out"
}

mkdir -p "$T/b/suites/workloads" "$T/b/backends/$B"
ln -s "$FIX" "$T/b/suites/workloads/heapsite"
ln -s "$BUILD/backends/$B/libgr.so.1" "$T/b/backends/$B/libgr.so.1"
"$G" profile --heap --build "$T/b" --backend "$B" --workload heapsite --out "$T/p" >"$T/out" 2>&1; got=$?
if [ "$got" = 3 ]; then cat "$T/out"; echo "skip: no heap profiler here"; exit 77; fi
[ "$got" = 0 ] || fail "profile --heap of the fixture exited $got"
l=$(first_after "by bytes in use"); echo "in use: $l"
case $l in *fixture_hold*) ;; *) fail "fixture_hold is not first by bytes in use: $l" ;; esac
case $l in *MiB*) ;; *) fail "no MiB amount on the in-use line: $l" ;; esac
l=$(first_after "by allocations"); echo "allocations: $l"
case $l in *fixture_churn*) ;; *) fail "fixture_churn is not first by allocations: $l" ;; esac
n=$(echo "$l" | awk '{ print $NF }')
[ "$n" -ge 30000 ] 2>/dev/null || fail "fixture_churn made $n allocations, want >= 30000"
ls "$T/p"/heap.*.heap >/dev/null 2>&1 || fail "no heap.*.heap in $T/p"
if command -v google-pprof >/dev/null; then
  prof=$(awk '/^profile: / { print $2; exit }' "$T/out")
  google-pprof --text "$FIX" "$prof" 2>/dev/null | grep -q fixture_hold || fail "google-pprof cannot read $prof"
fi

"$G" profile --heap --backend "$B" --workload idle 2000 --out "$T/i" >"$T/out" 2>&1; got=$?
[ "$got" = 0 ] || fail "profile --heap --workload idle 2000 on $B exited $got"
expect_line "$T/out" "memory per parked goroutine" "no breakdown"
expect_line "$T/out" "stack pages touched" "no stack row"
expect_line "$T/out" "the breakdown adds up" "the breakdown does not add up"
grep "^  difference" "$T/out"

# 3. Go's own heap profile of the Go idle, where a toolchain is here: the
#    g records (runtime.malg) lead the bytes in use while parked.
if command -v go >/dev/null; then
  "$G" profile --heap --backend go --workload idle 2000 --out "$T/g" >"$T/out" 2>&1; got=$?
  [ "$got" = 0 ] || fail "profile --heap --backend go --workload idle 2000 exited $got"
  l=$(first_after "by bytes in use"); echo "go in use: $l"
  case $l in *runtime.malg*) ;; *) fail "runtime.malg is not first by bytes in use on Go: $l" ;; esac
  expect_line "$T/out" "the breakdown adds up" "Go's breakdown does not add up"
fi
echo "ok"
