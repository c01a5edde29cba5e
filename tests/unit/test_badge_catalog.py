"""One test walks the whole catalogue against docs/BADGES.md: every §5 row is there exactly, every family matches
§4 and its record binds to its rows' params, every category matches §2 and has an icon, every completion exercise
exists, and the version tracks the rows."""
from __future__ import annotations

import dataclasses
import inspect
import re
from datetime import timedelta

import pytest

from badges import rules
from badges.catalog import (
    BY_NAME, CATALOG, CATALOG_VERSION, EXERCISE_BADGES, MONTHLY_BADGES, NON_CONTEXT, PLAYLIST_BADGES, Badge,
    catalog_version, custom_badge, make_params, month_context_name,
)
from badges.categories import Category
from badges.context import BadgeContext, ExerciseInfo
from badges.families import ContextType, Family
from tests.unit import badges_doc
from tests.unit.badge_fakes import T0, User
from tests.unit.badges_doc import ROOT

DOC_ROWS = badges_doc.table("5. Every badge")
FAMILY_ROWS = badges_doc.table("4. Badge families")
FAMILY_BY_KEY = {f.key: f for f in Family}
NOTES = {"teaser", "background only"}


def _typed(text: str, like: object) -> object:
    """A §5 param value as the type the catalogue holds: a list of exercises, a number, or text."""
    if isinstance(like, tuple):
        return tuple(text.split(", "))
    if isinstance(like, (int, float)):
        return type(like)(text)
    return text


def test_doc_table_parsed_and_catalog_has_exactly_its_rows():
    assert len(DOC_ROWS) >= 60
    assert sorted(r["name"] for r in DOC_ROWS) == sorted(BY_NAME)
    assert len(CATALOG) == len(BY_NAME) == len(DOC_ROWS)


@pytest.mark.parametrize("row", DOC_ROWS, ids=[r["name"] for r in DOC_ROWS])
def test_row_matches_doc(row):
    badge = BY_NAME[row["name"]]
    notes = set(filter(None, row["notes"].split("; ")))
    assert notes <= NOTES
    assert (badge.shown, badge.category, badge.points) == (
        row["shown as"], Category[row["category"]], int(row["points"]))
    assert badge.family is FAMILY_BY_KEY[row["family"]]
    written = badges_doc.params(row["params"])
    assert dict(badge.params) == {k: _typed(v, badge.params.get(k)) for k, v in written.items()}
    assert (badge.teaser, badge.background_only) == ("teaser" in notes, "background only" in notes)
    assert not badge.hidden and badge.icon is None


def test_every_family_matches_doc_and_its_record_takes_the_documented_params():
    assert [r["family"] for r in FAMILY_ROWS] == [f.key for f in Family]
    ctx = _empty_context()
    for row in FAMILY_ROWS:
        family, names = FAMILY_BY_KEY[row["family"]], row["params"].split(", ")
        assert family.context.value == row["context"], family
        assert (family.measure is not None) == row["progress"].startswith("yes"), family
        assert {frozenset(b.params) for b in CATALOG if b.family is family} <= {frozenset(names)}, family
        documented = dict.fromkeys(names, None)
        inspect.signature(family.describe).bind(**documented)
        inspect.signature(family.rule).bind(ctx, **documented)
        if family.measure is not None:
            inspect.signature(family.measure).bind(ctx, **documented)


def test_background_only_badges_are_the_monthly_ones():
    assert {b for b in CATALOG if b.background_only} == {b for b in CATALOG if b.context is ContextType.MONTH}


def test_names_unique_lowercase_and_stable_form():
    names = [b.name for b in CATALOG]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z]+badge", n) for n in names)


@pytest.mark.parametrize("badge", CATALOG, ids=lambda b: b.name)
def test_params_bind_to_rule_measure_and_description(badge: Badge):
    ctx = _empty_context()
    inspect.signature(badge.family.rule).bind(ctx, **badge.params)
    if badge.family.measure is not None:
        inspect.signature(badge.family.measure).bind(ctx, **badge.params)
    inspect.signature(badge.family.describe).bind(**badge.params)
    # "has no broken badge queries": the rule runs on a bare context and answers a bool.
    assert rules.evaluate(badge, ctx) is False
    assert badge.description and "{" not in badge.description


def test_categories_match_doc_and_have_icons():
    doc = {int(r["value"]): r for r in badges_doc.table("2. Categories")}
    assert sorted(doc) == [c.value for c in Category]
    for c in Category:
        row = doc[c.value]
        assert (c.name, c.label, c.description) == (row["constant"], row["label"], row["description shown"])
        icon = ROOT / c.icon.lstrip("/")
        assert icon.is_file() and "<svg" in icon.read_text() and "href=\"http" not in icon.read_text()
    assert all((ROOT / b.icon_url.lstrip("/")).is_file() for b in CATALOG)


def test_completion_exercises_exist_in_content():
    from content.exercises import EXERCISES_BY_NAME

    wanted = {e for b in CATALOG if b.family is Family.EXERCISE_COMPLETION for e in b.params["exercises"]}
    assert wanted and wanted - set(EXERCISES_BY_NAME) == set()


