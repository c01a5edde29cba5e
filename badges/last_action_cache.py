"""The last action cache: per user, the newest 500 problem logs and 500 video logs as entity-protobuf bytes, on
whichever cache the app was configured with (`badges.memcached_logs` or `badges.valkey_logs`).

Invariants:
- per action: at most one read, inside the action's transaction and only when a rule looks past the action's own
  log or the store's upkeep asks (`read_due`; `badges.action_history`), and one write after it commits: the
  action's own log alone (`append`), or the read entry plus that log (`write`), which sends only the log unless
  the entry had to be rebuilt (or, on memcached, compacted);
- a read entry's counts are compared with ``UserData``'s (`current`); any difference (a miss, a flush, a lost
  write, a racing tab) rebuilds the lists from the Datastore by ancestor query, so rules never see a stale
  history;
- a rebuild encodes nothing (it keeps the bytes the query returned); when the cache did not answer the read,
  nothing is written for that action, a log handed over as an entity is never encoded, and the history is
  queried page by page only as far as the rules index it (`badges.queried_logs`): the cache is an optimisation,
  never a reason to fail, and its outage costs no more than the rules' own reads;
- logs are decoded only when a rule asks for one, each at most once per request.
"""
from __future__ import annotations

from google.cloud import ndb

from badges.cached_logs import MAX_LOGS, VERSION, Entry, LazyLogs, LogStore, Snapshot
from badges.log_codec import decode, encode, fetch_encoded
from badges.memcached_logs import MemcachedLogs
from badges.queried_logs import QueriedLogs
from badges.valkey_logs import ValkeyLogs
from clients.cache import Cache
from models.logs import ProblemLog, VideoLog

__all__ = ["MAX_LOGS", "VERSION", "Entry", "LastActionCache", "LazyLogs", "Snapshot", "decode", "encode"]
STORES = {"memcached": MemcachedLogs, "valkey": ValkeyLogs}


class LastActionCache:
    def __init__(self, cache: Cache):
        self.cache = cache
        self.store: LogStore = STORES[cache.backend](cache)

    def read(self, user_id: str) -> Snapshot:
        return self.store.read(user_id)

    @staticmethod
    def rebuild(user_key: ndb.Key, problem_count: int, video_count: int) -> Entry:
        """The user's newest logs by ancestor query (strongly consistent, allowed inside the transaction), as the
        entity-protobuf bytes the query returned: nothing is encoded, and only the logs a rule reads are decoded."""
        problems = fetch_encoded(_problem_logs(user_key), MAX_LOGS)
        videos = fetch_encoded(_video_logs(user_key), MAX_LOGS)
        return Entry(problem_count, video_count, tuple(problems), tuple(videos))

    @staticmethod
    def queried(user_key: ndb.Key, problem_count: int, video_count: int) -> Entry:
        """The same logs as `rebuild`, fetched only as far as they are indexed (for an entry never written)."""
        return Entry(problem_count, video_count, QueriedLogs(_problem_logs(user_key), problem_count, MAX_LOGS),
                     QueriedLogs(_video_logs(user_key), video_count, MAX_LOGS))

    def current(self, snapshot: Snapshot, user_key: ndb.Key, problem_count: int, video_count: int) -> Entry:
        """The entry that matches the user's committed counts: the cached one, else rebuilt from the Datastore
        (whole when it will be written, as far as the rules read when the cache did not answer)."""
        entry = snapshot.entry
        if entry is not None and entry.matches(problem_count, video_count):
            return entry
        if not snapshot.reachable:
            return self.queried(user_key, problem_count, video_count)
        return self.rebuild(user_key, problem_count, video_count)

    def write(self, user_id: str, snapshot: Snapshot, entry: Entry, kind: str) -> bool:
        """Store ``entry`` after the action committed; ``kind`` ("problem" | "video") is what the action added.

        True when the stored logs now include the action's log. Never raises; False leaves the stored counts
        behind ``UserData``'s, so the next action rebuilds.
        """
        if not snapshot.reachable:
            return False
        return self.store.write(user_id, snapshot, entry, kind)

    def append(self, user_id: str, kind: str, number: int, log: ProblemLog | VideoLog) -> bool:
        """Send ``log``, the user's log number ``number`` of ``kind``, alone, without having read the entry (after
        the action committed). True when the stored logs now include it. Never raises; a store whose entry is
        missing, or behind the log's number, keeps nothing, and the next read rebuilds."""
        return self.store.append(user_id, kind, number, encode(log))

    def read_due(self, number: int) -> bool:
        """Whether the action making log ``number`` of its kind should read the entry even if no rule does (so
        the store can rewrite it: memcached compacts the records appended since its last whole write)."""
        return self.store.read_due(number)

    def forget(self, user_id: str) -> None:
        """Drop the user's entry (the next action rebuilds it)."""
        self.store.forget(user_id)


def _problem_logs(user_key: ndb.Key) -> ndb.Query:
    return ProblemLog.query(ancestor=user_key).order(-ProblemLog.time_done)


def _video_logs(user_key: ndb.Key) -> ndb.Query:
    return VideoLog.query(ancestor=user_key).order(-VideoLog.time_watched)
