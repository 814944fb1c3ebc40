#!/usr/bin/env bash
# check-all.sh — grbench's reliability matrix (`make check-all`, .ci/run).
#
# Usage: tools/check-all.sh [BUILD_ROOT]        (default: build-check)
#
# Builds three private Meson builds of this tree under BUILD_ROOT and, on
# every backend each build has (its `backends` option, never a list here):
#   asan/      -Db_sanitize=address,undefined: the conformance suite and
#              $STRESS_SAN_SEEDS stress seeds (halt_on_error=1);
#   tsan/      -Db_sanitize=thread: the same (halt_on_error=1,
#              second_deadlock_stack=1; the M:N backends annotate fibers);
#   plain/     a normal build (with the microbenchmarks, which the harness
#              fault test drives): Valgrind memcheck over the conformance suite
#              (each forked test child is checked: --error-exitcode, full
#              leak check, definite leaks are errors) and over
#              $STRESS_VG_SEEDS stress seeds (--trace-children=yes), then
#              the Meson suites 'stress' and 'faults';
#   fuzz/      tools/fuzz-smoke.sh for $FUZZ_SECONDS per backend.
# Every step's output is in BUILD_ROOT/logs/<step>.log; the summary is
# printed and written to BUILD_ROOT/reliability.json (format: the comment
# above write_json below).  Exit status 0 when nothing was found, 1 when any
# step found something or could not run.  Runs on 2 cores in about
# 10 minutes (budget: 45).
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
root=${1:-build-check}
mkdir -p "$root/logs" && root=$(cd "$root" && pwd)
STRESS_SAN_SEEDS=${STRESS_SAN_SEEDS:-150}
STRESS_VG_SEEDS=${STRESS_VG_SEEDS:-15}
FUZZ_SECONDS=${FUZZ_SECONDS:-20}
JOBS=${JOBS:-2}
t_start=$(date +%s)
steps=$root/steps.tsv   # one line per step; write_json turns it into JSON
: >"$steps"
nfind=0

# record NAME BACKEND STATUS DETAIL COUNT SECONDS: one line of the summary.
record() {
  local status=$3
  printf '%-34s %-9s %-8s %s\n' "$1" "$2" "$status" "$4"
  [ "$status" = ok ] || nfind=$((nfind + 1))
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$status" "$(tr '\t\n' '  ' <<<"$4")" \
    "${5:-0}" "${6:-0}" >>"$steps"
}

# list_backends DIR: the backends a build has, into BL; none is a finding,
# never "0 findings" (not in a subshell: record must count it).
list_backends() {
  local l
  BL=()
  if l=$("$src/tools/variant.sh" backends "$1" 2>&1); then
    read -ra BL <<<"$l"
  else
    record "backends of $(basename "$1")" - failed "$l" 0 0
  fi
}

# setup DIR VARIANT: configure (tools/variant.sh) and build; records a failure.
setup() {
  local dir=$1 variant=$2
  local log=$root/logs/build-$(basename "$dir").log t0=$(date +%s)
  if "$src/tools/variant.sh" setup "$dir" "$variant" >"$log" 2>&1 && ninja -C "$dir" -j "$JOBS" >>"$log" 2>&1; then
    return 0
  fi
  tail -20 "$log"
  record "build $(basename "$dir")" - failed "see $log" 0 $(( $(date +%s) - t0 ))
  return 1
}

