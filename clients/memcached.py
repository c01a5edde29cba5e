"""Memorystore for Memcached through pymemcache: the generic cache calls plus the compare-and-set and append
operations the last action cache's memcached store is built on.

Invariant: the operations below that return a memcached answer (``gets``, ``cas``, ``add``, ``append``) raise
`CacheDown` on an outage, so their caller can tell "not stored" from "not reachable"; get/set/delete never raise.
"""
from __future__ import annotations

import hashlib

from pymemcache.client.base import PooledClient

from clients.cache import Cache


class MemcachedCache(Cache):
    backend = "memcached"

    def __init__(self, address: str | None, timeout: float = 0.05, prefix: str = ""):
        super().__init__(prefix, timeout)
        self._pool = None
        self._keys: dict[str, str] = {}
        if address:
            host, _, port = address.rpartition(":")
            self._pool = PooledClient(
                (host or address, int(port or 11211)),
                connect_timeout=timeout,
                timeout=timeout,
                no_delay=True,
                default_noreply=False,
                max_pool_size=32,
            )

    def _client(self):
        return self._pool

    def key(self, key: str) -> str:
        """The prefixed key; one memcached would refuse (space, control character, over 250 bytes) is hashed.
        The newest keys are remembered (a user's key is made on every action)."""
        full = self._keys.get(key)
        if full is None:
            if len(self._keys) >= 4096:
                self._keys.clear()
            full = self._keys[key] = self._safe(key)
        return full

    def _safe(self, key: str) -> str:
        full = self.prefix + key
        if len(full.encode()) > 250 or any(c.isspace() or ord(c) < 33 for c in full):
            full = self.prefix + "h:" + hashlib.sha256(key.encode()).hexdigest()
        return full

    def get(self, key: str) -> bytes | None:
        return self.quietly("get", lambda c: c.get(self.key(key)), None)

    def set(self, key: str, value: bytes, expire: int = 0) -> bool:
        return bool(self.quietly("set", lambda c: c.set(self.key(key), value, expire=expire, noreply=False),
                                 False, len(value)))

    def set_if_absent(self, key: str, value: bytes, expire: int = 0) -> bool:
        return bool(self.quietly("add", lambda c: c.add(self.key(key), value, expire=expire, noreply=False),
                                 False, len(value)))

    def delete(self, key: str) -> bool:
        return bool(self.quietly("delete", lambda c: c.delete(self.key(key), noreply=False), False))

    def gets(self, key: str) -> tuple[bytes | None, bytes | None]:
        """(value, CAS token), (None, None) when missing."""
        return self.call("gets", lambda c: c.gets(self.key(key)))

    def cas(self, key: str, value: bytes, token: bytes, expire: int = 0) -> bool | None:
        """True stored, False changed since ``token`` was read, None missing."""
        return self.call("cas", lambda c: c.cas(self.key(key), value, token, expire=expire, noreply=False),
                         len(value))

    def add(self, key: str, value: bytes, expire: int = 0) -> bool:
        """True stored, False when the key already exists."""
        return bool(self.call("add", lambda c: c.add(self.key(key), value, expire=expire, noreply=False),
                              len(value)))

    def append(self, key: str, value: bytes) -> bool:
        """Atomically appends ``value`` to an existing item: True stored, False when the key is missing."""
        return bool(self.call("append", lambda c: c.append(self.key(key), value, noreply=False), len(value)))

    def send_append(self, key: str, value: bytes) -> None:
        """`append` without waiting for the answer (memcached's ``noreply``): the item takes ``value`` or not,
        unseen; the connection's next command still reads only its own answer. Raises `CacheDown` only when the
        command cannot be sent. The command is written straight to a pooled connection's socket (what
        pymemcache's own ``append(noreply=True)`` sends, without its per-call checks: the key is already safe,
        the value bytes); a connection that fails is dropped from the pool, as pymemcache drops it."""
        command = b"append %s 0 0 %d noreply\r\n%s\r\n" % (self.key(key).encode("ascii"), len(value), value)
        self.call("append", lambda pooled: _send(pooled.client_pool, command), len(value))



def _send(pool, command: bytes) -> None:
    """Write ``command`` on a connection of ``pool`` (pymemcache's `ObjectPool` of `Client`), expecting no answer."""
    client = pool.get()
    try:
        if client.sock is None:
            client._connect()
        client.sock.sendall(command)
    except BaseException:
        pool.destroy(client)
        raise
    pool.release(client)
