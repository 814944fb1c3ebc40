#!/bin/sh
# cli.sh — end-to-end tests of every grbench subcommand (Meson suite
# 'harness').  Usage: cli.sh SCENARIO GRBENCH FIXTURES
# Each scenario works in a fresh temp dir on generated result sets or on the
# fake suites in fixtures/fake-build (shell scripts standing in for the
# bench, workload and conformance binaries), so nothing depends on timing or
# on the real backends.  Invariant checked throughout: an error exits 2 with
# a message and leaves every existing file byte-for-byte unchanged.
set -u
scenario=$1; G=$2; FX=$3
T=$(mktemp -d /tmp/grbench-test.XXXXXX)
[ -n "${KEEP:-}" ] && echo "keeping $T" >&2 || trap 'rm -rf "$T"' EXIT
R=$T/results
mkdir -p "$R"
fail() { echo "FAIL [$scenario]: $*" >&2; exit 1; }
. "$(dirname "$0")/expect.sh"  # expect_line, expect_text, expect_no_line, expect_no_text
# expect CODE cmd...: run, keep stdout+stderr in $T/out, check the exit code
expect() {
  want=$1; shift
  "$@" >"$T/out" 2>&1; got=$?
  [ "$got" = "$want" ] || { cat "$T/out" >&2; fail "exit $got, want $want: $*"; }
}
has() { grep -q -- "$1" "$T/out" || { cat "$T/out" >&2; fail "output lacks \"$1\""; }; }
sums() { find "$1" -type f -exec md5sum {} + | sort -k2; }
# fake_run ID [OPTION...]: the whole fake matrix into $R/ID (3 short rounds,
# no Go), which ends with exit 1 for its crashing and hanging cells.
fake_run() {
  id=$1; shift
  expect 1 "$G" run --build "$FX/fake-build" --results-dir "$R" --no-go --repetitions 3 --min-time 0.01 \
    --cell-timeout 2 --warmup 0 --mem-runs 2 --id "$id" "$@"
}

# gen_set DIR [NAME BACKEND PROCS FACTOR]: a result set with 6 repetitions of
# microbenchmarks (pthread, ucontext, go x procs 1,4) and workloads; the
# optional arguments multiply one series by FACTOR.
gen_set() {
  mkdir -p "$1"
  awk -v sname="${2:-}" -v sback="${3:-}" -v sprocs="${4:-0}" -v sf="${5:-1}" 'BEGIN {
    print "suite,name,backend,procs,repetition,metric,value,unit"
    nb = split("Mutex:13 Channel:64 Atomic:5 PingPong:320 SpawnJoin:350 SyscallHandoff:900 ChanProdCons/10:120 Select2:64", B, " ")
    nk = split("pthread:3.0 ucontext:1.6 go:1.0", K, " ")
    for (i = 1; i <= nb; i++) { split(B[i], b, ":")
      for (k = 1; k <= nk; k++) { split(K[k], kk, ":")
        for (p = 1; p <= 4; p += 3) for (r = 0; r < 6; r++) {
          v = b[2] * kk[2] * (p == 4 ? 1.4 : 1) * (1 + 0.01 * r)
          if (b[1] == sname && kk[1] == sback && p == sprocs) v *= sf
          printf "bench,%s,%s,%d,%d,time,%.4f,ns\n", b[1], kk[1], p, r, v } } }
    nw = split("skynet/1000000:1.4 idle/9999:0.3", W, " ")
    for (i = 1; i <= nw; i++) { split(W[i], w, ":")
      for (k = 1; k <= nk; k++) { split(K[k], kk, ":")
        if (w[1] == "skynet/1000000" && kk[1] == "pthread") continue
        for (p = 1; p <= 4; p += 3) {
          for (r = 0; r < 5; r++) printf "workload,%s,%s,%d,%d,wall,%.4f,s\n", w[1], kk[1], p, r, w[2] * kk[2] * (1 + 0.02 * r)
          for (r = 0; r < 3; r++) printf "workload,%s,%s,%d,%d,peak_rss,%d,KiB\n", w[1], kk[1], p, r, 20000 * kk[2] + r
          if (w[1] == "idle/9999") printf "workload,idle/9999,%s,%d,0,bytes_per_goroutine,%d,B\n", kk[1], p, 2700 * kk[2] } } }
  }' > "$1/combined.csv"
  cat > "$1/cells.csv" <<'CSV'
