#!/bin/sh
# report_preempt.sh — the test of REPORT.md's PreemptLatency section
# (harness/report_preempt.c), on generated result sets.
#   usage: report_preempt.sh GRBENCH
# A backend's row holds the medians of its repetitions at procs=1 and the
# p99's range, a stalled backend says so, procs=4 cells are not shown, and
# a set without preemptlat says it was not measured.
SECTION='/## PreemptLatency/,/^## /p'
. "$(dirname "$0")/report_test.sh"   # G, T, fail, mkset, make_report
row() { # BACKEND PROCS REP wakes p50 p99 max stalled
  b=$1 p=$2 r=$3; shift 3
  for m in wakes late_p50_us late_p99_us late_max_us stalled; do
    echo "workload,preemptlat/1000,$b,$p,$r,$m,$1,"; shift
  done
}
mkset "$T/res/s"
{
  row ws 1 0 83 10800 14400 14400 0
  row ws 1 1 82 10900 15100 15100 0
  row ws 1 2 84 10700 14900 14900 0          # medians: 83, 10.8, 14.9 (14.4-15.1), 14.9
  row ucontext 1 0 0 999000 999000 999000 1
  row ws 4 0 900 80 900 4000 0               # procs 4: not in the table
  row go 1 0 49 19200 24600 24600 0
} >> "$T/res/s/combined.csv"
make_report s
expect_text "$T/R.md" '## PreemptLatency: waking up behind a CPU hog' "no section"
expect_text "$T/R.md" '| ws | `preemptlat/1000` | 83 | 10.8 ms | 14.9 ms (14.4–15.1) | 14.9 ms | no |' "ws row (medians, range)"
expect_text "$T/R.md" '| ucontext | `preemptlat/1000` | 0 | 999.0 ms | 999.0 ms (999.0–999.0) | 999.0 ms | **yes** |' "ucontext must be stalled"
expect_text "$T/R.md" '| go | `preemptlat/1000` | 49 | 19.2 ms | 24.6 ms (24.6–24.6) | 24.6 ms | no |' "go row"
expect_no_text "$T/R.md" '| 900 |' "a procs=4 cell is shown"
mkset "$T/res/old"
echo 'workload,idle/9999,ws,1,0,bytes_per_goroutine,4096,B' >> "$T/res/old/combined.csv"
make_report old
sed -n '/## PreemptLatency/,/^## /p' "$T/R.md" | grep -qF 'Not measured in this run' || fail "a set without preemptlat does not say so"
echo ok
