"""A catalogue badge as an Open Badges `Achievement`: what was earned, how, and its image.

Invariant: the achievement of a badge is the same in every credential of that badge (its id is the badge's page);
the context it was earned in (an exercise, a playlist, a month) belongs to the award, not to the achievement.
"""
from __future__ import annotations

from badges.catalog import Badge
from credentials.site import Site


def achievement(badge: Badge, site: Site) -> dict:
    """``criteria.narrative`` is the catalogue's description of how to earn the badge."""
    return {
        "id": site.absolute(f"/badges/{badge.name}"),
        "type": ["Achievement"],
        "achievementType": "Badge",
        "name": badge.shown,
        "description": f"{badge.shown}: a {badge.category.label} badge ({badge.category.description}).",
        "criteria": {"narrative": badge.description},
        "image": {"id": site.absolute(badge.icon_url), "type": "Image", "caption": badge.shown},
    }


def award_title(badge: Badge, context_name: str | None) -> str:
    """The award's shown name: "Nice Streak, Addition 1"; a monthly badge's title already names its month."""
    title = badge.title(context_name)
    if context_name and context_name not in title:
        return f"{title}, {context_name}"
    return title
