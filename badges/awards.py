"""Awarding a badge: the UserBadge, its points, the holder count, the award counters and the pending notification.

Invariants: `award` runs inside a transaction that has read the user's `UserData`; the owned-key check, the
`UserBadge` (natural key `name[context]` under the user), the points, the counters and the pending notification
(kept until the slide-down acknowledges it, real-time awards included) commit together, so a badge is awarded, and
its points added, exactly once however many requests, retries and sweeps race for it. An award an admin revoked
(its key in ``UserData.revoked_badges``) is never made again until restored. Every award goes through `award`:
inside an action's transaction (the engine) or, for one user outside any action, through `grant`.
"""
from __future__ import annotations

import datetime
import functools
import logging
from dataclasses import dataclass
from typing import Literal

from google.cloud import ndb

from badges import award_stats
from badges.award_stats import CounterShards
from badges.catalog import Badge
from badges.presentation import earned_json
from clients.datastore import transact
from models.badges import BadgeHolderShard, PendingNotification, UserBadge
from models.user import UserData

HOLDER_SHARDS = award_stats.SHARDS
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Award:
    badge: Badge
    context_name: str | None
    points: int
    backfilled: bool = False

    @property
    def key(self) -> str:
        return self.badge.key(self.context_name)

    def to_json(self) -> dict:
        return earned_json(self.badge, self.context_name, self.points, self.backfilled)


def holder_shard_key(badge_name: str, number: int) -> ndb.Key:
    return ndb.Key(BadgeHolderShard, f"{badge_name}:{number}")


def moved_holders(badge_name: str, user_id: str, delta: int) -> BadgeHolderShard:
    """The user's holder shard of ``badge_name`` moved by ``delta`` (read in the caller's transaction; it puts it)."""
    key = holder_shard_key(badge_name, award_stats.shard_number(user_id))
    shard = key.get() or BadgeHolderShard(key=key, badge_name=badge_name, count=0)
    shard.count = (shard.count or 0) + delta
    return shard


def holds_any(user_data: UserData, badge_name: str) -> bool:
    prefix = badge_name + "["
    return any(k == badge_name or k.startswith(prefix) for k in user_data.owned_badges)


def may_award(user_data: UserData, key: str) -> bool:
    """Neither owned nor revoked: the only awards `award` makes."""
    return key not in user_data.owned_badges and key not in (user_data.revoked_badges or ())


def award(
    user_data: UserData,
    badge: Badge,
    context_name: str | None,
    now: datetime.datetime,
    *,
    source: str = "realtime",
    backfilled: bool = False,
    shards: CounterShards | None = None,
) -> tuple[Award, list[ndb.Model]] | None:
    """Award ``badge`` in ``context_name`` unless owned or revoked. Mutates ``user_data`` (caller puts it) and
    returns the award and the other entities to put in the same transaction; ``shards`` is the transaction's
    `CounterShards` when it awards several users (default: the user's transaction's own, on the user's own shard
    number), so a counter shard is moved in place and returned once, by the first award that moves it."""
    key = badge.key(context_name)
    if not may_award(user_data, key):
        return None
    entities = _counters(user_data, badge.name, now, shards or CounterShards.of(user_data))
    user_data.owned_badges.append(key)
    counts = user_data.category_counts()
    counts[int(badge.category)] += 1
    user_data.badge_counts = counts
    user_data.points = (user_data.points or 0) + badge.points
    entities.append(UserBadge(
        parent=user_data.key, id=key, badge_name=badge.name, target_context_name=context_name, awarded=now,
        points_earned=badge.points, source=source, backfilled=backfilled, nickname=user_data.nickname,
    ))
    # Every award waits as a pending notification until the slide-down acknowledges it, so none is dropped.
    user_data.pending_notifications = (user_data.pending_notifications or 0) + 1
    entities.append(PendingNotification(
        parent=user_data.key, id=key, badge_name=badge.name, target_context_name=context_name,
        points=badge.points, backfilled=backfilled, created=now,
    ))
    ndb.get_context().call_on_commit(functools.partial(_log_award, badge, context_name, source))
    return Award(badge, context_name, badge.points, backfilled), entities


def _counters(user_data: UserData, badge_name: str, now: datetime.datetime, shards: CounterShards) -> list:
    """An award's counter shards moved (holders, if the user holds the badge in no context yet; awards), each
    returned only by the first award of the transaction that moves it."""
    moved = []
    if not holds_any(user_data, badge_name):
        holders = shards.get(holder_shard_key(badge_name, shards.number_for(user_data.key.id())))
        holders.count = (holders.count or 0) + 1
        moved.append(shards.hand_out(holders.key))
    moved.append(award_stats.counted(user_data, badge_name, now, +1, now, shards))
    return [shard for shard in moved if shard is not None]


def _log_award(badge: Badge, context_name: str | None, source: str) -> None:
    """One structured line per committed award (log-based metrics count them); never who earned it."""
    log.info("award %s", badge.key(context_name), extra={"fields": {
        "event": "award", "badge": badge.name, "context": context_name, "source": source, "points": badge.points}})


Granted = Literal["awarded", "already_owned", "revoked", "no_such_user"]


def grant(user_key: ndb.Key, badge: Badge, context_name: str | None, now: datetime.datetime, *,
          source: str) -> Granted:
    """Award ``badge`` to one user in a transaction of its own (an admin's award, a monthly top badge): never
    backfilled, told by a pending notification."""
    def txn() -> Granted:
        ud = user_key.get()
        if ud is None:
            return "no_such_user"
        result = award(ud, badge, context_name, now, source=source, backfilled=False)
        if result is None:
            return "revoked" if badge.key(context_name) in (ud.revoked_badges or ()) else "already_owned"
        ndb.put_multi([ud, *result[1]])
        return "awarded"

    return transact(txn)
