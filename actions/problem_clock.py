"""When a problem was first served: the time its serve tokens carry, so that serving it again cannot restart its
clock (SPEC: ``time_taken`` runs from serving the problem to its completing attempt).

Invariants:
- the first serve of problem *n* of an exercise to a student stores its time under a small cache key of that
  (student, exercise, number), with ``set_if_absent``: later serves of the same problem read it back and sign the
  same earliest time, so a student who serves a problem, works it out and serves it again cannot answer a "fresh"
  problem at once;
- the key is a clock hint, not state: no answer, count or award depends on its presence. A serve still writes
  nothing to the Datastore; the key expires by itself after `KEEP_SECONDS`, and no later problem reads it (the
  next problem has its own number);
- a cache outage, an eviction or an expiry reads as "never served": the serve signs ``now``, so the clock
  restarts at that serve (the cache is an optimisation; a student would have to wait out the expiry of a day, or
  an outage, to gain anything). A hint or a wrong attempt also pins the clock on the stored stats
  (`actions.exercises`), which no cache loss can undo.
"""
from __future__ import annotations

import datetime

from clients.cache import Cache
from content.serve_tokens import EPOCH, MILLISECOND

KEEP_SECONDS = 24 * 3600  # far beyond any fast-problem bound; one small key per problem served in the last day


def key(user_id: str, exercise: str, number: int) -> str:
    return f"served:{user_id}:{exercise}:{number}"


def first_served(cache: Cache, user_id: str, exercise: str, number: int, now: datetime.datetime) -> datetime.datetime:
    """The earliest serve of this problem the cache remembers, recording ``now`` when it remembers none. One round
    trip on a first serve, two on a re-serve."""
    slot = key(user_id, exercise, number)
    if cache.set_if_absent(slot, str((now - EPOCH) // MILLISECOND).encode(), KEEP_SECONDS):
        return now
    held = cache.get(slot)
    try:
        earliest = EPOCH + int(held) * MILLISECOND
    except (TypeError, ValueError, OverflowError):  # unreachable, evicted since, or not ours
        return now
    return min(earliest, now)
