#!/usr/bin/env bash
# harness_broken.sh — the harness survives a broken backend mid-matrix.
#
# Usage: harness_broken.sh BUILD SOURCE SEGV_LIB HANG_LIB GOOD_BACKEND
# In a temporary results directory: (1) a run on GOOD_BACKEND alone makes
# the set "before"; (2) a run on GOOD_BACKEND plus the two broken libraries
# (broken_backend/: one segfaults, one hangs) makes "after".  Checks: the
# second run finishes with exit status 1 (a cell failed), not a crash of
# grbench; in after/cells.csv the good backend's cell is ok, the segfaulting
# one's is failed and the hanging one's timeout (or failed) — each killed
# within --cell-timeout; "before" is byte-for-byte unchanged and no
# temporary set is left behind.  Exit 0 pass, 1 fail, 77 skip (no harness
# or no microbenchmark binary in BUILD).
set -u
build=$1 src=$2 segv=$3 hang=$4 good=$5
G=$build/harness/grbench
B=$build/suites/bench/bench
[ -x "$G" ] || { echo "skip: no $G"; exit 77; }
[ -x "$B" ] || { echo "skip: no $B (microbenchmarks not built)"; exit 77; }
T=$(mktemp -d /tmp/gr-broken.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# One cheap benchmark, by the name the binary lists first (no hard-coding).
name=$(LD_LIBRARY_PATH=$build/backends/$good "$B" --benchmark_list_tests 2>/dev/null | head -1)
name=${name%%/*}
[ -n "$name" ] || fail "cannot list the benchmarks of $B"
common=(--cpu 1 --filter "^$name(/|\$)" --workloads none --no-go --quick
        --results-dir "$T/results" --build "$build" --source "$src")

"$G" run --backends "$good" --id before "${common[@]}" >"$T/before.log" 2>&1 ||
  { cat "$T/before.log"; fail "the run on $good alone failed"; }
(cd "$T/results/before" && find . -type f -exec md5sum {} + | sort) >"$T/before.sum"

start=$(date +%s)
"$G" run --backends "$good,broken-segv=$segv,broken-hang=$hang" --cell-timeout 5 \
  --id after "${common[@]}" >"$T/after.log" 2>&1
rc=$?
took=$(( $(date +%s) - start ))
cat "$T/after.log"
[ "$rc" -eq 1 ] || fail "grbench run exited $rc with broken backends (want 1: a cell failed)"
cells=$T/results/after/cells.csv
[ -f "$cells" ] || fail "no $cells: the result set was not written"
status() { awk -F, -v b="$1" 'NR > 1 && $2 == b { print $5 }' "$cells" | sort -u | tr '\n' ' '; }
s_good=$(status "$good") s_segv=$(status broken-segv) s_hang=$(status broken-hang)
echo "cells: $good=[$s_good] broken-segv=[$s_segv] broken-hang=[$s_hang] in ${took}s"
[ "$s_good" = "ok " ] || fail "the good backend's cell is [$s_good], want ok"
[ "$s_segv" = "failed " ] || fail "the segfaulting backend's cell is [$s_segv], want failed"
case "$s_hang" in "timeout "|"failed ") ;; *) fail "the hanging backend's cell is [$s_hang], want timeout";; esac
(cd "$T/results/before" && find . -type f -exec md5sum {} + | sort) | cmp -s - "$T/before.sum" ||
  fail "the earlier result set 'before' was modified"
leftover=$(find "$T/results" -maxdepth 1 -name '.tmp-*' | head -1)
[ -z "$leftover" ] || fail "a temporary set was left behind: $leftover"
echo "ok: the harness marked the broken cells and left the earlier set untouched"
