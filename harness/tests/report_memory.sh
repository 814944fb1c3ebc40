#!/bin/sh
# report_memory.sh — the test of REPORT.md's memory breakdown section
# (harness/report_memory.c), on generated result sets.
#   usage: report_memory.sh GRBENCH
# A backend's row comes from its largest idle N, each column is the median
# of its repetitions, a row whose smaps sum is off the RSS growth by more
# than 1 % says "no", Go gets its row, and a set without the breakdown
# fields says it was not measured.
SECTION='/## Where a parked/,/^## Reliability/p'
. "$(dirname "$0")/report_test.sh"   # G, T, fail, mkset, make_report
row() { # NAME BACKEND REP stack heap over other file sum rss pte kstack
  set -- "$@"
  n=$1 b=$2 r=$3; shift 3
  for m in stack_bytes heap_bytes alloc_overhead_bytes other_anon_bytes file_bytes sum_bytes \
           bytes_per_goroutine kernel_pte_bytes kernel_stack_bytes; do
    echo "workload,$n,$b,1,$r,$m,$1,B"; shift
  done
}
mkset "$T/res/s"
{
  row idle/500 ws 0 9999 0 0 0 0 9999 9999 1 0                   # smaller N: not shown
  for r in 0 1 2; do row idle/100000 ws $r 4096 0 0 0 0 4096 4096 136 0; done
  row idle/100000 ucontext 0 4096 1184 0 0 1 5281 5280 139 0
  row idle/100000 ucontext 1 4096 1200 0 0 1 5297 5296 139 0
  row idle/100000 ucontext 2 4096 1190 0 0 1 5287 5286 139 0       # median 1190
  row idle/9999 pthread 0 8192 528 0 0 0 8720 8000 695 16388        # 9 % off: no
  row idle/100000 go 0 2048 555 125 -7 0 2721 2720 5 0
} >> "$T/res/s/combined.csv"
echo 'workload,pthread,idle/100000,1,skipped,0.1,skipped: pthread runs at most 10000 goroutines,raw/x.log' >> "$T/res/s/cells.csv"
make_report s
expect_text "$T/R.md" "## Where a parked goroutine's bytes go" "no section"
expect_text "$T/R.md" '| ws | 100000 | 4096 | 0 | 0 | 0 | 0 | 4096 | 4096 | +0.00 % | yes | 136 | 0 |' "ws row"
expect_text "$T/R.md" '| ucontext | 100000 | 4096 | 1190 | 0 | 0 | 1 | 5287 | 5286 | +0.02 % | yes | 139 | 0 |' "ucontext row (medians)"
expect_text "$T/R.md" '| pthread | 9999 | 8192 | 528 | 0 | 0 | 0 | 8720 | 8000 | +9.00 % | **no** | 695 | 16388 |' "pthread row must not add up"
expect_text "$T/R.md" '| go | 100000 | 2048 | 555 | 125 | -7 | 0 | 2721 | 2720 | +0.04 % | yes | 5 | 0 |' "go row"
expect_no_text "$T/R.md" '| ws | 500 |' "the smaller N is shown"
expect_text "$T/R.md" '- `idle/100000` on pthread: skipped — skipped: pthread runs at most 10000 goroutines' "the skipped cell is not named"
mkset "$T/res/old"
echo 'workload,idle/9999,ws,1,0,bytes_per_goroutine,4096,B' >> "$T/res/old/combined.csv"
make_report old
expect_text "$T/R.md" 'Not measured in this run' "a set without the breakdown does not say so"
echo ok