kind,backend,name,procs,status,seconds,detail,log
bench,pthread,Mutex,1,ok,1.0,,
workload,pthread,skynet/1000000,1,skipped,0.1,skipped: pthread runs at most 10000 goroutines,raw/x.log
workload,pthread,skynet/1000000,4,skipped,0.1,skipped: pthread runs at most 10000 goroutines,raw/x.log
bench,ucontext,Yield,4,timeout,300,timed out after 300s: ,raw/y.log
CSV
  printf '{"run_id": "%s", "started": "%s", "cpu_model": "Test CPU", "cores_online": "2", "go_version": "go1.19", "config": {"repetitions": 6, "cpu": "1,4"}}\n' \
    "$(basename "$1")" "${6:-2026-01-01T00:00:00Z}" > "$1/fingerprint.json"
}

case "$scenario" in
help)
  expect 0 "$G" --help; has "compare OLD NEW"
  for c in run conformance compare ab plot report profile; do expect 0 "$G" $c --help; has "usage: grbench $c"; done
  expect 2 "$G"
  expect 2 "$G" frobnicate; has "unknown command"
  expect 2 "$G" compare --bogus-flag a b
  expect 2 "$G" compare only-one; has "exactly two"
  ;;

run-fake)
  gen_set "$R/earlier"
  before=$(sums "$R/earlier")
  fake_run t1
  has "cells"; has "ETA"
  S=$R/t1
  [ -f "$S/combined.csv" ] && [ -f "$S/cells.csv" ] && [ -f "$S/fingerprint.json" ] || fail "result set files missing"
  expect_line "$S/combined.csv" '^bench,Fast,fast,4,2,time,100,ns$' "Fast procs=4 round 2 missing"
  # Interleaved: one process per repetition, round by round (order.csv), in
  # groups of one benchmark x procs over the backends.
  [ -f "$S/order.csv" ] || fail "order.csv missing"
  awk -F, 'NR > 1 { if ($1 < last) bad = 1; last = $1 } END { exit bad }' "$S/order.csv" || fail "a round ran before the previous one ended"
  for r in 0 1 2; do grep -c "^$r,.*,bench,fast,Fast,4$" "$S/order.csv" | grep -q '^1$' || fail "round $r lacks Fast procs=4 on fast"; done
  awk -F, 'NR > 1 && $3 == "bench" { k = $1 SUBSEP $5 SUBSEP $6; if (k != prev && (k in seen)) bad = 1; seen[k] = 1; prev = k } END { exit bad }' \
    "$S/order.csv" || fail "the cells of one group did not run back to back"
  [ "$(grep -c '^0,' "$S/order.csv")" -gt "$(grep -c '^2,' "$S/order.csv")" ] || fail "a failed cell ran again in a later round"
  expect_line "$S/fingerprint.json" '"interleaved": true' "fingerprint lacks interleaved"
  grep -q '"canary_spread"' "$S/fingerprint.json" && grep -q '"governor"' "$S/fingerprint.json" &&
    grep -q '"steal_fraction"' "$S/fingerprint.json" && grep -q '"loadavg_start"' "$S/fingerprint.json" || fail "noise record missing"
  [ -f "$S/raw/bench/fast/Fast.procs1.rep2.json" ] || fail "round 2's JSON not kept"
  seed=$(sed -n 's/.*"seed": \([0-9]*\).*/\1/p' "$S/fingerprint.json")
  [ -n "$seed" ] || fail "no seed in the fingerprint"
  fake_run replay --seed "$seed"
  cut -d, -f1,3- "$S/order.csv" > "$T/o1"; cut -d, -f1,3- "$R/replay/order.csv" > "$T/o2"
  cmp -s "$T/o1" "$T/o2" || fail "--seed $seed did not replay the order"
  fake_run other --seed $((seed + 1))
  cut -d, -f1,3- "$R/other/order.csv" > "$T/o3"
  cmp -s "$T/o1" "$T/o3" && fail "another seed gave the same order"
  expect_line "$S/combined.csv" '^bench,Other/10,slow,1,0,time,3000,ns$' "slow Other/10 missing"
  expect_line "$S/combined.csv" '^workload,fakewl,fast,1,.*,wall,' "hyperfine rows missing"
  expect_line "$S/combined.csv" '^workload,fakewl,slow,4,1,peak_rss,' "second peak RSS run missing"
  expect_line "$S/combined.csv" '^workload,fakewl,fast,1,0,bytes_per_goroutine,2048,B$' "result-line metric missing"
  expect_line "$S/cells.csv" '^bench,slow,Crash,1,failed,.*signal 11' "crash not recorded"
  expect_line "$S/cells.csv" '^bench,slow,Hang,1,timeout,' "hang not recorded as timeout"
  expect_line "$S/cells.csv" '^bench,fast,Truncated,1,failed,.*unreadable JSON' "truncated JSON not recorded"
  expect_line "$S/cells.csv" '^bench,fast,Skipper,1,skipped,' "benchmark skip not recorded"
  grep -q '^workload,slow,bigwl,4,skipped,skipped: the fake slow' "$S/cells.csv" 2>/dev/null ||
    expect_line "$S/cells.csv" '^workload,slow,bigwl,4,skipped,.*skipped: the fake slow' "exit 77 not a skip"
  expect_line "$S/raw/bench/slow/Crash.procs1.rep0.log" 'about to crash' "stderr of the crashed cell not kept"
  [ -f "$S/raw/workloads/fast/fakewl.procs1.rep0.hyperfine.json" ] || fail "hyperfine JSON not kept"
  [ -f "$S/raw/bench/fast/Fast.procs1.rep0.json" ] || fail "Google Benchmark JSON not kept"
  ls -a "$R" | grep -q '^\.tmp' && fail "a temp dir was left behind"
  [ "$(readlink "$R/latest")" = other ] || fail "latest does not point at the last run"
  [ "$before" = "$(sums "$R/earlier")" ] || fail "an earlier result set was modified"
  # The same id again: refused, nothing touched.
  t1sum=$(sums "$S")
  expect 2 "$G" run --build "$FX/fake-build" --results-dir "$R" --no-go --id t1; has "already exists"
  [ "$t1sum" = "$(sums "$S")" ] || fail "t1 modified by a refused run"
  # Filter: only Fast; workloads off.
  expect 0 "$G" run --build "$FX/fake-build" --results-dir "$R" --no-go --repetitions 2 --min-time 0.01 \
    --filter "^Fast" --workloads none --cell-timeout 2 --id t2
  expect_no_line "$R/t2/combined.csv" Other "--filter not applied"
  grep -q -c '^bench' "$R/t2/cells.csv" >/dev/null || fail "no cells in t2"
  ;;

