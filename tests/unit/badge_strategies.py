"""Hypothesis strategies for the badge stats and logs an evaluation reads: real ndb entities (``UserData``,
``UserExercise``, the action's own log) and decoded fields for the cache's older logs, newest first, drawn around
the catalogue's boundaries."""
from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import strategies as st

from badges.catalog import CATALOG, Badge, make_params
from badges.categories import Category
from badges.families import Family
from models.logs import ProblemLog, VideoLog
from models.user import UserData, UserExercise
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
def problem_logs(draw, run: int = 0) -> tuple:
    """The action's own log as an entity, then the cache's older logs as decoded fields, newest first; the
    newest up to ``run`` (drawn) correct in the exercise."""
    size = draw(st.integers(1, 120))
    ex = st.sampled_from([EX, EX, EX, "subtraction_1"])
    gaps = draw(st.lists(st.integers(0, 400), min_size=size, max_size=size))
    times = [NOW - timedelta(seconds=sum(gaps[:i])) for i in range(size)]
    mine = draw(st.integers(0, run))
    logs = [PLog(*((EX, True) if i < mine else (draw(ex), draw(st.booleans()))), when,
                 draw(st.sampled_from([0.0, 1.0, 2.0, 3.5, 30.0]))) for i, when in enumerate(times)]
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
