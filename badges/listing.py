"""Read models of badges for pages and the API: the catalogue as a student sees it, their badges, progress,
one badge's page, and pending notifications.

Invariants: holder counts come from the counters kept in the award transaction (never a count over awards);
a teaser shows "???" until owned; a hidden (custom) badge is listed only to its owners.
"""
from __future__ import annotations

import dataclasses
import datetime
import json

from flask import current_app
from google.cloud import ndb

from badges import catalog, rules
from badges.awards import holds_any, notification_json
from badges.catalog import Badge, ContextType, custom_badge
from badges.categories import Category
from badges.context import BadgeContext, ExerciseInfo
from badges.last_action_cache import LazyLogs
from clients.datastore import transact
from content.exercises import EXERCISES_BY_NAME
from models.badges import BadgeHolderShard, CustomBadge, PendingNotification, UserBadge
from models.user import UserData, UserExercise, UserPlaylist

HOLDERS_CACHE_KEY = "badge-holders:v1"
HOLDERS_CACHE_SECONDS = 30


def _cache():
    return current_app.extensions["meteorite.cache"]


def custom_badges() -> list[Badge]:
    return [custom_badge(c.key.id(), c.shown, c.description, c.category, c.points, c.icon)
            for c in CustomBadge.query().fetch()]


def all_badges() -> list[Badge]:
    return list(catalog.CATALOG) + custom_badges()


def find(name: str) -> Badge | None:
    if name in catalog.BY_NAME:
        return catalog.BY_NAME[name]
    stored = CustomBadge.get_by_id(name) if name else None
    return custom_badge(name, stored.shown, stored.description, stored.category, stored.points, stored.icon) \
        if stored else None


def holder_counts() -> dict[str, int]:
    """Students holding each badge, summed over its counter shards; cached briefly in memcached."""
    cached = _cache().get(HOLDERS_CACHE_KEY)
    if cached:
        return json.loads(cached)
    counts: dict[str, int] = {}
    for shard in BadgeHolderShard.query().fetch():
        counts[shard.badge_name] = counts.get(shard.badge_name, 0) + shard.count
    _cache().set(HOLDERS_CACHE_KEY, json.dumps(counts).encode(), expire=HOLDERS_CACHE_SECONDS)
    return counts


def badge_json(badge: Badge, owned: bool, holders: int) -> dict:
    return {
        "name": badge.name, "description": badge.shown, "safe_extended_description": badge.safe_description(owned),
        "badge_category": int(badge.category), "category_label": badge.category.label, "points": badge.points,
        "holders": holders, "is_owned": owned, "icon": badge.icon_url, "context": badge.context.value,
        "teaser": badge.teaser, "hidden": badge.hidden,
    }


def catalog_for(ud: UserData) -> list[dict]:
    holders = holder_counts()
    out = []
    for badge in all_badges():
        owned = holds_any(ud, badge.name)
        if badge.hidden and not owned:
            continue
        out.append(badge_json(badge, owned, holders.get(badge.name, 0)))
    return out


def categories() -> list[dict]:
    return [{"category": int(c), "type_label": c.label, "description": c.description, "icon": c.icon}
            for c in Category]


def _split(key: str) -> tuple[str, str | None]:
    if key.endswith("]") and "[" in key:
        name, _, rest = key.partition("[")
        return name, rest[:-1]
    return key, None


def held_contexts(ud: UserData, name: str) -> list[str | None]:
    """The contexts the student holds badge ``name`` in, in award order (``[None]`` for a badge without one)."""
    return [context for key_name, context in map(_split, ud.owned_badges) if key_name == name]


def user_badges(ud: UserData) -> dict:
    """The student's badges grouped by name: count, contexts and when last earned."""
    awarded = {}
    if ud.key and ud.owned_badges:
        for ub in UserBadge.query(ancestor=ud.key).fetch():
            awarded[ub.key.id()] = ub.awarded
    grouped: dict[str, dict] = {}
    for key in ud.owned_badges:
        name, context = _split(key)
        badge = find(name)
        if badge is None:
            continue
        item = grouped.setdefault(name, {
            "name": name, "description": badge.shown, "safe_extended_description": badge.description,
            "badge_category": int(badge.category), "points": badge.points, "count": 0,
            "target_context_names": [], "last_earned_date": None, "icon": badge.icon_url,
        })
        item["count"] += 1
        if context:
            item["target_context_names"].append(context)
        when = awarded.get(key)
        if when and (item["last_earned_date"] is None or when.isoformat() + "Z" > item["last_earned_date"]):
            item["last_earned_date"] = when.isoformat() + "Z"
    badges = sorted(grouped.values(), key=lambda b: (-b["badge_category"], b["description"]))
    return {"badge_counts": ud.badge_counts_json(), "badges": badges}


