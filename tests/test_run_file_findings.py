"""Issue 21's findings, one check each: links are refused without being
followed (an external link to another file or to a FIFO, a soft link), values
outside their domain and a scenario stored as a dataset are refused, names
reach the terminal escaped and spreadsheets neutralised, no output is
clobbered (a file that appears at -o during a run survives, .best.toml is not
overwritten, report -o INPUT is refused), the optimiser keeps min_share, bad
option values are refused before any work in one style, a huge run is refused
before it starts, and a file in the old unchecksummed format is refused with
a message that says to re-run.

Usage: /usr/bin/python3 tests/test_run_file_findings.py PATH/TO/elevsim
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np

binary = os.path.abspath(sys.argv[1])
work = tempfile.mkdtemp(prefix="elevsim-findings-")
base = os.path.join(work, "base.h5")
subprocess.run([binary, "run", "scenarios/baseline.toml", "scenarios/los-followup.toml", "-r", "2", "--scale", "0.02",
                "-q", "-t", "2", "-o", base], check=True)
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL", msg)


def fixed(text):
    """A fixed-length UTF-8 string attribute value, as elevsim writes them."""
    b = text.encode()
    return np.array(b, dtype=h5py.string_dtype("utf-8", max(len(b), 1)))


def crafted(name, craft):
    path = os.path.join(work, name.replace(" ", "_") + ".h5")
    shutil.copy(base, path)
    with h5py.File(path, "r+") as f:
        craft(f)
    return path


def refused(what, argv, pattern, timeout=60):
    """One line, the elevsim: error: prefix, exit 2, `pattern` in it, within `timeout` s."""
    t0 = time.time()
    try:
        p = subprocess.run(argv, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        fail(f"{what}: no answer within {timeout} s (hangs)")
        return ""
    err = p.stderr.decode("utf-8", "replace")
    lines = [l for l in err.strip().splitlines() if not l.startswith("elevsim: run: estimated")]
    if p.returncode != 2:
        fail(f"{what}: exit {p.returncode}, expected 2; stderr {err[-400:]!r}")
    elif len(lines) != 1 or not lines[0].startswith("elevsim: error: "):
        fail(f"{what}: expected one error line, got {err[-400:]!r}")
    elif pattern not in lines[0]:
        fail(f"{what}: {pattern!r} not in {lines[0]!r}")
    else:
        print(f"ok {what} ({time.time() - t0:.1f} s): {lines[0][:160]}")
    return err


def readers(path):
    out = os.path.join(work, "out-" + os.path.basename(path))
    os.makedirs(out, exist_ok=True)
    return {"summary": [binary, "summary", path], "compare": [binary, "compare", path],
            "report": [binary, "report", path, "-o", os.path.join(out, "r.html")],
            "export": [binary, "export", path, "--csv", os.path.join(out, "csv")],
            "merge": [binary, "merge", path, "-o", os.path.join(out, "m.h5")]}


def all_refuse(what, path, pattern, timeout=60, skip=()):
    for cmd, argv in readers(path).items():
        if cmd not in skip:
            refused(f"{what} / {cmd}", argv, pattern, timeout)


# --- links: never followed, their target never opened -----------------------------------------------
other = os.path.join(work, "other.h5")
shutil.copy(base, other)
fifo = os.path.join(work, "fifo.h5")
os.mkfifo(fifo)


def external(target):
    def craft(f):
        del f["scenarios/baseline/pupils"]
        f["scenarios/baseline/pupils"] = h5py.ExternalLink(target, "/scenarios/baseline/pupils")
    return craft


all_refuse("external link to another file", crafted("external", external(other)), "external link")
# a FIFO opened would block every reader forever: refused within seconds means it was not opened
all_refuse("external link to a FIFO", crafted("external fifo", external(fifo)), "external link", timeout=20)


def soft(f):
    del f["scenarios/baseline/pupils"]
    f["scenarios/baseline/pupils"] = h5py.SoftLink("/scenarios/los-followup/pupils")


all_refuse("soft link", crafted("soft", soft), "soft link")

# --- values and kinds -------------------------------------------------------------------------------
for label, value in (("NaN count", np.nan), ("negative count", -5.0), ("infinite count", np.inf)):
    def craft(f, value=value):
        d = f["scenarios/baseline/pupils"]
        v = d[()]
        v[0, 0, 0, 0, 0, 0] = value
        d[...] = v
    # compare reads the comparisons only, not the scenarios' datasets
    all_refuse(label, crafted(label, craft), "pupils: expected values in its documented domain", skip=("compare",))


def scenario_as_dataset(f):
    f["scenarios/extra"] = np.zeros(3)


all_refuse("a scenario stored as a dataset", crafted("dataset scenario", scenario_as_dataset), "expected a group")


def empty_reference(f):
    del f.attrs["reference_scenario"]
    f.attrs["reference_scenario"] = fixed("")


refused("an empty reference_scenario", [binary, "summary", crafted("empty reference", empty_reference)],
        "reference_scenario")

# --- names on terminals and in spreadsheets ---------------------------------------------------------
EVIL = "\x1b]0;HACKED\x07\x1b[2J"


def evil_name(f):
    f.move("scenarios/los-followup", "scenarios/" + EVIL)


for cmd, argv in readers(crafted("evil name", evil_name)).items():
    err = refused(f"scenario name with control characters / {cmd}", argv, "\\x1b]0;HACKED\\x07\\x1b[2J")
    if "\x1b" in err or "\x07" in err:
        fail(f"scenario name with control characters / {cmd}: raw control characters on stderr")


def evil_label(f):
    d = f["comparisons/los-followup/dropouts_avoided"]
    del d.attrs["label"]
    d.attrs["label"] = fixed("dropouts" + EVIL)


p = subprocess.run([binary, "compare", crafted("evil label", evil_label)], capture_output=True)
if p.returncode != 0 or b"\x1b" in p.stdout or b"\x07" in p.stdout or b"dropouts\\x1b]0;HACKED" not in p.stdout:
    fail(f"a label with control characters is not printed escaped: exit {p.returncode}, {p.stdout[:300]!r}")
else:
    print("ok compare prints a label's control characters escaped")


FORMULA = '=HYPERLINK("evil.example","x")'


def formula_name(f):
    for g in ("scenarios", "comparisons"):
        f.move(f"{g}/los-followup", f"{g}/" + FORMULA)
    f["decision"].attrs  # the decision group lists scenarios by its own scale: rewritten below
    d = f["decision/scenario"]
    labels = [s.decode() for s in d[()]]
    labels = [FORMULA if s == "los-followup" else s for s in labels]
    d[...] = np.array([s.encode() for s in labels], dtype=d.dtype)


csv_dir = os.path.join(work, "formula-csv")
p = subprocess.run([binary, "export", crafted("formula", formula_name), "--csv", csv_dir], capture_output=True, text=True)
if p.returncode != 0:
    fail(f"export of a file with a formula-like scenario name: exit {p.returncode}: {p.stderr}")
else:
    with open(os.path.join(csv_dir, "summary.csv")) as f:
        text = f.read()
    cells = [c for line in text.splitlines() for c in line.split(",")]
    if any(c.startswith("=") or c.startswith('"=') for c in cells) or '"\'=HYPERLINK(""evil.example""' not in text:
        fail("a scenario name starting with = is not neutralised in summary.csv: " + text[:400])
    else:
        print("ok formula cells neutralised with a leading ' in the CSV export")

# --- no-clobber to the end --------------------------------------------------------------------------
race = os.path.join(work, "race.h5")
proc = subprocess.Popen([binary, "run", "scenarios/baseline.toml", "-r", "6", "--scale", "0.05", "-q", "-t", "1",
                         "-o", race], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
deadline = time.time() + 120
while time.time() < deadline and not any(n.startswith("race.h5.partial-") for n in os.listdir(work)):
    time.sleep(0.05)
with open(race, "w") as f:
    f.write("someone else's file\n")
out, err = proc.communicate(timeout=600)
with open(race) as f:
    survived = f.read() == "someone else's file\n"
kept = [n for n in os.listdir(work) if n.startswith("race.h5.new-")]
if proc.returncode != 2 or not survived or "appeared while this command ran" not in err.decode() or not kept:
    fail(f"no-clobber race: exit {proc.returncode}, survived {survived}, kept {kept}, stderr {err[-300:]!r}")
else:
    print(f"ok a file created at -o during the run survives; the result is kept as {kept[0]}")

# report over its own input, directly and through a symlink
refused("report r.h5 -o r.h5 --force", [binary, "report", base, "-o", base, "--force"], "is the input")
link = os.path.join(work, "link.h5")
os.symlink(base, link)
refused("report r.h5 -o link-to-r.h5 --force", [binary, "report", base, "-o", link, "--force"], "is the input")
refused("run a.toml -o a.toml --force", [binary, "run", "scenarios/baseline.toml", "-o", "scenarios/baseline.toml",
                                         "--force", "-q"], "is the input")
with h5py.File(base, "r") as f:
    assert "scenarios" in f, "the run file was damaged by a refused command"

# optimise: an existing OUT.best.toml is refused before any work, and kept
opt_dir = os.path.join(work, "opt")
os.mkdir(opt_dir)
with open("scenarios/package-per-capita.toml") as f:
    toml = f.read()
bounded = os.path.join(opt_dir, "bounded.toml")
with open(bounded, "w") as f:
    f.write(toml + "\n[optimise.min_share]\nschool_health_fte = 0.8\n")
best = os.path.join(opt_dir, "o.best.toml")
with open(best, "w") as f:
    f.write("# mine\n")
t0 = time.time()
refused("optimise over an existing o.best.toml", [binary, "--params", "params", "optimise", bounded, "--budget", "50e6",
                                                  "-o", os.path.join(opt_dir, "o.h5"), "-q"], "o.best.toml")
with open(best) as f:
    if f.read() != "# mine\n":
        fail("optimise overwrote an existing o.best.toml")
os.remove(best)

# --- errors up front, in one style ------------------------------------------------------------------
opt = [binary, "--params", "params", "optimise", bounded, "-o", os.path.join(opt_dir, "e.h5"), "-q"]
refused("duplicate budgets", opt + ["--budgets", "50e6,50e6"], "--budgets: budget 50e6 given twice", timeout=10)
refused("an empty budget", opt + ["--budgets", "1e6,"], "--budgets", timeout=10)
refused("--budget NaN", opt + ["--budget", "NaN"], "--budget: expected NOK amounts > 0", timeout=10)
refused("--equity-weight with another objective", opt + ["--budget", "50e6", "--equity-weight", "2"],
        "--equity-weight: only used with --objective equity_dropouts", timeout=10)
refused("an option value out of range (CLI11)", [binary, "run", "scenarios/baseline.toml", "-r", "0"], "--replications",
        timeout=10)
refused("an unknown option (CLI11)", [binary, "summary", base, "--nope"], "--nope", timeout=10)
if os.path.exists(os.path.join(opt_dir, "e.h5")):
    fail("a refused optimise left its output")

# --- the optimiser keeps its bounds -----------------------------------------------------------------
p = subprocess.run(opt[:-3] + ["-o", os.path.join(opt_dir, "o.h5"), "--budget", "50e6", "-r", "2", "--scale", "0.01",
                               "-e", "4", "-q"], capture_output=True, text=True)
if p.returncode != 0:
    fail(f"optimise with min_share 0.8: exit {p.returncode}: {p.stderr[-500:]}")
else:
    with h5py.File(os.path.join(opt_dir, "o.h5"), "r") as f:
        shares = f["optimisation/trace/intervention_share"][()]
        names = [s.decode() for s in f["optimisation/trace/intervention"][()]]
        kinds = [s.decode() for s in f["optimisation/trace/kind"][()]]
        best_i = int(f["optimisation/budget_0"].attrs["best_candidate"])
    k = names.index("school_health_fte")
    searched = [i for i, kind in enumerate(kinds) if kind in ("base", "seed", "search")]
    low = [float(shares[i, k]) for i in searched if shares[i, k] < 0.8 - 1e-9]
    with open(os.path.join(opt_dir, "o.best.toml")) as f:
        best_text = f.read()
    if low or shares[best_i, k] < 0.8 - 1e-9 or "projected" not in p.stderr:
        fail(f"min_share 0.8 not kept: candidates below it {low}, answer {shares[best_i, k]}, stderr {p.stderr[-300:]!r}")
    else:
        print(f"ok min_share 0.8 kept by all {len(searched)} candidates and the answer ({shares[best_i, k]:.3f}); "
              "the base was projected and said so")

# --- an estimate before big work --------------------------------------------------------------------
huge = os.path.join(work, "huge.h5")
refused("run -r 1000000 --scale 1", [binary, "run", "scenarios/baseline.toml", "-r", "1000000", "--scale", "1", "-q",
                                     "-o", huge], "--allow-large", timeout=10)
if os.path.exists(huge):
    fail("a refused huge run left its output")

# --- files of elevsim before 0.2 (HDF5 without checksums) --------------------------------------------
old = os.path.join(work, "old.h5")
with h5py.File(old, "w", libver="earliest") as f:
    f.attrs["engine_version"] = "0.1.0"
    f.create_group("scenarios/baseline")
refused("a file in the old unchecksummed format", [binary, "summary", old], "re-run it")

shutil.rmtree(work)
if failures:
    print(f"{len(failures)} failure(s):\n" + "\n".join(failures), file=sys.stderr)
    sys.exit(1)
print("issue 21 findings: all refused, escaped, neutralised or kept as they should be")