run-budget)
  # No repetition starts once 1.5x the budget is spent: the hanging cell
  # alone (2 s timeout) spends 1.5 x 1 s in round 0, so Fast gets at most
  # one of its 3 rounds, and the set says why.
  expect 1 "$G" run --build "$FX/fake-build" --results-dir "$R" --no-go --repetitions 3 --min-time 0.01 \
    --cell-timeout 2 --budget 1 --backends slow --filter '^(Hang|Fast)' --workloads none --cpu 1 --id b1
  expect_line "$R/b1/cells.csv" '^bench,slow,Hang,1,timeout,' "the hang did not time out"
  expect_line "$R/b1/cells.csv" '^bench,slow,Fast,1,.*over the time budget' "Fast's cell does not say it was cut by the budget"
  [ "$(grep -c '^bench,Fast,slow,1,' "$R/b1/combined.csv")" -le 1 ] || fail "repetitions started after the budget was spent"
  grep -Eq '"rounds_completed": [01],' "$R/b1/fingerprint.json" || fail "rounds_completed not 0 or 1"
  ;;

run-malformed)
  expect 2 "$G" run --build "$FX/fake-build" --results-dir "$R" --cpu abc; has "--cpu"
  expect 2 "$G" run --build "$FX/fake-build" --results-dir "$R" --repetitions 0; has "--repetitions"
  expect 2 "$G" run --build "$FX/fake-build" --results-dir "$R" --backends nosuch; has "no library"
  expect 2 "$G" run --build "$T/nonexistent" --results-dir "$R"; has "no backends built"
  expect 2 "$G" run --build "$FX/fake-build" --results-dir "$R" --id ../escape; has "--id"
  [ -z "$(ls -A "$R")" ] || fail "a failed start left files in $R"
  ;;

