"""The last action cache: per user, the newest 500 problem logs and 500 video logs as entity-protobuf bytes.

Invariants:
- one memcached key per user, carrying its format version (``lac:v<N>:<uid>``), read once per action (``gets``)
  and written once after the action commits (``cas``, retried a bounded number of times on conflict);
- the entry carries how many logs of each kind it has seen; inside the action's transaction these counts are
  compared with ``UserData``'s, and any difference (a miss, a flush, a lost write, a racing tab) rebuilds the
  lists from the Datastore by ancestor query, so rules never see a stale history;
- entries are decoded only when a rule asks for one, each at most once per request;
- this is the only module that uses ndb's private entity <-> protobuf helpers.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass, replace
from typing import Sequence

from google.cloud import ndb
from google.cloud.datastore_v1.types import entity as entity_pb2
from google.cloud.ndb import model as ndb_model

from clients.cache import Cache
from models.logs import ProblemLog, VideoLog

VERSION = 1
MAX_LOGS = 500
CAS_RETRIES = 3
_HEADER = struct.Struct("<BQQHH")
_LEN = struct.Struct("<I")


def encode(entity: ndb.Model) -> bytes:
    return ndb_model._entity_to_protobuf(entity)._pb.SerializeToString()


def decode(blob: bytes) -> ndb.Model:
    return ndb_model._entity_from_protobuf(entity_pb2.Entity.deserialize(blob))


class LazyLogs(Sequence):
    """Newest-first logs decoded on first access, each at most once."""

    def __init__(self, blobs: Sequence[bytes]):
        self._blobs = blobs
        self._decoded: dict[int, ndb.Model] = {}

    @property
    def decoded_count(self) -> int:
        return len(self._decoded)

    def __len__(self) -> int:
        return len(self._blobs)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._blobs)))]
        if index < 0:
            index += len(self._blobs)
        if not 0 <= index < len(self._blobs):
            raise IndexError(index)
        if index not in self._decoded:
            self._decoded[index] = decode(self._blobs[index])
        return self._decoded[index]


@dataclass(frozen=True)
class Entry:
    problem_count: int = 0
    video_count: int = 0
    problems: tuple[bytes, ...] = ()
    videos: tuple[bytes, ...] = ()

    def matches(self, problem_count: int, video_count: int) -> bool:
        return (self.problem_count, self.video_count) == (problem_count, video_count)

    def with_problem(self, blob: bytes) -> "Entry":
        return replace(self, problem_count=self.problem_count + 1, problems=((blob,) + self.problems)[:MAX_LOGS])

    def with_video(self, blob: bytes) -> "Entry":
        return replace(self, video_count=self.video_count + 1, videos=((blob,) + self.videos)[:MAX_LOGS])

    def serialize(self) -> bytes:
        parts = [_HEADER.pack(VERSION, self.problem_count, self.video_count, len(self.problems), len(self.videos))]
        for blob in self.problems + self.videos:
            parts.append(_LEN.pack(len(blob)))
            parts.append(blob)
        return b"".join(parts)

    @classmethod
    def parse(cls, data: bytes) -> "Entry | None":
        try:
            version, pcount, vcount, np_, nv = _HEADER.unpack_from(data, 0)
            if version != VERSION:
                return None
            offset, blobs = _HEADER.size, []
            for _ in range(np_ + nv):
                (size,) = _LEN.unpack_from(data, offset)
                offset += _LEN.size
                blobs.append(bytes(data[offset:offset + size]))
                offset += size
            return cls(pcount, vcount, tuple(blobs[:np_]), tuple(blobs[np_:]))
        except struct.error:
            return None


@dataclass
class Snapshot:
    """What one ``gets`` returned: the entry (None on a miss) and its CAS token."""

    entry: Entry | None
    token: bytes | None = None


class LastActionCache:
    def __init__(self, cache: Cache):
        self.cache = cache

    @staticmethod
    def key(user_id: str) -> str:
        return f"lac:v{VERSION}:{user_id}"

    def read(self, user_id: str) -> Snapshot:
        data, token = self.cache.gets(self.key(user_id))
        return Snapshot(Entry.parse(data) if data else None, token)

    @staticmethod
    def rebuild(user_key: ndb.Key, problem_count: int, video_count: int) -> Entry:
        """The user's newest logs by ancestor query (strongly consistent, allowed inside the transaction)."""
        problems = ProblemLog.query(ancestor=user_key).order(-ProblemLog.time_done).fetch(MAX_LOGS)
        videos = VideoLog.query(ancestor=user_key).order(-VideoLog.time_watched).fetch(MAX_LOGS)
        return Entry(problem_count, video_count, tuple(map(encode, problems)), tuple(map(encode, videos)))

    def current(self, snapshot: Snapshot, user_key: ndb.Key, problem_count: int, video_count: int) -> Entry:
        """The entry that matches the user's committed counts, rebuilding it if the cached one does not."""
        entry = snapshot.entry
        if entry is None or not entry.matches(problem_count, video_count):
            entry = self.rebuild(user_key, problem_count, video_count)
        return entry

    def write(self, user_id: str, snapshot: Snapshot, entry: Entry, kind: str) -> bool:
        """Store ``entry`` after the action committed; on a CAS conflict, merge onto the newer value or drop it.

        ``kind`` ("problem" | "video") is what this action added. A value that already counts at least as many
        logs is newer than ours and is kept; one that is exactly one of our logs behind gets our log prepended.
        Anything else is deleted so the next action rebuilds. Never raises.
        """
        key = self.key(user_id)
        token, value = snapshot.token, entry
        for _ in range(CAS_RETRIES):
            if token is None:
                stored = self.cache.add(key, value.serialize())
            else:
                stored = self.cache.cas(key, value.serialize(), token)
            if stored:
                return True
            if stored is None and token is not None:
                token = None  # the key vanished (flush, eviction): try to add ours
                continue
            data, token = self.cache.gets(key)
            theirs = Entry.parse(data) if data else None
            if theirs is None:
                if data is None and token is None:
                    return False  # memcached is unreachable: the counts will force a rebuild later
                continue
            merged = _merge(theirs, entry, kind)
            if merged is None:
                return True  # theirs already includes ours
            if merged is False:
                break
            value = merged
        self.cache.delete(key)
        return False


def _merge(theirs: Entry, ours: Entry, kind: str):
    if theirs.problem_count >= ours.problem_count and theirs.video_count >= ours.video_count:
        return None
    if kind == "problem" and (theirs.problem_count + 1, theirs.video_count) == (ours.problem_count, ours.video_count):
        return theirs.with_problem(ours.problems[0])
    if kind == "video" and (theirs.problem_count, theirs.video_count + 1) == (ours.problem_count, ours.video_count):
        return theirs.with_video(ours.videos[0])
    return False
