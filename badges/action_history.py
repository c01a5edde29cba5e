"""One action's history for the rules: the user's logs before the action's own, read from the last action cache
only when a rule first looks at one (or when the store asks for a read to keep its entry small).

Invariants:
- the cache is read at most once per action, inside the action's transaction, and only when needed; most
  actions decide every candidate from the precalculated stats and the action's own log, and send the cache
  only their log (`LastActionCache.append`);
- a read entry is checked against the counts ``UserData`` held before the action's log (`LastActionCache.current`)
  and rebuilt from the Datastore on any difference, exactly as an entry read before the transaction was: a
  rule never sees a stale history;
- a user's first action reads nothing and writes the entry whole (its history is that one log); after that,
  actions that read nothing append their log to the stored entry, which must already hold the ones before it;
- a list's length is known without a read: the user's count of logs of that kind capped at ``MAX_LOGS`` (the
  count is committed with each log and logs are never deleted, so it is what any read or rebuild holds);
- a transaction retry starts the history again from its fresh counts; a snapshot already read is kept (it is
  checked against the new counts like any other).
"""
from __future__ import annotations

from typing import Sequence

from google.cloud import ndb

from badges.cached_logs import KINDS, MAX_LOGS, Entry, HeldLogs, Log, Snapshot
from badges.last_action_cache import LastActionCache


class ActionHistory:
    def __init__(self, lac: LastActionCache, user_id: str):
        self.lac, self.user_id = lac, user_id
        self.snapshot: Snapshot | None = None
        self._key: ndb.Key | None = None
        self._counts = (0, 0)
        self._entry: Entry | None = None

    def start(self, user_key: ndb.Key, problem_count: int, video_count: int) -> None:
        """A transaction attempt begins: ``UserData``'s counts before the action's log. Nothing is read; a user
        with no log yet has a known, empty history (so their first action writes the entry whole)."""
        self._key, self._counts, self._entry = user_key, (problem_count, video_count), None
        if problem_count == video_count == 0:
            self._entry, self.snapshot = Entry(), self.snapshot or Snapshot(None)

    @property
    def was_read(self) -> bool:
        """Whether this attempt read the entry (a rule looked past the action's own log, or the store asked)."""
        return self._entry is not None

    def entry(self) -> Entry:
        """The entry matching the counts of `start`: read (once per action) and checked, rebuilt on a mismatch."""
        if self._entry is None:
            if self.snapshot is None:
                self.snapshot = self.lac.read(self.user_id)
            self._entry = self.lac.current(self.snapshot, self._key, *self._counts)
        return self._entry

    def older(self, kind: str) -> Sequence[Log]:
        """The logs of ``kind`` before the action's, newest first; reading one reads the entry."""
        return _Older(self, kind, min(self._counts[KINDS.index(kind)], MAX_LOGS))


class _Older(HeldLogs):
    __slots__ = ("_history", "_kind", "_len")

    def __init__(self, history: ActionHistory, kind: str, length: int):
        self._history, self._kind, self._len = history, kind, length

    def __len__(self) -> int:
        return self._len

    def _item(self, index: int) -> Log:
        return self._history.entry().logs(self._kind)[index]
