#!/usr/bin/env python3
"""Modules talk through declared pupil fields: each module's `kFields` (the
People members it writes and reads, in its header) must match what its source
(NAME.hpp, NAME.cpp and the NAME_*.cpp it is split into) does with the pupils, every
field has one writing module (population synthesis sets the fixed ones
before), every field read is written by someone, and the README's
architecture table lists the same fields; a field People declares as
owned (PupilField<T, Owner>, which the compiler lets only Owner write) is
declared written by its owner; no model module names an intervention (policy
turns interventions into levers). Reads the text only; a
write is an assignment, compound assignment, increment, std::fill or a
non-const pointer taken with .data(), or a list-shaped field's
push_back/clear."""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
ENGINE = ROOT / "engine"

WRITE_PATTERNS = [
    re.compile(r"\bP\.(\w+)\[[^\]]*\]\s*(?:=(?!=)|\+=|-=|\*=|/=|\|=|&=|\+\+|--)"),
    re.compile(r"(?:\+\+|--)\s*P\.(\w+)\["),
    re.compile(r"std::fill\(\s*P\.(\w+)\.begin\(\)"),
    re.compile(r"(?<!const )\b\w+\*\s*\w+\s*=\s*P\.(\w+)\.data\(\)"),
    # list-shaped fields (this year's contacts, this year's treatment)
    re.compile(r"\bP\.(\w+)\.(?:push_back|emplace_back|clear|assign|resize)\("),
    # an owned field's write access (core/pupil_field.hpp), and synthesis's to one it draws
    re.compile(r"\bP\.(\w+)\.write\("),
    re.compile(r"\bP\.(\w+)_at_synthesis\("),
]


# the owner of the fixed fields (PupilField<T, Synthesis>): population synthesis, core/population.cpp
SYNTHESIS = "Synthesis"


def people_fields():
    """(every People field, {owned field: its owner module}): an owned field is a
    PupilField<T, Owner>, which only Owner can write (the compiler holds to it)"""
    text = (ENGINE / "core" / "people.hpp").read_text(encoding="utf-8")
    body = text[text.index("struct People {"):]
    body = body[: body.index("\n};")]
    fields, owners = [], {}
    for line in body.splitlines():
        m = re.match(r"\s*std::vector<[\w:]+>\s+([\w\s,]+);", line)
        if m:
            fields += [f.strip() for f in m.group(1).split(",")]
        m = re.match(r"\s*PupilField<[\w:]+,\s*(\w+)>\s+([\w\s,]+);", line)
        if m:
            for f in m.group(2).split(","):
                fields.append(f.strip())
                owners[f.strip()] = m.group(1)
    return fields, owners


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def uses(cpp_text):
    """(fields used, fields written, other ways the source reaches the pupils)"""
    text = strip_comments(cpp_text)
    used = set(re.findall(r"\bP\.(\w+)", text))
    written = set()
    for pat in WRITE_PATTERNS:
        written |= set(pat.findall(text))
    stray = [m.group(0) for m in re.finditer(r"sim\.people\b[^;]*", text)
             if not re.search(r"People&\s+P\s*=\s*sim\.people\s*$", text[max(0, m.start() - 40):m.end()])]
    return used, written, stray


def declared(header_text, cls):
    m = re.search(r"static constexpr PupilFields kFields\{(.*?)\};", header_text, re.S)
    if not m:
        return None
    parts, cur = [], ""
    for lit_or_comma in re.findall(r'"[^"]*"|,', m.group(1)):
        if lit_or_comma == ",":
            parts.append(cur)
            cur = ""
        else:
            cur += lit_or_comma[1:-1]
    parts.append(cur)
    if len(parts) != 2:
        raise SystemExit(f"{cls}: kFields must be {{writes, reads}}")
    return set(parts[0].split()), set(parts[1].split())


def module_order():
    text = (ENGINE / "run" / "modules.cpp").read_text(encoding="utf-8")
    return re.findall(r"std::make_unique<(\w+)>", text)


def module_files(cls):
    """(the header declaring cls, its sources: the header's .cpp and those named
    after it, e.g. schooling_enrolled.cpp, schooling_reference.cpp)"""
    for h in ENGINE.glob("*/*.hpp"):
        t = h.read_text(encoding="utf-8")
        if re.search(rf"class {cls}\s*:\s*public Module\b", t):
            # its source: NAME.cpp and the files it is split into, NAME_*.cpp
            return h, [h.with_suffix(".cpp")] + sorted(h.parent.glob(h.stem + "_*.cpp"))
    raise SystemExit(f"no header declares class {cls} : public Module")


def readme_rows():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    sec = text[text.index("## Architecture"):]
    sec = sec[: sec.index("\n## ", 3)]
    rows = {}
    for line in sec.splitlines():
        cols = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cols) != 4 or not line.startswith("|"):
            continue
        m = re.match(r"`(\w+)`", cols[1])
        name = m.group(1) if m else cols[1]
        rows[name] = (set(re.findall(r"`(\w+)`", cols[2])), set(re.findall(r"`(\w+)`", cols[3])))
    return rows


