"""The user's newest logs straight from the Datastore, fetched page by page as the rules index them: the history
an action reads while the last action cache is unreachable (nothing will be written, so nothing more is fetched
than the rules touch).

Invariants:
- the sequence is exactly the newest ``MAX_LOGS`` logs of the query, newest first, as a rebuild would hold them:
  a log at index ``i`` is fetched (with every newer one) before it is returned, iteration ends at the query's
  real end, and a rule that needs ``n`` logs gets ``n`` when they exist;
- its length is exact once the query ran out; before that it is the user's count of logs of that kind (committed
  with each log, the number the cache is checked against) capped at ``MAX_LOGS``, never less than the logs
  already fetched, and the first page (``FIRST_PAGE``, above every rule's count of logs) is fetched before a
  length is given, so a user with fewer logs gets the exact length whatever the count;
- the queries run in the caller's ndb context, inside the action's transaction when made there (its snapshot).
"""
from __future__ import annotations

from typing import Sequence

from google.cloud import ndb

from badges.log_codec import EncodedPages

FIRST_PAGE = 100


class QueriedLogs(Sequence):
    def __init__(self, query: ndb.Query, count: int, limit: int):
        self._pages = EncodedPages(query, limit)
        self._count = min(count, limit)

    @property
    def fetched(self) -> int:
        return len(self._pages.blobs)

    def __len__(self) -> int:
        blobs = self._pages.fetch(FIRST_PAGE)
        return len(blobs) if self._pages.done else max(self._count, len(blobs))

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if index < 0:
            raise IndexError(index)
        blobs = self._pages.blobs
        if index >= len(blobs):
            # Pages double (100, 200, 400, ...) so a long walk costs a few round trips, a short one one page.
            blobs = self._pages.fetch(max(index + 1, FIRST_PAGE, 2 * len(blobs)))
        if index >= len(blobs):
            raise IndexError(index)
        return blobs[index]


class Prepended(Sequence):
    """``newest`` followed by ``older``, at most ``limit`` long; ``older`` is indexed only as far as asked."""

    def __init__(self, newest, older: Sequence, limit: int):
        self._newest, self._older, self._limit = newest, older, limit

    def __len__(self) -> int:
        return min(1 + len(self._older), self._limit)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < self._limit:
            raise IndexError(index)
        return self._newest if index == 0 else self._older[index - 1]
