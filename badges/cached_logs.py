"""What the last action cache holds, whatever backend stores it: per user the newest 500 problem logs and 500
video logs, newest first, and how many logs of each kind the user had when they were taken.

Invariants:
- a log is held as entity-protobuf bytes (as read from the cache) or as the entity itself (as read from the
  Datastore, or just created); it is encoded only when it is written, decoded only when a rule reads it, each at
  most once per request;
- an entry's counts say which logs it holds: the log that made a count ``n`` is log number ``n`` of its kind,
  so "my counts plus one log" is a precise claim a store can check, and two entries with the same counts hold the
  same logs;
- a store (`LogStore`) never raises: an outage is a snapshot marked unreachable, and a write it cannot make
  leaves the stored counts behind ``UserData``'s, which forces a rebuild on the next read.
"""
from __future__ import annotations

import itertools
import struct
import sys
from dataclasses import dataclass, replace
from typing import Protocol, Sequence, Union

from google.cloud import ndb

from badges.log_codec import decode_fields, encode

VERSION = 4
MAX_LOGS = 500
KINDS = ("problem", "video")
Log = Union[bytes, ndb.Model]
_HEADER = struct.Struct("<BQQHH")
_LITTLE_ENDIAN = sys.byteorder == "little" and struct.calcsize("I") == 4


def as_bytes(log: Log) -> bytes:
    return log if isinstance(log, bytes) else encode(log)


class LazyLogs(Sequence):
    """Newest-first logs, each decoded on first access (to the fields the rules read: `decode_fields`) at most
    once; a log held as a model (the action's own) is given as it is."""

    def __init__(self, logs: Sequence[Log]):
        self._logs = logs
        self._decoded: dict[int, ndb.Model] = {}

    @property
    def decoded_count(self) -> int:
        return len(self._decoded)

    def __len__(self) -> int:
        return len(self._logs)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._logs)))]
        if index < 0:
            index += len(self._logs)
        if not 0 <= index < len(self._logs):
            raise IndexError(index)
        if index not in self._decoded:
            log = self._logs[index]
            self._decoded[index] = decode_fields(log) if isinstance(log, bytes) else log
        return self._decoded[index]


class HeldLogs(Sequence):
    """Newest-first logs held lazily, read only as far as they are indexed; equal to any sequence of equal logs
    (a tuple included), as an entry's tuples are."""

    __slots__ = ()
    __hash__ = None

    def _item(self, index: int) -> Log:
        raise NotImplementedError

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._item(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._item(index)

    def __eq__(self, other):
        if not isinstance(other, Sequence) or isinstance(other, (str, bytes)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))


class Blobs(HeldLogs):
    """Logs ``lo`` to ``hi`` of a serialized entry: log ``k`` is ``data[offsets[k]:offsets[k + 1]]``, sliced (a
    copy of that log alone) only when indexed."""

    __slots__ = ("_data", "_offsets", "_lo", "_len")

    def __init__(self, data: bytes, offsets: Sequence[int], lo: int, hi: int):
        self._data, self._offsets, self._lo, self._len = data, offsets, lo, hi - lo

    def __len__(self) -> int:
        return self._len

    def _item(self, index: int) -> bytes:
        at = self._lo + index
        return self._data[self._offsets[at]:self._offsets[at + 1]]

    def __iter__(self):
        data, offsets = self._data, self._offsets
        return (data[offsets[at]:offsets[at + 1]] for at in range(self._lo, self._lo + self._len))


class Prepended(HeldLogs):
    """``newest`` (a tuple, newest first) followed by ``older``, at most ``limit`` long; ``older`` is indexed
    only as far as asked."""

    __slots__ = ("_newest", "_older", "_limit")

    def __init__(self, newest: tuple, older: Sequence, limit: int):
        self._newest, self._older, self._limit = newest, older, limit

    def __len__(self) -> int:
        return min(len(self._newest) + len(self._older), self._limit)

    def __getitem__(self, index):
        # Bounded by the limit, not the length: an older sequence that is still being fetched
        # (`badges.queried_logs`) says itself where it ends.
        if isinstance(index, int) and 0 <= index < self._limit:
            return self._item(index)
        return super().__getitem__(index)

    def _item(self, index: int) -> Log:
        held = len(self._newest)
        return self._newest[index] if index < held else self._older[index - held]

    def __iter__(self):
        return itertools.islice(itertools.chain(self._newest, self._older), self._limit)


