"""Output that cannot destroy: what `run`, `merge`, `report` and `export` do
with outputs that are devices, FIFOs or folders, with existing outputs (refused
without --force), with a missing folder (refused before simulating), with a full
disk (a size-limited file: RLIMIT_FSIZE with SIGXFSZ ignored) and with SIGINT
or SIGTERM mid-run: one error line, exit below 128 (or death by the signal),
the target untouched and no temporary file left.

Usage: /usr/bin/python3 tests/test_output_safety.py PATH/TO/elevsim
"""
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time

binary = sys.argv[1]
work = tempfile.mkdtemp(prefix="elevsim-output-")


def run_cmd(reps=2, scale="0.02"):
    return [binary, "run", "scenarios/baseline.toml", "-r", str(reps), "--scale", scale, "-q", "-t", "2"]


RUN = run_cmd()
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def leftovers(folder):
    return [n for n in os.listdir(folder) if ".partial" in n or n.endswith(".checkpoint")]


def refused(name, argv, pattern, limit_kb=None):
    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_kb * 1024, limit_kb * 1024))
    t0 = time.time()
    p = subprocess.run(argv, capture_output=True, text=True, preexec_fn=limit if limit_kb else None)
    lines = p.stderr.strip().splitlines()
    if not (0 < p.returncode < 128):
        fail(f"{name}: exit {p.returncode}, stderr {p.stderr[-300:]!r}")
    elif len(lines) != 1 or pattern not in lines[0]:
        fail(f"{name}: expected one line with {pattern!r}, got {p.stderr[-400:]!r}")
    print(f"{name}: exit {p.returncode} in {time.time() - t0:.2f} s: {lines[-1] if lines else ''}")


good = os.path.join(work, "good.h5")
subprocess.run(RUN + ["-o", good], check=True)

# outputs that are not regular files: refused, and left as they were
fifo = os.path.join(work, "fifo")
os.mkfifo(fifo)
folder = os.path.join(work, "folder")
os.mkdir(folder)
for target, what in ((os.devnull, "device"), (fifo, "FIFO"), (folder, "folder")):
    refused(f"run -o {what}", RUN + ["-o", target, "--force"], "is not a regular file")
    refused(f"merge -o {what}", [binary, "merge", good, "-o", target, "--force"], "is not a regular file")
    refused(f"report -o {what}", [binary, "report", good, "-o", target, "--force"], "is not a regular file")
if not stat.S_ISFIFO(os.stat(fifo).st_mode) or not stat.S_ISCHR(os.stat(os.devnull).st_mode):
    fail("a FIFO or device was replaced")
if os.listdir(folder):
    fail("something was written into the folder given as -o")

# an existing output: refused without --force (before the simulation), replaced with it
before = os.stat(good).st_mtime_ns
refused("run over an existing output", run_cmd(50) + ["-o", good], "exists; pass --force")
if os.stat(good).st_mtime_ns != before:
    fail("an existing output was touched without --force")
subprocess.run(RUN + ["-o", good, "--force"], check=True)
html = os.path.join(work, "good.html")
subprocess.run([binary, "report", good, "-o", html], check=True, capture_output=True)
refused("report over an existing output", [binary, "report", good, "-o", html], "exists; pass --force")
subprocess.run([binary, "report", good, "-o", html, "--force"], check=True, capture_output=True)
csv = os.path.join(work, "csv")
subprocess.run([binary, "export", good, "--csv", csv], check=True, capture_output=True)
refused("export over an earlier export", [binary, "export", good, "--csv", csv], "exists; pass --force")
subprocess.run([binary, "export", good, "--csv", csv, "--force"], check=True, capture_output=True)
refused("merge over an existing output", [binary, "merge", good, "-o", html], "exists; pass --force")

# a missing folder is refused at once, not after the simulation
refused("run into a missing folder", run_cmd(200) + ["-o", os.path.join(work, "nowhere", "x.h5")],
        "does not exist")
# export checks its input before it creates its folder
refused("export of a missing file", [binary, "export", os.path.join(work, "missing.h5"), "--csv", csv + "2"],
        "cannot open")
if os.path.exists(csv + "2"):
    fail("export created its folder for an input it could not read")

# a full disk: every writer reports it in one line and leaves nothing behind
full = os.path.join(work, "full")
os.mkdir(full)
for name, argv in (
        ("run", RUN + ["-o", os.path.join(full, "a.h5")]),
        ("run --checkpoint-every 1", RUN + ["-o", os.path.join(full, "b.h5"), "--checkpoint-every", "1"]),
        ("merge", [binary, "merge", good, "-o", os.path.join(full, "m.h5")]),
        ("report", [binary, "report", good, "-o", os.path.join(full, "r.html")]),
        ("export", [binary, "export", good, "--csv", os.path.join(full, "csv")])):
    refused(f"{name} on a full disk", argv, "", limit_kb=200)
    if os.listdir(full):
        fail(f"{name} on a full disk left {os.listdir(full)}")
        shutil.rmtree(full)
        os.mkdir(full)

# SIGINT and SIGTERM mid-run remove the temporary file
for sig in (signal.SIGINT, signal.SIGTERM):
    out = os.path.join(work, "sig.h5")
    p = subprocess.Popen(run_cmd(400, "0.05") + ["-o", out])
    for _ in range(500):
        if any(".partial" in n for n in os.listdir(work)):
            break
        time.sleep(0.01)
    p.send_signal(sig)
    p.wait()
    if p.returncode != -sig and p.returncode != 128 + sig:
        fail(f"signal {sig}: exit {p.returncode}")
    if leftovers(work) or os.path.exists(out):
        fail(f"signal {sig} left {leftovers(work)}")
    print(f"signal {sig.name}: exit {p.returncode}, nothing left")

shutil.rmtree(work)
if failures:
    sys.exit(1)
print("output safety: all cases refused or cleaned up")
