#!/usr/bin/env python3
"""engine/ layering: every #include names a header of the file's own layer or a
lower one, the model reaches no HDF5 or report code, and engine/ has no source
at its top level. The CMake libraries enforce the same at compile time; this
check names the offending line, and also catches a header that only compiles
by accident (a system include path that happens to hold it)."""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent / "engine"
LAYERS = ["input", "core", "model", "policy", "io", "analysis", "run", "optimise", "report", "serve", "cli"]
FORBIDDEN_IN_MODEL = re.compile(r"^(hdf5|H5[A-Za-z_]*|h5|h5_writer|shards|query|report_[a-z_]+|locale)(\.h|\.hpp)$")


def includes(path):
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = re.match(r'\s*#\s*include\s*([<"])([^>"]+)[>"]', line)
        if m:
            yield n, m.group(1) == "<", m.group(2)


def main():
    errors = []
    top = [p.name for p in ROOT.iterdir() if p.is_file() and p.suffix in (".cpp", ".hpp", ".h", ".c")]
    if top:
        errors.append(f"engine/ holds sources at its top level: {', '.join(sorted(top))}")
    owner = {}
    for layer in LAYERS:
        for p in (ROOT / layer).glob("*"):
            owner[p.name] = layer
    owner["version.hpp"] = "io"  # generated into the build tree; the run files carry it
    checked = 0
    for layer in LAYERS:
        for p in sorted((ROOT / layer).glob("*.[ch]pp")):
            for n, system, name in includes(p):
                where = f"engine/{layer}/{p.name}:{n}"
                base = pathlib.PurePath(name).name
                if layer in ("input", "core", "model", "policy") and FORBIDDEN_IN_MODEL.match(base):
                    errors.append(f"{where}: includes {name}, but the model layers use no HDF5 or report code")
                if system:
                    continue
                checked += 1
                if base not in owner:
                    errors.append(f"{where}: includes {name}, which no layer holds")
                elif LAYERS.index(owner[base]) > LAYERS.index(layer):
                    errors.append(f"{where}: includes {name} from {owner[base]}/, a layer above {layer}/")
    for e in errors:
        print(e)
    print(f"{checked} includes checked, {len(errors)} layering errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