def main():
    field_list, owners = people_fields()
    fields = set(field_list)
    errors = []
    if len(owners) < 3:
        errors.append(f"engine/core/people.hpp: found only {len(owners)} owned fields (PupilField); the parser is out of date")
    if len(fields) < 20:
        errors.append(f"engine/core/people.hpp: found only {len(fields)} People fields; the parser is out of date")
    synth_used, synth_written, _ = uses((ENGINE / "core" / "population.cpp").read_text(encoding="utf-8"))
    writer = {f: "population synthesis" for f in synth_written}
    decl = {}
    for cls in module_order():
        h, cpps = module_files(cls)
        d = declared(h.read_text(encoding="utf-8"), cls)
        if d is None:
            errors.append(f"{h.relative_to(ROOT)}: {cls} declares no kFields")
            continue
        writes, reads = d
        decl[cls] = d
        # the header too: an inline member function defined there reaches the pupils as well
        where = f"{', '.join(str(c.relative_to(ROOT)) for c in [h, *cpps])} ({cls})"
        used, written, stray = uses("\n".join(c.read_text(encoding="utf-8") for c in [h, *cpps]))
        for s in stray:
            errors.append(f"{where}: reaches the pupils other than through `People& P = sim.people`: {s}")
        for f in sorted((writes | reads) - fields):
            errors.append(f"{h.relative_to(ROOT)}: kFields names {f}, which is not a People field")
        for f in sorted(writes & reads):
            errors.append(f"{h.relative_to(ROOT)}: kFields lists {f} as both written and read (list it once, as written)")
        for f in sorted(used - writes - reads):
            errors.append(f"{where}: uses P.{f} but kFields does not declare it")
        for f in sorted((writes | reads) - used):
            errors.append(f"{where}: kFields declares {f} but the source never uses it")
        for f in sorted(written - writes):
            errors.append(f"{where}: writes P.{f} but kFields declares it {'read' if f in reads else 'unused'}")
        for f in sorted(writes - written):
            errors.append(f"{where}: kFields declares {f} written, but the source only reads it")
        for f in sorted(writes):
            # a module may change a synthesised field (Schooling lowers achievement), not another module's
            if writer.get(f, "population synthesis") != "population synthesis":
                errors.append(f"{where}: writes {f}, which {writer[f]} writes too (one writer per field)")
            writer[f] = cls
    for f, owner in sorted(owners.items()):
        if owner == SYNTHESIS:  # population synthesis, which is no module: it must write the field, and only it
            if f not in synth_written:
                errors.append(f"engine/core/people.hpp: {f} is owned by {owner}, but population.cpp does not write it")
            elif writer.get(f) != "population synthesis":
                errors.append(f"{writer[f]} writes {f}, which people.hpp says {owner} owns")
            continue
        if owner not in decl:
            errors.append(f"engine/core/people.hpp: {f} is owned by {owner}, which is not a module of run/modules.cpp")
        elif f not in decl[owner][0]:
            errors.append(f"engine/core/people.hpp: {f} is owned by {owner}, whose kFields does not declare it written")
        if writer.get(f, owner) != owner:
            errors.append(f"{writer[f]} writes {f}, which people.hpp says {owner} owns")
    for cls, (writes, reads) in decl.items():
        for f in sorted(reads - set(writer)):
            errors.append(f"{cls} reads {f}, which no module writes")
    # levers speak the model's terms: no model module names an intervention
    cat = (ENGINE / "core" / "intervention_catalogue.hpp").read_text(encoding="utf-8")
    enumerators = re.findall(r"\b(k[A-Z]\w*)\b", cat[cat.index("enum Intervention"):cat.index("};")])
    if len(enumerators) < 3:
        errors.append("engine/core/intervention_catalogue.hpp: found no enumerators; the parser is out of date")
    for cls in decl:
        h, cpps = module_files(cls)
        if h.parent.name != "model":
            continue
        for f in [h, *cpps]:
            for n, line in enumerate(strip_comments(f.read_text(encoding="utf-8")).splitlines(), 1):
                for e in enumerators:
                    if re.search(rf"\b{e}\b", line):
                        errors.append(f"{f.relative_to(ROOT)}: {cls} names the intervention {e}; read a lever instead")
    rows = readme_rows()
    for cls, (writes, reads) in decl.items():
        if cls not in rows:
            errors.append(f"README.md: the architecture table has no row for `{cls}`")
            continue
        rw, rr = rows[cls]
        if (rw & fields) != writes:
            errors.append(f"README.md: `{cls}` writes {sorted(rw & fields)} in the table, {sorted(writes)} in kFields")
        if (rr & fields) != reads:
            errors.append(f"README.md: `{cls}` reads {sorted(rr & fields)} in the table, {sorted(reads)} in kFields")
    for e in errors:
        print(e)
    print(f"{len(decl)} modules checked against {len(fields)} pupil fields: {'FAIL' if errors else 'ok'}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
