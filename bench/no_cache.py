"""The baseline a sensible engineer would write without the last action cache: after the action, one ``get_multi``
of the stats and one query per log kind, sized to the largest need of the rules that could be earned, then the
same candidates and pure rules as the engine.

Written only for the benchmark (nothing is awarded). Unlike `bench.naive` (each badge reading for itself), it
reads once for all the badges, as the engine does, but from the Datastore instead of the cache.
"""
from __future__ import annotations

import datetime

from google.cloud import ndb

from badges import catalog, engine
from badges.context import BadgeContext, ExerciseInfo
from models.logs import ProblemLog, VideoLog
from models.user import UserExercise

# How many of the newest logs each family's rule reads (the rules' own parameters), by log kind.
PROBLEMS_NEEDED = {
    catalog.Family.TIMED_PROBLEMS: lambda p: p["problems"],
    catalog.Family.RECOVERY: lambda p: p["recent"],
    catalog.Family.UNFINISHED_STREAK: lambda p: 50,
    catalog.Family.POWER_TIME: lambda p: 500,
}
VIDEOS_NEEDED = {catalog.Family.POWER_TIME: lambda p: 500}


def _largest(needs: dict, badges) -> int:
    return max((needs[b.family](b.params) for b in badges if b.family in needs), default=0)


PROBLEM_BADGES = catalog.NON_CONTEXT + catalog.EXERCISE_BADGES
MOST_PROBLEMS, MOST_VIDEOS = _largest(PROBLEMS_NEEDED, PROBLEM_BADGES), _largest(VIDEOS_NEEDED, PROBLEM_BADGES)


def evaluate_problem(user_key: ndb.Key, exercise: str, display_name: str, now: datetime.datetime) -> list[str]:
    """The badges a completed problem in ``exercise`` earns, read without a cache."""
    user, user_exercise = ndb.get_multi([user_key, ndb.Key(UserExercise, exercise, parent=user_key)])
    problems = ProblemLog.query(ancestor=user_key).order(-ProblemLog.time_done).fetch_async(MOST_PROBLEMS)
    videos = VideoLog.query(ancestor=user_key).order(-VideoLog.time_watched).fetch_async(MOST_VIDEOS)
    ctx = BadgeContext(now=now, user=user, problem_logs=problems.result(), video_logs=videos.result(),
                       user_exercise=user_exercise, exercise=ExerciseInfo(exercise, display_name))
    return [badge.key(context) for badge, context in engine.earned(user, engine.problem_candidates(ctx))]

