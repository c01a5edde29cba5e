"""Memorystore for Valkey through valkey-py, standalone or cluster mode, plus server-side scripts.

Invariants: the client is made on first use (a cluster client asks a node for the topology as it is built, and
the app must start while the cache is down); in cluster mode every key a script touches shares one hash slot
(a ``{...}`` hash tag), and the client follows the cluster's topology; a script is sent once per node
(``SCRIPT LOAD`` on NOSCRIPT) and then run by its SHA1 in one round trip.
"""
from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from typing import Sequence

import valkey
from valkey.cluster import ValkeyCluster
from valkey.exceptions import NoScriptError

from clients.cache import Cache, payload_size


@dataclass(frozen=True)
class Script:
    """A Lua script the server runs atomically; known by the SHA1 of its text."""

    text: str
    sha: str = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "sha", hashlib.sha1(self.text.encode()).hexdigest())


class ValkeyCache(Cache):
    backend = "valkey"

    def __init__(self, host: str, port: int, timeout: float = 0.05, prefix: str = "", cluster: bool = False):
        super().__init__(prefix, timeout)
        self.host, self.port, self.cluster = host, port, cluster
        self._connection = None
        self._connecting = threading.Lock()

    def _client(self):
        if self._connection is None:
            with self._connecting:
                if self._connection is None:
                    self._connection = self._connect()
        return self._connection

    def _connect(self):
        options = dict(socket_timeout=self.timeout, socket_connect_timeout=self.timeout, max_connections=32)
        if self.cluster:
            # No retries inside the client: an unreachable node is a miss now, not three topology refreshes.
            return ValkeyCluster(host=self.host, port=self.port, cluster_error_retry_attempts=0, **options)
        return valkey.Valkey(host=self.host, port=self.port, **options)

    def get(self, key: str) -> bytes | None:
        return self.quietly("get", lambda c: c.get(self.key(key)), None)

    def set(self, key: str, value: bytes, expire: int = 0) -> bool:
        return bool(self.quietly("set", lambda c: c.set(self.key(key), value, ex=expire or None), False, len(value)))

    def set_if_absent(self, key: str, value: bytes, expire: int = 0) -> bool:
        return bool(self.quietly("add", lambda c: c.set(self.key(key), value, ex=expire or None, nx=True), False,
                                 len(value)))

    def delete(self, key: str) -> bool:
        return bool(self.quietly("delete", lambda c: c.delete(self.key(key)), False))

    def run(self, op: str, script: Script, keys: Sequence[str], args: Sequence[bytes | str | int]):
        """Runs ``script`` on the node owning ``keys`` (already prefixed) in one round trip; raises `CacheDown`."""

        def evaluate(client):
            try:
                return client.evalsha(script.sha, len(keys), *keys, *args)
            except NoScriptError:  # a node that restarted or joined since: teach it the script once
                client.script_load(script.text)
                return client.evalsha(script.sha, len(keys), *keys, *args)

        return self.call(op, evaluate, payload_size(list(args)))