# conformance NAME DIR BACKEND [WRAPPER...]: the suite; closing line parsed.
conformance() {
  local name=$1 dir=$2 b=$3; shift 3
  local log=$root/logs/$name-$b.log t0=$(date +%s) lib
  lib=$(realpath "$dir/backends/$b/libgr.so.1")
  # The suites' backend protocol (suites/common/backend.h) instead of
  # `--backend`, whose re-exec of /proc/self/exe a Valgrind-run process
  # cannot do; the runner still verifies the library it mapped.
  LD_LIBRARY_PATH=$dir/backends/$b GR_BACKEND_LIB=$lib GR_BACKEND_NAME=$b \
    "$@" "$dir/suites/conformance/conformance" --timeout 300 >"$log" 2>&1
  local rc=$? last
  last=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
  local passed=${last%% passed*}
  if [ "$rc" -eq 0 ] && [ -n "$last" ] && [[ "$last" == *" 0 failed"* ]]; then
    record "$name conformance" "$b" ok "$last" "${passed:-0}" $(( $(date +%s) - t0 ))
  else
    record "$name conformance" "$b" FOUND "${last:-no closing line} (exit $rc; $log)" "${passed:-0}" \
      $(( $(date +%s) - t0 ))
    grep -E '^not ok' "$log" | head -10 | sed 's/^/    /'
  fi
}

# stress NAME DIR BACKEND SEEDS [WRAPPER...]
stress() {
  local name=$1 dir=$2 b=$3 n=$4; shift 4
  local exe=$dir/suites/stress/stress log=$root/logs/$name-stress-$b.log t0=$(date +%s)
  if [ ! -x "$exe" ]; then
    record "$name stress" "$b" FOUND "not built: add 'stress' to suites/meson.build" 0 0
    return
  fi
  "$@" "$exe" --backend "$b" --count "$n" --timeout 120 >"$log" 2>&1
  local rc=$? last
  last=$(grep -E '^stress: [0-9]+ program' "$log" | tail -1)
  if [ "$rc" -eq 0 ]; then
    record "$name stress" "$b" ok "${last#stress: }" "$n" $(( $(date +%s) - t0 ))
  else
    record "$name stress" "$b" FOUND "${last#stress: } (exit $rc; $log)" "$n" $(( $(date +%s) - t0 ))
    grep -E '^FAIL|VIOLATION|ERROR: |WARNING: ThreadSanitizer' "$log" | sort | uniq -c | head -8 | sed 's/^/    /'
  fi
}

echo "check-all: source $src, builds under $root"
printf '%-34s %-9s %-8s %s\n' step backend status detail

# (a) AddressSanitizer + UndefinedBehaviorSanitizer
if setup "$root/asan" asan; then
  # detect_leaks=0 for conformance: its children _exit() (LeakSanitizer
  # never runs there) and the runner's own tables are not libgr's; leaks
  # are Valgrind's job below and LeakSanitizer's in the stress children.
  list_backends "$root/asan"
  for b in "${BL[@]}"; do
    ASAN_OPTIONS=halt_on_error=1:detect_leaks=0:detect_stack_use_after_return=0 \
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 conformance asan "$root/asan" "$b"
    ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      stress asan "$root/asan" "$b" "$STRESS_SAN_SEEDS"
  done
fi

# (b) ThreadSanitizer
if setup "$root/tsan" tsan; then
  list_backends "$root/tsan"
  for b in "${BL[@]}"; do
    TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 atexit_sleep_ms=50 exitcode=66" \
      conformance tsan "$root/tsan" "$b"
    TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 atexit_sleep_ms=50 exitcode=66" \
      stress tsan "$root/tsan" "$b" "$STRESS_SAN_SEEDS"
  done
fi

