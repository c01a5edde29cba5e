"""Judges and evaluation passes (badges.judges, badges.evaluation): a family's judge decides each of its catalogue
rows as the family's rule, whichever rows are asked and in whatever order, and reads no log those rows' rules would
not; a pass decides every candidate as `rules.evaluate` does, skipping exactly the owned ones."""
from __future__ import annotations

import random
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from badges import catalog, engine, rules
from badges.catalog import CATALOG, Badge, make_params
from badges.categories import Category
from badges.context import BadgeContext, ExerciseInfo
from badges.evaluation import Group, owner_names
from badges.families import ContextType, Family
from badges.progress import Progress
from models.user import UserData, UserPlaylist
from tests.unit.badge_fakes import PLog, UserExercise, context
from tests.unit.badge_strategies import EX, NOW, exercises, problem_logs, users, video_logs
from tests.unit.test_badge_rules import Recording

JUDGED = [f for f in Family if f.judge is not None]
FAST = st.sampled_from([0.5, 1.0, 2.0, 4.0, 6.5])


@st.composite
def contexts(draw) -> BadgeContext:
    """A context with the logs recording what is read; exercise and playlist stats only sometimes there."""
    exercise = draw(st.booleans())
    playlist = UserPlaylist(playlist_id="p1", title="Addition and subtraction",
                            seconds_watched=draw(st.floats(0, 40_000, allow_nan=False)))
    return BadgeContext(
        now=NOW + timedelta(seconds=draw(st.integers(0, 90_000))), user=draw(users()),
        problem_logs=Recording(draw(problem_logs(run=80))), video_logs=Recording(draw(video_logs())),
        user_exercise=draw(exercises()) if exercise else None,
        exercise=ExerciseInfo(EX, "Addition 1", draw(FAST)) if exercise or draw(st.booleans()) else None,
        user_playlist=playlist if draw(st.booleans()) else None)


def asked(draw, family: Family) -> list[Badge]:
    """Some of the family's rows (as owned ones are skipped), in any order, a row perhaps asked twice."""
    rows = [b for b in CATALOG if b.family is family]
    picked = draw(st.lists(st.sampled_from(rows), min_size=1, max_size=len(rows) + 2))
    return draw(st.permutations(picked))


@settings(max_examples=400, deadline=None)
@given(st.data(), contexts())
def test_a_judge_decides_each_row_as_its_rule_and_reads_no_log_the_rules_would_not(data, ctx):
    for family in JUDGED:
        rows = asked(data.draw, family)
        forget(ctx)
        judge = family.judge(ctx)
        decided = [judge(b.params) for b in rows]
        read = set(ctx.problem_logs.touched), set(ctx.video_logs.touched)
        forget(ctx)
        assert decided == [family.rule(ctx, **b.params) for b in rows], family
        assert read[0] <= ctx.problem_logs.touched and read[1] <= ctx.video_logs.touched, family


def forget(ctx: BadgeContext) -> None:
    ctx.problem_logs.touched.clear()
    ctx.video_logs.touched.clear()


@settings(max_examples=300, deadline=None)
@given(contexts())
def test_a_threshold_measure_is_its_level_against_the_rows_target(ctx):
    for badge in CATALOG:
        if badge.family in JUDGED and badge.family.threshold and badge.family is not Family.EXERCISE_COMPLETION:
            measured = badge.family.measure(ctx, **badge.params)
            assert measured is None or isinstance(measured, Progress)
            assert rules.reached(measured) == badge.family.judge(ctx)(badge.params), badge.name


@settings(max_examples=300, deadline=None)
@given(contexts(), st.randoms(use_true_random=False))
def test_a_pass_decides_candidates_of_several_contexts_in_any_order_as_evaluate_does(ctx, rnd: random.Random):
    playlist = UserPlaylist(playlist_id="p2", title="Worked examples", seconds_watched=rnd.uniform(0, 40_000))
    other = BadgeContext(now=ctx.now, user=ctx.user, problem_logs=ctx.problem_logs, video_logs=ctx.video_logs,
                         user_playlist=playlist)
    found = [(b, names(b, c), c) for c in (ctx, other) for b in CATALOG]
    rnd.shuffle(found)
    owned = set(ctx.user.owned_badges)
    expected = [(b, n) for b, n, c in found if b.key(n) not in owned and rules.evaluate(b, c)]
    assert engine.earned(ctx.user, found) == expected


