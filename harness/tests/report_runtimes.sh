#!/bin/sh
# report_runtimes.sh — the test of REPORT.md's section "Which runtime each
# row is" (harness/report_runtimes.c), on generated result sets.
#   usage: report_runtimes.sh GRBENCH
# Each row names its runtime with the version its set's fingerprint
# records; a set measured without gccgo says gccgo was not installed; a
# set with a gccgo row names gccgo's version and its libgo's Go release.
SECTION='/## Which runtime/,/^## /p'
. "$(dirname "$0")/report_test.sh"   # G, T, fail, mkset, make_report
mkset "$T/res/s"
cat > "$T/res/s/fingerprint.json" <<'J'
{"git_revision": "abc123", "gr_env": "GR_BOOSTFIBER_STACK=pool", "glibc_version": "2.36", "boost_version": "1.81.0",
 "go_version": "go version go1.19.8 linux/amd64", "gccgo_version": "not installed",
 "config": {"backends": [{"label": "mine", "library": "/opt/mine/libgr.so.1"}]}}
J
for b in ws ucontext boostfiber-ws mine go; do echo "bench,PingPong,$b,1,0,time,100,ns"; done >> "$T/res/s/combined.csv"
make_report s
sec() { sed -n '/## Which runtime each row is/,/^## [^W]/p' "$T/R.md"; }
sec | grep -q '^| ws | grbench.s own work-stealing .* | grbench abc123 |$' || fail "ws row"
sec | grep -q '^| ucontext | .*swapcontext.* | glibc 2.36; grbench abc123 |$' || fail "ucontext row"
sec | grep -q '^| boostfiber-ws | .*work_stealing.* | Boost 1.81.0 |$' || fail "boostfiber-ws row"
sec | grep -qF '| go | gc: the Go toolchain' || fail "go row"
sec | grep -qF 'go version go1.19.8 linux/amd64 |' || fail "go version"
sec | grep -qF '| mine | a `libgr.so.1` given to `grbench run` | `/opt/mine/libgr.so.1` |' || fail "a row by path"
sec | grep -qF 'No gccgo row: gccgo was not installed' || fail "absent gccgo not said"
sec | grep -qF 'The run'"'"'s environment set `GR_BOOSTFIBER_STACK=pool`' || fail "the GR_ environment is not shown"
mkset "$T/res/g"
cat > "$T/res/g/fingerprint.json" <<'J'
{"gccgo_version": "gccgo (Debian 12.2.0-14+deb12u1) 12.2.0", "gccgo_go_release": "go1.18 gccgo (Debian 12.2.0-14+deb12u1) 12.2.0"}
J
for b in ws gccgo go; do echo "bench,PingPong,$b,1,0,time,100,ns"; done >> "$T/res/g/combined.csv"
make_report g
sec | grep -qF '| gccgo | gccgo: GCC'"'"'s Go front end and its runtime, libgo | gccgo (Debian 12.2.0-14+deb12u1) 12.2.0; libgo go1.18 gccgo (Debian 12.2.0-14+deb12u1) 12.2.0 |' || fail "gccgo row"
sec | grep -qF 'No gccgo row' && fail "a set with a gccgo row says it has none"
# the Go rows sort last, gccgo before go, in the tables
expect_text "$T/R.md" '| benchmark | procs | ws | gccgo | Go |' "gccgo's column is not beside Go's"
echo ok
