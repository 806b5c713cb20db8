"""Starting `elevsim serve` for the tests and talking to it the way a browser
does (the token once in the address, then the cookie)."""
import http.client
import json
import os
import re
import signal
import subprocess
import tempfile
import time


class Server:
    def __init__(self, elevsim, data, extra=(), cwd=None):
        self.elevsim, self.data, self.extra = elevsim, data, list(extra)
        self.cwd = cwd or os.getcwd()
        self.proc = None
        self.start()

    def start(self):
        fd, self.url_file = tempfile.mkstemp(prefix="elevsim-serve-url-")
        os.close(fd)
        os.unlink(self.url_file)
        params = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "params")
        self.proc = subprocess.Popen(
            [self.elevsim, "--params", params, "serve", "--port", "0", "--data", self.data,
             "--port-file", self.url_file] + self.extra,
            cwd=self.cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(300):
            if os.path.exists(self.url_file):
                break
            if self.proc.poll() is not None:
                raise RuntimeError("elevsim serve exited: " + self.proc.stderr.read())
            time.sleep(0.05)
        url = open(self.url_file).read().strip()
        os.unlink(self.url_file)
        m = re.match(r"http://127\.0\.0\.1:(\d+)/\?token=([0-9a-f]+)$", url)
        assert m, url
        self.port, self.token = int(m.group(1)), m.group(2)
        self.host = f"127.0.0.1:{self.port}"

    def request(self, method, path, body=None, headers=None, cookie=True, raw_body=None):
        h = {"Host": self.host}
        if cookie:
            h["Cookie"] = "elevsim_token=" + self.token
        if body is not None:
            raw_body = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        h.update(headers or {})
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            c.putrequest(method, path, skip_host=True)
            for k, v in h.items():
                c.putheader(k, v)
            if raw_body is not None:
                c.putheader("Content-Length", str(len(raw_body)))
            c.endheaders(raw_body)
            r = c.getresponse()
            data = r.read()
            return r.status, dict(r.getheaders()), data
        finally:
            c.close()

    def json(self, method, path, body=None, expect=200, **kw):
        status, _, data = self.request(method, path, body, **kw)
        out = json.loads(data) if data else None
        assert status == expect, f"{method} {path}: HTTP {status} (expected {expect}): {data[:300]!r}"
        return out

    def wait_job(self, job, timeout=600, until=("done", "failed", "cancelled")):
        t0 = time.time()
        while time.time() - t0 < timeout:
            j = self.json("GET", f"/api/job?id={job}")
            if j["state"] in until:
                return j
            time.sleep(0.1)
        raise AssertionError(f"job {job} not finished in {timeout} s")

    def stop(self, sig=signal.SIGTERM, timeout=60):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise AssertionError("elevsim serve did not stop on " + str(sig))
        return self.proc.returncode

    def alive(self):
        return self.proc.poll() is None
