#!/usr/bin/env bash
# install-check.sh — what a new user of an installed grbench gets (README.md,
# "Installing"): `meson install` of a build into a temporary DESTDIR, then,
# using only what was installed,
#   1. the layout: gr.h, <libdir>/gr/<backend>/libgr.so.1 (soname libgr.so.1)
#      for every backend gr.pc names, and <libdir>/libgr.so.1 resolving to
#      the default backend's;
#   2. a small program written here, outside the tree, built with
#      `pkg-config --cflags --libs gr` (PKG_CONFIG_PATH into the prefix) as
#      strict C11, run on every installed backend by switching
#      LD_LIBRARY_PATH, and on <libdir> (the default): each run must say,
#      through gr_backend_name(), that it ran on the backend chosen, and get
#      the right result; the same program linked statically against
#      libgr-<default>.a runs with no library path at all;
#   3. the installed harness, `grbench conformance --backends <default>`:
#      the whole conformance suite on the installed default backend, whose
#      TAP must name the installed library; and `grbench run` of one
#      benchmark and one workload on it;
#   4. the installed conformance runner by NAME on every other backend, and
#      on a "third-party" copy of a backend under another file name; each
#      must map the installed (or the given) library, not the build tree's;
#      and the runner must read the installed SPEC.md (a clause appended to
#      it must make `--list` bail out).
#
# Usage: tools/install-check.sh BUILD_DIR       (a configured, built Meson build)
# Meson runs it as the test 'install-check' (suite 'install').
#
# Invariants: nothing is written outside a mktemp -d folder, which is removed
# on exit; the build is installed with --no-rebuild and never changed; gr.pc
# is used as installed: relocatable (prefix=${pcfiledir}/..., the project's
# default) it works from the DESTDIR as is, otherwise PKG_CONFIG_SYSROOT_DIR
# is set to the DESTDIR, and the log says which; every failure prints what
# was expected and what was seen, and the last line is "install-check: ok
# ..." or "install-check: FAILED: ...".
set -euo pipefail

build=${1:?usage: install-check.sh BUILD_DIR}
build=$(cd "$build" && pwd -P)
read -r -a cc <<<"${CC:-cc}"   # a command line: "ccache cc" works
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gr-install-check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/dest
t0=$SECONDS

fail() { echo "install-check: FAILED: $*" >&2; exit 1; }
note() { echo "install-check: $*"; }
# run LOG CMD...: run CMD with output to $tmp/LOG; on failure show it and fail
run() {
  local log=$tmp/$1 rc=0; shift
  "$@" >"$log" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ]; then
    tail -40 "$log" >&2
    fail "$* (exit $rc; log above)"
  fi
}

# --- install -----------------------------------------------------------------
run install.log meson install -C "$build" --no-rebuild --destdir "$dest"
pc=$(find "$dest" -path '*/pkgconfig/gr.pc' -print -quit)
[ -n "$pc" ] || fail "no gr.pc under $dest"
export PKG_CONFIG_PATH=${pc%/gr.pc}
# shellcheck disable=SC2016 # a literal ${pcfiledir}
if grep -q '^prefix=\${pcfiledir}' "$pc"; then
  note "gr.pc is relocatable; PKG_CONFIG_PATH=$PKG_CONFIG_PATH"
else
  export PKG_CONFIG_SYSROOT_DIR=$dest
  note "gr.pc names a fixed prefix; PKG_CONFIG_SYSROOT_DIR=$dest"
