"""The cache (Memorystore for Memcached or Memorystore for Valkey), chosen by one URL, and what "the cache is
down" means.

Invariants:
- the cache is an optimisation only: every call answers within the short timeout; a failure or time-out is
  counted in ``calls["errors"]`` and surfaces as `CacheDown` from `Cache.call`, which callers that must tell an
  outage from a miss catch (the last action cache's log stores); `get`, `set` and `delete` never raise: an
  outage reads as a miss and a failed write;
- every round trip is counted by operation, and the payload bytes sent and received by direction, so tests and
  the benchmark pin the per-action cost of either backend;
- clients are built once, in `make_cache` (called by the app factory); nothing here connects at import.
"""
from __future__ import annotations

import logging
import threading
from abc import ABC, abstractmethod
from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import urlsplit

from config import Config

log = logging.getLogger(__name__)
DEFAULT_PORTS = {"memcached": 11211, "valkey": 6379, "valkey+cluster": 6379}


class CacheDown(Exception):
    """The cache did not answer (not configured, refused, timed out or failed)."""


@dataclass(frozen=True)
class CacheLocation:
    scheme: str  # memcached | valkey | valkey+cluster
    host: str
    port: int

    @property
    def cluster(self) -> bool:
        return self.scheme == "valkey+cluster"


def parse_cache_url(url: str) -> CacheLocation:
    """``memcached://host:port``, ``valkey://host:port`` or ``valkey+cluster://host:port`` (a discovery node)."""
    parts = urlsplit(url)
    if parts.scheme not in DEFAULT_PORTS:
        raise ValueError(f"CACHE_URL {url!r}: the scheme must be one of {', '.join(DEFAULT_PORTS)}")
    if not parts.hostname or parts.path not in ("", "/") or parts.query or parts.username:
        raise ValueError(f"CACHE_URL {url!r}: expected {parts.scheme}://host:port and nothing else")
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError as exc:
        raise ValueError(f"CACHE_URL {url!r}: bad port") from exc
    return CacheLocation(parts.scheme, parts.hostname, port)


def payload_size(value: Any) -> int:
    """Bytes of the values in a reply (bytes, or lists and tuples of them); counts and flags weigh nothing."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return len(value)
    if isinstance(value, (list, tuple)):
        return sum(payload_size(v) for v in value)
    return 0


class Cache(ABC):
    """What every backend offers: counted, failure-proof calls, and get/set/delete of small shared values."""

    backend = "none"

    def __init__(self, prefix: str = "", timeout: float = 0.05):
        self.prefix = prefix
        self.timeout = timeout
        self.calls: Counter[str] = Counter()
        self.traffic: Counter[str] = Counter()  # "read" / "written": payload bytes
        self._lock = threading.Lock()

    @abstractmethod
    def _client(self):
        """The connected client, or None when no cache is configured. May raise while connecting."""

    def call(self, op: str, fn: Callable[[Any], Any], sent: int = 0) -> Any:
        """One round trip ``fn(client)``, counted; raises `CacheDown` on any failure (also counted)."""
        with self._lock:
            self.calls[op] += 1
            self.traffic["written"] += sent
        try:
            client = self._client()
            if client is None:
                raise CacheDown("no cache configured")
            result = fn(client)
        except CacheDown:
            raise
        except Exception as exc:  # noqa: BLE001 - any cache failure is an outage, by design
            with self._lock:
                self.calls["errors"] += 1
            log.warning("%s %s failed: %s", self.backend, op, exc)
            raise CacheDown(f"{self.backend} {op}: {exc}") from exc
        with self._lock:
            self.traffic["read"] += payload_size(result)
        return result

    def quietly(self, op: str, fn: Callable[[Any], Any], default: Any, sent: int = 0) -> Any:
        try:
            return self.call(op, fn, sent)
        except CacheDown:
            return default

    def key(self, key: str) -> str:
        return self.prefix + key

    @abstractmethod
    def get(self, key: str) -> bytes | None:
        """The value, or None when missing or unreachable."""

    @abstractmethod
    def set(self, key: str, value: bytes, expire: int = 0) -> bool:
        """True when stored; ``expire`` in seconds, 0 for no expiry."""

    @abstractmethod
    def set_if_absent(self, key: str, value: bytes, expire: int = 0) -> bool:
        """True when stored; False when the key already holds a value, or the cache is unreachable."""

    @abstractmethod
    def delete(self, key: str) -> bool:
        """True when a value was there and is gone."""

    def round_trips(self) -> int:
        return sum(n for op, n in self.calls.items() if op != "errors")


def make_cache(config: Config) -> Cache:
    """The backend ``config.cache_url`` names; no URL means no cache (every read a miss, every write dropped)."""
    from clients.memcached import MemcachedCache
    from clients.valkey import ValkeyCache

    if not config.cache_url:
        return MemcachedCache(None, config.cache_timeout, config.cache_prefix)
    where = parse_cache_url(config.cache_url)
    if where.scheme == "memcached":
        return MemcachedCache(f"{where.host}:{where.port}", config.cache_timeout, config.cache_prefix)
    return ValkeyCache(where.host, where.port, config.cache_timeout, config.cache_prefix, cluster=where.cluster)
