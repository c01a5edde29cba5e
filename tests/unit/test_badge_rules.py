"""Every badge family at its boundary, the original sequences, and laziness over the last action cache.

Pure: fake dataclasses for the stats and logs; no ndb, no services.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from badges.catalog import BY_NAME, CATALOG, Family
from badges.context import BadgeContext
from badges.rules import evaluate
from tests.unit.badge_fakes import EX, T0, PLog, User, UserExercise, UserPlaylist, VLog  # noqa: F401
from tests.unit.badge_fakes import context as ctx

S, H, D = timedelta(seconds=1), timedelta(hours=1), timedelta(days=1)


class Recording(Sequence):
    """A lazy log sequence that records which indices a rule decoded."""

    def __init__(self, items):
        self.items, self.touched = list(items), set()

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        idx = range(len(self.items))[i]
        self.touched.update(idx if isinstance(i, slice) else [idx])
        return self.items[i]




def earned(name: str, c: BadgeContext) -> bool:
    return evaluate(BY_NAME[name], c)


def logs(pattern: str, exercise: str = EX, **kw) -> list[PLog]:
    """Newest first: "CW" = newest correct, then one wrong."""
    return [PLog(exercise, ch == "C", **kw) for ch in pattern]


# --- threshold families: every row of the catalogue at N-1 (not earned) and N (earned) -------------------------

def _at(badge, value) -> BadgeContext:
    p, f = badge.params, badge.family
    if f is Family.EXERCISE_COUNT:
        return ctx(user=User(all_proficient_exercises=[f"e{i}" for i in range(value)]))
    if f is Family.POINTS:
        return ctx(user=User(points=value))
    if f is Family.STREAK:
        return ctx(user_exercise=UserExercise(longest_streak=value))
    if f is Family.PLAYLIST_TIME:
        return ctx(user_playlist=UserPlaylist(seconds_watched=value))
    if f is Family.VIDEO_TIME:
        return ctx(user=User(total_seconds_watched=value))
    if f is Family.TENURE:
        return ctx(now=T0 + value * D)
    if f is Family.CONSECUTIVE_ACTIVITY:
        return ctx(now=T0 + value * D + H, user=User(activity_run_start=T0, last_activity=T0 + value * D))
    if f is Family.EXERCISE_COMPLETION:
        return ctx(user=User(proficient_exercises=list(p["exercises"][:value])))
    raise AssertionError(f)


THRESHOLD = {Family.EXERCISE_COUNT: "count", Family.POINTS: "points", Family.STREAK: "streak",
             Family.PLAYLIST_TIME: "seconds", Family.VIDEO_TIME: "seconds", Family.TENURE: "days",
             Family.CONSECUTIVE_ACTIVITY: "days", Family.EXERCISE_COMPLETION: "exercises"}


@pytest.mark.parametrize("badge", [b for b in CATALOG if b.family in THRESHOLD], ids=lambda b: b.name)
def test_threshold_badge_boundary(badge):
    n = badge.params[THRESHOLD[badge.family]]
    n = len(n) if isinstance(n, tuple) else n
    assert not evaluate(badge, _at(badge, n - 1))
    assert evaluate(badge, _at(badge, n))


def test_exercise_count_uses_all_proficient_but_completion_needs_explicit():
    c = ctx(user=User(all_proficient_exercises=["addition_1", "subtraction_1", "multiplication_1", "division_1"]))
    assert earned("gettingstartedbadge", c) and not earned("levelonearithmeticianbadge", c)


def test_tenure_364_and_365_days():
    assert not earned("yearonebadge", ctx(now=T0 + 364 * D))
    assert not earned("yearonebadge", ctx(now=T0 + 365 * D - timedelta(microseconds=1)))
    assert earned("yearonebadge", ctx(now=T0 + 365 * D))


def test_consecutive_activity_ends_at_40_hours_of_silence():
    user = User(activity_run_start=T0, last_activity=T0 + 5 * D)
    assert earned("fivedayconsecutiveactivitybadge", ctx(user=user, now=T0 + 5 * D + 40 * H - S))
    assert not earned("fivedayconsecutiveactivitybadge", ctx(user=user, now=T0 + 5 * D + 40 * H))
    short = User(activity_run_start=T0, last_activity=T0 + 5 * D - S)  # 4 whole days
    assert not earned("fivedayconsecutiveactivitybadge", ctx(user=short, now=T0 + 5 * D))
    assert not earned("fivedayconsecutiveactivitybadge", ctx(user=User(), now=T0))


def test_contextual_rules_without_their_context_are_false():
    bare = ctx(exercise=None)
    for b in CATALOG:
        if b.context.value in ("exercise", "playlist", "month"):
            assert not evaluate(b, bare), b.name


# --- timed problems ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fast", [3.0, 3.7, 2.0, 0.1])
def test_timed_problems_sum_exactly_fast_earns_one_second_over_does_not(fast):
    exact = [PLog(time_taken=fast) for _ in range(5)]
    assert earned("nicetimedproblembadge", ctx(fast=fast, problem_logs=exact))
    over = [replace(exact[0], time_taken=fast + 1)] + exact[1:]
    assert not earned("nicetimedproblembadge", ctx(fast=fast, problem_logs=over))


def test_timed_problems_sum_does_not_drift_with_float_rounding():
    # sum([2.1] * 10) > 10 * 2.1 in naive float addition; ten problems of exactly the fast time still earn it.
    assert earned("greattimedproblembadge", ctx(fast=2.1, problem_logs=[PLog(time_taken=2.1)] * 10))


def test_timed_problems_needs_n_correct_logs_of_this_exercise():
    fast5 = [PLog(time_taken=1.0) for _ in range(5)]
    assert not earned("nicetimedproblembadge", ctx(problem_logs=fast5[:4]))
    assert not earned("nicetimedproblembadge", ctx(problem_logs=fast5[:4] + [PLog(correct=False)]))
    assert not earned("nicetimedproblembadge", ctx(problem_logs=fast5[:4] + [PLog("subtraction_1")]))
    assert earned("nicetimedproblembadge", ctx(problem_logs=fast5 + [PLog(correct=False, time_taken=500)]))


# --- recovery ---------------------------------------------------------------------------------------------------

def test_recovery_five_of_ten_exact_boundary():
    assert earned("recoverybadge", ctx(problem_logs=logs("CWWWWWCCCC")))  # 5 wrong of 10
    assert earned("recoverybadge", ctx(problem_logs=logs("CWCCCCWWWW" + "C" * 20)))
    assert not earned("recoverybadge", ctx(problem_logs=logs("CWWWWCCCCC" + "W" * 5)))  # 4 of newest 10
    assert not earned("recoverybadge", ctx(problem_logs=logs("WWWWWWCCCC")))  # newest wrong
    assert not earned("recoverybadge", ctx(problem_logs=logs("CCWWWWWWCC")))  # one before the newest right
    assert not earned("recoverybadge", ctx(problem_logs=logs("CWWWWWCCC")))  # only 9 logs
    mixed = logs("CWWWWWCCC") + logs("C", exercise="subtraction_1")
    assert not earned("recoverybadge", ctx(problem_logs=mixed))


def test_resurrection_ten_of_twenty():
    assert earned("resurrectionbadge", ctx(problem_logs=logs("CW" + "W" * 9 + "C" * 9)))
    assert not earned("resurrectionbadge", ctx(problem_logs=logs("CW" + "W" * 8 + "C" * 10)))


# --- unfinished streak (Perseverance) ---------------------------------------------------------------------------

def _simulate(pattern: str, problems: int) -> list[int]:
    """Complete problems in order (updating the exercise stats as an attempt does); return the total_done values
    at which badges were earned."""
    ue, cache, hits = UserExercise(), [], {}
    for ch in pattern[:problems]:
        right = ch == "C"
        ue.total_done += 1
        ue.streak = ue.streak + 1 if right else 0
        ue.longest_streak = max(ue.longest_streak, ue.streak)
        assert ue.streak < 10, "the pattern must never reach proficiency"
        cache.insert(0, PLog(correct=right))
        c = ctx(user_exercise=replace(ue), problem_logs=list(cache))
        for name in ("soclosebadge", "keepfightingbadge", "undeterrablebadge"):
            if name not in hits and earned(name, c):
                hits[name] = ue.total_done
    return [hits.get(n) for n in ("soclosebadge", "keepfightingbadge", "undeterrablebadge")]


def test_perseverance_pattern_never_reaching_streak_ten():
    # 7 right, 1 wrong, repeated: 87.5% correct, longest streak 7. Problem 40 is wrong, so Steadfastness at 41.
    assert _simulate("CCCCCCCW" * 10, 60) == [30, 41, 50]
    assert _simulate("CCW" * 30, 90) == [None, None, None]  # 67% correct


def test_unfinished_streak_boundaries():
    ue = UserExercise(total_done=30)
    at_75 = logs("C" + "C" * 8 + "WWW")  # 12 logs of this exercise, 9 correct
    assert earned("soclosebadge", ctx(user_exercise=ue, problem_logs=at_75))
    below = logs("C" + "C" * 7 + "WWWW")  # 8 of 12
    assert not earned("soclosebadge", ctx(user_exercise=ue, problem_logs=below))
    assert not earned("soclosebadge", ctx(user_exercise=replace(ue, total_done=29), problem_logs=at_75))
    assert not earned("soclosebadge", ctx(user_exercise=replace(ue, proficient_date=T0), problem_logs=at_75))
    assert not earned("soclosebadge", ctx(user_exercise=ue, problem_logs=logs("C" * 9)))  # cache < 10
    assert not earned("soclosebadge", ctx(user_exercise=ue, problem_logs=logs("W" + "C" * 20)))  # newest wrong
    other = logs("C" * 9) + logs("C" * 41, exercise="subtraction_1") + logs("C" * 5)  # 9 of newest 50
    assert not earned("soclosebadge", ctx(user_exercise=ue, problem_logs=other))
    assert earned("soclosebadge", ctx(user_exercise=ue, problem_logs=other[:9] + other[-5:] + other[9:50]))


# --- power time -------------------------------------------------------------------------------------------------

def _power(video_at: datetime, video_seconds: float = 600, correct: int = 10, newest_video=None) -> BadgeContext:
    plogs = [PLog(time_done=T0 - i * 60 * S) for i in range(correct)] + [PLog(time_done=T0 - 2 * H)] * 20
    vlogs = ([newest_video] if newest_video else []) + [VLog(video_at, video_seconds), VLog(T0 - 3 * H, 9999)]
    return ctx(problem_logs=plogs, video_logs=vlogs)


def test_power_fifteen_minutes_at_the_window_edge():
    assert earned("powerfifteenminutesbadge", _power(T0 - 900 * S))  # exactly at start counts
    assert not earned("powerfifteenminutesbadge", _power(T0 - 901 * S))
    assert not earned("powerfifteenminutesbadge", _power(T0 - 60 * S, video_seconds=599))
    assert not earned("powerfifteenminutesbadge", _power(T0 - 60 * S, correct=9))
    # A newer video log moves the end: the oldest of the ten problems (T0 - 540 s) falls out of the window.
    assert earned("powerfifteenminutesbadge", _power(T0, newest_video=VLog(T0 + 360 * S, 0)))
    assert not earned("powerfifteenminutesbadge", _power(T0, newest_video=VLog(T0 + 361 * S, 0)))


def test_power_time_needs_both_kinds_of_log():
    assert not earned("powerfifteenminutesbadge", ctx(problem_logs=[PLog()] * 20, video_logs=()))
    assert not earned("powerfifteenminutesbadge", ctx(problem_logs=(), video_logs=[VLog(T0, 900)]))


# --- laziness ---------------------------------------------------------------------------------------------------

def test_rules_touch_only_the_logs_they_need():
    plogs = Recording([PLog(time_taken=1.0, time_done=T0 - i * S) for i in range(500)])
    earned("nicetimedproblembadge", ctx(problem_logs=plogs))
    assert plogs.touched == set(range(5))
    plogs = Recording(logs("CC" + "W" * 498))
    earned("recoverybadge", ctx(problem_logs=plogs))
    assert plogs.touched <= {0, 1}
    plogs = Recording([PLog(time_done=T0 - i * 60 * S) for i in range(500)])
    vlogs = Recording([VLog(T0 - i * 60 * S, 60) for i in range(500)])
    assert earned("powerfifteenminutesbadge", ctx(problem_logs=plogs, video_logs=vlogs))
    assert max(plogs.touched) == 9 and max(vlogs.touched) == 9  # stopped once each target was met
    vlogs = Recording([VLog(T0 - i * 60 * S, 30) for i in range(500)])  # 16 × 30 s in the window: too little
    assert not earned("powerfifteenminutesbadge", ctx(problem_logs=plogs, video_logs=vlogs))
    assert max(vlogs.touched) == 16  # stopped at the first log older than the window


def test_power_time_without_problems_in_the_window_reads_no_video_log_past_the_newest():
    plogs = Recording([PLog(time_done=T0 - 3 * D - i * S) for i in range(500)])
    vlogs = Recording([VLog(T0 - i * 10 * S, 10) for i in range(500)])  # a long honest watch, logged every 10 s
    for name in ("powerfifteenminutesbadge", "powerhourbadge", "doublepowerhourbadge"):
        assert not earned(name, ctx(problem_logs=plogs, video_logs=vlogs))
    assert plogs.touched == {0} and vlogs.touched == {0}


def test_timed_problems_stop_at_the_first_log_past_the_bound():
    slow = Recording([PLog(time_taken=30.0, time_done=T0 - i * S) for i in range(500)])
    assert not earned("ludicroustimedproblembadge", ctx(fast=2.0, problem_logs=slow))
    assert slow.touched == set(range(6))  # 6 × 30 s > 75 × 2 s: the other 69 cannot bring it back
    exact = Recording([PLog(time_taken=2.0, time_done=T0 - i * S) for i in range(500)])
    assert earned("ludicroustimedproblembadge", ctx(fast=2.0, problem_logs=exact))


def test_whole_catalog_never_materialises_the_cache():
    plogs = Recording([PLog(time_taken=1.0, time_done=T0 - i * S) for i in range(500)])
    vlogs = Recording([VLog(T0 - i * 60 * S, 1) for i in range(500)])
    c = ctx(problem_logs=plogs, video_logs=vlogs, user_exercise=UserExercise(total_done=500))
    for badge in CATALOG:
        evaluate(badge, c)
    assert max(plogs.touched) < 200 and max(vlogs.touched) < 200


def test_timed_problems_stops_once_the_newest_times_exceed_the_limit():
    plogs = Recording([PLog(time_taken=45.0, time_done=T0 - i * S) for i in range(500)])
    assert not earned("nicetimedproblembadge", ctx(problem_logs=plogs))
    assert plogs.touched == {0}  # 45 s alone is over 5 × 2 s
    assert not earned("ludicroustimedproblembadge", ctx(problem_logs=plogs))
    assert plogs.touched == {0, 1, 2, 3}  # 4 × 45 s is over 75 × 2 s: the other 71 logs are never decoded
    exact = Recording([PLog(time_taken=0.0)] * 4 + [PLog(time_taken=10.0)] + [PLog(time_taken=99.0)])
    assert earned("nicetimedproblembadge", ctx(problem_logs=exact))  # a sum of exactly the limit still earns it
