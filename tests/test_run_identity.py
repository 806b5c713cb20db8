#!/usr/bin/env python3
"""Run identity: `elevsim --version` names the git commit the binary was built
from; run files carry it in engine_version with a hash of their parameter and
population texts; merge and --resume refuse files from another commit or other
inputs with one line and exit 2, leaving no output."""
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import h5py

E = os.path.abspath(sys.argv[1])
SRC = pathlib.Path(__file__).resolve().parent.parent
S = str(SRC / "scenarios" / "baseline.toml")


def run(*args, check=True):
    p = subprocess.run([E, *args], capture_output=True, text=True)
    if check and p.returncode != 0:
        sys.exit(f"FAIL: {' '.join(args)}: {p.stderr}")
    return p


def refused(pattern, out, *args):
    p = run(*args, check=False)
    lines = p.stderr.strip().splitlines()
    assert p.returncode == 2, (args, p.returncode, p.stderr)
    assert len(lines) == 1, (args, p.stderr)
    assert re.search(pattern, lines[0]), (pattern, lines[0])
    assert not os.path.exists(out), f"{out} left by a refused {args[0]}"
    print("refused as expected:", lines[0])


def rewrite(path, name, change, group="/"):
    """Rewrites a string attribute in place, keeping its HDF5 type."""
    with h5py.File(path, "r+") as f:
        old = f[group].attrs[name]
        old = old.decode() if isinstance(old, bytes) else str(old)
        new = change(old)
        assert len(new) == len(old) and new != old
        f[group].attrs.modify(name, new)


def other_commit(version):
    """The same version string with another commit in it."""
    base, _, commit = version.partition("+")
    return base + "+" + "".join("0" if c != "0" and c.isalnum() else "1" for c in commit[:12]) + commit[12:]


def main():
    # --version names the commit (or "unknown" outside a git work tree)
    v = run("--version").stdout.strip()
    m = re.fullmatch(r"elevsim \d+\.\d+\.\d+\+(\w+)(-dirty)?", v)
    assert m, v
    git = subprocess.run(["git", "-C", str(SRC), "rev-parse", "--git-dir"], capture_output=True)
    if git.returncode == 0:
        # a commit of this repository (HEAD when the build is current)
        known = subprocess.run(["git", "-C", str(SRC), "cat-file", "-e", m.group(1) + "^{commit}"])
        assert known.returncode == 0, f"{m.group(1)} is no commit of {SRC}"
    else:
        assert m.group(1) == "unknown", v
    print("version:", v)

    w = tempfile.mkdtemp(prefix="elevsim-identity-")
    try:
        os.chdir(w)
        # built from a tarball (no .git): the commit is "unknown"
        os.mkdir("tarball")
        subprocess.run(["cmake", "-DSRC=" + os.path.join(w, "tarball"), "-DIN=" + str(SRC / "engine/core/version.hpp.in"),
                        "-DOUT=" + os.path.join(w, "version.hpp"), "-DVERSION=1.2.3", "-P",
                        str(SRC / "cmake/version.cmake")], check=True)
        assert 'kEngineVersion = "1.2.3+unknown"' in open("version.hpp").read()
        common = [S, "-r", "2", "-s", "5", "--scale", "0.05", "-q"]
        run("run", *common, "--replication-range", "0:1", "-o", "a.h5")
        run("run", *common, "--replication-range", "1:2", "-o", "b.h5")
        with h5py.File("a.h5", "r") as f:
            ver = f.attrs["engine_version"]
            ver = ver.decode() if isinstance(ver, bytes) else str(ver)
            assert ver == v.split()[1], (ver, v)
            h = f["scenarios/baseline"].attrs["inputs_hash"]
            assert re.fullmatch(r"fnv1a64:[0-9a-f]{16}", h.decode() if isinstance(h, bytes) else str(h)), h
        run("merge", "a.h5", "b.h5", "-o", "ok.h5")

        # a shard written by another commit of the engine
        shutil.copy("b.h5", "commit.h5")
        rewrite("commit.h5", "engine_version", other_commit)
        refused(r"commit\.h5: not from the same run as a\.h5: engine version .* where a\.h5 has " + re.escape(ver),
                "out.h5", "merge", "a.h5", "commit.h5", "-o", "out.h5")
        # a shard whose recorded inputs differ
        shutil.copy("b.h5", "inputs.h5")
        rewrite("inputs.h5", "inputs_hash", lambda h: h[:-4] + ("0000" if h[-4:] != "0000" else "1111"),
                "scenarios/baseline")
        refused(r"inputs_hash of scenario baseline", "out.h5", "merge", "a.h5", "inputs.h5", "-o", "out.h5")

        # --resume from a checkpoint another commit wrote
        os.mkdir("run.h5.checkpoint")
        shutil.copy("a.h5", "run.h5.checkpoint/reps-0000000-0000001.h5")
        rewrite("run.h5.checkpoint/reps-0000000-0000001.h5", "engine_version", other_commit)
        refused(r"engine version", "run.h5", "run", *common, "-o", "run.h5", "--resume")
        # ... and from one of this commit, accepted
        shutil.copy("a.h5", "run.h5.checkpoint/reps-0000000-0000001.h5")
        run("run", *common, "-o", "run.h5", "--resume")
        assert os.path.exists("run.h5") and not os.path.exists("run.h5.checkpoint")
    finally:
        os.chdir("/")
        shutil.rmtree(w, ignore_errors=True)
    print("run identity: ok")


if __name__ == "__main__":
    main()
