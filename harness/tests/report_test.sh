# report_test.sh — sourced by the report-section tests (report_memory.sh,
# report_preempt.sh, report_floors.sh, report_runtimes.sh) once they have
# set SECTION, the sed range of their
# section of REPORT.md.  It gives them:
#   G             the grbench under test (the test's $1)
#   T             a temp folder, removed on exit
#   fail MSG      prints MSG and the section of $T/R.md, exits 1
#   expect_line, expect_text, expect_no_line, expect_no_text (expect.sh)
#   mkset DIR     an empty result set (fingerprint, cells.csv and
#                 combined.csv with their headers only) to append rows to
#   make_report SET   REPORT.md of $T/res/SET into $T/R.md, or fail
set -u
G=$1
T=$(mktemp -d "${TMPDIR:-/tmp}/grbench-report-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; sed -n "$SECTION" "$T/R.md"; exit 1; }
. "$(dirname "$0")/expect.sh"
mkset() {
  mkdir -p "$1"
  echo '{}' > "$1/fingerprint.json"
  echo 'kind,backend,name,procs,status,seconds,detail,log' > "$1/cells.csv"
  echo 'suite,name,backend,procs,repetition,metric,value,unit' > "$1/combined.csv"
}
make_report() {
  "$G" report --results-dir "$T/res" --out "$T/R.md" "$1" >"$T/out" 2>&1 ||
    { rc=$?; cat "$T/out"; fail "report of set $1 exited $rc"; }
}
