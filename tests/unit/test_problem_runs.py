"""The runs at the head of a student's problem logs (`learning.problem_runs`), case by case: how one more log moves
them, what unknown means, the cap, and what the logs alone can tell. Pure: no services."""
from __future__ import annotations

import dataclasses
import struct

import pytest

from badges import rules
from badges.catalog import CATALOG, Family
from badges.context import ExerciseInfo
from badges.last_action_cache import LazyLogs
from learning.problem_runs import (KEPT_TIMES, PARTIAL, complete, correct_times, next_run, next_times,
                                   run_from_logs, run_of, times_from_logs)
from tests.unit.badge_fakes import PLog, User, UserExercise, context


def packed(*times: float) -> bytes:
    return b"".join(struct.pack("<d", t) for t in times)


def logs(pattern: str) -> list[PLog]:
    """Newest first: "aC" = a correct log of exercise a, "bW" a wrong one of b; time_taken is the position + 1."""
    pairs = pattern.split()
    return [PLog(pair[0], pair[1] == "C", time_taken=float(i + 1)) for i, pair in enumerate(pairs)]


# --- next_run / run_of ------------------------------------------------------------------------------------------

def test_a_users_first_log_starts_a_known_run_whatever_the_stats_held():
    assert next_run(None, None, 0, "a") == ("a", 1)
    assert next_run("b", 7, 0, "a") == ("a", 1)


def test_a_log_of_the_same_exercise_lengthens_the_run_and_a_switch_restarts_it():
    assert next_run("a", 1, 1, "a") == ("a", 2)
    assert next_run("a", 41, 60, "a") == ("a", 42)
    assert next_run("a", 41, 60, "b") == ("b", 1)


def test_an_unknown_run_stays_unknown_until_the_exercise_changes():
    state = next_run(None, None, 12, "a")  # an older user: which exercise came before is not known
    assert state == ("a", None)
    state = next_run(*state, 13, "a")
    assert state == ("a", None)
    assert next_run(*state, 14, "b") == ("b", 1)
    assert next_run("a", None, 14, "b") == ("b", 1)


def test_the_run_is_capped_at_kept_times():
    assert next_run("a", KEPT_TIMES - 1, 500, "a") == ("a", KEPT_TIMES)
    assert next_run("a", KEPT_TIMES, 500, "a") == ("a", KEPT_TIMES)


def test_run_of_an_exercise():
    assert run_of(None, None, 0, "a") == 0  # no log at all
    assert run_of(None, None, 3, "a") is None
    assert run_of("a", 3, 9, "a") == 3
    assert run_of("a", 3, 9, "b") == 0
    assert run_of("a", None, 9, "a") is None
    assert run_of("a", None, 9, "b") == 0  # the newest log is a's: b's run is 0 whatever a's is


# --- next_times / correct_times ----------------------------------------------------------------------------------

def test_a_wrong_log_clears_the_times_known_or_not():
    assert next_times(packed(1.0, 2.0), 5, False, 3.0) == b""
    assert next_times(None, 5, False, 3.0) == b""
    assert correct_times(next_times(None, 5, False, 3.0)) == []


def test_a_correct_log_adds_its_time_newest_last():
    assert correct_times(next_times(packed(1.0, 2.0), 2, True, 0.5)) == [1.0, 2.0, 0.5]
    assert correct_times(next_times(b"", 7, True, 0.0)) == [0.0]


def test_unknown_times_become_known_only_at_the_exercises_first_log_or_a_wrong_one():
    assert next_times(None, 3, True, 2.0) is None  # older correct logs may precede it
    assert correct_times(next_times(None, 0, True, 2.0)) == [2.0]


def test_the_cap_keeps_the_newest_times():
    times = None
    for n in range(KEPT_TIMES + 5):
        times = next_times(times, n, True, float(n))
    assert correct_times(times) == [float(n) for n in range(5, KEPT_TIMES + 5)]


def test_correct_times_reads_only_whole_doubles():
    assert correct_times(None) is None
    assert correct_times(b"") == []
    assert correct_times(packed(1.5, 0.0, 2.25)) == [1.5, 0.0, 2.25]
    assert correct_times(packed(1.5)[:-1]) is None


# --- what the logs alone tell -----------------------------------------------------------------------------------

def test_run_from_logs_tells_when_the_run_ends_inside_the_logs_held():
    assert run_from_logs(logs("aC aW bC aC"), 40) == ("a", 2)
    assert run_from_logs(logs("bW aC"), 40) == ("b", 1)


def test_run_from_logs_tells_when_every_log_is_held_or_the_run_reaches_the_cap():
    assert run_from_logs(logs("aC aW aC"), 3) == ("a", 3)
    assert run_from_logs([PLog("a")] * KEPT_TIMES, 400) == ("a", KEPT_TIMES)
    assert run_from_logs([PLog("a")] * (KEPT_TIMES + 30) + [PLog("b")], 400) == ("a", KEPT_TIMES)


def test_run_from_logs_cannot_tell_a_short_run_of_one_exercise_with_older_logs_not_held():
    assert run_from_logs([], 0) is None
    assert run_from_logs([], 5) is None
    assert run_from_logs(logs("aC aW aC"), 4) is None
    assert run_from_logs([PLog("a")] * (KEPT_TIMES - 1), 400) is None


def test_times_from_logs_tells_when_a_wrong_log_of_the_exercise_ends_them():
    held = logs("aC bW aC bC aW aC")  # a's times: 1.0 (newest), 3.0, then a wrong one
    assert correct_times(times_from_logs(held, "a", 50)) == [3.0, 1.0]
    assert times_from_logs(held, "b", 50) == b""  # b's newest log is wrong
    assert times_from_logs(logs("aW aC"), "a", 9) == b""


