#!/usr/bin/env python3
"""docs/model.md describes the model that is in the tree. Fails, naming what is missing, when

1. a file of params/ (*.toml, *.csv) is not named in it as `params/NAME`;
2. a module class (a class deriving from Module anywhere in engine/) is not named in it in backticks;
3. a path `engine/...` it names in backticks does not exist;
4. a function or member it names in backticks in a "Code:" paragraph or in the "read by" column
   of the parameter-file table (`name`, `Class::name`) appears nowhere in engine/ (a rule moved
   or renamed without the docs);
5. a section heading `## N. ...` has no "Code:" line, except the brief, the overview sections and
   the outputs and parameter-file tables, which name their code in tables;
6. a key of a model parameter file (the TOML files the simulation reads: MODEL_FILES) is not
   named in it (as a word, in backticks or in an equation; county-keyed tables by their name).
Runs with Debian 12's /usr/bin/python3; the argument (elevsim) is unused.
"""
import pathlib
import re
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "model.md"
ENGINE = ROOT / "engine"
MODEL_FILES = ("population.toml", "mental_health.toml", "schooling.toml", "services.toml", "interventions.toml",
               "calibrated.toml")
NO_CODE_LINE = ("Specification in brief", "Time, the year loop and the modules", "Outputs", "Parameter files")


def main():
    errors = []
    if not DOC.exists():
        print("test_model_docs: docs/model.md is missing")
        return 1
    doc = DOC.read_text(encoding="utf-8")
    ticked = set(re.findall(r"`([^`\n]+)`", doc))
    for p in sorted((ROOT / "params").iterdir()):
        if p.suffix in (".toml", ".csv") and f"params/{p.name}" not in ticked:
            errors.append(f"docs/model.md: does not name the parameter file `params/{p.name}`")
    sources = {p: p.read_text(encoding="utf-8", errors="replace")
               for p in ENGINE.rglob("*") if p.suffix in (".cpp", ".hpp", ".h", ".in")}
    code = "\n".join(sources.values())
    for p, text in sorted(sources.items()):
        for m in re.finditer(r"\bclass\s+(\w+)\s*(?:final\s*)?:\s*public\s+Module\b", text):
            if m.group(1) not in ticked:
                errors.append(f"{p.relative_to(ROOT)}: module class {m.group(1)} is not named in docs/model.md")
    for t in sorted(ticked):
        if t.startswith("engine/") and not (ROOT / t).exists():
            errors.append(f"docs/model.md: names `{t}`, which does not exist")
    code_refs = [(s, para) for s, para in paragraphs(doc) if para.startswith("Code:")]
    # the parameter-file table's "read by" column names functions too
    code_refs += [(n, line.split("|")[2]) for n, line in enumerate(doc.splitlines(), 1)
                  if line.startswith("| `params/") and line.count("|") >= 4]
    for para_start, para in code_refs:
        for name in re.findall(r"`([A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)?)`", para):
            parts = name.split("::")
            if not all(re.search(rf"\b{re.escape(x)}\b", code) for x in parts):
                errors.append(f"docs/model.md:{para_start}: `{name}` is not defined anywhere in engine/")
            elif len(parts) == 2 and not re.search(rf"\b{parts[0]}::{parts[1]}\b|\b{parts[1]}\s*\(", code):
                errors.append(f"docs/model.md:{para_start}: `{name}` is not a member found in engine/")
    for n, title, body in sections(doc):
        if title not in NO_CODE_LINE and "\nCode:" not in "\n" + body:
            errors.append(f"docs/model.md:{n}: section '{title}' does not say which code implements it (a 'Code:' line)")
    plain = doc.replace("\\_", "_")
    for name in MODEL_FILES:
        path = ROOT / "params" / name
        if path.exists():
            for key in keys(tomllib.loads(path.read_text(encoding="utf-8"))):
                if not re.search(rf"(?<![A-Za-z0-9_]){re.escape(key)}(?![A-Za-z0-9_])", plain):
                    errors.append(f"params/{name}: key {key} is not named in docs/model.md")
    for e in errors:
        print(e)
    if errors:
        print(f"test_model_docs: {len(errors)} problem(s)")
        return 1
    print("test_model_docs: ok")
    return 0


def keys(table):
    """Leaf keys; an uncertain value { value, low, high, dist } is one key; tables keyed by
    county (capitalised names) count by the table's own name."""
    for k, v in table.items():
        if isinstance(v, dict) and not {"value", "dist"} <= v.keys():
            if v and all(c[:1].isupper() for c in v):
                yield k
            else:
                yield from keys(v)
        else:
            yield k


def paragraphs(doc):
    start, cur = 0, []
    for n, line in enumerate(doc.splitlines(), 1):
        if line.strip():
            if not cur:
                start = n
            cur.append(line)
        elif cur:
            yield start, " ".join(cur)
            cur = []
    if cur:
        yield start, " ".join(cur)


def sections(doc):
    n0, title, body = 0, None, []
    for n, line in enumerate(doc.splitlines(), 1):
        m = re.match(r"## \d+\. (.+)", line)
        if m:
            if title:
                yield n0, title, "\n".join(body)
            n0, title, body = n, m.group(1).strip(), []
        elif title:
            body.append(line)
    if title:
        yield n0, title, "\n".join(body)


if __name__ == "__main__":
    sys.exit(main())
