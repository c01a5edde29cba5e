"""Awarding a badge: the UserBadge, its points, the holder count and (outside a request) the notification.

Invariant: `award` runs inside a transaction that has read the user's `UserData`; the owned-key check, the
`UserBadge` (natural key `name[context]` under the user), the points and the pending notification (kept until a
page has shown it, real-time awards included) commit together, so a
badge is awarded, and its points added, exactly once however many requests, retries and sweeps race for it.
"""
from __future__ import annotations

import datetime
import zlib
from dataclasses import dataclass

from google.cloud import ndb

from badges.catalog import Badge
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
        return notification_json(self.badge, self.context_name, self.points, self.backfilled)


def notification_json(badge: Badge, context_name: str | None, points: int, backfilled: bool) -> dict:
    """One badge as `action_results.badges_earned` and the slide-down show it."""
    return {"name": badge.name, "key": badge.key(context_name), "description": badge.title(context_name),
            "safe_extended_description": badge.description, "badge_category": int(badge.category),
            "points": points, "target_context_name": context_name, "icon": badge.icon_url, "backfilled": backfilled}


def holder_shard_key(badge_name: str, user_id: str) -> ndb.Key:
    shard = zlib.crc32(user_id.encode()) % HOLDER_SHARDS
    return ndb.Key(BadgeHolderShard, f"{badge_name}:{shard}")


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
) -> tuple[Award, list[ndb.Model]] | None:
    """Award ``badge`` in ``context_name`` unless owned. Mutates ``user_data`` (caller puts it) and returns the
    award and the other entities to put in the same transaction."""
    key = badge.key(context_name)
    if key in user_data.owned_badges:
        return None
    entities: list[ndb.Model] = []
    if not holds_any(user_data, badge.name):
        shard_key = holder_shard_key(badge.name, user_data.key.id())
        shard = shard_key.get() or BadgeHolderShard(key=shard_key, badge_name=badge.name, count=0)
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
    # Every award waits as a pending notification until a page has shown it (real-time ones are acknowledged by
    # the slide-down as it shows them), so none is silently dropped.
    user_data.pending_notifications = (user_data.pending_notifications or 0) + 1
    entities.append(PendingNotification(
        parent=user_data.key, id=key, badge_name=badge.name, target_context_name=context_name,
        points=badge.points, backfilled=backfilled, created=now,
    ))
    return Award(badge, context_name, badge.points, backfilled), entities
