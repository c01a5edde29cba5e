"""Reviewing many users in few transactions: one cross-group transaction per chunk of users reads them and their
counter shards in one lookup, runs the engine on each and commits every award and review stamp together.

Invariants:
- Inside the transaction each user is judged by `engine.award_earned` (the real-time rules and award path) on
  the `UserData` read there, with the children and logs the page read, which are current only if the user's
  stats have not moved since (`fingerprint`: every action that changes them also changes `UserData`); a user
  whose stats moved is left out and reviewed alone (`stale`), reading them again in its own transaction.
- Awards share the chunk's `CounterShards`, all on the page's one shard number per badge (`badges.award_stats`),
  so a chunk's users add up on one holder and one award-counter entity per badge, and concurrent pages rarely
  meet on a shard; a badge is awarded at most once, by the owned check on the user read in the transaction.
- Chunks are packed from a prediction made outside any transaction (the badges each user earns now, and so the
  counter shards it will move) to stay under `MAX_GROUPS` entity groups (users and shards: the Datastore
  limit of a cross-group transaction) and `MAX_WRITES` entities; a chunk that fails anyway (a user changed in a
  way that needs another shard) is reviewed user by user by the caller.
"""
from __future__ import annotations

import dataclasses
import datetime
from typing import Callable, Iterator

from google.cloud import ndb

from badges import award_stats, engine
from badges.award_stats import CounterShards
from badges.awards import holder_shard_key, holds_any
from badges.last_action_cache import Entry
from clients.datastore import transact
from models.user import UserData, UserExercise, UserPlaylist

MAX_GROUPS = 25
MAX_WRITES = 400


@dataclasses.dataclass
class Pending:
    """A user to review, as the page read it, with what its review reads and the predicted counter shards."""

    seen: UserData
    exercises: list[UserExercise]
    playlists: list[UserPlaylist]
    entry: Entry
    earned: int = 0
    shard_keys: list[ndb.Key] = dataclasses.field(default_factory=list)

    @property
    def writes(self) -> int:
        return 1 + 2 * self.earned  # the user, and a UserBadge and a PendingNotification per award


Build = Callable[[UserData, Pending], list]  # the user's candidates, as `review.candidates` builds them


def predict(pending: Pending, build: Build, number: int) -> Pending:
    """What ``pending.seen`` earns now and the counter shards it moves (the holder shard of a badge it holds in
    no context yet, the award-counter shard of every badge): `engine.award_earned`'s evaluation passes (a second
    one if the first added points), the second on a view with those owned keys and points. ``number``: the shard
    number the page's awards count on."""
    seen = pending.seen
    earned = engine.earned(seen, build(seen, pending))
    if any(badge.points for badge, _ in earned):
        raised = _Raised(seen, [*seen.owned_badges, *(badge.key(context) for badge, context in earned)],
                         (seen.points or 0) + sum(badge.points for badge, _ in earned))
        earned += engine.earned(raised, build(raised, pending))
    pending.earned = len(earned)
    holders = [holder_shard_key(badge.name, number) for badge, _ in earned if not holds_any(seen, badge.name)]
    pending.shard_keys = list(dict.fromkeys(holders + [award_stats.shard_key(b.name, number) for b, _ in earned]))
    return pending


class _Raised:
    """A user as it would be after awards: other owned keys and points, everything else read through."""

    def __init__(self, user: UserData, owned_badges: list[str], points: int):
        self._user, self.owned_badges, self.points = user, owned_badges, points

    def __getattr__(self, name: str):
        return getattr(self._user, name)


def fingerprint(ud: UserData) -> tuple:
    return (ud.last_activity, ud.problem_log_count, ud.video_log_count, ud.points, ud.total_seconds_watched)


def chunks(pending: list[Pending]) -> Iterator[list[Pending]]:
    """Consecutive users packed under the group and write bounds (see the module invariants)."""
    chunk: list[Pending] = []
    shards: set[ndb.Key] = set()
    for item in pending:
        more = shards | set(item.shard_keys)
        groups = len(chunk) + 1 + len(more)
        writes = sum(p.writes for p in chunk) + item.writes + len(more)
        if chunk and (groups > MAX_GROUPS or writes > MAX_WRITES):
            yield chunk
            chunk, more = [], set(item.shard_keys)
        chunk.append(item)
        shards = more
    if chunk:
        yield chunk


def commit(chunk: list[Pending], build: Build, now: datetime.datetime, mark: datetime.datetime,
           version: int, number: int) -> tuple[int, list[Pending]]:
    """In one transaction: award what each unchanged user earns, counted on shard ``number``, and stamp its
    review. Returns the number of badges awarded and the users left out because their stats moved (to be
    reviewed alone)."""
    user_keys = [p.seen.key for p in chunk]
    shard_keys = list(dict.fromkeys(k for p in chunk for k in p.shard_keys))

    def txn() -> tuple[int, list[Pending]]:
        found = ndb.get_multi(user_keys + shard_keys)
        shards = CounterShards(number)
        shards.remember(shard_keys, found[len(user_keys):])
        stale, entities, awarded = [], [], 0
        for item, user in zip(chunk, found):
            if user is None:
                continue  # deleted since the page read it: nothing to review
            if fingerprint(user) != fingerprint(item.seen):
                stale.append(item)
                continue
            awards, made = engine.award_earned(user, build(user, item), now, source="sweep", backfilled=True,
                                               shards=shards)
            awarded += len(awards)
            user.last_review, user.reviewed_catalog_version = mark, version
            entities += [user, *made]  # a shared shard comes back once, from the first award that moved it
        ndb.put_multi(entities)
        return awarded, stale

    return transact(txn, xg=True)
