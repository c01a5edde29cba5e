"""One test walks the whole catalogue: every SPEC §5 row is there exactly, every row binds to its rule and
measure, every category has an icon, every completion exercise exists, and the version tracks the rows."""
from __future__ import annotations

import dataclasses
import inspect
import re
from pathlib import Path

import pytest

from badges import catalog, progress, rules
from badges.catalog import (
    BY_NAME, CATALOG, CATALOG_VERSION, EXERCISE_BADGES, MONTHLY_BADGES, NON_CONTEXT, PLAYLIST_BADGES, Badge,
    ContextType, Family, catalog_version, custom_badge, make_params, month_context_name,
)
from badges.categories import Category
from tests.unit.badge_fakes import context

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT.parent / "shared" / "SPEC-BADGES.md"
MONTH_SUFFIX = ", *Mon 'YY*"
UNITS = {"s": 1, "min": 60, "h": 3600, "days": 1}

# Family text of §5 -> (family, parser of the regex groups into the rule's params).
FAMILY_PATTERNS = [
    (r"exercise count (\d+)", Family.EXERCISE_COUNT, lambda n: {"count": int(n)}),
    (r"points ([\d,]+)", Family.POINTS, lambda n: {"points": int(n.replace(",", ""))}),
    (r"streak (\d+)", Family.STREAK, lambda n: {"streak": int(n)}),
    (r"playlist time (\d+) (min|h)", Family.PLAYLIST_TIME, lambda n, u: {"seconds": int(n) * UNITS[u]}),
    (r"timed problems (\d+)", Family.TIMED_PROBLEMS, lambda n: {"problems": int(n)}),
    (r"recovery W=(\d+) of K=(\d+)", Family.RECOVERY, lambda w, k: {"wrong": int(w), "recent": int(k)}),
    (r"unfinished streak (\d+)", Family.UNFINISHED_STREAK, lambda n: {"problems": int(n)}),
    (r"power time P=(\d+), V=(\d+) s, window (\d+) s", Family.POWER_TIME,
     lambda p, v, w: {"problems": int(p), "video_seconds": int(v), "window_seconds": int(w)}),
    (r"completion: (.*)", Family.EXERCISE_COMPLETION, lambda s: {"exercises": tuple(s.split(", "))}),
    (r"tenure (\d+) days", Family.TENURE, lambda n: {"days": int(n)}),
    (r"video time (\d+) (min|h)", Family.VIDEO_TIME, lambda n, u: {"seconds": int(n) * UNITS[u]}),
    (r"consecutive activity (\d+) days", Family.CONSECUTIVE_ACTIVITY, lambda n: {"days": int(n)}),
    (r"monthly top, (.*)", Family.MONTHLY_TOP, lambda s: {"subject": s}),
]


def _table_rows(section: str) -> list[list[str]]:
    text = SPEC.read_text(encoding="utf-8").split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in text.splitlines()
            if line.startswith("|")]
    return [r for r in rows[2:]]  # skip the header and the |---| line


def _parse_family(text: str) -> tuple[Family, dict, bool]:
    main, _, rest = text.partition(";")
    for pattern, family, parse in FAMILY_PATTERNS:
        m = re.fullmatch(pattern, main.strip())
        if m:
            return family, parse(*m.groups()), "teaser" in rest
    raise AssertionError(f"unknown family text in SPEC §5: {text!r}")


SPEC_ROWS = _table_rows("5. Every badge")


def test_spec_table_parsed_and_catalog_has_exactly_its_rows():
    assert len(SPEC_ROWS) >= 60
    assert sorted(r[0] for r in SPEC_ROWS) == sorted(BY_NAME)
    assert len(CATALOG) == len(BY_NAME) == len(SPEC_ROWS)


