"""Badge categories (docs/BADGES.md §2): how rare a badge is, shown as its label, description and icon.

Invariant: the integer values are stored with awards and counted in ``UserData.badge_counts`` by index, so they
never change. Every category has an SVG icon at ``static/icons/category-<value>.svg``.
"""
from __future__ import annotations

from enum import IntEnum


class Category(IntEnum):
    """The six categories, from the easiest (BRONZE, a Meteorite) to the challenge patches (MASTER)."""

    BRONZE = 0
    SILVER = 1
    GOLD = 2
    PLATINUM = 3
    DIAMOND = 4
    MASTER = 5

    @property
    def label(self) -> str:
        """The category's shown name, e.g. "Meteorite"."""
        return _LABELS[self]

    @property
    def description(self) -> str:
        """The sentence shown beside the category (docs/BADGES.md §2)."""
        return _DESCRIPTIONS[self]

    @property
    def icon(self) -> str:
        """URL path of the category's icon."""
        return f"/static/icons/category-{self.value}.svg"


_LABELS = {
    Category.BRONZE: "Meteorite",
    Category.SILVER: "Moon",
    Category.GOLD: "Earth",
    Category.PLATINUM: "Sun",
    Category.DIAMOND: "Black Hole",
    Category.MASTER: "Challenge Patch",
}

_DESCRIPTIONS = {
    Category.BRONZE: "common and easy to earn when just getting started",
    Category.SILVER: "uncommon; an investment in learning",
    Category.GOLD: "rare; a significant amount of learning",
    Category.PLATINUM: "epic; a true challenge that takes impressive dedication",
    Category.DIAMOND: "legendary and unknown",
    Category.MASTER: "special awards for completing challenge exercises",
}
