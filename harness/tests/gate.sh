#!/bin/sh
# gate.sh — the deterministic half of grbench's CI gate, in `make test`
# (Meson suite 'harness', test 'gate-instructions').
# Usage: gate.sh GRBENCH BUILD_DIR SLOW_FIXTURE REAL_LIB
#
# Two copies of the slow fixture (suites/faults/slow_backend: a libgr.so.1
# forwarding every call to REAL_LIB) in two folders: "base" adds nothing,
# "slow" adds a busy loop of 40 iterations to every gr_yield (about +68%
# of the Yield benchmark's instructions per op on ws).  By instruction
# counts under callgrind (which do not depend on the machine's load):
#   1. A/A, base against base: `grbench ab --metric instructions` exits 0;
#   2. A/B, base against slow: it exits 1 and names Yield, and only Yield
#      (PingPong and ChanSPSC never call gr_yield).
# No timing is asserted anywhere.  Exit 0 pass, 1 fail, 77 skip (no
# valgrind, or no microbenchmark binary).
set -u
G=$1 BUILD=$2 FIX=$3 REAL=$4
command -v valgrind >/dev/null 2>&1 || { echo "skip: valgrind is not installed (make deps)"; exit 77; }
[ -x "$BUILD/suites/bench/bench" ] || { echo "skip: no $BUILD/suites/bench/bench"; exit 77; }
T=$(mktemp -d /tmp/grbench-gate.XXXXXX)
[ -n "${KEEP:-}" ] && echo "keeping $T" >&2 || trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL [gate]: $*" >&2; exit 1; }
. "$(dirname "$0")/expect.sh"  # expect_line, expect_text, expect_no_line, expect_no_text
mkdir -p "$T/base" "$T/slow"
cp "$FIX" "$T/base/libgr.so.1"; cp "$FIX" "$T/slow/libgr.so.1"
printf 'real=%s\n' "$REAL" > "$T/base/slow.conf"
printf 'real=%s\nslow=gr_yield\nspin=40\n' "$REAL" > "$T/slow/slow.conf"
common="--metric instructions --build $BUILD --results-dir $T/results --filter ^(Yield|PingPong|ChanSPSC)/ --repetitions 2"

"$G" ab $common --id aa "$T/base" "$T/base" >"$T/aa.out" 2>&1; rc=$?
cat "$T/aa.out"
[ "$rc" = 0 ] || fail "A/A by instructions exited $rc, want 0"
expect_line "$T/aa.out" "No regression" "A/A did not say 'No regression'"
for b in Yield PingPong ChanSPSC; do
  expect_line "$T/results/aa/combined.csv" "^bench,$b,old,1,1,instructions," "A/A has no round-1 count of $b"
done

"$G" ab $common --id ab "$T/base" "$T/slow" >"$T/ab.out" 2>&1; rc=$?
cat "$T/ab.out"
[ "$rc" = 1 ] || fail "A/B against the slow fixture exited $rc, want 1"
expect_line "$T/ab.out" "REGRESSION Yield procs=1 instructions" "the regression of Yield is not named"
[ "$(grep -c '^  REGRESSION' "$T/ab.out")" = 1 ] || fail "more than Yield was flagged"
echo "ok [gate]"