def names(badge: Badge, ctx: BadgeContext) -> str | None:
    return {ContextType.EXERCISE: "Addition 1", ContextType.MONTH: "Mar '26",
            ContextType.PLAYLIST: ctx.user_playlist.title if ctx.user_playlist else "None"}.get(badge.context)


text = st.text(alphabet="ab[]1 ", max_size=6)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(text, st.none() | text), max_size=6), text, st.none() | text)
def test_a_badge_whose_name_is_not_an_owner_name_owns_no_key(owned_pairs, name, context):
    badge = Badge(name or "x", "X", Category.BRONZE, 0, Family.STREAK, make_params(streak=1))
    owned = {Badge(n or "x", "X", Category.BRONZE, 0, Family.STREAK, make_params(streak=1)).key(c)
             for n, c in owned_pairs}
    if badge.key(context) in owned:
        assert badge.name in owner_names(owned)


def test_owner_names_are_the_keys_and_their_parts_before_each_bracket():
    assert owner_names(["a", "b[X]", "c[d][Y [1]]"]) == {"a", "b[X]", "b", "c[d][Y [1]]", "c", "c[d]", "c[d][Y "}


def test_a_second_pass_sees_owned_badges_and_points_the_first_pass_did_not():
    ud = UserData(points=9_999, owned_badges=[])
    ctx = BadgeContext(now=NOW, user=ud)
    found = [(b, None, ctx) for b in CATALOG if b.family is Family.POINTS]
    assert engine.earned(ud, found) == []
    ud.points = 10_000
    assert [b.name for b, _ in engine.earned(ud, found)] == ["tenthousandairebadge"]
    ud.owned_badges = ["tenthousandairebadge"]
    assert engine.earned(ud, found) == []


class Counting(Recording):
    """Recording, also counting every read."""

    reads = 0

    def __getitem__(self, i):
        self.reads += 1
        return super().__getitem__(i)


def test_unfinished_streak_rows_read_the_newest_logs_once_between_them():
    logs = Counting([PLog(correct=i % 5 != 1) for i in range(500)])
    c = context(problem_logs=logs, user_exercise=UserExercise(total_done=60))
    rows = [b for b in CATALOG if b.family is Family.UNFINISHED_STREAK]
    judge = Family.UNFINISHED_STREAK.judge(c)
    assert [judge(b.params) for b in rows] == [True] * 3
    assert logs.reads == 52  # one walk for the three rows: the newest log twice, then the newest 50
    assert [rules.unfinished_streak(c, **b.params) for b in rows] == [True] * 3
    assert logs.reads == 52 * 4  # each rule alone walks them again


@settings(max_examples=300, deadline=None)
@given(contexts(), st.data())
def test_a_group_decides_its_rows_as_its_candidates_one_by_one(ctx, data):
    rows = tuple(data.draw(st.lists(st.sampled_from(CATALOG), max_size=40)))  # any rows, any order, repeats
    keys = sorted({b.key(n) for b in (*rows, *catalog.NON_CONTEXT) for n in ("Addition 1", None)})
    ctx.user.owned_badges = data.draw(st.lists(st.sampled_from(keys), unique=True, max_size=len(keys)))
    groups = [Group(rows, "Addition 1", ctx), Group(catalog.NON_CONTEXT, None, ctx), Group(rows, "Addition 1", ctx)]
    owned = set(ctx.user.owned_badges)
    expected = [(b, n) for b, n, c in engine.flatten(groups) if b.key(n) not in owned and rules.evaluate(b, c)]
    assert engine.earned(ctx.user, groups) == expected
    assert engine.earned(ctx.user, list(engine.flatten(groups))) == expected


def test_a_group_whose_log_reading_rows_are_all_owned_reads_no_log():
    logs = Counting([PLog() for _ in range(60)])
    readers = {Family.POWER_TIME, Family.TIMED_PROBLEMS, Family.RECOVERY, Family.UNFINISHED_STREAK}
    owned = [b.key("Addition 1") for b in CATALOG if b.family in readers]
    c = context(problem_logs=logs, user=UserData(owned_badges=owned, points=0),
                user_exercise=UserExercise(total_done=60))
    assert engine.earned(c.user, engine.problem_candidates(c)) == []
    assert logs.reads == 0
    c.user.owned_badges = []
    engine.earned(c.user, engine.problem_candidates(c))
    assert logs.reads > 0
