#!/usr/bin/python3
"""Compare two elevsim run files bit for bit: every dataset's dtype, shape and
raw bytes, and every attribute except those that name the build or the time
(engine_version, commit, created...). Exit 0 when identical, 1 otherwise,
naming each difference. Used by scripts/check_identical.sh."""
import sys

import h5py
import numpy as np

# attributes that describe the build or the moment, not the results
IGNORED_ATTRS = {"engine_version", "commit", "git_commit", "created", "created_utc", "wall_seconds", "host"}
# attributes the checksummed format (elevsim 0.2) added: compared when both files have them
FORMAT_ATTRS = {"_Encoding", "dimensions"}


def text(v):
    """Strings as text, whether stored fixed-length (bytes, elevsim >= 0.2) or
    variable-length (str, earlier): the same text is the same value."""
    if isinstance(v, bytes):
        return v.decode("utf-8")
    if isinstance(v, np.ndarray) and v.dtype.kind in "SO" and not v.dtype.names:
        return [text(x) for x in v.tolist()]
    return v


def walk(f):
    out = {}

    def visit(name, obj):
        out[name] = obj

    f.visititems(visit)
    out["/"] = f
    return out


def deref(f, v):
    """Object references (dimension scales' DIMENSION_LIST and REFERENCE_LIST)
    by the name of what they point to: their addresses differ between files."""
    if isinstance(v, h5py.Reference):
        return f[v].name if v else None
    if isinstance(v, np.void):
        return tuple(deref(f, x) for x in v.tolist())
    if isinstance(v, (tuple, list)):
        return [deref(f, x) for x in v]
    if isinstance(v, np.ndarray) and (v.dtype.kind == "O" or v.dtype.names):
        return [deref(f, x) for x in v.tolist()] if v.dtype.kind == "O" else [deref(f, x) for x in v]
    return v


def same_attr(fa, a, fb, b):
    if h5py.check_dtype(ref=np.asarray(a).dtype) or np.asarray(a).dtype.names or np.asarray(a).dtype.kind == "O":
        return deref(fa, a) == deref(fb, b)
    return same_value(a, b)


def same_value(a, b):
    if isinstance(a, (bytes, str)) or isinstance(b, (bytes, str)) or \
            (np.asarray(a).dtype.kind in "SO" and np.asarray(b).dtype.kind in "SO"):
        return text(a) == text(b)
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    if a.dtype.kind == "O":
        return a.tolist() == b.tolist()
    return a.tobytes() == b.tobytes()


def compare(pa, pb):
    diffs = []
    with h5py.File(pa, "r") as fa, h5py.File(pb, "r") as fb:
        A, B = walk(fa), walk(fb)
        for name in sorted(set(A) | set(B)):
            if name not in A or name not in B:
                diffs.append(f"{name}: only in {'the first' if name in A else 'the second'} file")
                continue
            a, b = A[name], B[name]
            if isinstance(a, h5py.Dataset) != isinstance(b, h5py.Dataset):
                diffs.append(f"{name}: dataset in one file, group in the other")
                continue
            if isinstance(a, h5py.Dataset):
                strings = a.dtype.kind in "SO" and b.dtype.kind in "SO"
                if (a.dtype != b.dtype and not strings) or a.shape != b.shape:
                    diffs.append(f"{name}: dtype/shape {a.dtype}{a.shape} vs {b.dtype}{b.shape}")
                elif not same_value(a[()], b[()]):
                    diffs.append(f"{name}: values differ")
            for k in sorted(set(a.attrs) | set(b.attrs)):
                if k in IGNORED_ATTRS:
                    continue
                if (k not in a.attrs or k not in b.attrs) and k in FORMAT_ATTRS:
                    continue
                if k not in a.attrs or k not in b.attrs:
                    diffs.append(f"{name} @{k}: attribute only in one file")
                elif not same_attr(fa, a.attrs[k], fb, b.attrs[k]):
                    diffs.append(f"{name} @{k}: attribute differs")
    return diffs


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: compare_h5.py A.h5 B.h5")
    diffs = compare(sys.argv[1], sys.argv[2])
    for d in diffs[:30]:
        print(f"  {d}")
    if len(diffs) > 30:
        print(f"  ... and {len(diffs) - 30} more differences")
    sys.exit(1 if diffs else 0)


if __name__ == "__main__":
    main()
