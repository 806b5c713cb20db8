"""Exit 0 if two elevsim files hold bit-identical datasets, else print the first difference and exit 1.

Usage: same_datasets.py A.h5 B.h5
Compares every dataset (values, dtype, shape, and the names of the attached
dimension scales) under /scenarios, whatever datasets and dimensions exist.
"""
import sys

import h5py
import numpy as np


def datasets(f):
    out = {}

    def visit(name, obj):
        if isinstance(obj, h5py.Dataset):
            out[name] = obj

    f["scenarios"].visititems(visit)
    return out


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
            vx, vy = x[()], y[()]
            if vx.dtype.kind in "OS":
                same = list(vx.ravel()) == list(vy.ravel())
            else:
                same = vx.tobytes() == vy.tobytes()
            if not same:
                print(f"{name}: values differ")
                return 1
            dims_x = [d[0].name.rsplit("/", 1)[-1] if len(d) else "" for d in x.dims]
            dims_y = [d[0].name.rsplit("/", 1)[-1] if len(d) else "" for d in y.dims]
            if dims_x != dims_y:
                print(f"{name}: dimensions {dims_x} vs {dims_y}")
                return 1
        print(f"{len(da)} datasets bit-identical")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