conformance-fake)
  gen_set "$R/s1"
  before=$(sums "$R/s1")
  expect 1 "$G" conformance --build "$FX/fake-build" --results "$R/s1" --results-dir "$R"
  has "CHAN-LEAK-1"; has "leak check"
  C=$R/s1/conformance
  expect_line "$C/results.csv" '^fast,CHAN-CLOSE-1,close wakes receivers,pass,$' "pass row missing"
  expect_line "$C/results.csv" '^fast,TIMER-TICK-1,.*,skip,not on this backend$' "skip reason missing"
  expect_line "$C/results.csv" '^slow,CHAN-LEAK-1,.*,fail,leak check: 3 goroutines' "failure reason missing"
  expect_line "$C/results.csv" "^slow,RUNNER,.*,fail,\"runner killed by signal 11" "runner crash not recorded"
  expect_line "$C/leaks.csv" '^fast,leak,1,' "leak example count missing"
  expect_line "$C/matrix.md" 'FAIL' "matrix.md lacks the failure"
  [ -f "$C/slow.tap" ] || fail "raw TAP not kept"
  for f in combined.csv cells.csv fingerprint.json; do
    [ "$(md5sum < "$R/s1/$f")" = "$(echo "$before" | grep "/$f\$" | cut -d' ' -f1)  -" ] || fail "$f changed"
  done
  expect 2 "$G" conformance --build "$FX/fake-build" --results "$R/s1" --results-dir "$R"; has "already exists"
  expect 1 "$G" conformance --build "$FX/fake-build" --results-dir "$R" --new --backends fast,slow
  ls "$R" | grep -q -- '-conformance$' || fail "--new made no set"
  expect 2 "$G" conformance --build "$T/none" --results-dir "$R"; has "no conformance runner"
  ;;

ab-fake)
  # The fake bench reports 100 ns (fast) or 150 ns (slow) every time: an A/A
  # has only zero differences (no regression), fast -> slow is +50% in every
  # round (a regression that Holm keeps: 8 rounds give p = 2/256, x4 series).
  FB=$FX/fake-build
  common="--build $FB --results-dir $R --filter ^(Fast|Other) --repetitions 8 --min-time 0.01 --cell-timeout 5"
  expect 0 "$G" ab $common --id aa "$FB/backends/fast" "$FB/backends/fast"
  has "No regression"; has "geomean"; has "change \[95% CI\]"; has "p(Holm)"
  [ -f "$R/aa/order.csv" ] && [ -f "$R/aa/combined.csv" ] || fail "ab kept no result set"
  expect_line "$R/aa/combined.csv" '^bench,Fast,old,1,5,time,100,ns$' "ab's old side lacks round 5"
  expect 1 "$G" ab $common --id ab "$FB/backends/fast" "$FB/backends/slow"
  has "REGRESSION Fast procs=1 time: +50.0%"; has "REGRESSION Other/10 procs=4 time: +50.0%"
  grep -c 'REGRESSION' "$T/out" | grep -q '^8$' || fail "want 4 regressions named on stdout and stderr"
  expect 0 "$G" ab $common --id ab2 --min-effect 60 "$FB/backends/fast" "$FB/backends/slow"
  # a build dir as a side: its backends/<--backend>/libgr.so.1
  expect 0 "$G" ab $common --id bd --backend fast "$FB" "$FB"
  expect 2 "$G" ab $common "$T/nonexistent" "$FB/backends/fast"; has "neither a build dir"
  expect 2 "$G" ab $common --metric bogus "$FB/backends/fast" "$FB/backends/fast"; has "--metric"
  expect 2 "$G" ab "$FB/backends/fast"; has "exactly two"
  ;;

compare-self)
  gen_set "$R/a"
  expect 0 "$G" compare "$R/a" "$R/a"
  has "No significant regression"; has "PingPong"
  expect_no_line "$T/out" "noisy run" "a set without a noise record called noisy"
  # A set whose canary says it was noisy: compare warns, and says why.
  gen_set "$R/n"
  sed -i 's/}}$/}, "noise": {"noisy": true, "noisy_because": "the canary drifted 31% during the run (limit 10%)"}}/' "$R/n/fingerprint.json"
  expect 0 "$G" compare "$R/a" "$R/n"
  has "warning: NEW (n) was a noisy run: the canary drifted 31%"
  expect 0 "$G" compare --results-dir "$R" a a
  ;;

