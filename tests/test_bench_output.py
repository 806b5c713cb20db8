#!/usr/bin/env python3
"""`elevsim bench` prints, for each thread count, the probe, the mental-health
core and the full model as person-years per second per thread and as a
fraction of the probe measured in the same run (the probe itself at 1.00),
then the end-to-end rate of `elevsim run -t 1` (also as a fraction of the full
model), each --also scenario's full model as a fraction of the first's, and the
headline estimate.
Small scale, one replication: a few seconds."""
import os
import pathlib
import re
import subprocess
import sys

E = os.path.abspath(sys.argv[1])
SRC = pathlib.Path(__file__).resolve().parent.parent
S = str(SRC / "scenarios" / "baseline.toml")
G = str(SRC / "scenarios" / "package-needs-weighted.toml")

p = subprocess.run([E, "bench", S, "-t", "2", "-r", "1", "--scale", "0.01", "--also", G], capture_output=True, text=True)
if p.returncode != 0:
    sys.exit(f"FAIL: bench exited {p.returncode}: {p.stderr}")
out = p.stdout
print(out)

LINE = r"^  {name:<22} +(\d+\.\d\d) M person-years/s/thread +(\d+\.\d\d) of probe$"


def rates(name):
    found = [(float(a), float(b)) for a, b in re.findall(LINE.format(name=re.escape(name)), out, re.M)]
    return found


for name, count in [("probe", 2), ("mental-health core", 2), ("full model", 2), ("end to end", 1),
                    ("package-needs-weighted", 1)]:
    got = rates(name)
    if len(got) != count:
        sys.exit(f"FAIL: expected {count} '{name}' line(s) with a rate and a fraction of the probe, got {len(got)}")
    for rate, frac in got:
        if not rate > 0:
            sys.exit(f"FAIL: {name}: rate {rate} is not positive")
        if name == "probe" and frac != 1.0:
            sys.exit(f"FAIL: the probe is {frac} of itself")
        # the full model does the probe's work and more; generous for a loaded machine
        if name in ("full model", "end to end") and not 0 <= frac < 1.5:
            sys.exit(f"FAIL: {name} at {frac} of the probe")
for what in ("of the full model on 1 thread", "of the first scenario"):
    if not re.search(rf"^ +\d+\.\d\d {what}$", out, re.M):
        sys.exit(f"FAIL: no line with a fraction '{what}'")
bad = subprocess.run([E, "bench", S, "--scale", "0.01", "--also", "no-such.toml"], capture_output=True, text=True)
if bad.returncode != 2 or "no-such.toml" not in bad.stderr or "threads 1" in bad.stdout:
    sys.exit(f"FAIL: a missing --also scenario should fail at once with exit 2, got {bad.returncode}: {bad.stderr}")
for t in (1, 2):
    if not re.search(rf"^threads {t}: \d+ person-years$", out, re.M):
        sys.exit(f"FAIL: no 'threads {t}' header")
if not re.search(r"^  thread 0, seconds: synthesis [\d.]+, init [\d.]+, .*mental_health [\d.]+.*, results [\d.]+$", out, re.M):
    sys.exit("FAIL: no per-module seconds line")
if not re.search(r"headline run .* estimated at [\d.]+ min on 2 threads", out):
    sys.exit("FAIL: no headline estimate")
print("bench output ok")
