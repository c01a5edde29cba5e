"""Stats views (badges.stats_view): the engine's evaluation through views decides every badge of the catalogue as
the family rules do on the raw ndb entities, measures the same progress, and a new pass sees changed stats."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from badges import engine, rules
from badges.catalog import CATALOG, Badge, make_params
from badges.categories import Category
from badges.context import BadgeContext, ExerciseInfo
from badges.families import ContextType, Family
from badges.last_action_cache import LazyLogs
from badges.stats_view import ContextViews, StatsView
from models.logs import ProblemLog, VideoLog
from models.user import UserData, UserExercise, UserPlaylist
from tests.unit.badge_fakes import PLog, VLog

NOW = datetime(2026, 3, 2, 9, 0, 0)
EX = "addition_1"
NAMES = sorted({e for b in CATALOG if b.family is Family.EXERCISE_COMPLETION for e in b.params["exercises"]})
LISTED = Badge("listbadge", "Listed", Category.BRONZE, 0, Family.CUSTOM,
               make_params(description="On the list", emails=("a@example.com",)), hidden=True)
BADGES = (*CATALOG, LISTED)

counts = st.one_of(st.integers(0, 120), st.sampled_from([19, 20, 29, 30, 49, 50, 79, 80, 99, 100]))
seconds = st.one_of(st.floats(0, 50_000, allow_nan=False), st.sampled_from([899.0, 900.0, 1_200.0, 3_600.0]))
ago = st.integers(0, 1_200 * 24).map(lambda hours: NOW - timedelta(hours=hours))


@st.composite
def users(draw) -> UserData:
    proficient = draw(st.lists(st.sampled_from(NAMES + ["x_1", "y_2"]), max_size=30))
    start = draw(st.one_of(st.none(), ago))
    return UserData(
        email=draw(st.sampled_from([None, "a@example.com", "A@Example.com", "b@example.com"])),
        points=draw(st.one_of(st.integers(0, 11_000_000), st.sampled_from([9_999, 10_000, 1_000_000]))),
        total_seconds_watched=draw(seconds), proficient_exercises=proficient,
        all_proficient_exercises=proficient + draw(st.lists(st.sampled_from(NAMES), max_size=500)),
        joined=draw(st.one_of(ago, st.just(NOW - timedelta(days=365)))), activity_run_start=start,
        last_activity=None if start is None else draw(st.one_of(st.none(), ago)),
        owned_badges=draw(st.lists(st.sampled_from([b.key("Addition 1") for b in BADGES]), max_size=8)))


@st.composite
def exercises(draw) -> UserExercise:
    streak = draw(counts)
    return UserExercise(exercise=EX, streak=streak, longest_streak=streak + draw(st.integers(0, 40)),
                        total_done=draw(counts), total_correct=draw(counts),
                        proficient_date=draw(st.one_of(st.none(), ago)))


@st.composite
def problem_logs(draw) -> tuple:
    """The action's own log as an entity, then the cache's older logs as decoded fields, newest first."""
    size = draw(st.integers(1, 120))
    ex = st.sampled_from([EX, EX, EX, "subtraction_1"])
    gaps = draw(st.lists(st.integers(0, 400), min_size=size, max_size=size))
    times = [NOW - timedelta(seconds=sum(gaps[:i])) for i in range(size)]
    logs = [PLog(draw(ex), draw(st.booleans()), when, draw(st.sampled_from([0.0, 1.0, 2.0, 3.5, 30.0])))
            for when in times]
    first = logs[0]
    return (ProblemLog(exercise=first.exercise, correct=first.correct, time_done=first.time_done,
                       time_taken=first.time_taken), *logs[1:])


@st.composite
def video_logs(draw) -> tuple:
    size = draw(st.integers(0, 60))
    gaps = draw(st.lists(st.integers(0, 300), min_size=size, max_size=size))
    logs = [VLog(NOW - timedelta(seconds=sum(gaps[:i])), draw(st.sampled_from([0.0, 30.0, 120.0, 600.0])))
            for i in range(size)]
    if not logs:
        return ()
    return (VideoLog(time_watched=logs[0].time_watched, seconds_watched=logs[0].seconds_watched), *logs[1:])


def candidates(ctx: BadgeContext) -> list:
    """Every badge of the catalogue (and a listed custom one) in the context of its kind."""
    names = {ContextType.EXERCISE: "Addition 1", ContextType.PLAYLIST: ctx.user_playlist.title,
             ContextType.MONTH: "Mar '26"}
    return [(b, names.get(b.context), ctx) for b in BADGES]


def front_viewed(logs: tuple) -> LazyLogs:
    """The logs as the engine's step gives them to the rules: the action's own log through a view."""
    return LazyLogs((StatsView(logs[0]), *logs[1:]) if logs else ())


@settings(max_examples=300, deadline=None)
@given(users(), exercises(), st.floats(0, 40_000, allow_nan=False), problem_logs(), video_logs(),
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
