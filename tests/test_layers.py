#!/usr/bin/env python3
"""engine/ layering: every #include, "..." or <...>, that names a header of
engine/ names one of the file's own layer or a lower one, in the order of
engine/layers.txt (the one list; CMakeLists.txt reads it too); the model
reaches no HDF5 or report code, and engine/ has no source at its top level.
The build enforces the same (each layer a library linking only those below,
each header compiled alone in its layer); this check names the offending line.

  test_layers.py [ELEVSIM] [--engine DIR]   (default: the engine/ beside tests/;
  ctest passes the binary first, unused)"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent / "engine"
FORBIDDEN_IN_MODEL = re.compile(r"^(hdf5|H5[A-Za-z_]*|h5|h5_writer|shards|query|report_[a-z_]+|locale)(\.h|\.hpp)$")


def includes(path):
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = re.match(r'\s*#\s*include\s*([<"])([^>"]+)[>"]', line)
        if m:
            yield n, m.group(1) == "<", m.group(2)


def layers(root):
    """engine/layers.txt: one layer a line, lowest first, # comments"""
    names = []
    for line in (root / "layers.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.append(line)
    return names


def main():
    global ROOT
    if "--engine" in sys.argv:
        ROOT = pathlib.Path(sys.argv[sys.argv.index("--engine") + 1]).resolve()
    LAYERS = layers(ROOT)
    errors = []
    if len(LAYERS) < 5 or len(set(LAYERS)) != len(LAYERS):
        errors.append(f"engine/layers.txt: {LAYERS} is not a list of distinct layers")
    folders = {p.name for p in ROOT.iterdir() if p.is_dir()}
    for f in sorted(folders - set(LAYERS)):
        errors.append(f"engine/{f}/ is in no layer of engine/layers.txt")
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
                if system and base not in owner:
                    continue  # a system or library header (<vector>, <hdf5.h>, <toml++/toml.h>)
                checked += 1
                if base != name:
                    errors.append(f"{where}: includes {name}; engine headers are named without a folder")
                elif base not in owner:
                    errors.append(f"{where}: includes {name}, which no layer holds")
                elif LAYERS.index(owner[base]) > LAYERS.index(layer):
                    errors.append(f"{where}: includes {name} from {owner[base]}/, a layer above {layer}/")
    for e in errors:
        print(e)
    print(f"{checked} includes checked, {len(errors)} layering errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
