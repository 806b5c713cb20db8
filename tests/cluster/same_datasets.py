"""Exit 0 if two elevsim files hold bit-identical datasets, else print the first difference and exit 1.

Usage: same_datasets.py A.h5 B.h5
Compares every dataset of the file (/scenarios, /comparisons and whatever
groups later versions add): values, dtype, shape, the names of the attached
dimension scales, and the dataset's attributes (so summaries stored as
attributes, e.g. a comparison's mean and interval, must match too).
"""
import sys

import h5py
import numpy as np

SKIP_ATTRS = {"DIMENSION_LIST", "REFERENCE_LIST", "CLASS", "NAME"}


def datasets(f):
    out = {}

    def visit(name, obj):
        if isinstance(obj, h5py.Dataset):
            out[name] = obj

    f.visititems(visit)
    return out


def same_values(a, b):
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype.kind in "OSU":
        return a.shape == b.shape and list(a.ravel()) == list(b.ravel())
    return a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()


def main(a_path, b_path):
    with h5py.File(a_path, "r") as a, h5py.File(b_path, "r") as b:
        da, db = datasets(a), datasets(b)
        if sorted(da) != sorted(db):
            print(f"different datasets: {sorted(set(da) ^ set(db))}")
            return 1
        if not da:
            print("no datasets")
            return 1
        for name in sorted(da):
            x, y = da[name], db[name]
            if x.shape != y.shape or x.dtype != y.dtype:
                print(f"{name}: shape/dtype {x.shape} {x.dtype} vs {y.shape} {y.dtype}")
                return 1
            if not same_values(x[()], y[()]):
                print(f"{name}: values differ")
                return 1
            dims_x = [d[0].name.rsplit("/", 1)[-1] if len(d) else "" for d in x.dims]
            dims_y = [d[0].name.rsplit("/", 1)[-1] if len(d) else "" for d in y.dims]
            if dims_x != dims_y:
                print(f"{name}: dimensions {dims_x} vs {dims_y}")
                return 1
            keys = set(x.attrs) - SKIP_ATTRS
            if keys != set(y.attrs) - SKIP_ATTRS:
                print(f"{name}: attributes {sorted(keys ^ (set(y.attrs) - SKIP_ATTRS))} in only one file")
                return 1
            for k in sorted(keys):
                if not same_values(x.attrs[k], y.attrs[k]):
                    print(f"{name}: attribute {k} differs: {x.attrs[k]!r} vs {y.attrs[k]!r}")
                    return 1
        n_cmp = sum(1 for n in da if n.startswith("comparisons/"))
        print(f"{len(da)} datasets bit-identical ({n_cmp} under /comparisons)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
