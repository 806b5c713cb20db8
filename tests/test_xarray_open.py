"""The HDF5 output opens in xarray (h5netcdf engine), h5py and netCDF's own
ncdump -h with named, labelled dimensions and the run's provenance attributes,
and is written in the checksummed format (outputs/README.md, "Format"):
HDF5 superblock 3, Fletcher-32 on every dataset, fixed-length strings.

Usage: /usr/bin/python3 tests/test_xarray_open.py PATH/TO/elevsim
"""
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np
import xarray as xr

binary = sys.argv[1]
with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "baseline.h5")
    subprocess.run([binary, "run", "scenarios/baseline.toml", "-r", "3", "--scale", "0.05", "--seed", "11",
                    "-q", "-o", out], check=True)

    ds = xr.open_dataset(out, group="scenarios/baseline", engine="h5netcdf")
    dims = ("replication", "year", "county", "sex", "ses", "grade")
    for name in ("pupils", "mh_complaints", "mh_disorder", "mh_new_cases"):
        assert ds[name].dims == dims, (name, ds[name].dims)
        assert ds[name].dtype == np.float64
    assert list(ds["sex"].values) == ["female", "male"], ds["sex"].values
    assert list(ds["ses"].values) == ["low", "middle", "high"]
    assert list(ds["grade"].values) == list(range(1, 14))
    assert list(ds["year"].values) == list(range(2025, 2035))
    assert len(ds["county"]) == 15 and "Trøndelag" in list(ds["county"].values)
    assert "name = \"baseline\"" in ds.attrs["scenario_toml"]
    assert "[mental_health]" in ds.attrs["params_toml"]

    # label-based selection works the way analysts use it
    prev = (ds.mh_disorder.sel(year=2025).sum(["county", "sex", "ses", "grade"]) /
            ds.pupils.sel(year=2025).sum(["county", "sex", "ses", "grade"]))
    assert 0.05 < float(prev.mean()) < 0.11, float(prev.mean())

    with h5py.File(out, "r") as f:
        for a in ("engine_version", "created_utc", "seed", "replications"):
            assert a in f.attrs, a
        assert int(f.attrs["seed"]) == 11 and int(f.attrs["replications"]) == 3
        d = f["scenarios/baseline/mh_disorder"]
        assert d.chunks is not None and d.compression == "gzip", (d.chunks, d.compression)
        assert [d.dims[k][0].name.split("/")[-1] for k in range(6)] == list(dims)
        # the checksummed format: superblock 3 (metadata checksums), Fletcher-32 on the data,
        # strings fixed-length (nothing in the unchecksummed global heap)
        assert f.id.get_create_plist().get_version()[0] == 3, f.id.get_create_plist().get_version()
        assert d.fletcher32, "no Fletcher-32 on mh_disorder"
        sex = f["scenarios/baseline/sex"]
        assert sex.fletcher32 and h5py.check_string_dtype(sex.dtype).length is not None, sex.dtype
        for name, value in f.attrs.items():
            info = h5py.check_string_dtype(f.attrs.get_id(name).dtype)
            assert info is None or info.length is not None, (name, "variable-length string attribute")
        for name, value in f["scenarios/baseline"].attrs.items():
            info = h5py.check_string_dtype(f["scenarios/baseline"].attrs.get_id(name).dtype)
            assert info is None or info.length is not None, (name, "variable-length string attribute")

    # netCDF's own tool reads the file's structure with its names
    p = subprocess.run(["ncdump", "-h", out], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    head = p.stdout
    assert "group: scenarios" in head and "group: baseline" in head, head[:500]
    for dim in dims:
        assert f"\t{dim} = " in head, (dim, head[:2000])
    assert "double mh_disorder(replication, year, county, sex, ses, grade)" in head, head[:3000]
    assert "string sex(sex)" in head and ":engine_version = " in head, head[:3000]
print("xarray, h5py and ncdump -h read the output with labelled dimensions; the format is checksummed: ok")
