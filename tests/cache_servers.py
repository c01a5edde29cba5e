"""Cache servers a test starts for itself (to kill, flush or cluster them without touching the shared ones),
each on a free loopback port, stopped by its own PID. A missing binary is a failure, never a skip."""
from __future__ import annotations

import random
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _bindable(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_cluster_port() -> int:
    """A free port whose cluster bus port (port + 10000) is free too."""
    for _ in range(200):
        port = random.randrange(20000, 50000)
        if _bindable(port) and _bindable(port + 10000):
            return port
    raise AssertionError("no free port pair for a cluster node")


def _binary(*names: str) -> str:
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    pytest.fail(f"none of {', '.join(names)} is installed: run the tests with `make test` (it installs them)")


def _wait_listening(proc: subprocess.Popen, port: int) -> None:
    for _ in range(200):
        if proc.poll() is not None:
            raise AssertionError(f"{proc.args[0]} exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return
        except OSError:
            time.sleep(0.05)
    stop(proc)
    raise AssertionError(f"{proc.args[0]} did not listen on {port}")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait(5)


def start_memcached(port: int) -> subprocess.Popen:
    proc = subprocess.Popen([_binary("memcached"), "-u", "memcache", "-l", "127.0.0.1", "-p", str(port), "-m", "16"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_listening(proc, port)
    return proc


def start_valkey(port: int, workdir: str, *extra: str) -> subprocess.Popen:
    """A Valkey-compatible server (valkey-server, else Debian's redis-server) without persistence."""
    command = [_binary("valkey-server", "redis-server"), "--bind", "127.0.0.1", "--port", str(port),
               "--save", "", "--appendonly", "no", "--dir", workdir, "--protected-mode", "no", *extra]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_listening(proc, port)
    return proc


def start(backend: str, port: int, workdir: str) -> subprocess.Popen:
    return start_memcached(port) if backend == "memcached" else start_valkey(port, workdir)


def url(backend: str, port: int) -> str:
    return f"{backend}://127.0.0.1:{port}"


@contextmanager
def valkey_cluster(nodes: int = 3):
    """A local cluster of ``nodes`` primaries (no replicas); yields a ``valkey+cluster://`` URL of one node."""
    ports = [free_cluster_port() for _ in range(nodes)]
    procs = []
    with tempfile.TemporaryDirectory(prefix="valkey-cluster-") as workdir:
        try:
            for port in ports:
                procs.append(start_valkey(port, workdir, "--cluster-enabled", "yes",
                                          "--cluster-config-file", f"nodes-{port}.conf", "--cluster-node-timeout", "2000"))
            cli = _binary("valkey-cli", "redis-cli")
            subprocess.run([cli, "--cluster", "create", *[f"127.0.0.1:{p}" for p in ports], "--cluster-replicas", "0",
                            "--cluster-yes"], check=True, capture_output=True, timeout=60)
            _wait_cluster_ok(cli, ports)
            yield f"valkey+cluster://127.0.0.1:{ports[0]}"
        finally:
            for proc in procs:
                stop(proc)


def _wait_cluster_ok(cli: str, ports: list[int]) -> None:
    for _ in range(200):
        states = [subprocess.run([cli, "-p", str(p), "cluster", "info"], capture_output=True, text=True).stdout
                  for p in ports]
        if all("cluster_state:ok" in s for s in states):
            return
        time.sleep(0.05)
    raise AssertionError("the local cluster never reached cluster_state:ok")
