#!/usr/bin/env python3
"""engine/model/ holds the model's rules, not its vector kernels: no file there
uses intrinsics (or their headers), a target attribute, __restrict, or
reinterprets a float's bits (memcpy into an integer, std::bit_cast,
reinterpret_cast); those live once in core/ (draw_block, flag_pass). And no
model source file is over 400 lines. PENDING lists the files not yet brought
to this (issue 20); an entry that passes fails the check until it is removed,
so the list only shrinks."""
import pathlib
import re
import sys

MODEL = pathlib.Path(__file__).resolve().parent.parent / "engine" / "model"
MAX_LINES = 400

KERNEL = [
    (re.compile(r"\b_mm\d*_\w+|\b__m(?:128|256|512)\w*|#\s*include\s*<\w*intrin\.h>"), "intrinsics"),
    (re.compile(r"__attribute__\s*\(\(\s*target|\[\[\s*gnu::target"), "a target attribute"),
    (re.compile(r"\b__restrict(?:__)?\b|\brestrict\b"), "__restrict"),
    (re.compile(r"\bbit_cast\b|__builtin_bit_cast|\bmemcpy\s*\(|reinterpret_cast\s*<"), "bit reinterpretation"),
]

# file -> what it still does that it should not: empty since issue 20 brought
# every model file to this; kept so that a known exception is written down here
PENDING = {}


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def findings(path):
    text = path.read_text(encoding="utf-8")
    found = {}
    for n, line in enumerate(strip_comments(text).splitlines(), 1):
        for pat, what in KERNEL:
            if pat.search(line):
                found.setdefault(what, f"{n}: {line.strip()}")
    lines = text.count("\n")
    if path.suffix == ".cpp" and lines > MAX_LINES:
        found["over 400 lines"] = f"{lines} lines"
    return found


def main():
    errors, files = [], sorted(MODEL.glob("*.[ch]pp"))
    if len(files) < 10:
        errors.append(f"engine/model/: found only {len(files)} files")
    for p in files:
        got = findings(p)
        pending = PENDING.get(p.name, set())
        for what, where in sorted(got.items()):
            if what not in pending:
                errors.append(f"engine/model/{p.name}:{where}: {what} in a model file (core/ holds the kernels)")
        for what in sorted(pending - set(got)):
            errors.append(f"engine/model/{p.name}: no longer has {what}; remove it from PENDING in {__file__}")
    for name in sorted(set(PENDING) - {p.name for p in files}):
        errors.append(f"PENDING names engine/model/{name}, which does not exist")
    for e in errors:
        print(e)
    left = sum(len(v) for v in PENDING.values())
    print(f"{len(files)} model files checked ({left} known exceptions pending in {len(PENDING)} files): "
          f"{'FAIL' if errors else 'ok'}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