compare-regression)
  gen_set "$R/old"
  gen_set "$R/new" PingPong pthread 1 1.30
  expect 1 "$G" compare "$R/old" "$R/new"
  has "REGRESSION PingPong backend=pthread procs=1 time: +30.0%"
  grep -c REGRESSION "$T/out" | grep -q '^2$' || fail "more than the one regression named (stdout + stderr)"
  expect 0 "$G" compare --min-effect 40 "$R/old" "$R/new"
  expect 0 "$G" compare --alpha 0.001 "$R/old" "$R/new"
  gen_set "$R/better" Channel ucontext 4 0.7
  expect 0 "$G" compare "$R/old" "$R/better"; has "faster"
  ;;

compare-malformed)
  gen_set "$R/good"
  mkdir -p "$R/trunc" "$R/empty" "$R/hdr" "$R/badnum"
  head -c 300 "$R/good/combined.csv" > "$R/trunc/combined.csv"
  printf 'suite,name,backend,procs,repetition,metric,value,unit\n' > "$R/hdr/combined.csv"
  printf 'suite,name,backend,procs,repetition,metric,value,unit\nbench,X,go,1,0,time,fast,ns\n' > "$R/badnum/combined.csv"
  before=$(sums "$R")
  expect 2 "$G" compare "$R/good" "$R/trunc"; has "fields"
  expect 2 "$G" compare "$R/good" "$R/missing"; has "no such result set"
  expect 2 "$G" compare "$R/good" "$R/empty"; has "not a result set"
  expect 2 "$G" compare "$R/hdr" "$R/good"; has "no measurements"
  expect 2 "$G" compare "$R/good" "$R/badnum"; has "bad number"
  printf '{"run_id": "x", "started": ' > "$R/good/fingerprint.json.cut"
  mkdir -p "$R/badfp"; cp "$R/good/combined.csv" "$R/badfp/"; cp "$R/good/fingerprint.json.cut" "$R/badfp/fingerprint.json"
  before=$(sums "$R")
  expect 2 "$G" compare "$R/good" "$R/badfp"; has "fingerprint.json"
  expect 2 "$G" compare --alpha 2 "$R/good" "$R/good"; has "--alpha"
  [ "$before" = "$(sums "$R")" ] || fail "a malformed input was modified"
  ;;

plot)
  command -v gnuplot >/dev/null || { echo "gnuplot not installed"; exit 77; }
  gen_set "$R/p0" "" "" 0 1 2026-01-01T00:00:00Z
  gen_set "$R/p1" PingPong ucontext 1 0.8 2026-01-02T00:00:00Z
  data=$(md5sum < "$R/p1/combined.csv")
  expect 0 "$G" plot --results-dir "$R" p1
  for f in bench-counter bench-lifecycle bench-channels bench-syscall scaling workloads-time workloads-memory history; do
    [ -s "$R/p1/plots/$f.png" ] && [ -s "$R/p1/plots/$f.svg" ] || fail "$f.png/.svg missing"
  done
  [ "$data" = "$(md5sum < "$R/p1/combined.csv")" ] || fail "plot changed the data"
  expect 0 "$G" plot --results-dir "$R"        # latest = p1 again: plots/ replaced
  ls -a "$R/p1" | grep -q '^\.tmp' && fail "temp plot dir left behind"
  mkdir -p "$R/e"; printf 'suite,name,backend,procs,repetition,metric,value,unit\n' > "$R/e/combined.csv"
  expect 2 "$G" plot --results-dir "$R" "$R/e"; has "no measurements"
  [ ! -e "$R/e/plots" ] || fail "plots made for an empty set"
  ;;

