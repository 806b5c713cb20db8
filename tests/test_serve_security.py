#!/usr/bin/python3
"""`elevsim serve` refuses what it must, each time with a clear message, and
keeps serving: requests without the token, with a foreign Host or Origin,
paths with `..` or absolute paths, an oversized body, malformed JSON, a script
in a scenario's name or description, 100 requests at once, a run beyond the
limits. Nothing outside the data folder is read or written: the server runs
in a scratch folder holding a canary scenario and a symbolic link out of the
data folder, and every file outside the data folder is the same afterwards.
Usage: test_serve_security.py ELEVSIM (run from the source tree)."""
import concurrent.futures
import hashlib
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_helpers import Server  # noqa: E402

ELEVSIM = os.path.abspath(sys.argv[1])
SRC = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
failures = []


def check(name, cond, detail=""):
    print(("ok   " if cond else "FAIL ") + name + ("" if cond else ": " + str(detail)[:400]))
    if not cond:
        failures.append(name)


def snapshot(root, skip):
    out = {}
    for d, dirs, files in os.walk(root):
        if os.path.abspath(d).startswith(skip):
            continue
        for f in files:
            p = os.path.join(d, f)
            if os.path.islink(p) or not os.path.isfile(p):
                continue
            with open(p, "rb") as fh:
                out[p] = hashlib.sha256(fh.read()).hexdigest()
    return out


def refused(s, method, path, status, words, body=None, **kw):
    st, _, data = s.request(method, path, body, **kw)
    text = data.decode(errors="replace")
    ok = st == status and all(w.lower() in text.lower() for w in words)
    try:
        ok = ok and bool(json.loads(text)["error"])
    except (ValueError, KeyError):
        ok = False
    return ok, f"HTTP {st}: {text[:300]}"


def main():
    tmp = tempfile.mkdtemp(prefix="elevsim-serve-sec-")
    data = os.path.join(tmp, "data")
    # a canary outside the data folder, and a link to it from inside
    canary = os.path.join(tmp, "secret.toml")
    with open(canary, "w") as f:
        f.write('name = "secret"\ndescription = "must not be read"\n')
    os.makedirs(os.path.join(data, "scenarios"))
    os.symlink(canary, os.path.join(data, "scenarios", "linked.toml"))
    before_tmp = snapshot(tmp, os.path.abspath(data))
    before_src = snapshot(os.path.join(SRC, "scenarios"), "\0") | snapshot(os.path.join(SRC, "params"), "\0")
    s = Server(ELEVSIM, data, ["--max-work", "4", "--max-jobs", "2"], cwd=tmp)
    try:
        run_checks(s, tmp)
        check("server still serving after everything", s.json("GET", "/api/meta")["version"] != "")
    finally:
        rc = s.stop()
    check("stops cleanly on SIGTERM", rc == 0, rc)
    check("nothing outside the data folder written", snapshot(tmp, os.path.abspath(data)) == before_tmp)
    after_src = snapshot(os.path.join(SRC, "scenarios"), "\0") | snapshot(os.path.join(SRC, "params"), "\0")
    check("shipped scenarios and parameters untouched", after_src == before_src)
    leftovers = [n for n in os.listdir(os.path.join(data, "runs")) if ".partial" in n]
    check("no partial run left in the data folder", not leftovers, leftovers)
    if failures:
        sys.exit("failed: " + ", ".join(failures))


