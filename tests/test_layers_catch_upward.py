#!/usr/bin/env python3
"""The layering check fails on an upward include in any form: a copy of engine/
with one include added that runs upward (`#include <output_file.hpp>`, io/, in
core/text_hash.hpp; `#include "report_html.hpp"` in model/sim.hpp; a header of
no layer) makes tests/test_layers.py fail and name the line, and the untouched
copy passes. (The build's own refusal is the ctest
layers_upward_include_does_not_compile.)"""
import pathlib
import shutil
import subprocess
import sys
import tempfile

SRC = pathlib.Path(__file__).resolve().parent.parent
CHECK = [sys.executable, str(SRC / "tests" / "test_layers.py"), "--engine"]


def check(engine):
    p = subprocess.run(CHECK + [str(engine)], capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def with_line(engine, rel, line):
    f = engine / rel
    text = f.read_text(encoding="utf-8")
    # after the first line (#pragma once), like any include
    head, rest = text.split("\n", 1)
    f.write_text(f"{head}\n{line}\n{rest}", encoding="utf-8")


def main():
    failures = []
    cases = [
        ("core/text_hash.hpp", "#include <output_file.hpp>", "engine/core/text_hash.hpp:2: includes output_file.hpp from io/"),
        ("model/sim.hpp", '#include "report_html.hpp"', "engine/model/sim.hpp:2: includes report_html.hpp"),
        ("input/params.hpp", "#  include   <mental_health.hpp>", "engine/input/params.hpp:2: includes mental_health.hpp from model/"),
        ("policy/grants.hpp", '#include "io/h5.hpp"', "engine/policy/grants.hpp:2: includes io/h5.hpp"),
    ]
    with tempfile.TemporaryDirectory() as d:
        clean = pathlib.Path(d) / "clean"
        shutil.copytree(SRC / "engine", clean)
        rc, out = check(clean)
        if rc != 0:
            failures.append(f"the untouched copy of engine/ fails the check:\n{out}")
        for i, (rel, line, expect) in enumerate(cases):
            bad = pathlib.Path(d) / f"bad{i}"
            shutil.copytree(clean, bad)
            with_line(bad, rel, line)
            rc, out = check(bad)
            if rc == 0 or expect not in out:
                failures.append(f"{rel} with `{line}`: exit {rc}, expected a failure naming `{expect}`:\n{out}")
            else:
                print(f"caught: {rel}: {line}")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
