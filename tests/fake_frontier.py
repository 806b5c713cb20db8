"""Adds a made-up /optimisation/frontier, laid out as `elevsim optimise
--budgets` writes it (outputs/README.md), to a copy of a run, so the report's
frontier chart is tested without running the optimiser. The numbers mean nothing.

Usage: /usr/bin/python3 tests/fake_frontier.py IN.h5 OUT.h5
"""
import shutil
import sys

import h5py
import numpy as np

src, dst = sys.argv[1], sys.argv[2]
shutil.copyfile(src, dst)
with h5py.File(dst, "r+") as f:
    o = f.create_group("optimisation")
    # a fixed-length string, as elevsim writes them (h5py's default, variable-length, is refused)
    o.attrs["objective"] = np.bytes_(b"dropouts_avoided")
    g = o.create_group("frontier")
    g["budget_nok"] = np.array([25e6, 50e6, 100e6, 200e6])
    g["objective_mean"] = np.array([8.0, 15.0, 27.0, 45.0])
    g["objective_low"] = np.array([4.0, 9.0, 19.0, 35.0])
    g["objective_high"] = np.array([12.0, 21.0, 35.0, 55.0])
    g["base_objective_mean"] = np.array([6.0, 12.0, 22.0, 38.0])
