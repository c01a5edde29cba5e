"""The baseline a newcomer would build: after the action, each badge queries the Datastore for what it needs.

Written only for the benchmark. It evaluates the same catalogue rows with the same pure rules, but builds each
badge's context with its own Datastore reads (no precalculated context sharing, no last action cache).
"""
from __future__ import annotations

import datetime

from google.cloud import ndb

from badges import catalog, rules
from badges.context import BadgeContext, ExerciseInfo
from models.logs import ProblemLog, VideoLog
from models.user import UserExercise

LOGS_NEEDED = {
    catalog.Family.TIMED_PROBLEMS: lambda p: p["problems"],
    catalog.Family.RECOVERY: lambda p: p["recent"],
    catalog.Family.UNFINISHED_STREAK: lambda p: 50,
    catalog.Family.POWER_TIME: lambda p: 500,
}


def evaluate_problem(user_key: ndb.Key, exercise: str, display_name: str, now: datetime.datetime) -> list[str]:
    earned = []
    owned = set(user_key.get().owned_badges)
    candidates = [(b, None) for b in catalog.NON_CONTEXT] + [(b, display_name) for b in catalog.EXERCISE_BADGES]
    for badge, context_name in candidates:
        if badge.key(context_name) in owned:
            continue
        user = user_key.get()  # each badge reads what it needs itself
        ue = ndb.Key(UserExercise, exercise, parent=user_key).get()
        problems = videos = ()
        need = LOGS_NEEDED.get(badge.family)
        if need:
            problems = ProblemLog.query(ancestor=user_key).order(-ProblemLog.time_done).fetch(need(badge.params))
            if badge.family is catalog.Family.POWER_TIME:
                videos = VideoLog.query(ancestor=user_key).order(-VideoLog.time_watched).fetch(500)
        ctx = BadgeContext(now=now, user=user, problem_logs=problems, video_logs=videos, user_exercise=ue,
                           exercise=ExerciseInfo(exercise, display_name))
        if rules.evaluate(badge, ctx):
            earned.append(badge.key(context_name))
    return earned
