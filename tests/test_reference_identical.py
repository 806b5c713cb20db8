#!/usr/bin/env python3
"""The batched, vectorised passes decide as the scalar rules do: the baseline
and every shipped scenario (scenarios/*.toml, in one run with the baseline
first, so the comparisons are compared too) give bit-identical run files
whether the model runs as it always does or with ELEVSIM_KERNELS=reference,
where the modules with a reference path (mental health, help-seeking,
services, schooling) take one pupil at a time through their
scalar rules, each draw made alone (mental health computes every treated
pupil's row rather than read its memo; services serve each queue through a
std::priority_queue ordered by the serving rule and compute every withdrawal
week and treatment shift rather than read the tables, which claim to be exact:
tests/test_services_tables.cpp), and the rest run their portable kernels.
Compared with scripts/compare_h5.py, every dataset and
attribute; small scale, two replications."""
import os
import pathlib
import subprocess
import sys
import tempfile

E = os.path.abspath(sys.argv[1])
SRC = pathlib.Path(__file__).resolve().parent.parent
BASELINE = SRC / "scenarios" / "baseline.toml"
SCENARIOS = [str(BASELINE)] + sorted(str(p) for p in (SRC / "scenarios").glob("*.toml") if p != BASELINE)
COMPARE = [sys.executable, str(SRC / "scripts" / "compare_h5.py")]


def run(kernels, out):
    env = dict(os.environ)
    env.pop("ELEVSIM_KERNELS", None)
    if kernels:
        env["ELEVSIM_KERNELS"] = kernels
    p = subprocess.run([E, "run", *SCENARIOS, "-r", "2", "--scale", "0.02", "--seed", "4242", "-t", "2", "-o", out,
                        "--quiet"], capture_output=True, text=True, env=env)
    if p.returncode != 0 or p.stderr.strip():
        sys.exit(f"FAIL: run with ELEVSIM_KERNELS={kernels or '(unset)'}: exit {p.returncode}: {p.stderr}")


def main():
    if len(SCENARIOS) < 8:
        sys.exit(f"FAIL: found only {len(SCENARIOS)} scenarios in scenarios/")
    with tempfile.TemporaryDirectory() as d:
        fast, ref = os.path.join(d, "fast.h5"), os.path.join(d, "reference.h5")
        run(None, fast)
        run("reference", ref)
        c = subprocess.run(COMPARE + [ref, fast], capture_output=True, text=True)
        if c.returncode != 0:
            sys.exit(f"FAIL: the batched passes differ from the reference rules:\n{c.stdout}{c.stderr}")
    print(f"{len(SCENARIOS)} scenarios: reference rules and batched passes identical")


if __name__ == "__main__":
    main()
