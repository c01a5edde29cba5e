"""The JSON shapes of a badge (badges.presentation): pure functions of a catalogue row."""
from __future__ import annotations

import datetime

import pytest

from badges import presentation
from badges.catalog import BY_NAME, CATALOG, custom_badge
from badges.categories import Category

NICE = BY_NAME["nicestreakbadge"]


def test_an_award_is_keyed_by_name_and_context_and_titled_for_its_context():
    item = presentation.earned_json(NICE, "Addition 1", NICE.points, backfilled=True)
    assert item["key"] == "nicestreakbadge[Addition 1]" and item["target_context_name"] == "Addition 1"
    assert item["description"] == NICE.title("Addition 1") and item["badge_category"] == int(NICE.category)
    assert item["backfilled"] is True and item["points"] == NICE.points


@pytest.mark.parametrize("owned", [False, True])
def test_a_teaser_says_nothing_until_owned(owned):
    teaser = next(b for b in CATALOG if b.teaser)
    item = presentation.catalog_json(teaser, owned, holders=3)
    assert (item["safe_extended_description"] == "???") is not owned
    assert item["holders"] == 3 and item["is_owned"] is owned and item["teaser"] is True


def test_an_owned_badge_counts_every_context_and_lists_the_named_ones():
    when = datetime.datetime(2012, 3, 5, 10, 0)
    item = presentation.owned_json(NICE, ["Addition 1", "Subtraction 1"], when)
    assert item["count"] == 2 and item["target_context_names"] == ["Addition 1", "Subtraction 1"]
    assert item["last_earned_date"] == "2012-03-05T10:00:00Z"
    plain = presentation.owned_json(BY_NAME["gettingstartedbadge"], [None], None)
    assert plain["count"] == 1 and plain["target_context_names"] == [] and plain["last_earned_date"] is None


def test_progress_is_capped_at_one():
    assert presentation.progress_json(NICE, "Addition 1", 5, 20)["ratio"] == 0.25
    assert presentation.progress_json(NICE, "Addition 1", 30, 20)["ratio"] == 1.0


def test_a_custom_badge_and_the_categories():
    badge = custom_badge("helpful_peer", "Helpful Peer", "Helped", Category.GOLD, 250, None)
    assert presentation.custom_json(badge) == {"name": "helpful_peer", "shown": "Helpful Peer",
                                               "description": "Helped", "badge_category": 2, "points": 250,
                                               "icon": badge.icon_url}
    assert [c["category"] for c in presentation.categories_json()] == [0, 1, 2, 3, 4, 5]
