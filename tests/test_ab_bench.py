#!/usr/bin/env python3
"""scripts/ab_bench.sh, the paired A/B of builds the README's speed figures
come from: two binaries, each run in its own tree, give a table of rates and
paired ratios in which the first binary's ratio is exactly 1; the second,
the same build under another name and tree, is within the noise; bad
arguments get one usage or error line and exit 2, with no traceback."""
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

E = os.path.abspath(sys.argv[1])
SRC = pathlib.Path(__file__).resolve().parent.parent
SCRIPT = str(SRC / "scripts" / "ab_bench.sh")
errors = []

with tempfile.TemporaryDirectory() as tmp:
    # a second tree with its own params/ and a copy of the binary
    other = pathlib.Path(tmp) / "other"
    shutil.copytree(SRC / "params", other / "params")
    shutil.copytree(SRC / "scenarios", other / "scenarios")
    copy = other / "elevsim"
    shutil.copy2(E, copy)
    env = dict(os.environ, BENCH="-t 1 -r 1 --scale 0.02")
    r = subprocess.run(["bash", SCRIPT, "2", E, f"{other}:{copy}"], capture_output=True, text=True, env=env,
                       timeout=600)
    if r.returncode != 0:
        errors.append(f"exit {r.returncode}: {r.stderr.strip()[-400:]}")
    rows = re.findall(r"median +([0-9.]+) +ratio to the first: median ([0-9.]+) \[quartiles ([0-9.]+), ([0-9.]+)\], "
                      r"(\d) rounds", r.stdout)
    if len(rows) != 2:
        errors.append(f"expected two rate rows, got {len(rows)}:\n{r.stdout}")
    else:
        if rows[0][1:4] != ("1.000", "1.000", "1.000"):
            errors.append(f"the first binary's ratio to itself is not 1: {rows[0]}")
        if any(row[4] != "2" for row in rows):
            errors.append(f"not every round counted: {rows}")
        if not all(float(row[0]) > 0 for row in rows):
            errors.append(f"a rate of 0: {rows}")
    if "mental_health" not in r.stdout:
        errors.append("no module seconds")
    for args, want in [(["0", E, E], "usage:"), ([ "2", E], "usage:"), (["2", "/nonexistent", E], "not an executable"),
                       (["2", f"{tmp}:{E}", E], "no params/ there")]:
        b = subprocess.run(["bash", SCRIPT, *args], capture_output=True, text=True, env=env, timeout=60)
        if b.returncode != 2 or want not in b.stderr or "Traceback" in b.stderr:
            errors.append(f"{args}: exit {b.returncode}, stderr {b.stderr.strip()!r}")

print("\n".join(errors) if errors else "ab_bench: ok")
sys.exit(1 if errors else 0)
