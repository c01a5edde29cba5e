"""Every JSON shape of a badge (API.md), for the API, the pages and the admin area alike.

Invariants: a badge's ``name`` is its catalogue (or custom) name and ``badge_category`` its category's integer;
``description`` is the shown title. A teaser's ``safe_extended_description`` is "???" until owned.
"""
from __future__ import annotations

import datetime

from badges.catalog import Badge
from badges.categories import Category
from models.badges import UserBadge


def _iso(when: datetime.datetime | None) -> str | None:
    return when.isoformat() + "Z" if when else None


def earned_json(badge: Badge, context_name: str | None, points: int, backfilled: bool) -> dict:
    """One award as `action_results.badges_earned`, the pending notifications and the slide-down show it."""
    return {"name": badge.name, "key": badge.key(context_name), "description": badge.title(context_name),
            "safe_extended_description": badge.description, "badge_category": int(badge.category),
            "points": points, "target_context_name": context_name, "icon": badge.icon_url, "backfilled": backfilled}


def catalog_json(badge: Badge, owned: bool, holders: int) -> dict:
    """One badge of the catalogue as a student sees it (`GET /api/v1/badges`)."""
    return {
        "name": badge.name, "description": badge.shown, "safe_extended_description": badge.safe_description(owned),
        "badge_category": int(badge.category), "category_label": badge.category.label, "points": badge.points,
        "holders": holders, "is_owned": owned, "icon": badge.icon_url, "context": badge.context.value,
        "teaser": badge.teaser, "hidden": badge.hidden,
    }


def detail_json(badge: Badge, owned: bool, holders: int, recent: list[UserBadge],
                names: list[str]) -> dict:
    """A badge's page: its catalogue entry, how to earn it and its most recent earners, by the ``names`` they
    show to others (never an email or part of one)."""
    item = catalog_json(badge, owned, holders)
    item["how_to_earn"] = badge.safe_description(owned)
    item["recent_earners"] = [{"nickname": name, "target_context_name": ub.target_context_name,
                               "awarded": _iso(ub.awarded)} for ub, name in zip(recent, names)]
    return item


def owned_json(badge: Badge, contexts: list[str], last_earned: datetime.datetime | None) -> dict:
    """One badge the student holds, once per context (`GET /api/v1/user/badges`)."""
    return {"name": badge.name, "description": badge.shown, "safe_extended_description": badge.description,
            "badge_category": int(badge.category), "points": badge.points, "count": len(contexts),
            "target_context_names": [c for c in contexts if c], "last_earned_date": _iso(last_earned),
            "icon": badge.icon_url}


def progress_json(badge: Badge, context_name: str | None, current: float, target: float) -> dict:
    """An unearned badge and how near it is (`GET /api/v1/user/badges/progress`); ``ratio`` is current/target."""
    return {"name": badge.name, "description": badge.shown, "safe_extended_description": badge.description,
            "badge_category": int(badge.category), "icon": badge.icon_url, "target_context_name": context_name,
            "current": current, "target": target, "ratio": min(1.0, current / target)}


def custom_json(badge: Badge) -> dict:
    """An admin-made badge as the admin area lists and creates it."""
    return {"name": badge.name, "shown": badge.shown, "description": badge.description,
            "badge_category": int(badge.category), "points": badge.points, "icon": badge.icon_url}


def categories_json() -> list[dict]:
    """The six categories (`GET /api/v1/badges/categories`)."""
    return [{"category": int(c), "type_label": c.label, "description": c.description, "icon": c.icon}
            for c in Category]
