"""The memcached client (Memorystore in production) and what "memcached is down" means.

Invariant: the cache is an optimisation only. Every call here answers within the short timeout and never raises:
an error or time-out reads as a miss and a failed write, and is counted, so an action never fails for memcached.
"""
from __future__ import annotations

import hashlib
import logging
import threading
from collections import Counter

from pymemcache.client.base import PooledClient

from config import Config

log = logging.getLogger(__name__)


class Cache:
    """A thin, failure-proof wrapper over pymemcache that counts round trips (tests pin the per-action cost)."""

    def __init__(self, address: str | None, timeout: float = 0.05, prefix: str = ""):
        self.prefix = prefix
        self.calls: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._client = None
        if address:
            host, _, port = address.rpartition(":")
            self._client = PooledClient(
                (host or address, int(port or 11211)),
                connect_timeout=timeout,
                timeout=timeout,
                no_delay=True,
                default_noreply=False,
                max_pool_size=32,
            )

    def _count(self, op: str) -> None:
        with self._lock:
            self.calls[op] += 1

    def _do(self, op: str, fn, default):
        self._count(op)
        if self._client is None:
            return default
        try:
            return fn(self._client)
        except Exception as exc:  # noqa: BLE001 - any memcached failure is a miss, by design
            self._count("errors")
            log.warning("memcached %s failed: %s", op, exc)
            return default

    def key(self, key: str) -> str:
        """The prefixed key; one memcached would refuse (space, control character, over 250 bytes) is hashed."""
        full = self.prefix + key
        if len(full.encode()) > 250 or any(c.isspace() or ord(c) < 33 for c in full):
            full = self.prefix + "h:" + hashlib.sha256(key.encode()).hexdigest()
        return full

    def gets(self, key: str) -> tuple[bytes | None, bytes | None]:
        return self._do("gets", lambda c: c.gets(self.key(key)), (None, None))

    def get(self, key: str) -> bytes | None:
        return self._do("get", lambda c: c.get(self.key(key)), None)

    def cas(self, key: str, value: bytes, token: bytes, expire: int = 0) -> bool | None:
        """True stored, False conflict, None missing (or memcached down)."""
        return self._do("cas", lambda c: c.cas(self.key(key), value, token, expire=expire), None)

    def add(self, key: str, value: bytes, expire: int = 0) -> bool:
        return bool(self._do("add", lambda c: c.add(self.key(key), value, expire=expire, noreply=False), False))

    def set(self, key: str, value: bytes, expire: int = 0) -> bool:
        return bool(self._do("set", lambda c: c.set(self.key(key), value, expire=expire, noreply=False), False))

    def delete(self, key: str) -> bool:
        return bool(self._do("delete", lambda c: c.delete(self.key(key), noreply=False), False))

    def round_trips(self) -> int:
        return sum(n for op, n in self.calls.items() if op != "errors")


def make_cache(config: Config) -> Cache:
    return Cache(config.memcached_address, config.memcached_timeout, config.cache_prefix)
