#!/usr/bin/env python3
"""check_go.py — smoke checks of the Go reference (Meson tests in 'bench-smoke').

  check_go.py bench     --go GO --work DIR   run every Go benchmark once
                                             (-benchtime 1x) at -cpu 1,4 and
                                             check that each one ran
  check_go.py workloads --go GO --work DIR   build the workloads and run each
                                             at a tiny size, checking its line

The Go toolchain gets a private GOCACHE/GOPATH under DIR (CI may have no
HOME), GOFLAGS=-mod=mod and GOPROXY=off (no network: no third-party modules).
Exit: 0 pass, 1 fail.  Invariant: timings are never asserted.
"""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

BENCHMARKS = ["Mutex", "Atomic", "WaitGroupAddDone", "RWMutexReadMostly", "Channel", "PingPong",
              "ChanSPSC", "ChanProdCons/0", "ChanProdCons/10", "ChanProdCons/100", "Select2",
              "SelectContended", "SpawnJoin", "SpawnBurst", "Yield", "SyscallHandoff",
              "ContextCancelFanout100", "TimerAfter"]

# The same sizes and result lines as suites/workloads/meson.build.
WORKLOADS = {
    "skynet": ("1000", r"^skynet: procs=\d+ size=1000 sum=499500 expected=499500 ok$"),
    "sieve": ("200", r"^sieve: procs=\d+ n=200 last=1223 sum=111587 ok$"),
    "pipeline": ("2000", r"^pipeline: procs=\d+ n=2000 workers=4 sum=2668667000 "
                         r"expected=2668667000 canceled_after=1000 ok$"),
    "workerpool": ("2000", r"^workerpool: procs=\d+ jobs=2000 workers=8 ran=2000 results=2000 "
                           r"once=ok ok$"),
    "idle": ("500", r"^idle: procs=\d+ n=500 rss_before=\d+ rss_after=\d+ "
                    r"bytes_per_goroutine=-?\d+ "
                    r"stack_bytes=-?[0-9.]+ heap_bytes=-?[0-9.]+ alloc_overhead_bytes=-?[0-9.]+ other_anon_bytes=-?[0-9.]+ file_bytes=-?[0-9.]+ sum_bytes=-?[0-9.]+ kernel_pte_bytes=-?[0-9.]+ kernel_stack_bytes=-?[0-9.]+ ok$"),
    "preemptlat": ("50", r"^preemptlat: procs=\d+ ms=50 preempt=async wakes=\d+ late_p50_us=\d+ "
                         r"late_p99_us=\d+ late_max_us=\d+ stalled=[01] ok$"),
}


def go_env(work):
    env = dict(os.environ)
    env.update(GOCACHE=os.path.join(work, "gocache"), GOPATH=os.path.join(work, "gopath"),
               GOFLAGS="-mod=mod", GOPROXY="off", GO111MODULE="on", GOENV="off",
               GOTOOLCHAIN="local", CGO_ENABLED="0")
    env.setdefault("HOME", work)
    return env


def check_bench(go, env):
    cmd = [go, "test", "-run", "^$", "-bench", ".", "-benchtime", "1x", "-cpu", "1,4", "./bench"]
    print("running:", " ".join(cmd), flush=True)
    proc = subprocess.run(cmd, cwd=HERE, env=env, capture_output=True, text=True, timeout=220)
    print(proc.stdout)
    sys.stderr.write(proc.stderr)
    failures = []
    if proc.returncode != 0:
        failures.append(f"go test exited {proc.returncode}")
    seen = set(re.findall(r"^Benchmark(\S+)\s+\d+\s+[\d.]+ ns/op", proc.stdout, re.M))
    for name in BENCHMARKS:
        for suffix in ("", "-4"):  # Go prints no -1 suffix
            if name + suffix not in seen:
                failures.append(f"Benchmark{name}{suffix} did not report")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


def check_workloads(go, env, work):
    bindir = os.path.join(work, "bin")
    os.makedirs(bindir, exist_ok=True)
    cmd = [go, "build", "-o", bindir + os.sep, "./workloads/..."]
    print("running:", " ".join(cmd), flush=True)
    proc = subprocess.run(cmd, cwd=HERE, env=env, capture_output=True, text=True, timeout=220)
    if proc.returncode != 0:
        print("FAIL: go build:", proc.stderr)
        return 1
    failures = 0
    for name, (size, expect) in WORKLOADS.items():
        for procs in ("1", "4"):
            run = [os.path.join(bindir, name), "--procs", procs, size]
            p = subprocess.run(run, capture_output=True, text=True, timeout=60)
            lines = [l for l in p.stdout.splitlines() if l.strip()]
            last = lines[-1] if lines else ""
            ok = p.returncode == 0 and re.search(expect, last)
            print(("ok   " if ok else "FAIL ") + " ".join(run[1:]) + ": " + last)
            if not ok:
                sys.stderr.write(p.stderr)
                failures += 1
    return 1 if failures else 0


def main(argv):
    if len(argv) < 2 or argv[1] not in ("bench", "workloads") or "--go" not in argv \
            or "--work" not in argv:
        print(__doc__)
        return 2
    go = argv[argv.index("--go") + 1]
    work = os.path.abspath(argv[argv.index("--work") + 1])
    os.makedirs(work, exist_ok=True)
    env = go_env(work)
    if argv[1] == "bench":
        return check_bench(go, env)
    return check_workloads(go, env, work)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