def progress(ud: UserData, now: datetime.datetime | None = None, limit: int = 10) -> list[dict]:
    """The nearest unearned badges with ``current``/``target`` from the rules' own measures, nearest first."""
    now = now or datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    base = BadgeContext(now=now, user=ud, problem_logs=LazyLogs(()), video_logs=LazyLogs(()))
    contexts: dict[ContextType, list[tuple[str | None, BadgeContext]]] = {ContextType.NONE: [(None, base)]}
    if ud.key:
        exercise_ctx = []
        for ue in UserExercise.query(ancestor=ud.key).fetch():
            definition = EXERCISES_BY_NAME.get(ue.exercise)
            if definition:
                info = ExerciseInfo(ue.exercise, definition.display_name)
                exercise_ctx.append((definition.display_name,
                                     dataclasses.replace(base, user_exercise=ue, exercise=info)))
        contexts[ContextType.EXERCISE] = exercise_ctx
        contexts[ContextType.PLAYLIST] = [(up.title, dataclasses.replace(base, user_playlist=up))
                                          for up in UserPlaylist.query(ancestor=ud.key).fetch()]
    owned = set(ud.owned_badges)
    best: dict[str, dict] = {}
    for badge in catalog.CATALOG:
        if badge.background_only or (badge.teaser and not holds_any(ud, badge.name)):
            continue
        for context_name, ctx in contexts.get(badge.context, ()):
            if badge.key(context_name) in owned:
                continue
            measured = rules.progress(badge, ctx)
            if not measured or not measured[1]:
                continue
            current, target = measured
            ratio = min(1.0, current / target)
            if ratio <= 0 or ratio >= 1:
                continue
            if badge.name not in best or ratio > best[badge.name]["ratio"]:
                best[badge.name] = {"name": badge.name, "description": badge.shown,
                                    "safe_extended_description": badge.description,
                                    "badge_category": int(badge.category), "icon": badge.icon_url,
                                    "target_context_name": context_name, "current": current, "target": target,
                                    "ratio": ratio}
    return sorted(best.values(), key=lambda item: -item["ratio"])[:limit]


def badge_detail(name: str, ud: UserData) -> dict | None:
    badge = find(name)
    if badge is None:
        return None
    owned = holds_any(ud, name)
    if badge.hidden and not owned:
        return None
    item = badge_json(badge, owned, holder_counts().get(name, 0))
    item["how_to_earn"] = badge.safe_description(owned)
    recent = UserBadge.query(UserBadge.badge_name == name).order(-UserBadge.awarded).fetch(10)
    item["recent_earners"] = [{"nickname": ub.nickname or "a student", "target_context_name": ub.target_context_name,
                               "awarded": ub.awarded.isoformat() + "Z"} for ub in recent]
    return item


MAX_ACK = 50


def acknowledge(ud: UserData, keys: list[str]) -> int:
    """The slide-down showed these awards: drop their pending notifications. Returns how many were pending."""
    if not ud.key or not ud.pending_notifications or not keys:
        return 0
    note_keys = [ndb.Key(PendingNotification, k, parent=ud.key) for k in dict.fromkeys(keys)]

    def txn():
        user = ud.key.get()
        found = [n.key for n in ndb.get_multi(note_keys) if n is not None]
        if user is None or not found:
            return 0
        ndb.delete_multi(found)
        user.pending_notifications = max(0, (user.pending_notifications or 0) - len(found))
        user.put()
        return len(found)

    return transact(txn)


def pop_notifications(ud: UserData) -> list[dict]:
    """Pending awards (made by the sweep or an admin), removed as they are handed to the page. Costs nothing
    when there are none: the count lives on UserData, which the page has already read."""
    if not ud.key or not ud.pending_notifications:
        return []

    def txn():
        user = ud.key.get()
        pending = PendingNotification.query(ancestor=ud.key).fetch()
        ndb.delete_multi([p.key for p in pending])
        if user:
            user.pending_notifications = 0
            user.put()
        return pending

    pending = transact(txn)
    ud.pending_notifications = 0
    out = []
    for p in sorted(pending, key=lambda p: p.created or datetime.datetime.min):
        badge = find(p.badge_name)
        if badge:
            out.append(notification_json(badge, p.target_context_name, p.points, bool(p.backfilled)))
    return out
