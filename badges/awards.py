"""Awarding a badge: the UserBadge, its points, the holder count and the pending notification.

Invariants: `award` runs inside a transaction that has read the user's `UserData`; the owned-key check, the
`UserBadge` (natural key `name[context]` under the user), the points and the pending notification (kept until the
slide-down acknowledges it, real-time awards included) commit together, so a badge is awarded, and its points
added, exactly once however many requests, retries and sweeps race for it. Every award goes through `award`:
inside an action's transaction (the engine) or, for one user outside any action, through `grant`.
"""
from __future__ import annotations

import datetime
import zlib
from dataclasses import dataclass
from typing import Literal

from google.cloud import ndb

from badges.catalog import Badge
from badges.presentation import earned_json
from clients.datastore import transact
from models.badges import BadgeHolderShard, PendingNotification, UserBadge
from models.user import UserData

HOLDER_SHARDS = 16


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


def holder_shard_key(badge_name: str, user_id: str) -> ndb.Key:
    shard = zlib.crc32(user_id.encode()) % HOLDER_SHARDS
    return ndb.Key(BadgeHolderShard, f"{badge_name}:{shard}")


class HolderShards:
    """The holder-count shards of one transaction, each read at most once and counted in place, so several users
    awarded in one transaction add up on one entity (put it once). `remember` takes shards read with other
    entities in one lookup; a shard not remembered is read when first needed."""

    def __init__(self):
        self.known: dict[ndb.Key, BadgeHolderShard] = {}

    def remember(self, keys, found) -> None:
        """Take ``found`` (None where a shard does not exist yet) as the stored shards of ``keys``."""
        for key, shard in zip(keys, found):
            self.known[key] = shard or BadgeHolderShard(key=key, badge_name=key.id().rsplit(":", 1)[0], count=0)

    def get(self, key: ndb.Key) -> BadgeHolderShard:
        if key not in self.known:
            self.remember([key], [key.get()])
        return self.known[key]


def holds_any(user_data: UserData, badge_name: str) -> bool:
    prefix = badge_name + "["
    return any(k == badge_name or k.startswith(prefix) for k in user_data.owned_badges)


def award(
    user_data: UserData,
    badge: Badge,
    context_name: str | None,
    now: datetime.datetime,
    *,
    source: str = "realtime",
    backfilled: bool = False,
    shards: HolderShards | None = None,
) -> tuple[Award, list[ndb.Model]] | None:
    """Award ``badge`` in ``context_name`` unless owned. Mutates ``user_data`` (caller puts it) and returns the
    award and the other entities to put in the same transaction; ``shards`` is the transaction's shared
    `HolderShards` when it awards several users (a shard may then come back for more than one award)."""
    key = badge.key(context_name)
    if key in user_data.owned_badges:
        return None
    entities: list[ndb.Model] = []
    if not holds_any(user_data, badge.name):
        shard = (shards or HolderShards()).get(holder_shard_key(badge.name, user_data.key.id()))
        shard.count += 1
        entities.append(shard)
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
    return Award(badge, context_name, badge.points, backfilled), entities


Granted = Literal["awarded", "already_owned", "no_such_user"]


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
            return "already_owned"
        ndb.put_multi([ud, *result[1]])
        return "awarded"

    return transact(txn)
