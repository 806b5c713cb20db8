#!/usr/bin/env python3
"""Every number in params/ has a source, and docs/evidence.md covers every one.

Fails, naming file, line and key, when

1. a params file does not point to docs/evidence.md in its first line;
2. a key of a params/*.toml file has no source line. A key on line L has one when
   a. the comment on line L itself (after an unquoted `#`) holds a grade mark, or
   b. the nearest block of whole-line comments above L holds one, the block found by
      walking up from L over other key lines only: a blank line or a table header
      ends the walk (so one comment heads the keys that follow it up to the next
      blank line, header or comment block), or
   c. the key lies in a table, or under a table, with a `source` key (a record of
      targets.toml, validation.toml or psa_groups.toml) whose string holds a grade mark,
      or whose record has `grade = "F"|"D"|"A"|"S"`: that string is the table's source
      line, for the table's every key and its sub-tables' (an element of an array of
      tables, [[group]], is a table of its own);
   a grade mark being [F], [D], [A] or [S], alone or opening a bracket with a
   qualifier ([D from A], [A: ...], [S FG 5.25]), or the word "calibrated", or
   "fitted to" (the wording `elevsim calibrate --write` gives every value it writes);
3. docs/evidence.md does not cover a key: under the heading naming the file
   (`params/NAME`), a table row whose first cell is the key in backticks, below a
   heading holding the table's name in backticks and brackets (`[schooling]`).
   A record table (one with a `source` key; an array of tables as a whole) and a table
   keyed by county names is covered by one row whose first cell holds the table's name
   in backticks, and
   then each key name it uses must appear in backticks somewhere in the file's part;
4. docs/evidence.md does not cover a column of a params/*.csv file (a row whose
   first cell is the column in backticks, under the file's heading), or the CSV's
   comment header does not mention the column.
Runs with Debian 12's /usr/bin/python3 (tomllib, 3.11); the argument (elevsim) is unused.
"""
import pathlib
import re
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
PARAMS = ROOT / "params"
EVIDENCE = ROOT / "docs" / "evidence.md"
LINK = "docs/evidence.md"

GRADE = re.compile(r"\[(?:F|D|A|S)(?:\]|[ :,/][^\]]*\])|\bcalibrated\b|\bfitted to\b", re.IGNORECASE)
HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
KEY = re.compile(r'^\s*("(?:[^"\\]|\\.)*"|[A-Za-z0-9_\-]+)\s*=\s*(.*)$')


def comment_of(rest):
    """The comment of a value's remainder: text after the first # outside a string."""
    quote = None
    for i, ch in enumerate(rest):
        if quote:
            if ch == "\\" and quote == '"':
                continue
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            return rest[i + 1:]
    return ""