# (c) Valgrind memcheck, and the plain build's own stress and fault suites
if setup "$root/plain" plain; then
  # --fair-sched=yes: Valgrind runs one thread at a time, and its default
  # lock lets a spinning thread starve the others; RT-PROCS-3 (two goroutines
  # spinning until each sees the other) timed out under load without it.
  vg=(valgrind -q --fair-sched=yes --error-exitcode=99 --leak-check=full --show-leak-kinds=definite
      --errors-for-leak-kinds=definite --suppressions="$src/tools/valgrind.supp")
  list_backends "$root/plain"
  for b in "${BL[@]}"; do
    conformance valgrind "$root/plain" "$b" "${vg[@]}"
    stress valgrind "$root/plain" "$b" "$STRESS_VG_SEEDS" "${vg[@]}" --trace-children=yes
  done
  for s in stress faults; do
    log=$root/logs/meson-$s.log t0=$(date +%s)
    meson test -C "$root/plain" --suite "$s" --num-processes "$JOBS" --print-errorlogs >"$log" 2>&1
    rc=$?
    sum=$(grep -E '^(Ok|Fail|Expected Fail|Skipped|Timeout):' "$log" | tr -s ' ' | tr '\n' ' ')
    if grep -q 'No tests defined\|No suite names' "$log" || [ -z "$sum" ]; then
      record "meson suite $s" all FOUND "no tests: add '$s' to suites/meson.build" 0 0
    elif [ "$rc" -eq 0 ]; then
      record "meson suite $s" all ok "$sum" "$(sed -n 's/^Ok: *//p' "$log")" $(( $(date +%s) - t0 ))
    else
      record "meson suite $s" all FOUND "$sum($log)" 0 $(( $(date +%s) - t0 ))
    fi
  done
fi

# (d) libFuzzer smoke run
t0=$(date +%s)
"$src/tools/fuzz-smoke.sh" "$root/fuzz" "$FUZZ_SECONDS" >"$root/logs/fuzz.log" 2>&1
rc=$?
last=$(tail -1 "$root/logs/fuzz.log")
inputs=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["inputs"])' "$root/fuzz/fuzz.json" 2>/dev/null || echo 0)
if [ "$rc" -eq 0 ]; then
  record "fuzz smoke" all ok "${last#fuzz-smoke: }" "$inputs" $(( $(date +%s) - t0 ))
else
  record "fuzz smoke" all FOUND "${last#fuzz-smoke: } (exit $rc; $root/logs/fuzz.log)" "$inputs" $(( $(date +%s) - t0 ))
  grep -E 'fuzz-smoke: .*: (finding|build-failed)|SUMMARY|invariant broken' "$root/logs/fuzz.log" | head -8 | sed 's/^/    /'
fi

total=$(( $(date +%s) - t_start ))
# write_json: BUILD_ROOT/reliability.json =
#   {"tool": "check-all", "revision": git describe, "seconds": total,
#    "stress_seeds": {"sanitizers": N, "valgrind": N}, "fuzz_seconds": N,
#    "findings": number of steps not ok,
#    "steps": [{"step", "backend", "status": "ok|FOUND|failed", "detail",
#               "count" (tests passed / seeds / fuzz inputs), "seconds"}],
#    "fuzz": the contents of fuzz/fuzz.json (or null)}
python3 - "$steps" "$root/fuzz/fuzz.json" "$(git -C "$src" describe --always --dirty 2>/dev/null || echo unknown)" \
  "$total" "$STRESS_SAN_SEEDS" "$STRESS_VG_SEEDS" "$FUZZ_SECONDS" "$nfind" >"$root/reliability.json" <<'PY'
import json, sys
steps = []
for line in open(sys.argv[1]):
    f = line.rstrip("\n").split("\t")
    if len(f) == 6:
        steps.append({"step": f[0], "backend": f[1], "status": f[2], "detail": f[3],
                      "count": int(f[4] or 0), "seconds": int(f[5] or 0)})
try:
    fuzz = json.load(open(sys.argv[2]))
except (OSError, ValueError):
    fuzz = None
print(json.dumps({"tool": "check-all", "revision": sys.argv[3], "seconds": int(sys.argv[4]),
                  "stress_seeds": {"sanitizers": int(sys.argv[5]), "valgrind": int(sys.argv[6])},
                  "fuzz_seconds": int(sys.argv[7]), "findings": int(sys.argv[8]),
                  "steps": steps, "fuzz": fuzz}, indent=1))
PY
echo "check-all: $nfind finding(s) in ${total}s; summary in $root/reliability.json"
[ "$nfind" -eq 0 ]
