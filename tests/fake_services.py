"""Adds made-up datasets shaped like those later modules will write (dropout by
county, sex and ses; services with a `service` dimension) to a copy of a run,
so the report and the export can be tested on datasets the engine does not
write yet. The numbers are random and mean nothing.

Usage: /usr/bin/python3 tests/fake_services.py IN.h5 OUT.h5
"""
import shutil
import sys

import h5py
import numpy as np

src, dst = sys.argv[1], sys.argv[2]
shutil.copyfile(src, dst)
rng = np.random.default_rng(5)


def text(value):
    """A fixed-length UTF-8 string, as elevsim writes them (elevsim refuses the
    variable-length strings h5py writes by default: they live in HDF5's
    unchecksummed global heap)."""
    b = value.encode()
    return np.array(b, dtype=h5py.string_dtype("utf-8", max(len(b), 1)))

with h5py.File(dst, "r+") as f:
    for name, g in f["scenarios"].items():
        R, Y, C = len(g["replication"]), len(g["year"]), len(g["county"])
        # The engine writes services' own datasets now; they are replaced by the
        # made-up ones, so this file keeps testing the shapes it was written for.
        if "service" in g:
            for n in [n for n, d in g.items() if isinstance(d, h5py.Dataset) and n != "service" and
                      any(len(dim) and dim[0].name.endswith("/service") for dim in d.dims)]:
                del g[n]
            del g["service"]
        g["service"] = np.array([b"school_health", b"bup_at_school", b"bup"], dtype=h5py.string_dtype("utf-8", 13))
        g["service"].make_scale("service")

        def add(ds_name, dims, units, description, scale, weighted_by=None):
            shape = tuple(len(g[d]) for d in dims)
            ds = g.create_dataset(ds_name, data=scale * (1 + 0.1 * rng.standard_normal(shape)))
            ds.attrs["units"] = text(units)
            ds.attrs["description"] = text(description)
            ds.attrs["dimensions"] = text(",".join(dims))
            if weighted_by:
                ds.attrs["weighted_by"] = text(weighted_by)
            for k, d in enumerate(dims):
                ds.dims[k].attach_scale(g[d])

        add("treated", ("replication", "year", "county", "service"), "pupils (scaled to the real population)",
            "pupils treated during the year", 500.0)
        add("mean_wait_weeks", ("replication", "year", "county", "service"), "weeks", "mean wait", 6.0, "treated")
        add("occupancy", ("replication", "year", "county", "service"), "ratio", "share of capacity used", 0.9)
        add("dropouts", ("replication", "year", "county", "sex", "ses"), "pupils (scaled to the real population)",
            "pupils who left upper secondary school during the year", 300.0)
