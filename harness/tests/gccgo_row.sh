#!/bin/sh
# gccgo_row.sh — the gccgo reference row, end to end on the real build:
#   usage: gccgo_row.sh GRBENCH BUILD BACKEND
# With gccgo installed, a small `grbench run` (PingPong at procs 1 on BACKEND,
# the sieve workload at a tiny size) has gccgo rows beside gc's, and the
# report names gccgo's version and puts its column beside Go's.  With
# gccgo off PATH, the same run still succeeds, has no gccgo row, and the
# report says gccgo was not installed.  Exit 77 (skipped) without `go`,
# or when gccgo is not installed (the first half needs it).
set -u
G=$1 B=$2 BE=$3
command -v go >/dev/null 2>&1 || { echo "skipped: no go on PATH"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/grbench-gccgo.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; tail -20 "$T/out"; exit 1; }
. "$(dirname "$0")/expect.sh"  # expect_line, expect_text, expect_no_line, expect_no_text
run() { # ID: the small run, into $T/res/ID
  "$G" run --build "$B" --backends "$BE" --filter '^PingPong/' --cpu 1 --repetitions 2 --min-time 0.01 \
    --workloads sieve --size sieve=10 --mem-runs 1 --warmup 0 --results-dir "$T/res" --id "$1" >"$T/out" 2>&1 \
    || fail "grbench run $1 exited $?"
  "$G" report --results-dir "$T/res" --out "$T/$1.md" "$1" >>"$T/out" 2>&1 || fail "grbench report $1 exited $?"
}
# 1. gccgo off PATH: a PATH of links to everything on it but gccgo.
mkdir "$T/bin"
IFS=:; for d in $PATH; do
  [ -d "$d" ] || continue
  for f in "$d"/*; do
    n=${f##*/}
    case $n in gccgo*) continue ;; esac
    [ -x "$f" ] && [ ! -e "$T/bin/$n" ] && ln -s "$f" "$T/bin/$n"
  done
done; unset IFS
PATH=$T/bin run nogccgo
expect_no_line "$T/res/nogccgo/combined.csv" ',gccgo,' "gccgo rows without gccgo"
expect_line "$T/res/nogccgo/combined.csv" '^bench,PingPong,go,1,' "no gc row without gccgo"
expect_text "$T/nogccgo.md" 'No gccgo row: gccgo was not installed' "the report does not say gccgo was not installed"
# 2. gccgo installed: its rows, beside gc's.
command -v gccgo >/dev/null 2>&1 || { echo "skipped: gccgo is not installed (make deps); its absence was checked"; exit 77; }
run withgccgo
C=$T/res/withgccgo/combined.csv
expect_line "$C" '^bench,PingPong,gccgo,1,0,time,' "no gccgo PingPong row"
expect_line "$C" '^bench,PingPong,gccgo,1,1,time,' "no second gccgo round"
expect_line "$C" '^bench,PingPong,go,1,0,time,' "no gc PingPong row"
expect_line "$C" '^workload,sieve/10,gccgo,1,0,wall,' "no gccgo workload row"
expect_line "$T/res/withgccgo/cells.csv" '^gobench,gccgo,PingPong,1,ok,' "the gccgo cell is not ok"
expect_line "$T/res/withgccgo/fingerprint.json" '"gccgo_version": "gccgo ' "no gccgo version in the fingerprint"
expect_text "$T/withgccgo.md" '| gccgo | gccgo: GCC' "the report does not name gccgo's runtime"
expect_text "$T/withgccgo.md" "| $BE | gccgo | Go |" "gccgo's column is not beside Go's"
ls "$T/res/withgccgo/raw/gccgo/"*.test >/dev/null 2>&1 && fail "the gccgo test binary is left in the set"
echo ok
