"""Stats views (badges.stats_view): the engine's evaluation through views decides every badge of the catalogue as
the family rules do on the raw ndb entities, measures the same progress, and a new pass sees changed stats."""
from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from badges import engine, rules
from badges.context import BadgeContext, ExerciseInfo
from badges.families import ContextType
from badges.last_action_cache import LazyLogs
from badges.stats_view import ContextViews, StatsView
from models.user import UserData, UserExercise, UserPlaylist
from tests.unit.badge_strategies import BADGES, EX, NAMES, NOW, exercises, problem_logs, users, video_logs


def candidates(ctx: BadgeContext) -> list:
    """Every badge of the catalogue (and a listed custom one) in the context of its kind."""
    names = {ContextType.EXERCISE: "Addition 1", ContextType.PLAYLIST: ctx.user_playlist.title,
             ContextType.MONTH: "Mar '26"}
    return [(b, names.get(b.context), ctx) for b in BADGES]


def front_viewed(logs: tuple) -> LazyLogs:
    """The logs as the engine's step gives them to the rules: the action's own log through a view."""
    return LazyLogs((StatsView(logs[0]), *logs[1:]) if logs else ())


@settings(max_examples=300, deadline=None)
@given(users(), exercises(), st.floats(0, 40_000, allow_nan=False), problem_logs(run=80), video_logs(),
       st.sampled_from([1.0, 2.0, 4.0, 6.5]))
def test_views_decide_every_badge_as_the_rules_do_on_the_entities(ud, ue, watched, plogs, vlogs, fast):
    up = UserPlaylist(playlist_id="p1", title="Addition and subtraction", seconds_watched=watched)
    about = {"now": NOW, "user": ud, "user_exercise": ue, "user_playlist": up,
             "exercise": ExerciseInfo(EX, "Addition 1", fast)}
    raw = BadgeContext(problem_logs=LazyLogs(plogs), video_logs=LazyLogs(vlogs), **about)
    owned = set(ud.owned_badges)
    expected = [(b, c) for b, c, ctx in candidates(raw) if b.key(c) not in owned and b.family.rule(ctx, **b.params)]
    viewed = BadgeContext(problem_logs=front_viewed(plogs), video_logs=front_viewed(vlogs), **about)
    assert engine.earned(ud, candidates(viewed)) == expected
    through = ContextViews().of(viewed)
    assert [rules.progress(b, through) for b in BADGES] == [rules.progress(b, raw) for b in BADGES]


def test_a_view_reads_each_attribute_once_and_cannot_be_written():
    ud = UserData(points=5, proficient_exercises=["addition_1"])
    view = StatsView(ud)
    assert view.proficient_exercises == ("addition_1",) and view.points == 5
    ud.points = 6
    assert view.points == 5  # one pass reads one value
    with pytest.raises(AttributeError):
        view.points = 7
    assert ud.points == 6 and ud.proficient_exercises == ["addition_1"]


def test_one_view_per_entity_and_one_viewed_context_per_context_in_a_pass():
    ud, ue = UserData(points=0), UserExercise(exercise=EX)
    base = BadgeContext(now=NOW, user=ud)
    ctx = BadgeContext(now=NOW, user=ud, user_exercise=ue, exercise=ExerciseInfo(EX, "Addition 1"))
    views = ContextViews()
    assert views.of(ctx) is views.of(ctx) and views.of(base).user is views.of(ctx).user
    assert views.of(ctx).user_exercise is not ue and views.of(base).user_exercise is None
    assert views.of(ctx).problem_logs is ctx.problem_logs


def test_a_new_pass_sees_the_points_an_award_added():
    ud = UserData(points=9_950, owned_badges=[])
    found = engine.problem_candidates(BadgeContext(now=NOW, user=ud, exercise=ExerciseInfo(EX, "Addition 1")))
    found = list(found)
    assert "tenthousandairebadge" not in [b.name for b, _ in engine.earned(ud, found)]
    ud.points += 100  # as an award's points do between award_earned's passes
    assert "tenthousandairebadge" in [b.name for b, _ in engine.earned(ud, found)]


@pytest.mark.parametrize("points, streak", [(9_999, 19), (10_000, 20), (1_000_000, 100)])
def test_every_badge_check_decides_as_its_rule_and_a_threshold_as_its_measure_reaching_the_target(points, streak):
    ud = UserData(points=points, owned_badges=[], joined=NOW - timedelta(days=365), proficient_exercises=NAMES[:5])
    ue = UserExercise(exercise=EX, streak=streak, longest_streak=streak, total_done=streak, total_correct=streak)
    ctx = BadgeContext(now=NOW, user=ud, user_exercise=ue, exercise=ExerciseInfo(EX, "Addition 1"))
    for badge in BADGES:
        assert badge.check(ctx) == badge.family.rule(ctx, **badge.params), badge.name
        if badge.family.threshold:
            assert badge.check(ctx) == rules.reached(badge.family.measure(ctx, **badge.params)), badge.name


def test_a_viewed_context_keeps_every_field_of_the_context():
    ctx = BadgeContext(now=NOW, user=UserData(points=3), problem_logs=(1,), video_logs=(2,),
                       user_exercise=UserExercise(exercise=EX), exercise=ExerciseInfo(EX, "Addition 1"),
                       user_playlist=UserPlaylist(title="P"))
    viewed = ContextViews().of(ctx)
    for field in dataclasses.fields(BadgeContext):
        mine, theirs = getattr(viewed, field.name), getattr(ctx, field.name)
        assert mine is theirs or (isinstance(mine, StatsView) and mine._entity is theirs), field.name
