"""The last action cache on memcached: one item per user, an entry written whole, then one record appended per
action.

An item is ``Entry.serialize()`` (the base) followed by records ``<kind, n, length, log bytes>``, where ``n`` is
the log's number in its kind (the count it made). An action sends only its own record (memcached ``append``:
atomic, a few hundred bytes; sent without waiting for the answer when the action did not read the item); the
item is written whole only after a rebuild, or to compact it once ``COMPACT_AFTER`` records have piled up
(trimmed back to 500 logs per kind), and then only with the CAS token of the read it was computed from. Every
``COMPACT_AFTER``-th log of a kind reads the item even if no rule does (`read_due`), so the records of an item
that no rule reads still get compacted.

Invariants:
- the reader trusts nothing it cannot check: records whose number the base already counts are ignored (a racing
  rebuild wrote them whole); the others must follow the base's counts with no gap and no repeat, in any arrival
  order, or the item reads as a miss; the counts are then compared with ``UserData``'s, so a lost, late or
  doubled append can cost a rebuild, never a stale or duplicated log;
- a record is only ever a committed log under its true number, so appending it is always safe, whatever the item
  holds by then (a missing item takes nothing); a whole write never replaces an item that changed since it was
  read (CAS), nor creates one over another (``add``).
"""
from __future__ import annotations

import struct

from badges import cached_logs
from badges.cached_logs import KINDS, Entry, Snapshot
from clients.cache import CacheDown
from clients.memcached import MemcachedCache

COMPACT_AFTER = 64
_RECORD = struct.Struct("<BQI")


def pack_record(kind: str, number: int, blob: bytes) -> bytes:
    return _RECORD.pack(KINDS.index(kind), number, len(blob)) + blob


def _records(data: bytes, offset: int) -> list[tuple[str, int, bytes]] | None:
    out = []
    while offset < len(data):
        try:
            code, number, size = _RECORD.unpack_from(data, offset)
        except struct.error:
            return None
        offset += _RECORD.size
        if code >= len(KINDS) or offset + size > len(data):
            return None
        out.append((KINDS[code], number, data[offset:offset + size]))
        offset += size
    return out


def _newer(records: list[tuple[str, int, bytes]], kind: str, count: int) -> tuple[bytes, ...] | None:
    """The logs of ``kind`` that the records add to a base counting ``count``, newest first; None when they
    leave a gap or hold two different logs under one number."""
    newer: dict[int, bytes] = {}
    for record_kind, number, blob in records:
        if record_kind == kind and number > count and newer.setdefault(number, blob) != blob:
            return None
    # Distinct numbers above ``count``: they are count + 1 .. count + len exactly when the largest is count + len.
    if newer and max(newer) != count + len(newer):
        return None
    return tuple(newer[number] for number in range(count + len(newer), count, -1))


def parse_item(data: bytes) -> tuple[Entry, int] | None:
    """The entry an item holds and how many records follow its base; None when it cannot be trusted. Each
    kind's new logs are put in front of the base's in one step; no log of the base is read."""
    data = bytes(data)  # a no-op on bytes, which is what the client returns
    parsed = Entry.parse_prefix(data)
    records = _records(data, parsed[1]) if parsed else None
    if records is None:
        return None
    entry = parsed[0]
    for kind in KINDS:
        newer = _newer(records, kind, entry.count(kind))
        if newer is None:
            return None
        entry = entry.with_logs(kind, newer)
    return entry, len(records)


class MemcachedLogs:
    def __init__(self, cache: MemcachedCache):
        self.cache = cache

    @staticmethod
    def key(user_id: str) -> str:
        return f"lac:v{cached_logs.VERSION}:{user_id}"

    def read(self, user_id: str) -> Snapshot:
        try:
            data, token = self.cache.gets(self.key(user_id))
        except CacheDown:
            return Snapshot(None, reachable=False)
        parsed = parse_item(data) if data else None
        if parsed is None:
            return Snapshot(None, token)
        return Snapshot(parsed[0], token, tail=parsed[1])

    def write(self, user_id: str, snapshot: Snapshot, entry: Entry, kind: str) -> bool:
        key = self.key(user_id)
        try:
            if entry.extends(snapshot.entry, kind) and snapshot.tail < COMPACT_AFTER:
                return self.append(user_id, kind, entry.count(kind), entry.newest(kind))
            record = pack_record(kind, entry.count(kind), entry.newest(kind))
            whole = entry.serialize()
            stored = self.cache.cas(key, whole, snapshot.token) if snapshot.token is not None else None
            if stored is None:  # nothing was there when read, or it vanished since (flush, eviction)
                stored = self.cache.add(key, whole)
            # Someone wrote since our read: our log, under its number, is still a true record to add.
            return stored or self.cache.append(key, record)
        except CacheDown:
            return False

    def append(self, user_id: str, kind: str, number: int, blob: bytes) -> bool:
        """Sent without waiting for memcached's answer: True once sent (a missing item keeps nothing, and the next
        read rebuilds); False when memcached is unreachable."""
        try:
            self.cache.send_append(self.key(user_id), pack_record(kind, number, blob))
        except CacheDown:
            return False
        return True

    @staticmethod
    def read_due(number: int) -> bool:
        """Every ``COMPACT_AFTER``-th log of a kind reads the item, which is rewritten whole once its records
        reach ``COMPACT_AFTER``: an item never holds more than ``2 × COMPACT_AFTER`` records of a kind."""
        return number % COMPACT_AFTER == 0

    def forget(self, user_id: str) -> None:
        self.cache.delete(self.key(user_id))