@dataclass(frozen=True)
class Entry:
    """The logs are tuples (as rebuilt or built in a test) or `HeldLogs`: as parsed (`Blobs`), with newer logs in
    front (`Prepended`), or read straight from the Datastore while the cache is unreachable
    (`badges.queried_logs`, never serialized). Entries are equal when their counts and logs are."""

    problem_count: int = 0
    video_count: int = 0
    problems: Sequence[Log] = ()
    videos: Sequence[Log] = ()

    def matches(self, problem_count: int, video_count: int) -> bool:
        return (self.problem_count, self.video_count) == (problem_count, video_count)

    def count(self, kind: str) -> int:
        return self.problem_count if kind == "problem" else self.video_count

    def logs(self, kind: str) -> Sequence[Log]:
        return self.problems if kind == "problem" else self.videos

    def with_logs(self, kind: str, logs: tuple) -> "Entry":
        """This entry plus the user's next ``len(logs)`` logs of ``kind``, given newest first, in one step (the
        oldest beyond 500 are dropped, never encoded; a held history is not read)."""
        if not logs:
            return self
        held = self.logs(kind)
        newer = (logs + held)[:MAX_LOGS] if isinstance(held, tuple) else Prepended(logs, held, MAX_LOGS)
        if kind == "problem":
            return replace(self, problem_count=self.problem_count + len(logs), problems=newer)
        return replace(self, video_count=self.video_count + len(logs), videos=newer)

    def with_log(self, kind: str, log: Log) -> "Entry":
        """This entry plus the user's next log of ``kind``."""
        return self.with_logs(kind, (log,))

    def with_problem(self, log: Log) -> "Entry":
        return self.with_log("problem", log)

    def with_video(self, log: Log) -> "Entry":
        return self.with_log("video", log)

    def extends(self, before: "Entry | None", kind: str) -> bool:
        """Whether this entry is ``before`` plus exactly one log of ``kind``."""
        if before is None:
            return False
        other = "video" if kind == "problem" else "problem"
        return self.count(kind) == before.count(kind) + 1 and self.count(other) == before.count(other)

    def newest(self, kind: str) -> bytes:
        return as_bytes(self.logs(kind)[0])

    def serialize(self) -> bytes:
        """Header, then where each log starts in these bytes and where the last ends (one table of ``n + 1``
        offsets, so a reader unpacks it in one call and slices any log without reading the others), then the
        logs, problems then videos, newest first."""
        blobs = [as_bytes(log) for log in (*self.problems, *self.videos)]
        header = _HEADER.pack(VERSION, self.problem_count, self.video_count, len(self.problems), len(self.videos))
        offsets = [_HEADER.size + 4 * (len(blobs) + 1)]
        for blob in blobs:
            offsets.append(offsets[-1] + len(blob))
        return b"".join([header, struct.pack(f"<{len(offsets)}I", *offsets), *blobs])

    @classmethod
    def parse_prefix(cls, data: bytes) -> "tuple[Entry, int] | None":
        """The entry serialized at the start of ``data`` and where it ends; None if it is not one of this version,
        or its table does not start right after itself or ends beyond ``data``. No log is copied: each is
        sliced when indexed (`Blobs`)."""
        data = bytes(data)  # a no-op on bytes, which is what the clients return
        try:
            version, pcount, vcount, np_, nv = _HEADER.unpack_from(data, 0)
        except struct.error:
            return None
        table_end = _HEADER.size + 4 * (np_ + nv + 1)
        if version != VERSION or len(data) < table_end:
            return None
        offsets = _offsets(data, _HEADER.size, table_end)
        if offsets[0] != table_end or offsets[-1] > len(data):
            return None
        problems, videos = Blobs(data, offsets, 0, np_), Blobs(data, offsets, np_, np_ + nv)
        return cls(pcount, vcount, problems, videos), offsets[-1]

    @classmethod
    def parse(cls, data: bytes) -> "Entry | None":
        parsed = cls.parse_prefix(data)
        return parsed[0] if parsed and parsed[1] == len(data) else None


def _offsets(data: bytes, start: int, end: int) -> Sequence[int]:
    """The little-endian uint32 table in ``data[start:end]``: read in place where that is the machine's own order
    (no int is made until one is indexed), else unpacked."""
    if _LITTLE_ENDIAN:
        return memoryview(data)[start:end].cast("I")
    return struct.unpack_from(f"<{(end - start) // 4}I", data, start)


@dataclass
class Snapshot:
    """What a store read for an action (`badges.action_history`: once at most, when first needed).

    ``entry`` is None on a miss; ``reachable`` is False when the cache did not answer (then nothing is encoded
    or written for this action); ``token`` and ``tail`` are the memcached store's CAS token and number of logs
    appended since the entry was last written whole.
    """

    entry: Entry | None
    token: bytes | None = None
    reachable: bool = True
    tail: int = 0


class LogStore(Protocol):
    def read(self, user_id: str) -> Snapshot: ...

    def write(self, user_id: str, snapshot: Snapshot, entry: Entry, kind: str) -> bool:
        """Store ``entry`` (``kind`` is what the action added); True when the stored logs now include it."""

    def append(self, user_id: str, kind: str, number: int, blob: bytes) -> bool:
        """Add log ``number`` of ``kind`` to a stored entry holding logs up to ``number - 1`` (a blind append:
        the entry was not read); True when the stored logs now include it, or (memcached) once it is sent
        without waiting; False when the cache did not answer."""

    def read_due(self, number: int) -> bool:
        """Whether the action making log ``number`` should read the entry for the store's upkeep."""

    def forget(self, user_id: str) -> None: ...
