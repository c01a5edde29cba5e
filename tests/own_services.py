"""Services a test starts, owns and stops itself (on spare ports), for fault trials that kill them.

Never the shared services of `make test`: killing those would fail every other test.
"""
from __future__ import annotations

import os
import pathlib
import signal
import socket
import subprocess
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[1]
# The Datastore emulator's JVM, as scripts/services.sh starts it: a heap that grows only with live data and shrinks
# back after a full collection (the default G1 heap grows by hundreds of MB of garbage per heavy test and keeps it);
# no cap, as the emulator keeps every query's results for a while and a burst of large queries needs the room.
DATASTORE_JVM = "-XX:+UseSerialGC -Xms32m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def sdk_root() -> str:
    cached = ROOT / ".run" / "sdk_root"
    if cached.exists():
        return cached.read_text().strip()
    out = subprocess.run(["gcloud", "info", "--format=value(installation.sdk_root)"], capture_output=True,
                         text=True, check=True)
    return out.stdout.strip()


class OwnProcess:
    """A server started in its own session; `kill` and `start` may be called repeatedly (same port)."""

    def __init__(self, argv: list[str], ready, log_name: str):
        self.argv, self.ready, self.proc = argv, ready, None
        self.log = ROOT / ".run" / log_name

    def start(self, timeout: float = 60) -> None:
        self.log.parent.mkdir(exist_ok=True)
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(self.argv, stdout=out, stderr=out, stdin=subprocess.DEVNULL,
                                         start_new_session=True)
        deadline = time.monotonic() + timeout
        while not self.ready():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"{self.argv[0]} did not start; see {self.log}")
            time.sleep(0.2)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)
        self.proc = None


def datastore_emulator(port: int, jvm: str = DATASTORE_JVM) -> OwnProcess:
    """The emulator as scripts/services.sh runs it; ``jvm`` "" leaves Java's defaults (to compare)."""
    binary = f"{sdk_root()}/platform/cloud-datastore-emulator/cloud_datastore_emulator"
    argv = ["env", f"JAVA_TOOL_OPTIONS={jvm}", binary, "start", "--testing", "--require_indexes",
            f"--index_file={ROOT / 'index.yaml'}", "--host=127.0.0.1", f"--port={port}"]

    def ready() -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1) as response:
                return response.read().strip() == b"Ok"
        except OSError:
            return False

    return OwnProcess(argv, ready, f"own-datastore-{port}.log")


def tasks_emulator(port: int) -> OwnProcess:
    """The Cloud Tasks emulator (its own venv), delivering nowhere that matters: tests keep their queues paused."""
    argv = ["env", "PYTHONWARNINGS=ignore::FutureWarning", str(ROOT / ".venv-tasks" / "bin" / "gcloud-tasks-emulator"),
            "start", "-p", str(port), "-t", str(free_port()), "-Q", str(ROOT / "queue.yaml"), "-P", "meteorite-dev",
            "-L", "us-central1"]

    def ready() -> bool:
        with socket.socket() as sock:
            sock.settimeout(1)
            return sock.connect_ex(("127.0.0.1", port)) == 0

    return OwnProcess(argv, ready, f"own-tasks-{port}.log")