fi
pcvar() { pkg-config --variable="$1" gr; }
cflags=$(pkg-config --cflags gr)
libs=$(pkg-config --libs gr)
libdir=$(pcvar libdir)
backenddir=$(pcvar backenddir)
default=$(pcvar default_backend)
grbenchdir=$(pcvar grbenchdir)
read -r -a backends <<<"$(pcvar backends)"
note "cflags: $cflags; libs: $libs; backends: ${backends[*]} (default $default)"
[ ${#backends[@]} -gt 0 ] || fail "gr.pc names no backends"
case "$libdir" in "$dest"/*) ;; *) fail "pkg-config's libdir $libdir is not inside $dest" ;; esac

# --- 1. layout -----------------------------------------------------------------
[ -f "$(pcvar includedir)/gr.h" ] || fail "no gr.h in $(pcvar includedir)"
for b in "${backends[@]}"; do
  lib=$backenddir/$b/libgr.so.1
  [ -f "$lib" ] || fail "backend $b: no $lib"
  soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
  [ "$soname" = libgr.so.1 ] || fail "backend $b: soname '$soname', want libgr.so.1"
  [ -f "$backenddir/$b/libgr-$b.a" ] || fail "backend $b: no libgr-$b.a"
done
# The same set, whatever order -Dbackends gave (the folders list sorted).
got=$(cd "$backenddir" && for d in */; do echo "${d%/}"; done | sort | tr '\n' ' ')
said=$(printf '%s\n' "${backends[@]}" | sort | tr '\n' ' ')
[ "$got" = "$said" ] || fail "folders in $backenddir: '$got'; gr.pc says '${backends[*]}'"
want=$(readlink -f "$backenddir/$default/libgr.so.1")
[ "$(readlink -f "$libdir/libgr.so.1")" = "$want" ] ||
  fail "$libdir/libgr.so.1 -> $(readlink -f "$libdir/libgr.so.1"), want $want"

# --- 2. a program of the user's, built with pkg-config ---------------------------
mkdir -p "$tmp/app"
cat >"$tmp/app/app.c" <<'EOF'
/* app.c — a user's program against the installed gr (install-check.sh):
 * 100 goroutines send i*i, main sums them, a WaitGroup and a select with a
 * timer case; prints the backend it ran on and the checked result. */
#include <gr.h>
#include <stdio.h>

enum { N = 100 };
static gr_chan *results;
static gr_waitgroup wg;
static long sum;
static int rc = 1;

static void square(void *arg)
{
    long i = (long)(size_t)arg, sq = i * i;
    gr_chan_send(results, &sq);
    gr_wg_done(&wg);
}

static void main_fn(void *arg)
{
    (void)arg;
    results = gr_chan_make(sizeof(long), 0);
    for (long i = 0; i < N; i++) {
        gr_wg_add(&wg, 1);
        if (gr_go(square, (void *)(size_t)i) != GR_OK)
            return;
    }
    gr_chan *timeout = gr_after(10 * 1000000000LL);
    for (int got = 0; got < N; got++) {
        long v;
        gr_case cases[2] = {{.ch = results, .dir = GR_RECV, .elem = &v},
                            {.ch = timeout, .dir = GR_RECV}};
        if (gr_select(cases, 2) != 0) {
            fprintf(stderr, "app: timed out after %d results\n", got);
            return;
        }
        sum += v;
    }
    gr_wg_wait(&wg);
    gr_chan_release(timeout);
    gr_chan_release(results);
    rc = 0;
}

int main(void)
{
    gr_config cfg = {.procs = 2};
    int err = gr_run(&cfg, main_fn, NULL);
    if (err != GR_OK) {
        fprintf(stderr, "app: gr_run: %s\n", gr_strerror(err));
        return 1;
    }
    printf("backend=%s sum=%ld %s\n", gr_backend_name(), sum, rc == 0 && sum == 328350 ? "ok" : "WRONG");
    return rc;
}
EOF
# shellcheck disable=SC2086 # cflags/libs are word lists
run cc.log "${cc[@]}" -std=c11 -Wall -Wextra -Werror -pedantic $cflags "$tmp/app/app.c" $libs -o "$tmp/app/app"
if readelf -d "$tmp/app/app" | grep -Eq 'R(UN)?PATH'; then
  fail "app carries an RPATH/RUNPATH; only LD_LIBRARY_PATH may pick its backend"
fi
check_app() {  # LIBRARY_PATH EXPECTED_BACKEND
  local out
  out=$(env LD_LIBRARY_PATH="$1" "$tmp/app/app" 2>&1) || fail "app on $1: $out"
  [ "$out" = "backend=$2 sum=328350 ok" ] || fail "app on LD_LIBRARY_PATH=$1: '$out', want backend=$2 sum=328350 ok"
}
for b in "${backends[@]}"; do check_app "$backenddir/$b" "$b"; done
check_app "$libdir" "$default"
note "app built with pkg-config ran on ${backends[*]} and on the default ($default)"

# Static: the archive of the default backend, plus gr.pc's private libraries.
priv=$(pkg-config --static --libs gr | sed 's/\(^\| \)-lgr\( \|$\)/ /')
# shellcheck disable=SC2086
run cc-static.log "${cc[@]}" -std=c11 $cflags "$tmp/app/app.c" "$backenddir/$default/libgr-$default.a" $priv -o "$tmp/app/app-static"
if readelf -d "$tmp/app/app-static" | grep -q 'libgr\.so'; then fail "app-static still needs libgr.so.1"; fi
out=$(env -u LD_LIBRARY_PATH "$tmp/app/app-static" 2>&1) || fail "app-static: $out"
[ "$out" = "backend=$default sum=328350 ok" ] || fail "app-static: '$out'"
note "app linked against libgr-$default.a ran on $default"

# --- 3. the installed harness ----------------------------------------------------
grbench=$(find "$dest" -path '*/bin/grbench' -print -quit)
[ -x "$grbench" ] || fail "no bin/grbench under $dest"
mkdir -p "$tmp/work"
cd "$tmp/work"
# The user's environment must not steer the installed harness to a build tree.
unset GRBENCH_BUILD_DIR GRBENCH_SOURCE_DIR
run harness-conformance.log "$grbench" conformance --backends "$default" --new --results-dir "$tmp/work/results"
tap=$(find "$tmp/work/results" -path "*/conformance/$default.tap" -print -quit)
[ -n "$tap" ] || fail "grbench conformance wrote no $default.tap"
grep -q "^# backend: $default, library $backenddir/$default/libgr.so.1\$" "$tap" ||
  grep -q "^# backend: $default, library $(readlink -f "$backenddir/$default")/libgr.so.1\$" "$tap" ||
  fail "the conformance TAP does not name the installed $default: $(grep '^# backend' "$tap")"
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$tap" | tail -1)
case "$summary" in *" 0 failed"*) ;; *) fail "grbench conformance on installed $default: '$summary'" ;; esac
note "grbench conformance on the installed $default: $summary"

