#!/usr/bin/env python3
"""check_workload.py — smoke check of one workload run (a Meson test).

Runs the command after `--`, and passes when it exits 0 and its last line
matches the --expect regular expression.  Exit 77 with a "skipped: <reason>"
line is passed on as 77 (Meson's SKIP) — with --allow-skip it counts as a
pass instead, for tests whose point is "skip or pass, never crash".

Usage: check_workload.py --expect REGEX [--allow-skip] [--libdir DIR] -- PROGRAM ARGS...

--libdir DIR runs PROGRAM with LD_LIBRARY_PATH=DIR exactly (Meson prepends the
first backend's folder to LD_LIBRARY_PATH of a test, which would otherwise win).
Exit: 0 pass, 1 fail, 77 skipped.
"""
import os
import re
import subprocess
import sys


def main(argv):
    if "--" not in argv or "--expect" not in argv:
        print(__doc__)
        return 2
    sep = argv.index("--")
    ours, cmd = argv[1:sep], argv[sep + 1:]
    expect = re.compile(ours[ours.index("--expect") + 1])
    allow_skip = "--allow-skip" in ours
    env = dict(os.environ)
    if "--libdir" in ours:
        env["LD_LIBRARY_PATH"] = ours[ours.index("--libdir") + 1]
    print("running:", " ".join(cmd), flush=True)
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=110, env=env)
    except subprocess.TimeoutExpired:
        print("FAIL: timed out")
        return 1
    sys.stdout.write(proc.stdout)
    sys.stderr.write(proc.stderr)
    lines = [l for l in proc.stdout.splitlines() if l.strip()]
    last = lines[-1] if lines else ""
    if proc.returncode == 77:
        if not last.startswith("skipped: "):
            print("FAIL: exit 77 without a 'skipped: <reason>' line")
            return 1
        return 0 if allow_skip else 77
    if proc.returncode != 0:
        print(f"FAIL: exit status {proc.returncode}")
        return 1
    if not expect.search(last):
        print(f"FAIL: last line {last!r} does not match {expect.pattern!r}")
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
