"""The user's newest logs straight from the Datastore, fetched page by page as the rules index them: the history
an action reads while the last action cache is unreachable (nothing will be written, so nothing more is fetched
than the rules touch).

Invariants:
- the sequence is exactly the newest ``MAX_LOGS`` logs of the query, newest first, as a rebuild would hold them:
  a log at index ``i`` is fetched (with every newer one) before it is returned, iteration ends at the query's
  real end, and a rule that needs ``n`` logs gets ``n`` when they exist;
- its length is the user's count of logs of that kind capped at ``MAX_LOGS`` (the count is committed with each
  log and logs are never deleted, so it is the number a rebuild would find; the cache is checked against it
  too), exact once the query ran out, never less than the logs already fetched: asking it fetches nothing;
- pages grow fourfold from ``FIRST_PAGE`` (25, 100, 400): the few logs most rules touch cost one small query, a
  walk through all 500 three;
- the queries run in the caller's ndb context, inside the action's transaction when made there (its snapshot).
"""
from __future__ import annotations

from google.cloud import ndb

from badges.cached_logs import HeldLogs
from badges.log_codec import EncodedPages

FIRST_PAGE = 25


class QueriedLogs(HeldLogs):
    def __init__(self, query: ndb.Query, count: int, limit: int):
        self._pages = EncodedPages(query, limit)
        self._count = min(count, limit)

    @property
    def fetched(self) -> int:
        return len(self._pages.blobs)

    def __len__(self) -> int:
        blobs = self._pages.blobs
        return len(blobs) if self._pages.done else max(self._count, len(blobs))

    def _item(self, index: int) -> bytes:
        blobs = self._pages.blobs
        if index >= len(blobs):
            blobs = self._pages.fetch(max(index + 1, FIRST_PAGE, 4 * len(blobs)))
        if index >= len(blobs):
            raise IndexError(index)
        return blobs[index]
