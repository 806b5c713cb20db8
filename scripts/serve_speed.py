#!/usr/bin/python3
"""Acceptance 5 of `elevsim serve`: a full-scale comparison of two scenarios,
timed from the request as the page makes it: first results (the first
replication of both scenarios compared), 20 replications, and the same
request again (answered from the cache, with the result read).
Usage: scripts/serve_speed.py ELEVSIM [REPS] [SCALE]"""
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests"))
from serve_helpers import Server  # noqa: E402

elevsim = os.path.abspath(sys.argv[1])
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 20
scale = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
s = Server(elevsim, tempfile.mkdtemp(prefix="elevsim-serve-speed-"))


def cpu():
    """CPU seconds of the server so far: on a shared machine wall time says
    more about the neighbours; CPU / 2 is the wall time on 2 idle cores."""
    f = open(f"/proc/{s.proc.pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")



try:
    req = {"scenarios": [{"name": "baseline"}, {"name": "package-per-capita"}], "replications": reps, "scale": scale, "seed": 99}
    c0, t0 = cpu(), time.time()
    r = s.json("POST", "/api/run", req)
    first = None
    while True:
        j = s.json("GET", f"/api/job?id={r['job']}&lang=nb")
        if first is None and "partial" in j:
            first = time.time() - t0
            print(f"first results shown (answer for {j['partial']['replications']} replication(s)): {first:.1f} s wall, "
                  f"{cpu() - c0:.1f} s CPU")
        if j["state"] in ("done", "failed", "cancelled"):
            break
        time.sleep(0.1)
    assert j["state"] == "done", j
    res = s.json("GET", f"/api/result?key={r['key']}&lang=nb")
    print(f"{reps} replications done and the full answer read: {time.time() - t0:.1f} s "
          f"(server: first result {j['first_result_s']:.1f} s, done {j['elapsed_s']:.1f} s); {cpu() - c0:.1f} s CPU; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    t1 = time.time()
    again = s.json("POST", "/api/run", req)
    res = s.json("GET", f"/api/result?key={again['key']}&lang=en")
    print(f"cached: {again.get('cached')}, answered with the result in {time.time() - t1:.3f} s")
finally:
    s.stop()
