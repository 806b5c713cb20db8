"""Plot one indicator with its 95 % interval from an elevsim run, with xarray.

    /usr/bin/python3 scripts/example_xarray_plot.py outputs/run.h5 [prevalence.png]

Share of pupils with a disorder (state 2) per year: mean over replications and
the 2.5-97.5 percentile band, one line per scenario. Uses Debian's python3-xarray,
python3-h5netcdf and python3-matplotlib.
"""
import sys

import h5py
import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt
import xarray as xr

path = sys.argv[1]
out = sys.argv[2] if len(sys.argv) > 2 else "prevalence.png"

with h5py.File(path, "r") as f:
    scenarios = list(f["scenarios"].keys())
    reference = f.attrs["reference_scenario"]
    # fixed-length strings (outputs/README.md, "Format"): h5py returns bytes, xarray text
    reference = reference.decode() if isinstance(reference, bytes) else str(reference)
scenarios.sort(key=lambda s: s != reference)  # the reference first

fig, ax = plt.subplots(figsize=(7, 4))
for name in scenarios:
    ds = xr.open_dataset(path, group=f"scenarios/{name}", engine="h5netcdf")
    cells = ["county", "sex", "ses", "grade"]
    prev = 100 * ds.mh_disorder.sum(cells) / ds.pupils.sum(cells)  # (replication, year)
    mean = prev.mean("replication")
    lo, hi = prev.quantile([0.025, 0.975], dim="replication")
    ax.fill_between(prev.year, lo, hi, alpha=0.2)
    ax.plot(prev.year, mean, marker="o", label=name)
    for year, m, l, h in zip(prev.year.values, mean.values, lo.values, hi.values):
        print(f"{name},{year},{m:.6f},{l:.6f},{h:.6f}")
ax.set_xlabel("school year (autumn)")
ax.set_ylabel("pupils with a disorder, %")
ax.set_title("Disorder prevalence, grades 1-13, mean and 95 % interval")
ax.legend()
fig.tight_layout()
fig.savefig(out, dpi=110)
print(f"wrote {out}", file=sys.stderr)