run harness-run.log "$grbench" run --backends "$default" --cpu 1 --filter '^PingPong' --workloads sieve \
  --quick --no-go --results-dir "$tmp/work/results" --id install-check
csv=$tmp/work/results/install-check/combined.csv
kinds=workload
[ -x "$grbenchdir/suites/bench/bench" ] && kinds="bench workload"   # -Dbench=disabled: no bench
for kind in $kinds; do
  grep -q "^$kind,[^,]*,$default,1," "$csv" || fail "grbench run wrote no $kind row for $default in $csv"
done
if [ "$kinds" != workload ]; then
  grep -q "\"backend_library\": \"$(readlink -f "$backenddir/$default")/libgr.so.1\"" \
    "$tmp/work/results/install-check/fingerprint.json" ||
    fail "grbench run's bench did not run on the installed $default (fingerprint.json)"
fi
note "grbench run: $kinds on the installed $default"

# --- 4. the installed runner by name, and on a third-party library ----------------
conf=$grbenchdir/suites/conformance/conformance
[ -x "$conf" ] || fail "no installed conformance runner at $conf"
runner_on() {  # BACKEND_ARG EXPECTED_LIBRARY: CHAN-* on that backend
  local log=$tmp/conf-${1//\//_}.log
  "$conf" --backend "$1" --filter 'CHAN-*' >"$log" 2>&1 || { tail -20 "$log" >&2; fail "conformance --backend $1"; }
  grep -q "^# backend: [a-z]*, library $2\$" "$log" ||
    fail "conformance --backend $1 mapped '$(grep '^# backend' "$log")', want $2"
  grep -Eq '^[0-9]+ passed, 0 failed' "$log" || fail "conformance --backend $1: $(tail -1 "$log")"
}
for b in "${backends[@]}"; do
  [ "$b" = "$default" ] && continue
  runner_on "$b" "$(readlink -f "$backenddir/$b")/libgr.so.1"
done
mkdir -p "$tmp/vendor"
cp "$backenddir/${backends[0]}/libgr.so.1" "$tmp/vendor/libmyruntime.so"
runner_on "$tmp/vendor/libmyruntime.so" "$tmp/vendor/libmyruntime.so"
note "installed conformance by name on the other backends, and on $tmp/vendor/libmyruntime.so"

spec=$(find "$dest" -path '*/doc/grbench/SPEC.md' -print -quit)
[ -n "$spec" ] || fail "no SPEC.md installed"
"$conf" --list >/dev/null 2>&1 || fail "installed conformance --list"
printf -- '- **INSTALL-CHECK-1** — a clause that no test covers.\n' >>"$spec"
if "$conf" --list >"$tmp/list.log" 2>&1; then fail "conformance --list ignored the installed SPEC.md"; fi
grep -q "INSTALL-CHECK-1" "$tmp/list.log" || fail "conformance --list: $(tail -3 "$tmp/list.log")"

note "ok: installed into $dest in $((SECONDS - t0)) s; ${#backends[@]} backend(s), default $default"
