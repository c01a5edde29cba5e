"""Read models of badges for pages and the API: the catalogue as a student sees it, their badges, their progress
and one badge's page. Nothing here writes.

Invariants: holder counts come from the counters kept in the award transaction (never a count over awards),
cached briefly in the memcached client the caller passes; a teaser shows "???" until owned; a hidden (custom)
badge is listed only to its owners; a revoked award shows nowhere (its key has left ``owned_badges``).
"""
from __future__ import annotations

import dataclasses
import datetime
import json

from google.cloud import ndb

from badges import catalog, custom, presentation, rules
from badges.awards import holds_any
from badges.catalog import Badge, ContextType
from badges.context import BadgeContext, ExerciseInfo
from badges.last_action_cache import LazyLogs
from content.exercises import EXERCISES_BY_NAME
from identity.names import shown_name
from models.badges import BadgeHolderShard, UserBadge
from models.user import UserData, UserExercise, UserPlaylist

HOLDERS_CACHE_KEY = "badge-holders:v1"
HOLDERS_CACHE_SECONDS = 30
RECENT_EARNERS = 10


def all_badges() -> list[Badge]:
    return list(catalog.CATALOG) + custom.all_custom()


def find(name: str) -> Badge | None:
    """The catalogue or custom badge named ``name``, or None."""
    return catalog.BY_NAME.get(name) or custom.get_custom(name)


def holder_counts(cache) -> dict[str, int]:
    """Students holding each badge, summed over its counter shards; cached in ``cache`` (clients.cache.Cache)."""
    cached = cache.get(HOLDERS_CACHE_KEY)
    if cached:
        return json.loads(cached)
    counts: dict[str, int] = {}
    for shard in BadgeHolderShard.query().fetch():
        counts[shard.badge_name] = counts.get(shard.badge_name, 0) + shard.count
    cache.set(HOLDERS_CACHE_KEY, json.dumps(counts).encode(), expire=HOLDERS_CACHE_SECONDS)
    return counts


def catalog_for(ud: UserData, cache) -> list[dict]:
    holders = holder_counts(cache)
    out = []
    for badge in all_badges():
        owned = holds_any(ud, badge.name)
        if badge.hidden and not owned:
            continue
        out.append(presentation.catalog_json(badge, owned, holders.get(badge.name, 0)))
    return out


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
        awarded = {ub.key.id(): ub.awarded for ub in UserBadge.query(ancestor=ud.key).fetch()}
    contexts: dict[str, list[str | None]] = {}
    last: dict[str, datetime.datetime | None] = {}
    for key in ud.owned_badges:
        name, context = _split(key)
        contexts.setdefault(name, []).append(context)
        when = awarded.get(key)
        if when and (last.get(name) is None or when > last[name]):
            last[name] = when
    badges = [presentation.owned_json(badge, contexts[name], last.get(name))
              for name, badge in ((n, find(n)) for n in contexts) if badge is not None]
    badges.sort(key=lambda b: (-b["badge_category"], b["description"]))
    return {"badge_counts": ud.badge_counts_json(), "badges": badges}


def _contexts(ud: UserData, now: datetime.datetime) -> dict[ContextType, list[tuple[str | None, BadgeContext]]]:
    """Every context the student's badges could be earned in, with the rules' view of it."""
    base = BadgeContext(now=now, user=ud, problem_logs=LazyLogs(()), video_logs=LazyLogs(()))
    contexts: dict[ContextType, list[tuple[str | None, BadgeContext]]] = {ContextType.NONE: [(None, base)]}
    if not ud.key:
        return contexts
    exercise_ctx = []
    for ue in UserExercise.query(ancestor=ud.key).fetch():
        definition = EXERCISES_BY_NAME.get(ue.exercise)
        if definition:
            info = ExerciseInfo(ue.exercise, definition.display_name)
            exercise_ctx.append((definition.display_name, dataclasses.replace(base, user_exercise=ue, exercise=info)))
    contexts[ContextType.EXERCISE] = exercise_ctx
    contexts[ContextType.PLAYLIST] = [(up.title, dataclasses.replace(base, user_playlist=up))
                                      for up in UserPlaylist.query(ancestor=ud.key).fetch()]
    return contexts


def progress(ud: UserData, now: datetime.datetime | None = None, limit: int = 10) -> list[dict]:
    """The nearest unearned badges with ``current``/``target`` from the rules' own measures, nearest first."""
    now = now or datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    contexts = _contexts(ud, now)
    owned = set(ud.owned_badges)
    best: dict[str, dict] = {}
    for badge in catalog.CATALOG:
        if badge.background_only or (badge.teaser and not holds_any(ud, badge.name)):
            continue
        for context_name, ctx in contexts.get(badge.context, ()):
            measured = None if badge.key(context_name) in owned else rules.progress(badge, ctx)
            if not measured or not measured[1]:
                continue
            item = presentation.progress_json(badge, context_name, *measured)
            if 0 < item["ratio"] < 1 and (badge.name not in best or item["ratio"] > best[badge.name]["ratio"]):
                best[badge.name] = item
    return sorted(best.values(), key=lambda item: -item["ratio"])[:limit]


def _recent_awards(name: str) -> list[UserBadge]:
    """The newest `RECENT_EARNERS` live awards of badge ``name``, newest first (revoked ones skipped)."""
    query = UserBadge.query(UserBadge.badge_name == name).order(-UserBadge.awarded)
    recent: list[UserBadge] = []
    cursor, more = None, True
    while more and len(recent) < RECENT_EARNERS:
        page, cursor, _ = query.fetch_page(RECENT_EARNERS, start_cursor=cursor)
        recent += [ub for ub in page if not ub.revoked]
        more = bool(cursor) and len(page) == RECENT_EARNERS
    return recent[:RECENT_EARNERS]


def badge_detail(name: str, ud: UserData, cache) -> dict | None:
    """One badge's page, or None if there is no such badge or it is hidden from this student."""
    badge = find(name)
    if badge is None:
        return None
    owned = holds_any(ud, name)
    if badge.hidden and not owned:
        return None
    recent = _recent_awards(name)
    earners = ndb.get_multi([ub.key.parent() for ub in recent])
    names = [shown_name(ub.key.parent().id(), earner.display_name if earner else None)
             for ub, earner in zip(recent, earners)]
    return presentation.detail_json(badge, owned, holder_counts(cache).get(name, 0), recent, names)
