"""Run files crafted to break the readers: a scalar attribute replaced by an
array, dimension scales of the wrong rank or length. Every command that reads
run files (summary, compare, report, export, merge) must refuse each with one
line on stderr and an exit code below 128 (no crash), and leave no output and
no temporary file behind.

Usage: /usr/bin/python3 tests/test_hostile_run_files.py PATH/TO/elevsim
"""
import os
import shutil
import subprocess
import sys
import tempfile

import h5py
import numpy as np

binary = sys.argv[1]
work = tempfile.mkdtemp(prefix="elevsim-hostile-")
base = os.path.join(work, "base.h5")
subprocess.run([binary, "run", "scenarios/baseline.toml", "scenarios/package-per-capita.toml", "-r", "2",
                "--scale", "0.02", "-q", "-o", base], check=True)
STR = h5py.string_dtype()


def replace_attr(obj, name, value, dtype=None):
    del obj.attrs[name]
    obj.attrs.create(name, value, dtype=dtype)


def replace_scale(f, group, name, data):
    """Swaps the scale `name` of `group` for `data`, still marked a dimension scale."""
    g = f[group]
    del g[name]
    ds = g.create_dataset(name, data=data)
    ds.make_scale(name)


def county_labels(n):
    return np.array([f"county {k}" for k in range(n)], dtype=object)


CMP = "comparisons/package-per-capita/dropouts_avoided"
CASES = {
    "seed as an array": lambda f: replace_attr(f, "seed", np.arange(64, dtype=np.int64)),
    "years as an array": lambda f: replace_attr(f, "years", np.full(64, 10, dtype=np.int64)),
    "population_scale as an array": lambda f: replace_attr(f, "population_scale", np.full(64, 0.5)),
    "reference_scenario as an array": lambda f: replace_attr(f, "reference_scenario", ["baseline"] * 64, STR),
    "comparison mean as an array": lambda f: replace_attr(f[CMP], "mean", np.zeros(64)),
    "comparison label as an array": lambda f: replace_attr(f[CMP], "label", ["x" * 100] * 64, STR),
    "dataset dimensions as an array": lambda f: replace_attr(
        f["scenarios/baseline/pupils"], "dimensions", ["replication,year,county,sex,ses,grade"] * 64, STR),
    "2-D replication scale": lambda f: replace_scale(f, "scenarios/baseline", "replication",
                                                     np.arange(200, dtype=np.int64).reshape(10, 20)),
    "2-D county scale": lambda f: replace_scale(f, "scenarios/baseline", "county", county_labels(30).reshape(15, 2)),
    "county scale of 5 labels": lambda f: replace_scale(f, "scenarios/baseline", "county", county_labels(5)),
    "county scale of 20 labels": lambda f: replace_scale(f, "scenarios/baseline", "county", county_labels(20)),
    "county scale of 10000 labels": lambda f: replace_scale(f, "scenarios/baseline", "county", county_labels(10000)),
}


def commands(path, out_dir):
    return {
        "summary": [binary, "summary", path],
        "compare": [binary, "compare", path],
        "report": [binary, "report", path, "-o", os.path.join(out_dir, "report.html")],
        "export": [binary, "export", path, "--csv", os.path.join(out_dir, "csv")],
        "merge": [binary, "merge", path, "-o", os.path.join(out_dir, "merged.h5")],
    }


failures = []
for name, craft in CASES.items():
    case_dir = os.path.join(work, name.replace(" ", "_"))
    os.mkdir(case_dir)
    path = os.path.join(case_dir, "crafted.h5")
    shutil.copy(base, path)
    with h5py.File(path, "r+") as f:
        craft(f)
    out_dir = os.path.join(case_dir, "out")
    os.mkdir(out_dir)
    for cmd, argv in commands(path, out_dir).items():
        p = subprocess.run(argv, capture_output=True, text=True)
        lines = p.stderr.strip().splitlines()
        where = f"{name} / {cmd}"
        if p.returncode == 0 or p.returncode >= 128 or p.returncode < 0:
            failures.append(f"{where}: exit {p.returncode}, stderr {p.stderr[-300:]!r}")
        elif len(lines) != 1 or not lines[0].startswith("elevsim: error: "):
            failures.append(f"{where}: expected one error line, got {p.stderr[-500:]!r}")
        left = os.listdir(out_dir) + [n for n in os.listdir(case_dir) if "partial" in n]
        if left:
            failures.append(f"{where}: left {left}")
            for n in os.listdir(out_dir):
                full = os.path.join(out_dir, n)
                shutil.rmtree(full) if os.path.isdir(full) else os.remove(full)
        print(f"{where}: exit {p.returncode}: {lines[-1] if lines else ''}")

# the untouched file still goes through every command
out_dir = os.path.join(work, "good")
os.mkdir(out_dir)
for cmd, argv in commands(base, out_dir).items():
    p = subprocess.run(argv, capture_output=True, text=True)
    if p.returncode != 0:
        failures.append(f"unmodified file / {cmd}: exit {p.returncode}: {p.stderr}")

shutil.rmtree(work)
if failures:
    print("\n".join(failures), file=sys.stderr)
    sys.exit(1)
print(f"{len(CASES)} crafted files x 5 commands refused cleanly")
