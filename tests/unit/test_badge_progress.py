"""Progress toward a badge: ``(current, target)`` from the row's own params, agreeing with the rule."""
from __future__ import annotations

from datetime import timedelta

import pytest

from badges.catalog import BY_NAME, CATALOG, custom_badge
from badges.categories import Category
from badges.context import BadgeContext
from badges.families import Family
from badges.progress import Progress, progress
from badges.rules import evaluate
from tests.unit.badge_fakes import T0, PLog, User, UserExercise, UserPlaylist
from tests.unit.badge_fakes import context as ctx

D = timedelta(days=1)


def of(name: str, c: BadgeContext):
    return progress(BY_NAME[name], c)


def test_streak_13_of_20():
    assert of("nicestreakbadge", ctx(user_exercise=UserExercise(streak=2, longest_streak=13))) == (13, 20)


@pytest.mark.parametrize("name, c, expected", [
    ("gettingstartedbadge", ctx(user=User(all_proficient_exercises=["a", "b"])), (2, 3)),
    ("tenthousandairebadge", ctx(user=User(points=9_500)), (9_500, 10_000)),
    ("niceplaylisttimebadge", ctx(user_playlist=UserPlaylist(seconds_watched=300.5)), (300.5, 900)),
    ("actonesceneonebadge", ctx(user=User(total_seconds_watched=600)), (600, 1200)),
    ("yearonebadge", ctx(now=T0 + 100 * D + D / 2), (100.5, 365)),
    ("fivedayconsecutiveactivitybadge",
     ctx(user=User(activity_run_start=T0, last_activity=T0 + 3 * D), now=T0 + 3 * D), (3, 5)),
    ("levelonearithmeticianbadge", ctx(user=User(proficient_exercises=["addition_1", "division_1", "x"])), (2, 4)),
    ("soclosebadge", ctx(user_exercise=UserExercise(total_done=25)), (25, 30)),
    ("nicetimedproblembadge", ctx(problem_logs=[PLog()] * 3 + [PLog(correct=False)] + [PLog()] * 9), (3, 5)),
])
def test_progress_of_each_measurable_family(name, c, expected):
    assert of(name, c) == expected


def test_unmeasurable_or_out_of_reach_is_none():
    assert of("soclosebadge", ctx(user_exercise=UserExercise(total_done=25, proficient_date=T0))) is None
    assert of("nicestreakbadge", ctx()) is None  # no exercise stats in this context
    assert of("niceplaylisttimebadge", ctx()) is None
    for name in ("recoverybadge", "powerhourbadge", "monthlytopalgebraistbadge"):
        assert of(name, ctx()) is None
    assert progress(custom_badge("x", "X", "d", Category.BRONZE, 0), ctx()) is None


THRESHOLD_FAMILIES = {Family.EXERCISE_COUNT, Family.POINTS, Family.STREAK, Family.PLAYLIST_TIME,
                      Family.EXERCISE_COMPLETION, Family.TENURE, Family.VIDEO_TIME, Family.CONSECUTIVE_ACTIVITY}


def test_measured_families_are_the_threshold_ones_plus_two():
    measured = {f for f in Family if f.measure is not None}
    assert measured == THRESHOLD_FAMILIES | {Family.TIMED_PROBLEMS, Family.UNFINISHED_STREAK}


def test_threshold_families_are_those_whose_rule_is_their_measure_reaching_its_target():
    derived = {f for f in Family if f.measure and getattr(f.rule, "__wrapped__", None) is f.measure}
    assert derived == THRESHOLD_FAMILIES


def test_a_threshold_rule_is_its_measure_reaching_the_target():
    streak = BY_NAME["nicestreakbadge"]
    assert progress(streak, ctx(user_exercise=UserExercise(longest_streak=19))) == Progress(current=19, target=20)
    assert not evaluate(streak, ctx(user_exercise=UserExercise(longest_streak=19)))
    assert evaluate(streak, ctx(user_exercise=UserExercise(longest_streak=20)))
    assert not evaluate(streak, ctx())  # no measure in this context: never earned


@pytest.mark.parametrize("badge", [b for b in CATALOG if b.family in THRESHOLD_FAMILIES], ids=lambda b: b.name)
def test_progress_and_rule_agree(badge):
    full = ctx(user=User(points=10**8, total_seconds_watched=10**6, all_proficient_exercises=["e"] * 600,
                         proficient_exercises=list(badge.params.get("exercises", ())),
                         activity_run_start=T0, last_activity=T0 + 1200 * D),
               now=T0 + 1200 * D, user_exercise=UserExercise(longest_streak=200),
               user_playlist=UserPlaylist(seconds_watched=10**6))
    current, target = progress(badge, full)
    assert current >= target and evaluate(badge, full)
    current, target = progress(badge, ctx(user_exercise=UserExercise(), user_playlist=UserPlaylist()))
    assert current < target
