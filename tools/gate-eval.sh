#!/usr/bin/env bash
# gate-eval.sh — `make gate-eval`: measures how well grbench's CI gate
# (`grbench ab`) works on this machine, against the targets of the gate's
# design (harness/README.md, "Gating CI").  A benchmark evaluation, not a
# test: every rate is reported as measured, nothing is retried, and the
# exit status is 0 whenever the evaluation itself ran (1 if a step could
# not run at all).
#
# Usage: tools/gate-eval.sh BUILD_DIR [OUT_DIR]
#   RUNS=10 (gate runs per rate), FILTER=... (the A/A and A/B benchmarks),
#   SMOKE_FILTER=... (only to try the script out: limits steps 1 and 5),
#   BASE=DIR|LIB (step 1 compares this older build with BUILD instead of
#   BUILD with itself: a before/after of a change, timed the same way)
#
# What it runs, all with grbench ab's default settings:
#   0. calibration: the cost of one iteration of the slow fixture's busy
#      loop on Yield at procs=1 (only Yield calls gr_yield per op), in ns
#      (a probe at 20 iterations interleaved with the base, 7 runs each) and
#      in instructions (callgrind); both sides of every A/B carry the slow
#      path, the base with 0 iterations, so they differ by k iterations only;
#   1. one full gate run: ab of the ws build against itself, every
#      microbenchmark at procs 1 and 4 (36 series): its wall time;
#   2. A/A: RUNS gate runs of the fixture against itself on FILTER (>= 12
#      series): how many exit 1;
#   3. A/B: RUNS gate runs, fixture against a copy whose gr_yield is slower
#      by 10% of Yield's procs=1 time: how many exit 1 naming Yield, and how
#      often each other series is flagged;
#   4. A/B by instructions: RUNS runs against a copy whose gr_yield costs
#      the nearest to 5% more instructions in Yield at procs=1 (the busy loop
#      is 4 instructions an iteration): how many are caught (Yield alone);
#   5. instruction counts of one build twice: the largest relative
#      difference per series (every procs=1 microbenchmark).
# Everything it ran is kept under OUT_DIR (default BUILD_DIR/gate-eval/<UTC
# stamp>): the result sets, each command's output, and summary.txt.
set -u
BUILD=${1:?usage: gate-eval.sh BUILD_DIR [OUT_DIR]}
BUILD=$(cd "$BUILD" && pwd)
OUT=${2:-$BUILD/gate-eval/$(date -u +%Y%m%d-%H%M%S)}
RUNS=${RUNS:-10}
FILTER=${FILTER:-'^(Yield|PingPong|ChanSPSC|Mutex|Select2|SpawnJoin|WaitGroupAddDone)/'}
SMOKE=()
[ -n "${SMOKE_FILTER:-}" ] && SMOKE=(--filter "$SMOKE_FILTER")
G=$BUILD/harness/grbench
B=$BUILD/suites/bench/bench
FIX=$BUILD/suites/faults/slow_backend/libgr.so.1
REAL=$BUILD/backends/ws/libgr.so.1
for f in "$G" "$B" "$FIX" "$REAL"; do [ -e "$f" ] || { echo "gate-eval: missing $f (build first)" >&2; exit 1; }; done
command -v valgrind >/dev/null || { echo "gate-eval: valgrind is not installed (make deps)" >&2; exit 1; }
mkdir -p "$OUT"
R=$OUT/results
S=$OUT/summary.txt
log() { echo "$*" | tee -a "$S"; }
t_all=$(date +%s)

