#!/usr/bin/env python3
"""The vector kernels change no result: the baseline and two grant scenarios
(prevention and follow-up, so the rare paths run too) give bit-identical run
files whether the pupil loops use AVX-512, AVX2 or only the portable code
(ELEVSIM_KERNELS caps what the CPU offers; capping above the CPU changes
nothing). Compared with scripts/compare_h5.py, every dataset and attribute."""
import os
import pathlib
import subprocess
import sys
import tempfile

E = os.path.abspath(sys.argv[1])
SRC = pathlib.Path(__file__).resolve().parent.parent
SCENARIOS = [str(SRC / "scenarios" / f) for f in ("baseline.toml", "package-needs-weighted.toml", "los-followup.toml")]
COMPARE = [sys.executable, str(SRC / "scripts" / "compare_h5.py")]


def run(kernels, out):
    env = dict(os.environ, ELEVSIM_KERNELS=kernels)
    p = subprocess.run([E, "run", *SCENARIOS, "-r", "2", "--scale", "0.02", "--seed", "777", "-t", "2", "-o", out,
                        "--quiet"], capture_output=True, text=True, env=env)
    if p.returncode != 0:
        sys.exit(f"FAIL: run with ELEVSIM_KERNELS={kernels}: {p.stderr}")
    if p.stderr.strip():
        sys.exit(f"FAIL: ELEVSIM_KERNELS={kernels} printed: {p.stderr}")


def main():
    with tempfile.TemporaryDirectory() as d:
        files = {k: os.path.join(d, k + ".h5") for k in ("avx512", "avx2", "portable")}
        for k, f in files.items():
            run(k, f)
        for k in ("avx2", "portable"):
            c = subprocess.run(COMPARE + [files["avx512"], files[k]], capture_output=True, text=True)
            if c.returncode != 0:
                sys.exit(f"FAIL: {k} kernels differ from the widest the CPU runs:\n{c.stdout}{c.stderr}")
            print(f"{k}: identical to the widest kernels")
        # an unknown value is named on stderr and ignored
        env = dict(os.environ, ELEVSIM_KERNELS="sse9")
        p = subprocess.run([E, "run", SCENARIOS[0], "-r", "1", "--scale", "0.01", "-o", os.path.join(d, "x.h5"),
                            "--quiet"], capture_output=True, text=True, env=env)
        if p.returncode != 0 or "ELEVSIM_KERNELS=sse9 ignored" not in p.stderr:
            sys.exit(f"FAIL: an unknown ELEVSIM_KERNELS should be named and ignored: {p.returncode} {p.stderr}")
    print("kernels identical")


if __name__ == "__main__":
    main()
