#!/usr/bin/env python3
"""check_examples.py — run one example and check what it printed.

Usage: check_examples.py NAME EXE [ARGS...]     (NAME = the example's name)
       check_examples.py leak-report EXE        (GR_DEBUG=leaks report)
       check_examples.py deadlock EXE           (GR_EDEADLK, message, dump)
       check_examples.py backend-flag EXE BACKEND_NAME LIBGR_PATH

The backend is the libgr.so.1 in $EX_LIBDIR (see on_backend), else
whatever the loader finds.  Every example runs with GR_DEBUG=leaks and must exit 0 with an empty
stderr: no warning and no leaked goroutine that is blocked.  (A goroutine
that is still [running] when main returns has done its last blocking
operation and is on its way out — every example joins its goroutines — but
gr_run reports it anyway, because it takes no grace period as goleak does;
such lines are tolerated and noted, see README.md "Known issues".)  Its stdout is compared exactly where
the Go original's output is deterministic, and otherwise checked against
the invariants that the example's opening comment states.  Nothing here
asserts a time except lower bounds (a sleep or timeout cannot end early)
and a generous liveness timeout (TIMEOUT seconds per run).
Exit status: 0 = pass, 1 = fail (with the reason and the run's output).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

TIMEOUT = 30


class Fail(Exception):
    pass


def on_backend(argv):
    """Pin the run to EX_LIBDIR's libgr.so.1, verified by the example itself.

    Meson prepends the folder of the library the examples link against to
    LD_LIBRARY_PATH, so the test's own LD_LIBRARY_PATH cannot be trusted to
    select the backend.  With EX_LIBDIR set, the example gets that folder
    first in LD_LIBRARY_PATH and `--backend EX_LIBDIR`, which checks that
    the loaded libgr.so.1 really is the one in EX_LIBDIR (no re-exec needed,
    as GR_BACKEND_LIB already names it: the suites' backend protocol)."""
    libdir = os.environ.get("EX_LIBDIR")
    if not libdir:
        return argv, dict(os.environ)
    real = os.path.realpath(libdir)
    env = dict(os.environ, GR_BACKEND_LIB=os.path.realpath(os.path.join(real, "libgr.so.1")),
               LD_LIBRARY_PATH=real + ":" + os.environ.get("LD_LIBRARY_PATH", ""))
    return argv[:1] + ["--backend", real] + argv[1:], env


def run(argv, env=None, debug_leaks=True):
    if env is None:
        argv, env = on_backend(argv)
    e = dict(env)
    if debug_leaks:
        e["GR_DEBUG"] = "leaks"
    t0 = time.monotonic()
    try:
        p = subprocess.run(argv, capture_output=True, text=True, env=e, timeout=TIMEOUT)
    except subprocess.TimeoutExpired as ex:
        raise Fail(f"{argv}: still running after {TIMEOUT} s (liveness)") from ex
    p.elapsed = time.monotonic() - t0
    print(f"$ {' '.join(argv)}   # rc={p.returncode}, {p.elapsed * 1000:.0f} ms")
    print(p.stdout, end="" if p.stdout.endswith("\n") or not p.stdout else "\n")
    if p.stderr:
        print("--- stderr ---\n" + p.stderr, end="")
    return p


def check_stderr(err):
    """Fail on anything in stderr but a leak report of exiting goroutines."""
    exiting = 0
    for line in err.splitlines():
        g = re.fullmatch(r"goroutine \d+ \[([^\],]+).*", line)
        if g:
            check(g[1] in ("running", "runnable"), f"a goroutine leaked, blocked: {line!r}")
            exiting += 1
        elif not (line == "" or line.startswith("\tstarted at ")
                  or re.fullmatch(r"gr: \d+ goroutines? leaked .*", line)):
            raise Fail(f"unexpected stderr line {line!r}")
    if exiting:
        print(f"note: {exiting} exiting goroutine(s) reported as leaked (no grace period)")


def check(cond, what):
    if not cond:
        raise Fail(what)


def exact(expected):
    def checker(out, p, procs):
        check(out == expected, f"stdout is not exactly {expected!r}")
    return checker


def at_least(p, seconds):
    check(p.elapsed >= seconds, f"finished in {p.elapsed:.3f} s, before its {seconds} s wait")


def hello(out, p, procs):
    check(sorted(out.splitlines()) == [f"hello from goroutine {i}" for i in (1, 2, 3)],
          "want three 'hello from goroutine N' lines, N = 1..3, any order")


def gomaxprocs(out, p, procs):
    ncpu = len(os.sched_getaffinity(0))
    want = f"CPUs: {ncpu}\nGOMAXPROCS: {procs or ncpu}\n"
    check(out == want, f"want {want!r}")


def workers(out, p, procs):
    check(sorted(out.splitlines()) == [f"done: {i}" for i in range(5)],
          "want 'done: N' for N = 0..4, any order")
    at_least(p, 0.1)


def ticker_done(out, p, procs):
    check(re.fullmatch(r"(tick )*stop\n", out), "want (tick )*stop")
    at_least(p, 0.2)


def with_timeout(out, p, procs):
    check(re.fullmatch(r"(work )*ended\n", out), "want (work )*ended")
    at_least(p, 0.2)


def chan_mutex_counts(out, p, procs):
    lines = out.splitlines()
    check(len(lines) >= 3, "too few lines")
    check(lines[-1] == "stopped: context deadline exceeded", "last line")
    m = re.fullmatch(r"counted (\d+) jobs, sent (\d+)", lines[-2])
    check(m, "want 'counted C jobs, sent S'")
    counted, sent = int(m[1]), int(m[2])
    words = {}
    for line in lines[:-2]:
        w = re.fullmatch(r"(apple|banana|cherry|date): (\d+)", line)
        check(w and w[1] not in words, f"bad or repeated word line {line!r}")
        words[w[1]] = int(w[2])
    check(list(words) == sorted(words), "words not sorted")
    check(counted == sent == sum(words.values()), "counted, sent and the map disagree")
    check(counted >= 1, "no job was counted")
    at_least(p, 0.1)


def fanin_context(out, p, procs):
    lines = out.splitlines()
    check(len(lines) == 11, "want 10 messages and a summary")
    check(lines[-1] == "received 10 messages; fan-in stopped: context canceled", "last line")
    seqs = {}
    for line in lines[:-1]:
        m = re.fullmatch(r"source ([012]): (\d+)", line)
        check(m, f"bad line {line!r}")
        seqs.setdefault(m[1], []).append(int(m[2]))
    for src, s in seqs.items():
        check(s == list(range(len(s))), f"source {src} out of order or with gaps: {s}")


def rate_limiter_ticker(out, p, procs):
    lines = out.splitlines()
    check(len(lines) == 10, "want 10 requests")
    last = 0
    for n, line in enumerate(lines, 1):
        m = re.fullmatch(r"request (\d+) served at \+(\d+) ms", line)
        check(m and int(m[1]) == n, f"bad line {line!r}")
        ms = int(m[2])
        check(ms >= last, "time went backwards")
        check(ms >= (n - 3) * 50, f"request {n} beat the rate: +{ms} ms < {(n - 3) * 50} ms")
        last = ms


def worker_pool_shutdown(out, p, procs):
    lines = out.splitlines()
    m = re.fullmatch(r"shutdown: accepted (\d+) jobs, completed (\d+)", lines[-1] if lines else "")
    check(m, "want a last line 'shutdown: accepted A jobs, completed C'")
    accepted, completed = int(m[1]), int(m[2])
    jobs = []
    for line in lines[:-1]:
        w = re.fullmatch(r"worker [123] finished job (\d+)", line)
        check(w, f"bad line {line!r}")
        jobs.append(int(w[1]))
    check(accepted >= 1, "no job accepted")
    check(completed == accepted, "an accepted job did not complete")
    check(sorted(jobs) == list(range(1, accepted + 1)), "jobs finished != 1..A, each once")
    at_least(p, 0.1)


def fanout_fanin(out, p, procs):
    check(out.endswith(" ") and "\n" not in out, "want 'r r r r r ' without a newline")
    check(sorted(int(t) for t in out.split()) == [1, 4, 9, 16, 25], "want 1 4 9 16 25")


def bounded_pool(out, p, procs):
    m = re.fullmatch(r"ran 30 tasks, at most (\d+) at once \(limit 10\)\n", out)
    check(m, "want 'ran 30 tasks, at most M at once (limit 10)'")
    check(1 <= int(m[1]) <= 10, "the semaphore let more than 10 run at once")


def leak(out, p, procs):
    check(re.fullmatch(r"main returns; leaky_sender is still blocked sending on 0x[0-9a-f]+\n",
                       out), "want the address line")


def race(out, p, procs):
    check(re.fullmatch(r"\d+\n", out) and 1 <= int(out) <= 1000, "want a count in 1..1000")


EXAMPLES = {
    "hello": hello,
    "gomaxprocs": gomaxprocs,
    "workers": workers,
    "ticker_done": ticker_done,
    "with_timeout": with_timeout,
    "cancel_pipeline": exact("1\n4\n9\n16\n25\npipeline stopped: context canceled\n"),
    "chan_mutex_counts": chan_mutex_counts,
    "generator_fixed": exact("0\n1\n2\n3\n4\n5\ngenerator stopped: context canceled\n"),
    "fanin_context": fanin_context,
    "rate_limiter_ticker": rate_limiter_ticker,
    "worker_pool_shutdown": worker_pool_shutdown,
    "fanout_fanin": fanout_fanin,
    "bounded_pool": bounded_pool,
    "pipeline": exact("0\n1\n4\n9\n16\n"),
    "leak": leak,
    "leak_fixed": exact("clean exit\n"),
    "race": race,
}


def check_example(name, exe, args):
    procs = int(args[args.index("--procs") + 1]) if "--procs" in args else 0
    # leak.c leaks on purpose: its report is leak-report's business.
    p = run([exe] + args, debug_leaks=(name != "leak"))
    check(p.returncode == 0, f"exit status {p.returncode}")
    check_stderr(p.stderr)
    EXAMPLES[name](p.stdout, p, procs)


def leak_report(exe):
    p = run([exe])
    check(p.returncode == 0, f"exit status {p.returncode}: a leak is not an error")
    m = re.search(r"blocked sending on (0x[0-9a-f]+)", p.stdout)
    check(m, "leak did not print its channel's address")
    err = p.stderr
    check(re.search(r"\b1 goroutine leaked", err), "no '1 goroutine leaked' line")
    check("leaky_sender" in err, "the report does not name the start function leaky_sender")
    check("chan send" in err, "the report does not say 'chan send'")
    check(m[1] in err, f"the report does not show the channel address {m[1]}")
    quiet = run([exe], debug_leaks=False)
    check(quiet.stderr == "", "a leak report without GR_DEBUG=leaks")


def deadlock(exe):
    p = run([exe])
    check(p.returncode == 2, f"exit status {p.returncode}, want 2")
    check(p.stdout == "gr_run returned GR_EDEADLK\n", "gr_run did not return GR_EDEADLK")
    err = p.stderr
    check("all goroutines are asleep - deadlock!" in err, "no deadlock message")
    for what in ("blocked_receiver", "deadlock_main", "chan receive", "waitgroup"):
        check(what in err, f"the dump does not show {what!r}")
    check(re.search(r"0x[0-9a-f]+", err), "the dump shows no object address")


def backend_flag(exe, name, lib):
    env = {k: v for k, v in os.environ.items()
           if k not in ("LD_LIBRARY_PATH", "GR_BACKEND_LIB", "GR_BACKEND_NAME")}
    for sel in (name, lib, os.path.dirname(lib)):
        p = run([exe, "--backend", sel, "--procs", "3"], env=env)
        check(p.returncode == 0 and p.stdout.endswith("GOMAXPROCS: 3\n"), f"--backend {sel}")
    p = run([exe, "--backend", "no-such-backend"], env=env)
    check(p.returncode == 2 and "no-such-backend" in p.stderr, "a bad --backend must fail")
    # A copy of the library elsewhere first in the path: the check must refuse.
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(lib, os.path.join(tmp, "libgr.so.1"))
        bad = dict(env, LD_LIBRARY_PATH=tmp, GR_BACKEND_LIB=os.path.realpath(lib))
        p = run([exe, "--backend", name], env=bad)
        check(p.returncode == 2 and "the loader mapped" in p.stderr,
              "running on a library other than the one asked for must fail")


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    name, exe, rest = argv[1], argv[2], argv[3:]
    try:
        if name == "leak-report":
            leak_report(exe)
        elif name == "deadlock":
            deadlock(exe)
        elif name == "backend-flag":
            backend_flag(exe, *rest)
        else:
            check_example(name, exe, rest)
    except Fail as f:
        print(f"FAIL {name}: {f}")
        return 1
    print(f"PASS {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