def test_catalog_version_is_stable_and_tracks_rows():
    assert CATALOG_VERSION == catalog_version(CATALOG) == catalog_version(reversed(CATALOG))
    extra = Badge("sixdaybadge", "Six", Category.BRONZE, 0, Family.CONSECUTIVE_ACTIVITY, make_params(days=6))
    assert catalog_version(CATALOG + (extra,)) != CATALOG_VERSION
    changed = dataclasses.replace(CATALOG[0], params=make_params(count=4))
    assert catalog_version((changed,) + CATALOG[1:]) != CATALOG_VERSION


def test_indexes_partition_the_catalog():
    assert all(b.context is ContextType.NONE and not b.background_only for b in NON_CONTEXT)
    assert {b.family for b in EXERCISE_BADGES} == {
        Family.STREAK, Family.TIMED_PROBLEMS, Family.RECOVERY, Family.UNFINISHED_STREAK}
    assert {b.family for b in PLAYLIST_BADGES} == {Family.PLAYLIST_TIME}
    assert {b.family for b in MONTHLY_BADGES} == {Family.MONTHLY_TOP}
    assert all(b.background_only for b in MONTHLY_BADGES)
    parts = NON_CONTEXT + EXERCISE_BADGES + PLAYLIST_BADGES + MONTHLY_BADGES
    assert sorted(b.name for b in parts) == sorted(BY_NAME)


def test_keys_and_titles():
    assert BY_NAME["nicestreakbadge"].key("Addition 1") == "nicestreakbadge[Addition 1]"
    assert BY_NAME["gettingstartedbadge"].key("Addition 1") == "gettingstartedbadge"
    assert BY_NAME["gettingstartedbadge"].key() == "gettingstartedbadge"
    assert month_context_name(2012, 3) == "Mar '12"
    assert BY_NAME["monthlytopalgebraistbadge"].title("Mar '12") == "Top Algebraist, Mar '12"
    assert BY_NAME["nicestreakbadge"].title("Addition 1") == "Nice Streak"


@pytest.mark.parametrize("name, description", [
    ("gettingstartedbadge", "Achieve proficiency in 3 exercises"),
    ("tenthousandairebadge", "Earn 10,000 energy points"),
    ("nicestreakbadge", "Reach a streak of 20 in an exercise"),
    ("niceplaylisttimebadge", "Watch 15 minutes of video in a single playlist"),
    ("awesomeplaylisttimebadge", "Watch 1 hour of video in a single playlist"),
    ("nicetimedproblembadge",
     "Quickly and correctly answer 5 problems in a row in an exercise (the time limit depends on the exercise)"),
    ("recoverybadge", "Answer a problem correctly right after a wrong one, having missed at least 5 of your last "
                      "10 problems in that exercise"),
    ("soclosebadge", "Keep at it: answer 30 problems in an exercise, mostly correctly, before becoming proficient"),
    ("powerfifteenminutesbadge", "Correctly answer 10 problems and watch 10 minutes of video in 15 minutes"),
    ("powerhourbadge", "Correctly answer 90 problems and watch 15 minutes of video in 1 hour"),
    ("levelonearithmeticianbadge",
     "Achieve proficiency in Addition 1, Subtraction 1, Multiplication 1, Division 1"),
    ("yearonebadge", "Be a member for 1 year"),
    ("yeartwobadge", "Be a member for 2 years"),
    ("actonesceneonebadge", "Watch 20 minutes of video"),
    ("fivedayconsecutiveactivitybadge", "Learn something on 5 consecutive days"),
    ("monthlytoparithmeticianbadge",
     "Be one of the 10 students who earned the most energy points in Arithmetic exercises in a month"),
])
def test_each_family_describes_its_rows(name, description):
    assert BY_NAME[name].description == description


def test_teasers_hide_their_description_until_owned():
    atlas = BY_NAME["atlasbadge"]
    assert atlas.safe_description(owned=False) == "???"
    assert atlas.safe_description(owned=True) == atlas.description
    assert {b.name for b in CATALOG if b.teaser} == {"atlasbadge", "tenmillionairebadge"}


def test_badges_are_immutable_and_hashable():
    badge = CATALOG[0]
    assert hash(badge) == hash(dataclasses.replace(badge))
    with pytest.raises(dataclasses.FrozenInstanceError):
        badge.points = 1  # type: ignore[misc]
    with pytest.raises(TypeError):
        badge.params["count"] = 1  # type: ignore[index]
    assert isinstance(BY_NAME["levelonearithmeticianbadge"].params["exercises"], tuple)


def test_custom_badge_is_hidden_and_never_earned_by_rule():
    badge = custom_badge("teacherspetbadge", "Teacher's Pet", "Helped the class", Category.GOLD, 500, "/x.svg")
    assert (badge.family, badge.hidden, badge.context, badge.icon_url) == (
        Family.CUSTOM, True, ContextType.NONE, "/x.svg")
    assert badge.description == "Helped the class" and badge.key("ignored") == "teacherspetbadge"
    assert rules.evaluate(badge, _empty_context()) is False
    assert badge not in NON_CONTEXT


def _empty_context() -> BadgeContext:
    return BadgeContext(now=T0 + timedelta(days=1), user=User(), exercise=ExerciseInfo("addition_1", "Addition 1"))
