"""The Datastore emulator process behind ``DATASTORE_EMULATOR_HOST``, read from /proc (Linux): its resident memory
and CPU time, so a benchmark can report what its work cost the emulator; and a fresh emulator of a benchmark's own.
Only `own_datastore` starts or stops anything, and only the emulator it started."""
from __future__ import annotations

import contextlib
import os
import pathlib
from typing import Iterator

PROC = pathlib.Path("/proc")


def emulator_pid(host: str | None = None) -> int | None:
    """The PID of the Java process serving the emulator on ``host``'s port (default: the environment's), or None."""
    host = host or os.environ.get("DATASTORE_EMULATOR_HOST", "")
    port = host.rsplit(":", 1)[-1]
    if not port.isdigit():
        return None
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if argv and argv[0].endswith(b"java") and b"CloudDatastore.jar" in b" ".join(argv) \
                and f"--port={port}".encode() in argv:
            return int(entry.name)
    return None


def rss_mb(pid: int) -> float:
    """Resident memory in MB (VmRSS)."""
    for line in (PROC / str(pid) / "status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of the process so far."""
    fields = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def own_datastore(jvm: str | None = None) -> Iterator[int]:
    """A fresh Datastore emulator of this benchmark's own (tests.own_services), for the duration of the block:
    ``DATASTORE_EMULATOR_HOST`` points at it (clients made inside use it), and everything it held is gone when
    it stops. ``jvm``: its Java options (default: scripts/services.sh's). Yields its Java PID."""
    from tests.own_services import DATASTORE_JVM, datastore_emulator, free_port

    port = free_port()
    server = datastore_emulator(port, DATASTORE_JVM if jvm is None else jvm)
    server.start()
    before = os.environ.get("DATASTORE_EMULATOR_HOST")
    os.environ["DATASTORE_EMULATOR_HOST"] = f"127.0.0.1:{port}"
    try:
        yield emulator_pid()
    finally:
        server.kill()
        if before is None:
            os.environ.pop("DATASTORE_EMULATOR_HOST", None)
        else:
            os.environ["DATASTORE_EMULATOR_HOST"] = before