def toml_keys(path):
    """(line, table, key, own comment, comment block above or None) for every key line,
    plus the set of table names; multi-line arrays are skipped to their end."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out, table, depth, arrays = [], "", 0, {}
    prev_key_chain = []  # comment block reachable by walking up over key lines
    block = None  # the nearest whole-line comment block above, for the current run of keys
    pending = []  # whole-line comments being collected
    for n, raw in enumerate(lines, 1):
        line = raw.strip()
        if depth > 0:  # inside a multi-line array
            depth += line.count("[") - line.count("]")
            continue
        if not line:
            pending, block = [], None
            continue
        if line.startswith("#"):
            pending.append(line)
            continue
        if pending:
            block, pending = " ".join(pending), []
        h = HEADER.match(line)
        if h and not KEY.match(line):
            table, block = h.group(1).replace('"', "").strip(), None
            if line.startswith("[["):  # an array of tables: name[i] is its i-th element
                arrays[table] = arrays.get(table, -1) + 1
                table = f"{table}[{arrays[table]}]"
            continue
        m = KEY.match(line)
        if not m:
            continue
        key = m.group(1).strip('"')
        rest = m.group(2)
        out.append((n, table, key, comment_of(rest), block))
        if rest.lstrip().startswith("[") and rest.count("[") > rest.count("]"):
            depth = rest.count("[") - rest.count("]")
    return out


def evidence_parts():
    """{file name: [(heading table or None, first cell of each row) ...], text of its part}."""
    parts, cur, table = {}, None, None
    for line in EVIDENCE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            m = re.search(r"`params/([^`]+)`", line)
            if m and line.startswith("## "):
                cur, table = m.group(1), None
                parts.setdefault(cur, {"rows": [], "text": ""})
                continue
            if line.startswith("## "):
                cur = None
                continue
            t = re.search(r"`\[([^\]`]+)\]`", line)
            if cur and t:
                table = t.group(1)
        if cur is None:
            continue
        parts[cur]["text"] += line + "\n"
        if line.startswith("|"):
            first = line.strip("|").split("|")[0]
            parts[cur]["rows"].append((table, first))
    return parts


def backticked(cell):
    return set(re.findall(r"`([^`]+)`", cell))


def main():
    errors = []
    if not EVIDENCE.exists():
        print(f"test_params_sources: {EVIDENCE.relative_to(ROOT)} is missing")
        return 1
    parts = evidence_parts()
    counties = set()
    pop = PARAMS / "population.csv"
    if pop.exists():
        rows = [l for l in pop.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
        counties = {r.split(",")[0] for r in rows[1:]}
    files = sorted(p for p in PARAMS.iterdir() if p.suffix in (".toml", ".csv"))
    for path in files:
        rel = f"params/{path.name}"
        first = path.read_text(encoding="utf-8").splitlines()[:1]
        if not first or LINK not in first[0]:
            errors.append(f"{rel}:1: the first line does not point to {LINK}")
        part = parts.get(path.name)
        if part is None:
            errors.append(f"{LINK}: no section headed `{rel}` (## heading)")
            part = {"rows": [], "text": ""}
        if path.suffix == ".csv":
            check_csv(path, rel, part, errors)
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as e:
            errors.append(f"{rel}: not valid TOML: {e}")
            continue
        check_toml(path, rel, data, part, counties, errors)
    for e in errors:
        print(e)
    if errors:
        print(f"test_params_sources: {len(errors)} problem(s); the rule is in {pathlib.Path(__file__).name}'s docstring")
        return 1
    print(f"test_params_sources: ok ({len(files)} files)")
    return 0


def table_of(data, name):
    t = data
    for part in [p for p in re.split(r"\.(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", name) if p]:
        m = re.match(r"(.+)\[(\d+)\]$", part)
        key, index = (m.group(1), int(m.group(2))) if m else (part, None)
        t = t.get(key.strip('"'), {}) if isinstance(t, dict) else {}
        if index is not None:
            t = t[index] if isinstance(t, list) and index < len(t) else {}
    return t if isinstance(t, dict) else {}


def record_source(data, table):
    """The `source` string of the table or of the nearest table above it, if any, with the
    record's `grade` (F, D, A or S) as a mark when it has one."""
    parts = table.split(".")
    for n in range(len(parts), 0, -1):
        t = table_of(data, ".".join(parts[:n]))
        s = t.get("source")
        if isinstance(s, str):
            g = t.get("grade")
            return s + (f" [{g}]" if isinstance(g, str) and g in ("F", "D", "A", "S") else "")
    return None


def check_toml(path, rel, data, part, counties, errors):
    rows = part["rows"]
    keys_in_part = backticked(part["text"])
    record_schema, unnamed = {}, set()
    for n, table, key, own, block in toml_keys(path):
        t = table_of(data, table)
        src = record_source(data, table)
        sourced = bool(GRADE.search(own)) or bool(block and GRADE.search(block)) or bool(src and GRADE.search(src))
        where = f"{rel}:{n}: [{table}] {key}"
        if not sourced:
            errors.append(f"{where}: no source line (a grade mark [F]/[D]/[A]/[S] or 'calibrated' beside it, "
                          "in the comment block above it or in its table's `source`)")
        record = "source" in t
        by_county = bool(counties) and all(k in counties for k in t) and len(t) > 0
        if record or by_county:
            name = re.sub(r"\[\d+\]$", "", table)  # an array of tables is named once
            named = any(name in backticked(c) or f"[{name}]" in backticked(c) or f"[[{name}]]" in backticked(c)
                        for _, c in rows)
            if not named and name not in unnamed:
                unnamed.add(name)
                errors.append(f"{where}: {LINK} has no row naming the table `{name}` under `{rel}`")
            if record and key not in keys_in_part:
                record_schema.setdefault(key, where)
            continue
        covered = any(h == table and key in backticked(c) for h, c in rows)
        if not covered:
            errors.append(f"{where}: not covered in {LINK} (a row `{key}` under a heading `[{table}]` in the "
                          f"`{rel}` section)")
    for key, where in record_schema.items():
        errors.append(f"{where}: the record key `{key}` is not described in {LINK}'s `{rel}` section")


def check_csv(path, rel, part, errors):
    lines = path.read_text(encoding="utf-8").splitlines()
    comments = " ".join(l for l in lines if l.startswith("#"))
    header_n, header = next(((n, l) for n, l in enumerate(lines, 1) if l and not l.startswith("#")), (0, ""))
    cells = [c for _, c in part["rows"]]
    for col in header.split(","):
        col = col.strip()
        if not col:
            continue
        where = f"{rel}:{header_n}: column {col}"
        if col not in comments and col not in ("county", "source"):
            errors.append(f"{where}: the file's comment header does not say what the column holds or where it comes from")
        if not any(col in backticked(c) for c in cells):
            errors.append(f"{where}: not covered in {LINK} (a row `{col}` in the `{rel}` section)")


if __name__ == "__main__":
    sys.exit(main())