@pytest.mark.parametrize("name, shown, cat, pts, family_text", SPEC_ROWS, ids=[r[0] for r in SPEC_ROWS])
def test_row_matches_spec(name, shown, cat, pts, family_text):
    badge = BY_NAME[name]
    family, params, teaser = _parse_family(family_text)
    if shown.endswith(MONTH_SUFFIX):
        shown = shown.removesuffix(MONTH_SUFFIX)
        assert badge.background_only and badge.context is ContextType.MONTH
    assert (badge.shown, badge.category, badge.points) == (shown, Category(int(cat)), int(pts))
    assert (badge.family, dict(badge.params), badge.teaser) == (family, params, teaser)
    assert badge.context is catalog.FAMILY_CONTEXT.get(family, ContextType.NONE)
    assert not badge.hidden and badge.icon is None


def test_names_unique_lowercase_and_stable_form():
    names = [b.name for b in CATALOG]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z]+badge", n) for n in names)


@pytest.mark.parametrize("badge", CATALOG, ids=lambda b: b.name)
def test_params_bind_to_rule_and_measure(badge: Badge):
    ctx = context()
    inspect.signature(rules.RULES[badge.family]).bind(ctx, **badge.params)
    if badge.family in progress.MEASURES:
        inspect.signature(progress.MEASURES[badge.family]).bind(ctx, **badge.params)
    # "has no broken badge queries": the rule runs on a bare context and answers a bool.
    assert rules.evaluate(badge, ctx) is False
    assert badge.description and "{" not in badge.description


def test_every_family_has_its_rule_named_after_it():
    assert set(rules.RULES) == set(Family)
    for family, rule in rules.RULES.items():
        assert rule.__name__ == family.value and getattr(rules, family.value) is rule


def test_categories_match_spec_and_have_icons():
    spec = {int(r[0]): r for r in _table_rows("2. Categories")}
    assert sorted(spec) == [c.value for c in Category]
    for c in Category:
        _, constant, label, description = spec[c.value]
        assert (c.name, c.label, c.description) == (constant, label, description)
        icon = ROOT / c.icon.lstrip("/")
        assert icon.is_file() and "<svg" in icon.read_text() and "href=\"http" not in icon.read_text()
    assert all((ROOT / b.icon_url.lstrip("/")).is_file() for b in CATALOG)


def test_completion_exercises_exist_in_content():
    from content.exercises import EXERCISES_BY_NAME

    wanted = {e for b in CATALOG if b.family is Family.EXERCISE_COMPLETION for e in b.params["exercises"]}
    assert wanted and wanted - set(EXERCISES_BY_NAME) == set()


def test_catalog_version_is_stable_and_tracks_rows():
    assert CATALOG_VERSION == catalog_version(CATALOG) == catalog_version(reversed(CATALOG))
    extra = catalog._row("sixdaybadge", "Six", 0, 0, Family.CONSECUTIVE_ACTIVITY, make_params(days=6))
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


def test_keys_titles_and_descriptions():
    assert BY_NAME["nicestreakbadge"].key("Addition 1") == "nicestreakbadge[Addition 1]"
    assert BY_NAME["gettingstartedbadge"].key("Addition 1") == "gettingstartedbadge"
    assert BY_NAME["gettingstartedbadge"].key() == "gettingstartedbadge"
    assert BY_NAME["nicestreakbadge"].description == "Reach a streak of 20 in an exercise"
    assert BY_NAME["gettingstartedbadge"].description == "Achieve proficiency in 3 exercises"
    assert BY_NAME["niceplaylisttimebadge"].description == "Watch 15 minutes of video in a single playlist"
    assert BY_NAME["awesomeplaylisttimebadge"].description == "Watch 1 hour of video in a single playlist"
    assert month_context_name(2012, 3) == "Mar '12"
    assert BY_NAME["monthlytopalgebraistbadge"].title("Mar '12") == "Top Algebraist, Mar '12"
    assert BY_NAME["nicestreakbadge"].title("Addition 1") == "Nice Streak"


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
    assert rules.evaluate(badge, context()) is False
    assert badge not in NON_CONTEXT