report)
  gen_set "$R/r"
  mkdir -p "$R/r/conformance"
  printf 'backend,clause,test,status,reason\npthread,CHAN-CLOSE-1,close,pass,\nucontext,CHAN-CLOSE-1,close,fail,leak check: 2 goroutines alive\nucontext,TIMER-1,t,skip,not here\n' > "$R/r/conformance/results.csv"
  printf 'backend,program,leaked,line\npthread,leak,1,gr: 1 goroutine leaked\n' > "$R/r/conformance/leaks.csv"
  expect 0 "$G" report --results-dir "$R" --out "$T/REPORT.md" r
  for s in "## Machine" "## Conformance" "## What stands out" "## The guide's questions, measured" \
           "### 1. " "### 2. " "### 3. " "### 4. " "### 5. " "Mutex vs Channel" "| PingPong | 1 |" \
           "Biggest losses against Go" "1 of 2 conformance tests failed the leak check" "Test CPU" "skipped: pthread runs" \
           "timed out after 300s" "go 2700 B (N=9999)" '`skynet/1000000` on pthread: skipped'; do
    expect_text "$T/REPORT.md" "$s" "REPORT.md lacks \"$s\""
  done
  expect_text "$T/REPORT.md" '| PingPong | 1 | 984 (3.00× [2.86, 3.15]) | 525 (1.60× [1.52, 1.68]) | 328 |' "PingPong row wrong (or no interval)"
  expect_text "$T/REPORT.md" 'ratios are unpaired' "a set that was not interleaved is not said to be"
  expect_text "$T/REPORT.md" "(3.0× [2.86, 3.15] Go's time)" "a ratio in What stands out has no interval"
  expect_text "$T/REPORT.md" '| 4.9× [4.69, 5.17] |' "Channel / Mutex has no interval"
  # An interleaved set: ratios come from the pairs of each round, and in
  # gen_set every round's pthread value is exactly 3x Go's.
  gen_set "$R/il"
  sed -i 's/"repetitions": 6,/"repetitions": 6, "interleaved": true,/' "$R/il/fingerprint.json"
  expect 0 "$G" report --results-dir "$R" --out "$T/IL.md" il
  expect_text "$T/IL.md" '| PingPong | 1 | 984 (3.00× [3.00, 3.00])' "paired interval of PingPong wrong"
  expect_text "$T/IL.md" 'geometric mean of the ratio to Go 3.00× [3.00, 3.00] at procs=1' "the geomean has no paired interval"
  expect_text "$T/IL.md" 'yes: round by round' "the interleaving is not stated"
  expect_no_line "$T/REPORT.md" 'this run was noisy' "a quiet set reported as noisy"
  gen_set "$R/noisy"
  sed -i 's/}}$/}, "noise": {"noisy": true, "noisy_because": "steal time was 9.0% of the CPU time (limit 5%)", "canary_spread": 0.04}}/' "$R/noisy/fingerprint.json"
  expect 0 "$G" report --results-dir "$R" --out "$T/NOISY.md" noisy
  expect_text "$T/NOISY.md" 'Warning: this run was noisy** (steal time was 9.0%' "a noisy set's report does not warn"
  expect_text "$T/NOISY.md" '| noise canary: drift start/middle/end | 4.0% |' "the canary's drift is not in the machine table"
  # With plots: every image link resolves (the test that runs on REPORT.md).
  if command -v gnuplot >/dev/null; then
    expect 0 "$G" plot --results-dir "$R" r
    expect 0 "$G" report --results-dir "$R" --out "$T/REPORT.md" r
    expect_line "$T/REPORT.md" '](results/r/plots/bench-counter.png)' "the plot links do not point into plots/"
    expect 0 sh "$(dirname "$0")/report_images.sh" "$T/REPORT.md"
    mv "$R/r/plots" "$R/r/plots.moved"
    expect 1 sh "$(dirname "$0")/report_images.sh" "$T/REPORT.md"; has "does not exist"
  fi
  ;;

