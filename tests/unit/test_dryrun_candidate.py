"""A candidate badge (badges.dryrun_candidate): every family that can be dry-run takes exactly its rule's params,
checked for type and bounds; anything else is refused with a message saying what is wrong."""
from __future__ import annotations

import inspect

import pytest

from badges import rules
from badges.context import BadgeContext
from badges.dryrun_candidate import BOUNDS, FAMILIES, CandidateError, examples, family_params, parse
from badges.families import ContextType, Family
from tests.unit.badge_fakes import T0, User


def test_every_family_but_the_monthly_ranking_can_be_dry_run_with_its_rules_params():
    assert set(FAMILIES.values()) == set(Family) - {Family.MONTHLY_TOP}
    for key, params in examples().items():
        candidate = parse({"family": key, "params": params})
        badge = candidate.badge()
        assert badge.family is FAMILIES[key] and dict(candidate.params) == params
        if badge.family is not Family.CUSTOM:
            inspect.signature(badge.family.rule).bind(BadgeContext(now=T0, user=User()), **badge.params)
            assert set(family_params(badge.family)) == set(params) <= set(BOUNDS)
        assert candidate.description and candidate.to_json()["family"] == key


def test_the_examples_of_the_brief_read_as_the_catalogue_spells_them():
    streak = parse({"family": "streak", "params": {"streak": 30}})
    assert streak.description == "Reach a streak of 30 in an exercise"
    assert streak.badge().context is ContextType.EXERCISE
    listening = parse({"family": "playlist_time", "params": {"seconds": 2700}})
    assert listening.description == "Watch 45 minutes of video in a single playlist"
    assert parse({"family": "PLAYLIST_TIME", "params": {"seconds": 45.5}}).params == {"seconds": 45.5}


@pytest.mark.parametrize("body, says", [
    ({}, "family must be one of"),
    ({"family": 3, "params": {}}, "family must be one of"),
    ({"family": "nosuchfamily", "params": {}}, "family must be one of"),
    ({"family": "monthly_top", "params": {"subject": "Algebra"}}, "cannot be dry-run"),
    ({"family": "streak"}, "params must be an object"),
    ({"family": "streak", "params": [30]}, "params must be an object"),
    ({"family": "streak", "params": {}}, "missing streak"),
    ({"family": "streak", "params": {"streak": 30, "days": 2}}, "unknown days"),
    ({"family": "streak", "params": {"streak": "30"}}, "must be an integer"),
    ({"family": "streak", "params": {"streak": True}}, "must be an integer"),
    ({"family": "streak", "params": {"streak": 30.0}}, "must be an integer"),
    ({"family": "streak", "params": {"streak": 0}}, "between 1 and 100,000"),
    ({"family": "streak", "params": {"streak": 10 ** 12}}, "between 1 and 100,000"),
    ({"family": "points", "params": {"points": -5}}, "between 1 and"),
    ({"family": "playlist_time", "params": {"seconds": float("inf")}}, "must be a number"),
    ({"family": "playlist_time", "params": {"seconds": 10 ** 9}}, "between 1 and"),
    ({"family": "recovery", "params": {"wrong": 12, "recent": 10}}, "wrong cannot exceed recent"),
    ({"family": "recovery", "params": {"wrong": 5, "recent": 5000}}, "between 2 and 500"),
    ({"family": "exercise_completion", "params": {"exercises": []}}, "list of 1 to 50"),
    ({"family": "exercise_completion", "params": {"exercises": "addition_1"}}, "list of 1 to 50"),
    ({"family": "exercise_completion", "params": {"exercises": ["addition_1", "flying"]}}, "not an exercise: flying"),
    ({"family": "custom", "params": {"emails": ["a@example.com", "nope"]}}, "not an email: nope"),
    ({"family": "custom", "params": {"emails": ["a@example.com"] * 2 + [f"s{i}@x.org" for i in range(501)]}},
     "list of 1 to 500"),
    ({"family": "custom", "params": {"description": "x"}}, "custom takes params emails"),
])
def test_a_bad_candidate_is_refused_saying_why(body, says):
    with pytest.raises(CandidateError, match=says):
        parse(body)


def test_a_manual_list_is_lower_cased_once_each_and_earned_by_the_students_on_it():
    candidate = parse({"family": "custom", "params": {"emails": [" Ann@Example.com", "ann@example.com", "b@x.org"]}})
    assert candidate.params == {"emails": ["ann@example.com", "b@x.org"]}
    assert candidate.description == "Be on a list of 2 students"
    badge = candidate.badge()
    assert badge.hidden and badge.context is ContextType.NONE

    def earns(email):
        return rules.evaluate(badge, BadgeContext(now=T0, user=User(email=email)))

    assert earns("ann@example.com") and earns("B@X.org")
    assert not earns("c@x.org") and not earns(None)


def test_a_hand_awarded_custom_badge_is_never_earned_by_rule():
    assert not rules.custom(BadgeContext(now=T0, user=User(email="ann@example.com")), description="Helper")