fixture() {   # fixture DIR [slow=... spin=...]
  mkdir -p "$1"; cp "$FIX" "$1/libgr.so.1"
  { echo "real=$REAL"; shift; for kv in "$@"; do echo "$kv"; done; } > "$1/slow.conf"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

log "grbench gate-eval, $(date -u +%Y-%m-%dT%H:%M:%SZ), revision $(git -C "$(dirname "$0")/.." describe --always --dirty 2>/dev/null)"
log "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
log "build: $BUILD; runs per rate: $RUNS; A/A and A/B filter: $FILTER"
log ""

# --- 0. calibration --------------------------------------------------------
# Both sides of an A/B carry the slow path (slow=gr_yield): the base with
# k = 0 iterations, the slowed copy with k, so they differ by exactly k
# iterations of the busy loop and by nothing else.  Its cost per iteration
# is measured from a probe at k = 20 (in ns: interleaved with the base, 7
# runs each; in instructions: callgrind).
BENCHN=Yield FUNC=gr_yield            # only Yield calls gr_yield per op
fixture "$OUT/fx/base" slow=$FUNC spin=0
fixture "$OUT/fx/k20" slow=$FUNC spin=20
bench_ns() {  # bench_ns DIR NAME: its procs=1 real_time, one run
  LD_LIBRARY_PATH=$1 "$B" --cpu=1 --benchmark_filter="^$2/procs:1(/|\$)" --benchmark_min_time=0.3 \
    --benchmark_format=json 2>/dev/null | sed -n 's/.*"real_time": \([0-9.e+-]*\).*/\1/p' | head -1
}
for i in 1 2 3 4 5 6 7; do
  for k in base k20; do bench_ns "$OUT/fx/$k" $BENCHN >> "$OUT/cal-$k.txt"; done
done
t0=$(median < "$OUT/cal-base.txt"); t20=$(median < "$OUT/cal-k20.txt")
k10=$(awk -v a="$t0" -v b="$t20" 'BEGIN { p = (b - a) / 20; k = 0.10 * a / p; printf "%d", (k < 1 ? 1 : k + 0.5) }')
plan10=$(awk -v a="$t0" -v b="$t20" -v k="$k10" 'BEGIN { printf "%.1f", 100 * k * (b - a) / 20 / a }')
"$G" ab --metric instructions --build "$BUILD" --results-dir "$R" --id cal-instr --filter "^$BENCHN/" --repetitions 1 \
  "$OUT/fx/base" "$OUT/fx/k20" > "$OUT/cal-instr.out" 2>&1
ival() { awk -F, -v s="$1" -v b="$BENCHN" '$1 == "bench" && $2 == b && $3 == s && $6 == "instructions" { print $7 }' "$R/cal-instr/combined.csv"; }
i0=$(ival old); i20=$(ival new)
k5=$(awk -v a="$i0" -v b="$i20" 'BEGIN { p = (b - a) / 20; k = 0.05 * a / p; printf "%d", (k < 1 ? 1 : k + 0.5) }')
plan5=$(awk -v a="$i0" -v b="$i20" -v k="$k5" 'BEGIN { printf "%.2f", 100 * k * (b - a) / 20 / a }')
fixture "$OUT/fx/slow10" slow=$FUNC spin="$k10"
fixture "$OUT/fx/slow5i" slow=$FUNC spin="$k5"
log "0. calibration, $BENCHN procs=1 on the fixture (base: slow path with 0 iterations; probe: 20):"
log "   time: $t0 ns/op, $t20 with 20 iterations (medians of 7, interleaved) -> $k10 iterations per $FUNC = +$plan10% (the 10% slowdown)"
log "   instructions: $i0 instr/op, $i20 with 20 iterations -> $k5 iterations per $FUNC = +$plan5% (the nearest to a 5% slowdown)"
log ""

# --- 1. one full gate run -------------------------------------------------
s=$(date +%s)
OLD=${BASE:-$BUILD}
"$G" ab --build "$BUILD" --results-dir "$R" --id full "${SMOKE[@]}" "$OLD" "$BUILD" > "$OUT/full.out" 2> "$OUT/full.err"; rc=$?
d=$(( $(date +%s) - s ))
nser=$(grep -cE '^[A-Za-z].* +[0-9]+ +[0-9.]+ +[0-9.]+ ' "$OUT/full.out")
what="ws against itself"; [ -n "${BASE:-}" ] && what="ws of $BASE (old) against this build (new)"
log "1. one gate run, $what, all microbenchmarks at procs 1,4: $nser series, ${d}s ($(awk -v d="$d" 'BEGIN { printf "%.1f", d / 60 }') min; target <= 5 min), exit $rc"
grep -E '^(geomean|  REGRESSION)' "$OUT/full.out" | sed 's/^/   /' | tee -a "$S"
log ""

# --- 2. A/A ---------------------------------------------------------------
aa_fail=0; s=$(date +%s)
for i in $(seq 1 "$RUNS"); do
  "$G" ab --build "$BUILD" --results-dir "$R" --id "aa$i" --filter "$FILTER" "$OUT/fx/base" "$OUT/fx/base" \
    > "$OUT/aa$i.out" 2> "$OUT/aa$i.err"; rc=$?
  [ "$rc" = 1 ] && aa_fail=$((aa_fail + 1))
  echo "   aa$i: exit $rc $(grep -o 'REGRESSION [^(]*' "$OUT/aa$i.out" | tr '\n' ';')" | tee -a "$S"
done
nf=$(grep -cE '^[A-Za-z].* +[0-9]+ +[0-9.]+ +[0-9.]+ ' "$OUT/aa1.out")
log "2. A/A, $RUNS gate runs of $nf series: $aa_fail of $RUNS exit 1 (target: at most 1), $(( $(date +%s) - s ))s"
log ""

# --- 3. A/B, 10% slower by time -------------------------------------------
ab_caught=0; s=$(date +%s); : > "$OUT/ab-flags.txt"
for i in $(seq 1 "$RUNS"); do
  "$G" ab --build "$BUILD" --results-dir "$R" --id "ab$i" --filter "$FILTER" "$OUT/fx/base" "$OUT/fx/slow10" \
    > "$OUT/ab$i.out" 2> "$OUT/ab$i.err"; rc=$?
  grep -q "^  REGRESSION $BENCHN procs=" "$OUT/ab$i.out" && [ "$rc" = 1 ] && ab_caught=$((ab_caught + 1))
  grep -o '^  REGRESSION [^ ]* procs=[0-9]*' "$OUT/ab$i.out" | sed 's/^  REGRESSION //' | sort -u >> "$OUT/ab-flags.txt"
  echo "   ab$i: exit $rc $(grep -E "^$BENCHN +1 " "$OUT/ab$i.out" | awk -v b=$BENCHN '{ print b "/1", $5, $6, $7, "p(Holm)=" $8, $10 }') $(grep -o 'REGRESSION [^(]*' "$OUT/ab$i.out" | tr '\n' ';')" | tee -a "$S"
done
log "3. A/B, $FUNC slowed by 10% of $BENCHN's procs=1 time, $RUNS gate runs: caught $ab_caught of $RUNS, naming $BENCHN (target: at least 9)"
others=$(grep -v "^$BENCHN " "$OUT/ab-flags.txt" | sort | uniq -c | sort -rn)
if [ -n "$others" ]; then log "   other series flagged (runs): $(echo "$others" | awk '{ printf "%s %s (%d); ", $2, $3, $1 }')"
else log "   no other series flagged in any run (target: none in more than 1)"; fi
log "   $BENCHN procs=1 flagged in $(grep -c "^$BENCHN procs=1\$" "$OUT/ab-flags.txt") runs, procs=4 in $(grep -c "^$BENCHN procs=4\$" "$OUT/ab-flags.txt") (the same benchmark); $(( $(date +%s) - s ))s"
log ""

# --- 4. A/B, 5% slower by instructions -------------------------------------
ib_caught=0; s=$(date +%s)
for i in $(seq 1 "$RUNS"); do
  "$G" ab --metric instructions --build "$BUILD" --results-dir "$R" --id "ib$i" --filter '^(Yield|PingPong|ChanSPSC)/' \
    "$OUT/fx/base" "$OUT/fx/slow5i" > "$OUT/ib$i.out" 2> "$OUT/ib$i.err"; rc=$?
  grep -q "^  REGRESSION $BENCHN procs=1 instructions" "$OUT/ib$i.out" && [ "$rc" = 1 ] &&
    [ "$(grep -c '^  REGRESSION' "$OUT/ib$i.out")" = 1 ] && ib_caught=$((ib_caught + 1))
  echo "   ib$i: exit $rc $(grep -E "^$BENCHN +1 " "$OUT/ib$i.out" | awk -v b=$BENCHN '{ print b "/1", $3, $4, $5 }')" | tee -a "$S"
done
log "4. A/B, $FUNC 5% slower by instructions at procs=1, $RUNS runs: caught $ib_caught of $RUNS, $BENCHN alone (target: every time), $(( $(date +%s) - s ))s"
log ""

# --- 5. instruction counts of the same build twice ------------------------
s=$(date +%s)
"$G" ab --metric instructions --build "$BUILD" --results-dir "$R" --id instr-aa "${SMOKE[@]}" "$BUILD" "$BUILD" \
  > "$OUT/instr-aa.out" 2> "$OUT/instr-aa.err"; rc=$?
log "5. instruction counts, ws built once, measured twice per side (4 counts per series), exit $rc, $(( $(date +%s) - s ))s:"
awk -F, '$1 == "bench" && $6 == "instructions" { k = $2; if (!(k in lo) || $7 < lo[k]) lo[k] = $7; if (!(k in hi) || $7 > hi[k]) hi[k] = $7 }
  END { for (k in lo) printf "   %-24s %12.2f .. %12.2f instr/op  spread %.3f%%\n", k, lo[k], hi[k], 100 * (hi[k] - lo[k]) / lo[k] }' \
  "$R/instr-aa/combined.csv" | sort -t'%' -k1,1 | tee -a "$S"
within=$(awk -F, '$1 == "bench" && $6 == "instructions" { k = $2; if (!(k in lo) || $7 < lo[k]) lo[k] = $7; if (!(k in hi) || $7 > hi[k]) hi[k] = $7 }
  END { n = 0; w = 0; for (k in lo) { n++; if ((hi[k] - lo[k]) / lo[k] <= 0.001) w++ } print w " of " n }' "$R/instr-aa/combined.csv")
log "   identical or within 0.1%: $within series (target: all)"
log ""
log "whole evaluation: $(( ($(date +%s) - t_all) / 60 )) min (target <= 60); everything is in $OUT"
