"""The analyst examples in scripts/ run on a fresh run and agree with each other:
Python with xarray plots disorder prevalence with its interval (a PNG), R with
hdf5r reads the same dataset and prints the same figures.

Usage: /usr/bin/python3 tests/test_examples.py PATH/TO/elevsim
"""
import os
import subprocess
import sys
import tempfile

binary = sys.argv[1]


def rows(text):
    out = {}
    for line in text.strip().splitlines():
        name, year, *nums = line.split(",")
        out[(name, int(year))] = [float(x) for x in nums]
    return out


with tempfile.TemporaryDirectory() as tmp:
    h5 = os.path.join(tmp, "run.h5")
    subprocess.run([binary, "--params", "params", "run", "scenarios/baseline.toml", "tests/scenarios/prevention.toml",
                    "-r", "4", "--scale", "0.03", "--seed", "31", "-q", "-o", h5], check=True)
    png = os.path.join(tmp, "prevalence.png")
    py = subprocess.run(["/usr/bin/python3", "scripts/example_xarray_plot.py", h5, png], check=True,
                        capture_output=True, text=True).stdout
    r = subprocess.run(["Rscript", "scripts/example_hdf5r_read.R", h5], check=True, capture_output=True,
                       text=True).stdout
    with open(png, "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert os.path.getsize(png) > 10000, os.path.getsize(png)
    a, b = rows(py), rows(r)
    assert len(a) == 2 * 10 and a.keys() == b.keys(), (a.keys(), b.keys())
    for k in a:
        assert all(abs(x - y) < 2e-6 for x, y in zip(a[k], b[k])), (k, a[k], b[k])
        mean, lo, hi = a[k]
        assert lo <= mean <= hi and 4 < mean < 12, (k, a[k])
    # the scenario with less onset has visibly less disorder than the reference
    assert a[("prevention", 2034)][0] < a[("baseline", 2034)][1], (a[("prevention", 2034)], a[("baseline", 2034)])
print("python (xarray, matplotlib) and R (hdf5r) examples agree: ok")
