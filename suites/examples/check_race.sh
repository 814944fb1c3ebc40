#!/usr/bin/env bash
# check_race.sh — the C answer to `go run -race`, for the examples.
#
# Usage: suites/examples/check_race.sh BUILD_DIR [BACKEND...]
#   BUILD_DIR: a build configured with -Db_sanitize=thread (race/README.md);
#   BACKEND:   the backends to run on (default: every BUILD_DIR/backends/*
#              that holds a libgr.so.1).
#
# On each backend: `race` must be reported by ThreadSanitizer as a data race,
# and every report must be about race.c's increment (the one intended race);
# every other example must pass its usual check (check_examples.py) with no
# ThreadSanitizer report at all — the checker fails on any unexpected stderr
# line, and TSan's exit status 66 on a report fails it too.
# Exit status: 0 when all of that holds, 1 otherwise.
set -u
build=${1:?usage: check_race.sh BUILD_DIR [BACKEND...]}
shift
here=$(cd "$(dirname "$0")" && pwd)
ex="$build/suites/examples"
check="$here/check_examples.py"
examples="hello gomaxprocs workers ticker_done with_timeout cancel_pipeline
  chan_mutex_counts generator_fixed fanin_context rate_limiter_ticker
  worker_pool_shutdown fanout_fanin bounded_pool pipeline leak leak_fixed"

if [ $# -eq 0 ]; then
  for d in "$build"/backends/*/; do
    [ -e "$d/libgr.so.1" ] && set -- "$@" "$(basename "$d")"
  done
fi
[ -x "$ex/race" ] || { echo "check_race: no $ex/race (build it first)"; exit 1; }

# TSan sleeps 1 s at exit by default (atexit_sleep_ms); 50 ms is plenty
# for these programs and keeps the whole check well under a minute.
export TSAN_OPTIONS="atexit_sleep_ms=50 ${TSAN_OPTIONS:-}"
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

for b in "$@"; do
  export LD_LIBRARY_PATH="$build/backends/$b" EX_LIBDIR="$build/backends/$b"
  echo "== backend $b"
  # TSan finds a race only when the racing accesses are not ordered in the
  # run it watches; the backend's own locks (e.g. pthread's P-token handoff)
  # order some runs entirely (race/README.md), so try up to 10 runs.
  for try in 1 2 3 4 5 6 7 8 9 10; do
    out=$(TSAN_OPTIONS="$TSAN_OPTIONS halt_on_error=0" "$ex/race" --backend "$EX_LIBDIR" --procs 8 2>&1)
    rc=$?
    nrace=$(grep -c '^WARNING: ThreadSanitizer: data race' <<<"$out")
    [ "$nrace" -ge 1 ] && break
  done
  nwarn=$(grep -c '^WARNING: ThreadSanitizer:' <<<"$out")
  if [ "$nrace" -ge 1 ] && [ "$nwarn" -eq "$nrace" ] && [ "$rc" -ne 0 ] &&
     grep -q 'increment .*race\.c' <<<"$out" && grep -q "Location is global 'x'" <<<"$out"; then
    echo "ok   race: $nrace data race report(s) on x in increment (race.c), run $try, exit $rc"
  else
    fail "race on $b: want only 'data race' reports on x in increment; got $nwarn warning(s), $nrace race(s) in $try run(s), exit $rc"
    echo "$out" | head -40
  fi
  for e in $examples; do
    if log=$(python3 "$check" "$e" "$ex/$e" --procs 4 2>&1); then
      echo "ok   $e: no ThreadSanitizer report"
    else
      fail "$e on $b"; echo "$log" | tail -40
    fi
  done
  for t in deadlock leak-report; do
    exe=$ex/${t%-report}
    if log=$(python3 "$check" "$t" "$exe" 2>&1); then
      echo "ok   $t: no ThreadSanitizer report"
    else
      fail "$t on $b"; echo "$log" | tail -40
    fi
  done
done
echo "check_race: $fails failure(s)"
[ "$fails" -eq 0 ]
