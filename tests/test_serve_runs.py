#!/usr/bin/python3
"""`elevsim serve` runs as `elevsim run` does, and survives being killed.
1. Bit identity: a scenario edited and saved from the page, run by the page
   beside the baseline, gives datasets bit-identical to `elevsim run` of the
   saved TOML at the same seed, replications and scale; asking again is
   answered from the cache.
2. Kill the server (SIGKILL) in the middle of a run and start it again: the
   finished run is still listed, nothing partial is left. SIGTERM in the
   middle of a run: the server stops, discarding the run, nothing partial.
Usage: test_serve_runs.py ELEVSIM (run from the source tree)."""
import os
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_helpers import Server  # noqa: E402

ELEVSIM = os.path.abspath(sys.argv[1])
SRC = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(SRC, "scripts"))
from compare_h5 import compare  # noqa: E402

failures = []


def check(name, cond, detail=""):
    print(("ok   " if cond else "FAIL ") + name + ("" if cond else ": " + str(detail)[:600]))
    if not cond:
        failures.append(name)


def partials(data):
    return [n for n in os.listdir(os.path.join(data, "runs")) if ".partial" in n]


def bit_identity(tmp):
    data = os.path.join(tmp, "data")
    s = Server(ELEVSIM, data)
    try:
        base = s.json("GET", "/api/scenario?name=package-per-capita")
        f = base["fields"]
        f["name"] = "edited-split"
        g = f["grants"][0]
        g["split"] = {k: 0.0 for k in g["split"]}
        g["split"].update({"school_health_fte": 0.25, "universal_prevention": 0.45, "followup_los": 0.3})
        built = s.json("POST", "/api/scenario/build", {"text": base["text"], "fields": f})
        s.json("POST", "/api/scenario/save", {"text": built["text"]})
        req = {"scenarios": [{"name": "baseline"}, {"text": built["text"]}], "replications": 3, "scale": 0.02, "seed": 4711}
        r = s.json("POST", "/api/run", req)
        j = s.wait_job(r["job"])
        check("page run finishes", j["state"] == "done", j)
        page_h5 = os.path.join(tmp, "page.h5")
        st, _, body = s.request("GET", f"/api/download?key={r['key']}&what=h5")
        with open(page_h5, "wb") as fh:
            fh.write(body)
        check("run file downloaded", st == 200 and body[:4] == b"\x89HDF", st)
        st, _, toml = s.request("GET", "/api/scenario/download?name=edited-split")
        saved = os.path.join(tmp, "edited-split.toml")
        with open(saved, "wb") as fh:
            fh.write(toml)
        check("saved TOML downloaded, the text the page ran", st == 200 and toml.decode() == built["text"])
        t0 = time.time()
        again = s.json("POST", "/api/run", req)
        res = s.json("GET", f"/api/result?key={again['key']}&lang=en")
        took = time.time() - t0
        check("asking again is answered from the cache within 1 s", again.get("cached") and took < 1.0 and res["answer_html"],
              (again, took))
    finally:
        s.stop()
    cli_h5 = os.path.join(tmp, "cli.h5")
    subprocess.run([ELEVSIM, "run", os.path.join(SRC, "scenarios", "baseline.toml"), saved, "-r", "3", "--scale", "0.02",
                    "--seed", "4711", "-q", "-o", cli_h5], check=True)
    diffs = compare(page_h5, cli_h5)
    # the scenario files' own paths are recorded and differ by where each was read from
    data_diffs = [d for d in diffs if not d.endswith("@scenario_file: attribute differs")]
    check("page run and `elevsim run` of the saved TOML: bit-identical but for the scenario files' paths", not data_diffs, data_diffs)


def kill_mid_run(tmp):
    data = os.path.join(tmp, "data-kill")
    s = Server(ELEVSIM, data)
    r = s.json("POST", "/api/run", {"scenarios": [{"name": "baseline"}], "replications": 2, "scale": 0.02, "seed": 1})
    check("first run finishes", s.wait_job(r["job"])["state"] == "done")
    finished = r["key"]
    long = s.json("POST", "/api/run", {"scenarios": [{"name": "baseline"}, {"name": "package-per-capita"}],
                                        "replications": 80, "scale": 0.1, "seed": 2})
    j = s.wait_job(long["job"], until=("running",))
    while s.json("GET", f"/api/job?id={long['job']}")["done"] < 1:
        time.sleep(0.05)
    check("a partial folder exists while running", partials(data), os.listdir(os.path.join(data, "runs")))
    s.proc.send_signal(signal.SIGKILL)
    s.proc.wait()
    s.start()
    try:
        keys = [m["key"] for m in s.json("GET", "/api/runs")]
        check("after SIGKILL and restart the finished run is listed", keys == [finished], keys)
        check("after SIGKILL and restart nothing partial is left", not partials(data), os.listdir(os.path.join(data, "runs")))
        check("the killed run is not listed", long["key"] not in keys)
        r = s.json("POST", "/api/run", {"scenarios": [{"name": "baseline"}, {"name": "package-per-capita"}],
                                         "replications": 80, "scale": 0.1, "seed": 3})
        j = s.wait_job(r["job"], until=("running",))
        while s.json("GET", f"/api/job?id={r['job']}")["done"] < 1:
            time.sleep(0.05)
    finally:
        t0 = time.time()
        rc = s.stop(signal.SIGTERM)
    check("SIGTERM mid-run: the server stops cleanly", rc == 0, (rc, s.proc.stderr.read()[-500:]))
    print(f"  stopped {time.time() - t0:.1f} s after SIGTERM")
    check("SIGTERM mid-run: nothing partial", not partials(data), os.listdir(os.path.join(data, "runs")))
    check("SIGTERM mid-run: the finished run stays",
          sorted(os.listdir(os.path.join(data, "runs"))) == [finished], os.listdir(os.path.join(data, "runs")))


tmp = tempfile.mkdtemp(prefix="elevsim-serve-runs-")
bit_identity(tmp)
kill_mid_run(tmp)
if failures:
    sys.exit("failed: " + ", ".join(failures))
