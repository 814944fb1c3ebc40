#!/bin/sh
# report_floors.sh — the test of REPORT.md's section "What each scheduler
# adds to its floor" (harness/report_floors.c), on generated result sets.
#   usage: report_floors.sh GRBENCH
# A backend's row holds the medians of its floor and PingPong at procs=1
# and PingPong / (2 x floor) with the paired interval; a backend without
# PingPong says why (its cell), one without a floor has no row; the port
# pair gives gr / native with its interval and peak RSS, and a pair whose
# gr side skipped shows the cell's reason; a set with neither says so.
SECTION='/## What each scheduler/,/^## /p'
. "$(dirname "$0")/report_test.sh"   # G, T, fail, mkset, make_report
mkset "$T/res/s"
echo '{"config": {"interleaved": true}}' > "$T/res/s/fingerprint.json"
echo 'bench,pthread,PingPong,1,failed,0.1,exit 1: broken,raw/x.log' >> "$T/res/s/cells.csv"
echo 'workload,boostfiber-ws,skynet/100000,2,skipped,0.1,skipped: goroutine cap,raw/y.log' >> "$T/res/s/cells.csv"
{
  r=0
  # ws: floor 10..15 ns, PingPong 12 x floor every round: 6.0x [6.0, 6.0]
  for fl in 10 11 12 13 14 15; do
    echo "floor,ws_switch,ws,1,$r,time,$fl,ns"
    echo "bench,PingPong,ws,1,$r,time,$((fl * 12)),ns"
    echo "bench,PingPong,ucontext,1,$r,time,900,ns"          # no floor: no row
    echo "floor,futex,pthread,1,$r,time,4000,ns"             # PingPong failed
    r=$((r + 1))
  done
  r=0
  # the port pair: gr twice native every round: 2.00x [2.00, 2.00]
  for w in 1.5:3.0 1.8:3.6 2.0:4.0 2.0:4.0 2.2:4.4 2.5:5.0; do
    echo "native,skynet/1000000,boostfiber-ws,2,$r,wall,${w%:*},s"
    echo "workload,skynet/1000000,boostfiber-ws,2,$r,wall,${w#*:},s"
    echo "native,skynet/100000,boostfiber-ws,2,$r,wall,0.3,s"
    r=$((r + 1))
  done
  echo "native,skynet/1000000,boostfiber-ws,2,0,peak_rss,409600,KiB"
  echo "workload,skynet/1000000,boostfiber-ws,2,0,peak_rss,819200,KiB"
} >> "$T/res/s/combined.csv"
make_report s
sec() { sed -n '/## What each scheduler adds to its floor/,/^## [^W]/p' "$T/R.md"; }
sec | grep -qF '## What each scheduler adds to its floor' || fail "no section"
sec | grep -qF '| ws | `ws_switch` | 12.5 | 25.0 | 150 | 6.0× [6.0, 6.0] |' || fail "ws row (medians, ratio to 2 x floor, interval)"
sec | grep -qF '| pthread | `futex` | 4000 | 8000 | – | – (PingPong failed) |' || fail "pthread row must say PingPong failed"
sec | grep -qF '| ucontext |' && fail "a backend without a floor has a row"
sec | grep -qF '| `skynet/1000000` | 2 | boostfiber-ws | 4.000 s / 800 MiB | 2.000 s / 400 MiB | 2.00× [2.00, 2.00] |' || fail "port pair"
sec | grep -qF '| `skynet/100000` | 2 | boostfiber-ws | skipped: goroutine cap | 0.300 s | – |' || fail "port pair whose gr side skipped"
mkset "$T/res/old"
echo 'bench,PingPong,ws,1,0,time,100,ns' >> "$T/res/old/combined.csv"
make_report old
sec | grep -qF 'No floor was measured in this run' || fail "a set without floors does not say so"
sec | grep -qF 'Not measured in this run (no native Boost.Fiber skynet' || fail "a set without the port pair does not say so"
echo ok
