#!/usr/bin/env bash
# fuzz-smoke.sh — build the libFuzzer target (suites/fuzz) against every
# backend with clang and run it briefly on each.
#
# Usage: tools/fuzz-smoke.sh [OUT_DIR] [SECONDS_PER_BACKEND]
#   OUT_DIR  where the clang build, binaries, corpora and logs go
#            (default: build-fuzz)
#   SECONDS  libFuzzer -max_total_time per backend (default $FUZZ_SECONDS or 20)
#
# How: a separate Meson build of the project with CC=clang,
# -Db_sanitize=address,undefined and -fsanitize=fuzzer-no-link (so the
# backends' own code is coverage-instrumented and sanitized), of which only
# each backend's static archive libgr-<name>.a is built; the fuzz target is
# linked against it with -fsanitize=fuzzer,address,undefined.  The backends
# come from the build's `backends` option, never from a list here.  Each
# run starts from the committed corpus (suites/fuzz/corpus, read only) plus
# a working corpus in OUT_DIR; a crash leaves its input in
# OUT_DIR/artifacts-<backend>/ and is replayed with
#   OUT_DIR/fuzz_gr-<backend> OUT_DIR/artifacts-<backend>/crash-...
# Writes OUT_DIR/fuzz.json (format in suites/fuzz/README.md).
# Exit: 0 clean, 1 a finding (crash, leak, invariant, build failure),
# 77 clang/libFuzzer is not installed (make deps installs clang and
# libclang-rt-14-dev).
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-build-fuzz}
secs=${2:-${FUZZ_SECONDS:-20}}
CC=${FUZZ_CC:-clang}
mkdir -p "$out" && out=$(cd "$out" && pwd)

probe=$out/probe
if ! printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n){(void)d;(void)n;return 0;}\n' |
     "$CC" -fsanitize=fuzzer,address -x c - -o "$probe" 2>"$out/probe.log"; then
  echo "fuzz-smoke: $CC cannot build a libFuzzer target (install clang libclang-rt-14-dev): skipped"
  cat "$out/probe.log"
  exit 77
fi

lib=$out/lib
CC=$CC "$src/tools/variant.sh" setup "$lib" fuzz >"$out/setup.log" 2>&1 ||
  { cat "$out/setup.log"; echo "fuzz-smoke: meson setup failed"; exit 1; }
# No backend is a failure, never "0 findings".
backends=$("$src/tools/variant.sh" backends "$lib") || { echo "fuzz-smoke: no backend to fuzz"; exit 1; }

export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:${UBSAN_OPTIONS:-}"
fails=0 total=0
: >"$out/fuzz.tsv"
for b in $backends; do
  a=backends/$b/libgr-$b.a
  log=$out/fuzz-$b.log
  status=ok runs=0
  if ! ninja -C "$lib" "$a" >"$out/build-$b.log" 2>&1; then
    status=build-failed; cat "$out/build-$b.log" | tail -20
  elif ! "$CC" -std=gnu11 -g -O1 -Wall -Wextra -Werror -fsanitize=fuzzer,address,undefined \
        -I"$src/spec" "$src"/suites/fuzz/*.c "$lib/$a" -lpthread -o "$out/fuzz_gr-$b" \
        >"$out/link-$b.log" 2>&1; then
    status=build-failed; cat "$out/link-$b.log" | tail -20
  else
    mkdir -p "$out/corpus-$b" "$out/artifacts-$b"
    "$out/fuzz_gr-$b" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$out/artifacts-$b/" \
      "$out/corpus-$b" "$src/suites/fuzz/corpus" >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    runs=${runs:-0}
    [ "$rc" -eq 0 ] || status=finding
  fi
  total=$((total + runs))
  if [ "$status" = ok ]; then
    echo "fuzz-smoke: $b: ok, $runs inputs in ${secs}s"
  else
    fails=$((fails + 1))
    echo "fuzz-smoke: $b: $status (log $log)"
    [ -f "$log" ] && grep -E 'ERROR|invariant broken|SUMMARY|Test unit written|leak' "$log" | head -12
  fi
  art=$(ls "$out/artifacts-$b" 2>/dev/null | head -1)
  printf '%s\t%s\t%s\t%s\n' "$b" "$runs" "$status" "${art:+$out/artifacts-$b/$art}" >>"$out/fuzz.tsv"
done
# The JSON is written by python3's json module: the fields may hold any text.
python3 - "$out/fuzz.tsv" "$secs" "$(ls "$src/suites/fuzz/corpus" | wc -l)" "$total" "$fails" \
  >"$out/fuzz.json" <<'PY'
import json, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
print(json.dumps({"tool": "fuzz", "seconds_per_backend": int(sys.argv[2]),
                  "corpus": int(sys.argv[3]), "inputs": int(sys.argv[4]),
                  "backends": [{"name": r[0], "runs": int(r[1]), "status": r[2], "artifact": r[3]}
                               for r in rows],
                  "findings": int(sys.argv[5])}))
PY
echo "fuzz-smoke: $total inputs on $(echo $backends | wc -w) backend(s), $fails with findings"
[ "$fails" -eq 0 ]
