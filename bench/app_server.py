"""The app as `make run` serves it (gunicorn, 2 workers x 8 threads, --no-control-socket), started by a benchmark
against the services of the environment, in a fresh Datastore namespace and memcached prefix, and the CPU its
workers spend.

Invariants: the server is started and stopped by this module only (by its PID, never by name); whatever it wrote
in its namespace is deleted when it stops, so a benchmark leaves nothing in a shared emulator; worker CPU is the
workers' own counters (the kernel's per-process CPU clock, the same time `/proc/<pid>/stat` reports as
utime+stime in clock ticks), summed over the workers, never the client's.
"""
from __future__ import annotations

import os
import pathlib
import signal
import subprocess
import sys
import time
import urllib.request
import uuid

from bench.emulator import cpu_seconds as proc_stat_seconds
from tests.own_services import free_port

ROOT = pathlib.Path(__file__).resolve().parents[1]
WORKERS, THREADS = 2, 8


def process_cpu_seconds(pid: int) -> float:
    """CPU time (user + system, all threads) of process ``pid`` from the kernel's per-process CPU clock, in
    nanosecond resolution (clock id of clock_getcpuclockid(pid): the scheduler's runtime of the whole process)."""
    return time.clock_gettime(((~pid) << 3) | 2)


def children(pid: int) -> list[int]:
    found = []
    for entry in pathlib.Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


class AppServer:
    """``with AppServer(app_dir) as server:`` gunicorn serving ``app_dir``'s ``main:app`` at ``server.url``."""

    def __init__(self, app_dir: pathlib.Path = ROOT, label: str = "app"):
        self.app_dir, self.label = pathlib.Path(app_dir), label
        self.namespace = f"bench{uuid.uuid4().hex[:10]}"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "DATASTORE_NAMESPACE": self.namespace, "CACHE_PREFIX": f"{self.namespace}:",
                    "PYTHONDONTWRITEBYTECODE": "1"}
        self.proc: subprocess.Popen | None = None
        self.workers: list[int] = []

    def __enter__(self) -> "AppServer":
        subprocess.run([sys.executable, "-m", "content.seed"], cwd=self.app_dir, env=self.env, check=True,
                       stdout=subprocess.DEVNULL)
        argv = [sys.executable, "-m", "gunicorn", "-b", f"127.0.0.1:{self.port}", "-w", str(WORKERS),
                "--threads", str(THREADS), "--no-control-socket", "main:app"]
        self.proc = subprocess.Popen(argv, cwd=self.app_dir, env=self.env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.proc.stderr.read().decode()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/v1/exercises", timeout=5):
                    pass
                self.workers = children(self.proc.pid)
                if len(self.workers) == WORKERS:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer in time")
            time.sleep(0.2)

    def cpu_seconds(self) -> float:
        """The workers' CPU time so far, summed (precise clock)."""
        return sum(process_cpu_seconds(pid) for pid in self.workers)

    def stat_seconds(self) -> float:
        """The workers' utime + stime so far, summed (/proc ticks)."""
        return sum(proc_stat_seconds(pid) for pid in self.workers)

    def same_workers(self) -> bool:
        """True while the workers measured are still the server's workers (none restarted)."""
        return children(self.proc.pid) == self.workers

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=30)
        self.proc = None

    def __exit__(self, *exc) -> None:
        self.stop()
        delete_namespace(self.namespace)


def empty_namespace() -> int:
    """Delete every entity of the current ndb context's namespace (a kindless keys-only query); returns how many."""
    from google.cloud import ndb

    deleted = 0
    while keys := ndb.Query().fetch(500, keys_only=True):
        ndb.delete_multi(keys)
        deleted += len(keys)
    return deleted


def delete_namespace(namespace: str) -> int:
    """Delete every entity of ``namespace`` (`empty_namespace` in a context of its own); returns how many."""
    from clients.datastore import make_client
    from config import Config

    config = Config.from_env().with_(namespace=namespace)
    with make_client(config).context(namespace=namespace, cache_policy=False):
        return empty_namespace()