report-malformed)
  echo "an earlier report" > "$T/REPORT.md"
  expect 2 "$G" report --results-dir "$R" --out "$T/REPORT.md"; has "no result sets"
  expect 2 "$G" report --out "$T/REPORT.md" "$R/nope"; has "no such result set"
  mkdir -p "$R/e"; printf 'suite,name,backend,procs,repetition,metric,value,unit\n' > "$R/e/combined.csv"
  expect 2 "$G" report --out "$T/REPORT.md" "$R/e"; has "nothing to report"
  gen_set "$R/t"; printf '{"run_id": "t", "sta' > "$R/t/fingerprint.json"
  expect 2 "$G" report --out "$T/REPORT.md" "$R/t"; has "fingerprint.json"
  gen_set "$R/u"; head -c 200 "$R/u/combined.csv" > "$R/u/c"; mv "$R/u/c" "$R/u/combined.csv"
  expect 2 "$G" report --out "$T/REPORT.md" "$R/u"; has "line"
  [ "$(cat "$T/REPORT.md")" = "an earlier report" ] || fail "REPORT.md was touched by a failed report"
  ls "$T" | grep -q 'REPORT.md.tmp' && fail "temp report left behind"
  ;;

profile-usage)
  expect 0 "$G" profile --help; has "usage: grbench profile"; has "--workload NAME"; has "gperftools"
  expect 2 "$G" profile; has "exactly one of --bench NAME or --workload NAME"
  expect 2 "$G" profile --bench PingPong --workload sieve; has "exactly one"
  expect 2 "$G" profile --bogus-flag; has "try grbench profile --help"
  expect 2 "$G" profile --workload sieve --procs 0; has "--procs: want an integer"
  expect 2 "$G" profile --workload sieve --seconds -1; has "--seconds"
  expect 2 "$G" profile --workload sieve --profiler valgrind; has "auto, perf or gperftools"
  expect 2 "$G" profile --workload sieve abc; has "SIZE must be a positive integer"
  expect 2 "$G" profile --bench PingPong 100; has "only --workload takes a SIZE"
  expect 2 "$G" profile --build "$FX/fake-build" --backend nonesuch --workload sieve; has "no library"
  expect 2 "$G" profile --build "$FX/fake-build" --workload nonesuch; has "no workload"
  # no profiler: exit 3 with what to install (an empty PATH hides perf)
  expect 3 env PATH=/nonexistent "$G" profile --profiler perf --build "$FX/fake-build" --workload fakewl
  has "perf is not installed"
  ;;

# A real recording: the sieve workload on a real backend of this build
# (PROFILE_BACKEND), with perf or gperftools, whichever works; skipped (77)
# where neither does.  If Go is installed, its pprof must read the file.
profile-real)
  B=${PROFILE_BACKEND:-pthread}
  "$G" profile --workload sieve 100 --backend "$B" --procs 2 --seconds 0.5 --out "$T/p" >"$T/out" 2>&1; got=$?
  if [ "$got" = 3 ]; then cat "$T/out"; echo "skip [$scenario]: no CPU profiler works here"; exit 77; fi
  [ "$got" = 0 ] || { cat "$T/out" >&2; fail "exit $got"; }
  cat "$T/out"
  has "top functions"; has "profile: "; has "open it: "
  grep -Eq '^ +[0-9]+\.[0-9]+% ' "$T/out" || fail "no top-functions rows"
  [ -s "$T/p/top.txt" ] || fail "top.txt empty"
  if grep -q "with perf" "$T/out"; then
    [ -s "$T/p/perf.data" ] && [ -s "$T/p/profile.pb" ] || fail "perf.data / profile.pb missing or empty"
    prof=$T/p/profile.pb
  else
    [ -s "$T/p/cpu.prof" ] || fail "cpu.prof missing or empty"
    prof=""
  fi
  if [ -n "$prof" ] && command -v go >/dev/null 2>&1; then
    go tool pprof -top "$prof" >"$T/pprof" 2>&1 || { cat "$T/pprof" >&2; fail "go tool pprof cannot read $prof"; }
    grep -q "flat%" "$T/pprof" || { cat "$T/pprof" >&2; fail "go tool pprof printed no table"; }
  fi
  # the other profiler too, when it is here: gperftools on demand
  "$G" profile --profiler gperftools --workload sieve 100 --backend "$B" --procs 2 --seconds 0.3 --out "$T/g" >"$T/out" 2>&1; got=$?
  case $got in
    0) has "with gperftools"; [ -s "$T/g/cpu.prof" ] || fail "gperftools: cpu.prof missing or empty" ;;
    3) echo "(gperftools not installed: that half not checked)" ;;
    *) cat "$T/out" >&2; fail "gperftools: exit $got" ;;
  esac
  ;;

*) fail "unknown scenario" ;;
esac
echo "ok [$scenario]"
