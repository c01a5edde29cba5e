"""A disabled badge step (engine off, or an action that completes nothing): no cache I/O, no awards, and the new
log still counted on `UserData`, so the counts the cache is checked against stay true."""
import datetime

from badges import engine
from badges.last_action_cache import LastActionCache
from models.content import Exercise
from models.logs import ProblemLog, VideoLog
from models.user import UserData, UserExercise

T0 = datetime.datetime(2026, 3, 2, 9, 0, 0)
ADDITION_1 = Exercise(display_name="Addition 1")


class NoCache:
    """Any cache call is a failure: a disabled step must not make one."""

    backend = "memcached"

    def __getattr__(self, name):
        raise AssertionError(f"a disabled badge step called the cache: {name}")


def disabled() -> engine.BadgeStep:
    return engine.begin(LastActionCache(NoCache()), "u1", enabled=False)


def test_disabled_problem_step_counts_the_log_and_awards_nothing():
    step, ud = disabled(), UserData(points=10_000, problem_log_count=4, video_log_count=2)
    assert step.problem(ud, UserExercise(exercise="addition_1", streak=100), ADDITION_1, ProblemLog(), T0) == ([], [])
    assert (ud.problem_log_count, ud.video_log_count, ud.owned_badges) == (5, 2, [])
    step.after_commit()


def test_disabled_video_step_counts_the_log_and_awards_nothing():
    step, ud = disabled(), UserData(points=10_000, problem_log_count=4, video_log_count=2)
    assert step.video(ud, [], VideoLog(), T0) == ([], [])
    assert (ud.problem_log_count, ud.video_log_count, ud.owned_badges) == (4, 3, [])
    step.after_commit()