def run_checks(s, tmp):
    # the token
    check("request without the token refused", *refused(s, "GET", "/api/meta", 401, ["token"], cookie=False))
    check("page without the token refused", *refused(s, "GET", "/", 401, ["token"], cookie=False))
    check("wrong token refused", *refused(s, "GET", "/?token=" + "0" * 32, 403, ["wrong token"], cookie=False))
    st, h, _ = s.request("GET", "/?token=" + s.token, cookie=False)
    cookie = h.get("Set-Cookie", "")
    check("the token becomes an HttpOnly SameSite=Strict cookie",
          st == 303 and "HttpOnly" in cookie and "SameSite=Strict" in cookie and s.token in cookie, (st, cookie))
    # Host and Origin
    check("foreign Host refused (DNS rebinding)",
          *refused(s, "GET", "/api/meta", 403, ["Host"], headers={"Host": f"evil.example:{s.port}"}))
    check("foreign Origin refused",
          *refused(s, "POST", "/api/scenario/parse", 403, ["Origin"], body={"text": ""},
                   headers={"Origin": "http://evil.example"}))
    check("cross-site fetch refused",
          *refused(s, "GET", "/api/meta", 403, ["Sec-Fetch-Site"], headers={"Sec-Fetch-Site": "cross-site"}))
    check("own Origin accepted", s.request("GET", "/api/meta", headers={"Origin": "http://" + s.host})[0] == 200)
    # paths
    for name in ["../secret", "..%2Fsecret", "/etc/passwd", tmp + "/secret", "scenarios/baseline", "linked", "..", "secret"]:
        check(f"scenario name {name!r} refused",
              *refused(s, "GET", "/api/scenario?name=" + name, 400, ["scenario"]))
    check("path with .. in the URL refused", s.request("GET", "/../../etc/passwd")[0] in (400, 404))
    check("run naming a path refused",
          *refused(s, "POST", "/api/run", 400, ["scenario"], body={"scenarios": [{"name": "../../params/mental_health"}]}))
    check("download of a path refused",
          *refused(s, "GET", "/api/download?key=../../etc&what=h5", 400, ["run"]))
    check("download of a file outside the run refused",
          *refused(s, "GET", "/api/download?key=0123456789abcdef&what=toml&name=../../secret", 400, ["run"]))
    listed = [e["name"] for e in s.json("GET", "/api/scenarios")]
    check("a link out of the data folder is not listed", "linked" not in listed and "secret" not in listed, listed)
    # bodies
    check("oversized body refused", *refused(s, "POST", "/api/scenario/parse", 413, ["larger"],
                                             raw_body=b"x" * (2 << 20), headers={"Content-Type": "application/json"}))
    check("malformed JSON refused", *refused(s, "POST", "/api/scenario/parse", 400, ["malformed JSON"],
                                             raw_body=b'{"text": "x"', headers={"Content-Type": "application/json"}))
    check("wrong JSON type refused", *refused(s, "POST", "/api/run", 400, ["scenarios"], body={"scenarios": 7}))
    check("bad TOML refused with the reader's message",
          *refused(s, "POST", "/api/scenario/parse", 400, ["scenario"], body={"text": "name = \n"}))
    script_checks(s)
    limits_checks(s)
    # 100 requests at once
    with concurrent.futures.ThreadPoolExecutor(100) as ex:
        codes = list(ex.map(lambda _: s.request("GET", "/api/scenarios")[0], range(100)))
    check("100 requests at once all answered", codes.count(200) == 100, codes)


def script_checks(s):
    base = s.json("GET", "/api/scenario?name=package-per-capita")
    evil = "<script>alert(1)</script>"
    check("script in a scenario name refused",
          *refused(s, "POST", "/api/scenario/build", 400, ["name"], body={"text": base["text"], "fields": {"name": evil}}))
    built = s.json("POST", "/api/scenario/build", {"text": base["text"], "fields": {
        "name": "with-script", "description": evil + " & \"quoted\"", "description_en": "<img src=x onerror=alert(1)>"}})
    s.json("POST", "/api/scenario/save", {"text": built["text"]})
    r = s.json("POST", "/api/run", {"scenarios": [{"name": "baseline"}, {"name": "with-script"}],
                                     "replications": 2, "scale": 0.01, "seed": 5})
    j = s.wait_job(r["job"])
    check("run of the scripted scenario finishes", j["state"] == "done", j)
    for lang in ("nb", "en"):
        res = s.json("GET", f"/api/result?key={r['key']}&lang={lang}")
        html = res["answer_html"]
        check(f"script in the description escaped ({lang})",
              "<script" not in html and "<img" not in html and ("&lt;script&gt;" in html or "&lt;img" in html), html[:500])
    st, h, report = s.request("GET", f"/api/download?key={r['key']}&what=report&lang=nb")
    check("report download escapes it too", st == 200 and b"<script>alert(1)" not in report, st)
    check("saving over a shipped scenario refused",
          *refused(s, "POST", "/api/scenario/save", 400, ["shipped"], body={"text": base["text"]}))


def limits_checks(s):
    check("run beyond the work limit refused",
          *refused(s, "POST", "/api/run", 400, ["limit", "--max-work"],
                   body={"scenarios": [{"name": "baseline"}, {"name": "package-per-capita"}], "replications": 1000, "scale": 1}))
    check("too many scenarios refused",
          *refused(s, "POST", "/api/run", 400, ["limit"], body={"scenarios": [{"name": "baseline"}] * 7, "replications": 1, "scale": 0.01}))
    check("replications out of range refused",
          *refused(s, "POST", "/api/run", 400, ["replications"], body={"scenarios": [{"name": "baseline"}], "replications": -3}))
    check("optimisation beyond its limit refused",
          *refused(s, "POST", "/api/optimise", 400, ["limit"], body={"base": {"name": "package-per-capita"}, "budgets": [1e8],
                                                                     "replications": 50, "scale": 1}))
    # more runs at once than --max-jobs 2: the third is refused while two wait
    jobs, codes, msg = [], [], ""
    for seed in (101, 102, 103):
        # long enough (40 replications at scale 0.1) that the first two are still queued or running
        st, _, d = s.request("POST", "/api/run", {"scenarios": [{"name": "baseline"}], "replications": 40, "scale": 0.1, "seed": seed})
        codes.append(st)
        if st == 200:
            jobs.append(json.loads(d)["job"])
        else:
            msg = json.loads(d)["error"]
    check("runs beyond --max-jobs refused with 429", codes[:2] == [200, 200] and codes[2] == 429 and "at once" in msg, codes)
    for j in jobs:
        s.json("POST", f"/api/job/cancel?id={j}", {})
    for j in jobs:
        check(f"job {j} cancelled", s.wait_job(j)["state"] in ("cancelled", "done"))


main()