def test_times_from_logs_tells_when_every_log_of_the_exercise_is_held():
    assert correct_times(times_from_logs(logs("aC bW aC"), "a", 2)) == [3.0, 1.0]
    assert times_from_logs(logs("bC bW"), "a", 0) == b""  # the exercise has no log


def test_times_from_logs_keeps_the_newest_kept_times_once_more_are_held():
    held = [PLog("a", True, time_taken=float(n)) for n in range(KEPT_TIMES + 20)]
    assert correct_times(times_from_logs(held, "a", 900)) == [float(n) for n in reversed(range(KEPT_TIMES))]


def test_times_from_logs_keeps_only_the_newest_as_partial_when_older_logs_of_the_exercise_are_not_held():
    partial = times_from_logs(logs("aC bW aC"), "a", 3)
    assert correct_times(partial) == [3.0, 1.0] and not complete(partial)
    assert times_from_logs(logs("bC"), "a", 1) is None  # nothing of the exercise held: still unknown
    assert times_from_logs([], "a", 1) is None


def test_partial_times_grow_with_correct_logs_are_cleared_by_a_wrong_one_and_complete_at_the_cap():
    partial = times_from_logs(logs("aC bW aC"), "a", 3)
    grown = next_times(partial, 3, True, 7.0)
    assert correct_times(grown) == [3.0, 1.0, 7.0] and not complete(grown)
    assert next_times(partial, 3, False, 7.0) == b"" and complete(b"")
    for n in range(KEPT_TIMES - 4):
        grown = next_times(grown, 4 + n, True, float(n))
    assert len(correct_times(grown)) == KEPT_TIMES - 1 and not complete(grown)
    full = next_times(grown, 500, True, 9.0)
    assert len(correct_times(full)) == KEPT_TIMES and complete(full)
    assert correct_times(next_times(full, 501, True, 10.0))[-2:] == [9.0, 10.0]


def test_partial_times_decide_what_they_can_and_read_the_logs_for_the_rest():
    """Times known only from the newest logs: a timed row asking about no more of them, or whose newest alone are
    too slow, is decided from them; a longer one reads the logs (here: fast, so earned)."""
    held = [PLog("a", True, time_taken=1.0)] * 30
    user = User(problem_log_count=400, problem_run_exercise="a", problem_run=30)
    ue = UserExercise(exercise="a", streak=30, total_done=300, correct_times=times_from_logs(held[:8], "a", 300))
    ctx = context(user=user, user_exercise=ue, exercise=ExerciseInfo("a", "A", 2.0), problem_logs=LazyLogs(held))
    assert rules.timed_problems(ctx, problems=5) and ctx.problem_logs.decoded_count == 0
    assert rules.timed_problems(ctx, problems=20) and ctx.problem_logs.decoded_count == 20
    slow = UserExercise(exercise="a", streak=30, total_done=300, correct_times=PARTIAL + b"".join(
        struct.pack("<d", 50.0) for _ in range(3)))
    assert not rules.timed_problems(dataclasses.replace(ctx, user_exercise=slow), problems=20)


# --- the stats can decide every row of the catalogue ------------------------------------------------------------

@pytest.mark.parametrize("family, param", [(Family.TIMED_PROBLEMS, "problems"), (Family.RECOVERY, "recent")])
def test_kept_times_covers_the_longest_run_any_row_asks_about(family, param):
    asked = [badge.params[param] for badge in CATALOG if badge.family is family]
    assert asked and KEPT_TIMES >= max(asked)


def test_a_rule_asking_about_more_logs_than_the_stats_keep_reads_them():
    """A dry-run candidate may ask past `KEPT_TIMES` (timed problems up to the cache's 500 logs, recovery's
    ``recent`` too): the stats, capped there, cannot decide it, so the logs do, and the same as with no stats."""
    longer = KEPT_TIMES + 20
    fast = [PLog("a", True, time_taken=1.0) for _ in range(longer)]
    recovered = [PLog("a", True), PLog("a", False)] + [PLog("a", n % 2 == 0) for n in range(longer)]
    for held, check in ((fast, lambda ctx: rules.timed_problems(ctx, problems=longer)),
                        (recovered, lambda ctx: rules.recovery(ctx, wrong=5, recent=longer))):
        user = User(problem_log_count=len(held), problem_run_exercise="a",
                    problem_run=next_run("a", KEPT_TIMES, len(held) - 1, "a")[1])
        times = times_from_logs(held, "a", len(held))
        known = context(user=user, user_exercise=UserExercise(exercise="a", total_done=len(held),
                                                              correct_times=times),
                        exercise=ExerciseInfo("a", "A", 2.0), problem_logs=held)
        unknown = context(user=User(problem_log_count=len(held)), user_exercise=UserExercise(exercise="a"),
                          exercise=ExerciseInfo("a", "A", 2.0), problem_logs=held)
        assert check(unknown) and check(known)


def test_a_time_whose_bytes_begin_like_the_partial_mark_is_still_whole():
    time_taken = 2.3029017605348563  # packs to b"+/..."
    assert struct.pack("<d", time_taken).startswith(PARTIAL)
    kept = next_times(None, 0, True, time_taken)
    assert complete(kept) and correct_times(kept) == [time_taken]
    assert complete(next_times(kept, 1, True, 1.0)) and correct_times(next_times(kept, 1, True, 1.0)) == [
        time_taken, 1.0]
