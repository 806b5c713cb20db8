#!/usr/bin/python3
"""Mental-health levels and service load of a run: state >= 1 and state 2 by ses x grade band
(first year), the low/middle state-2 ratio per band, drift between first and last year, and each
service's utilisation and mean wait by year. Usage: levels_table.py RUN.h5 [scenario]"""
import sys
import h5py
import numpy as np

f = h5py.File(sys.argv[1], "r")
scen = sys.argv[2] if len(sys.argv) > 2 else list(f["scenarios"].keys())[0]
g = f["scenarios"][scen]
pupils, comp, dis = (g[k][...] for k in ("pupils", "mh_complaints", "mh_disorder"))
# (rep, year, county, sex, ses, grade)
bands = [("1-3", 0, 3), ("4-7", 3, 7), ("8-10", 7, 10), ("11-13", 10, 13)]
R, Y = pupils.shape[:2]
print(f"{scen}: {R} replications, {Y} years")
print("grades | state>=1 ses low/mid/high % | state 2 low/mid/high % | state-2 ratio low/mid")
for name, a, b in bands:
    s = lambda x, e: x[:, 0, :, :, e, a:b].sum(axis=(1, 2, 3))
    any_ = [100 * (s(comp, e) + s(dis, e)) / s(pupils, e) for e in range(3)]
    d2 = [100 * s(dis, e) / s(pupils, e) for e in range(3)]
    ratio = d2[0] / d2[1]
    print(f"{name:6} | " + " / ".join(f"{v.mean():5.1f}" for v in any_) + " | " +
          " / ".join(f"{v.mean():5.1f}" for v in d2) + f" | {ratio.mean():.2f} +- {ratio.std(ddof=1) / np.sqrt(R) if R > 1 else 0:.2f}")
def prev(t, x, sex=None):
    sl = (slice(None), t, slice(None), slice(None) if sex is None else sex, slice(None), slice(None))
    return x[sl].sum(axis=tuple(range(1, x[sl].ndim))) / pupils[sl].sum(axis=tuple(range(1, x[sl].ndim)))
for t in range(Y):
    a, d = 100 * prev(t, comp + dis), 100 * prev(t, dis)
    print(f"year {g['year'][t]}: state>=1 {a.mean():.2f} %, state 2 {d.mean():.2f} %")
girls = (comp + dis)[:, 0, :, 0, :, 10:13].sum(axis=(1, 2, 3)) / pupils[:, 0, :, 0, :, 10:13].sum(axis=(1, 2, 3))
boys = (comp + dis)[:, 0, :, 1, :, 10:13].sum(axis=(1, 2, 3)) / pupils[:, 0, :, 1, :, 10:13].sum(axis=(1, 2, 3))
print(f"grades 11-13 state>=1 girls/boys: {(girls / boys).mean():.2f}")
da, dd = 100 * (prev(Y - 1, comp + dis) - prev(0, comp + dis)), 100 * (prev(Y - 1, dis) - prev(0, dis))
print(f"drift last - first year: state>=1 {da.mean():+.2f} pp, state 2 {dd.mean():+.2f} pp")
cap, dem, dlv = g["capacity_sessions"][...], g["sessions_demanded"][...], g["sessions_delivered"][...]
tr, wt = g["treated"][...], g["wait_weeks"][...]
for k, name in enumerate(["school_health", "bup_school", "municipal", "bup"]):
    rows = []
    for t in range(Y):
        c = cap[:, t, :, k].sum()
        u = dlv[:, t, ..., k].sum() / c if c > 0 else float("nan")
        q = dem[:, t, ..., k].sum() / c if c > 0 else float("nan")
        w = wt[:, t, ..., k].sum() / max(tr[:, t, ..., k].sum(), 1e-9)
        rows.append(f"{u:.2f}/{q:.2f}/{w:.1f}w")
    print(f"{name:14} utilisation/demand/mean wait by year: " + "  ".join(rows))
