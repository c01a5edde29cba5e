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
from dataclasses import dataclass, replace
from typing import Protocol, Sequence, Union

from google.cloud import ndb

from badges.log_codec import decode_fields, encode
from badges.queried_logs import Prepended

VERSION = 3
MAX_LOGS = 500
KINDS = ("problem", "video")
Log = Union[bytes, ndb.Model]
_HEADER = struct.Struct("<BQQHH")


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


@dataclass(frozen=True)
class Entry:
    """The logs are tuples, except in an entry read straight from the Datastore while the cache is unreachable
    (`badges.queried_logs`): lazy sequences, never serialized."""

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

    def with_log(self, kind: str, log: Log) -> "Entry":
        """This entry plus the user's next log of ``kind`` (the oldest beyond 500 is dropped, never encoded)."""
        logs = self.logs(kind)
        newer = ((log,) + logs)[:MAX_LOGS] if isinstance(logs, tuple) else Prepended(log, logs, MAX_LOGS)
        if kind == "problem":
            return replace(self, problem_count=self.problem_count + 1, problems=newer)
        return replace(self, video_count=self.video_count + 1, videos=newer)

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
        """Header, then every log's size (one table, so a reader unpacks them in one call), then the logs."""
        blobs = [as_bytes(log) for log in (*self.problems, *self.videos)]
        header = _HEADER.pack(VERSION, self.problem_count, self.video_count, len(self.problems), len(self.videos))
        return b"".join([header, struct.pack(f"<{len(blobs)}I", *map(len, blobs)), *blobs])

    @classmethod
    def parse_prefix(cls, data: bytes) -> "tuple[Entry, int] | None":
        """The entry serialized at the start of ``data`` and where it ends; None if it is not one of this version."""
        data = bytes(data)
        try:
            version, pcount, vcount, np_, nv = _HEADER.unpack_from(data, 0)
            if version != VERSION:
                return None
            sizes = struct.unpack_from(f"<{np_ + nv}I", data, _HEADER.size)
        except struct.error:
            return None
        ends = list(itertools.accumulate(sizes, initial=_HEADER.size + 4 * len(sizes)))
        if ends[-1] > len(data):
            return None
        blobs = [data[start:end] for start, end in zip(ends, ends[1:])]
        return cls(pcount, vcount, tuple(blobs[:np_]), tuple(blobs[np_:])), ends[-1]

    @classmethod
    def parse(cls, data: bytes) -> "Entry | None":
        parsed = cls.parse_prefix(data)
        return parsed[0] if parsed and parsed[1] == len(data) else None


@dataclass
class Snapshot:
    """What a store read before the action's transaction.

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

    def forget(self, user_id: str) -> None: ...
