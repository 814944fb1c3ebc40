#!/usr/bin/env python3
"""check_bench.py — smoke check of the `bench` program (a Meson test).

Runs BENCH with the given flags plus --benchmark_format=json, parses the
JSON, and asserts: the run exited 0; every benchmark ran at every procs value
of --cpu (every registered name appears once per value); no benchmark
reported an error (an error_message starting with "skipped: " is a skip and
is allowed, and listed); and, with --expect-backend, that the context's
`backend` key names that backend.

Usage: check_bench.py BENCH [--expect-backend NAME] [--libdir DIR] -- [bench flags...]

--libdir DIR runs BENCH with LD_LIBRARY_PATH=DIR exactly (Meson prepends the
first backend's folder to LD_LIBRARY_PATH of a test, which would otherwise win).
Exit: 0 pass, 1 fail.  Invariant: timings are never asserted.
"""
import json
import os
import re
import subprocess
import sys

CONTEXT_KEYS = ("backend", "procs", "compiler", "build_type", "allocator", "git_revision")


def main(argv):
    if "--" not in argv:
        print(__doc__)
        return 2
    sep = argv.index("--")
    ours, flags = argv[1:sep], argv[sep + 1:]
    bench, expect = ours[0], None
    if "--expect-backend" in ours:
        expect = ours[ours.index("--expect-backend") + 1]
    env = dict(os.environ)
    if "--libdir" in ours:
        env["LD_LIBRARY_PATH"] = ours[ours.index("--libdir") + 1]
    else:
        env.pop("LD_LIBRARY_PATH", None)

    listing = subprocess.run([bench] + flags + ["--benchmark_list_tests=true"],
                             capture_output=True, text=True, timeout=60, env=env)
    if listing.returncode != 0:
        print("listing failed:", listing.stderr)
        return 1
    want = [line.strip() for line in listing.stdout.splitlines() if line.strip()]

    cmd = [bench] + flags + ["--benchmark_format=json"]
    print("running:", " ".join(cmd), flush=True)
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=170, env=env)
    sys.stderr.write(proc.stderr)
    if proc.returncode != 0:
        print(f"FAIL: bench exited {proc.returncode}")
        print(proc.stdout[-4000:])
        return 1
    doc = json.loads(proc.stdout)
    ctx = doc.get("context", {})
    failures = []
    for key in CONTEXT_KEYS:
        if not ctx.get(key):
            failures.append(f"context has no {key!r}")
    if expect is not None and ctx.get("backend") != expect:
        failures.append(f"context backend is {ctx.get('backend')!r}, expected {expect!r}")

    seen = {}
    for b in doc.get("benchmarks", []):
        name = b.get("run_name", b["name"])
        seen[name] = b
        msg = b.get("error_message", "")
        if b.get("error_occurred"):
            if msg.startswith("skipped: "):
                print(f"SKIP {name}: {msg}")
            else:
                failures.append(f"{name}: {msg}")
        else:
            print(f"ok   {name}: {b.get('iterations')} iterations, "
                  f"{b.get('real_time', 0):.1f} {b.get('time_unit', '')}/op")
    for name in want:
        if name not in seen:
            failures.append(f"{name}: did not run")
    if not want:
        failures.append("no benchmark matched")
    for name in want:
        if not re.search(r"/procs:\d+$", name):
            failures.append(f"{name}: name does not end in /procs:N")
    for f in failures:
        print("FAIL:", f)
    print(f"{len(want)} benchmarks, {len(failures)} failures; backend={ctx.get('backend')} "
          f"procs={ctx.get('procs')}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
