"""The load benchmark: N simulated students (bench/locustfile.py) against the app under gunicorn, headless locust
in its own process, then requests/s, latency percentiles per endpoint, 5xx and 409 counts, the workers' CPU per
request, and whether every student's points equal the sum of the ``points_earned`` it received.

Invariants: the run is bounded in time (locust's ``-t`` and a stop timeout) and only ever targets the loopback
server it started; the server and its namespace are removed afterwards (bench.app_server).
"""
from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import tempfile

from bench.app_server import ROOT, AppServer
from bench.stats import percentile

LOCUSTFILE = pathlib.Path(__file__).with_name("locustfile.py")
STOP_TIMEOUT_S = 30
WARM_UP_S = 15


def run_locust(url: str, users: int, seconds: int, think_scale: float) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json") as results:
        argv = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--host", url,
                "-u", str(users), "-r", str(max(1, users // 4)), "-t", f"{seconds}s",
                "--stop-timeout", str(STOP_TIMEOUT_S), "--only-summary", "--loglevel", "WARNING"]
        env = {**os.environ, "METEORITE_LOAD_RESULTS": results.name, "METEORITE_THINK_SCALE": str(think_scale)}
        done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=seconds + STOP_TIMEOUT_S + 120)
        text = pathlib.Path(results.name).read_text()
        if not text:
            raise RuntimeError(f"locust wrote no results (exit {done.returncode}): {done.stderr[-2000:]}")
        return json.loads(text)


def endpoint_rows(samples: list) -> list[dict]:
    """Per endpoint: count, p50/p95/p99/max latency (ms), 5xx and 409 counts."""
    rows = []
    for name in sorted({s[0] for s in samples}):
        mine = [s for s in samples if s[0] == name]
        ms = [s[2] for s in mine]
        rows.append({"endpoint": name, "requests": len(mine), "p50_ms": percentile(ms, 0.5),
                     "p95_ms": percentile(ms, 0.95), "p99_ms": percentile(ms, 0.99), "max_ms": max(ms),
                     "status_5xx": sum(s[3] >= 500 for s in mine), "status_409": sum(s[3] == 409 for s in mine),
                     "other_errors": sum(s[3] != 200 and s[3] != 409 and s[3] < 500 for s in mine)})
    return rows


def run(users: int = 16, seconds: int = 40, think_scale: float = 1.0, app_dir: pathlib.Path = ROOT,
        label: str = "this") -> dict:
    """One load run against a fresh server of the checkout in ``app_dir``, after a `WARM_UP_S` warm-up run whose
    students and samples are left out; the raw samples are kept."""
    with AppServer(app_dir, label) as server:
        # Unmeasured, at full speed, other students: the app's and the emulator's code paths are hot (measured:
        # a freshly started emulator spent 5.4 ms of CPU per request, 1.9 ms once its JIT had warmed).
        run_locust(server.url, users, WARM_UP_S, 0.0)
        cpu0, stat0 = server.cpu_seconds(), server.stat_seconds()
        raw = run_locust(server.url, users, seconds, think_scale)
        cpu, stat = server.cpu_seconds() - cpu0, server.stat_seconds() - stat0
    samples, students = raw["samples"], raw["students"]
    span = max(s[1] + s[2] / 1000 for s in samples) - min(s[1] for s in samples)
    exact = [s for s in students if s["expected"] == s["points"]]
    return {"label": label, "users": users, "seconds": seconds, "think_scale": think_scale, "requests": len(samples),
            "span_s": span, "requests_per_s": len(samples) / span, "cpu_ms_per_request": cpu * 1000 / len(samples),
            "proc_stat_ms_per_request": stat * 1000 / len(samples), "endpoints": endpoint_rows(samples),
            "students": len(students), "points_exact": len(exact),
            "points_mismatches": [s for s in students if s not in exact], "samples": samples}
