"""How far a student is toward a badge: ``(current, target)`` per measurable family, from the row's own params.

Invariants: pure, no I/O, reads only the ``BadgeContext`` attributes (like the rules, which compare these very
measures for the threshold families, so progress and award never disagree). A measure returns ``None`` when the
badge cannot be measured in this context (no exercise/playlist stats, or already out of reach such as an
unfinished-streak badge in an exercise that is already proficient). ``current`` is not capped at ``target``.
Families without a meaningful single number (recovery, power time, monthly top, custom) have no measure.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Callable, Iterable, Iterator, Mapping, Sequence, TypeVar

from badges.catalog import Badge, Family
from badges.context import BadgeContext
from learning.activity import run_days

Progress = tuple[float, float]
T = TypeVar("T")


def newest(logs: Sequence[T], n: int) -> Iterator[T]:
    """The newest ``n`` logs (fewer if the cache holds fewer), touched one index at a time so that a caller
    who stops early never decodes the rest of the lazy sequence."""
    for i in range(min(n, len(logs))):
        yield logs[i]


def exercise_count(ctx: BadgeContext, *, count: int) -> Progress:
    return len(ctx.user.all_proficient_exercises or ()), count


def points(ctx: BadgeContext, *, points: int) -> Progress:
    return ctx.user.points or 0, points


def streak(ctx: BadgeContext, *, streak: int) -> Progress | None:
    if ctx.user_exercise is None:
        return None
    return ctx.user_exercise.longest_streak or 0, streak


def playlist_time(ctx: BadgeContext, *, seconds: float) -> Progress | None:
    if ctx.user_playlist is None:
        return None
    return ctx.user_playlist.seconds_watched or 0.0, seconds


def timed_problems(ctx: BadgeContext, *, problems: int) -> Progress | None:
    """Length (up to ``problems``) of the newest run of correct logs of this exercise; time is not shown."""
    if ctx.exercise is None:
        return None
    run = 0
    for log in newest(ctx.problem_logs, problems):
        if log.exercise != ctx.exercise.name or not log.correct:
            break
        run += 1
    return run, problems


def unfinished_streak(ctx: BadgeContext, *, problems: int) -> Progress | None:
    """Problems done in this exercise; out of reach (None) once the exercise is proficient."""
    ue = ctx.user_exercise
    if ue is None or ue.proficient_date is not None:
        return None
    return ue.total_done or 0, problems


def exercise_completion(ctx: BadgeContext, *, exercises: Iterable[str]) -> Progress:
    """How many of the list are explicitly proficient (``user.proficient_exercises``)."""
    wanted = tuple(exercises)
    proficient = set(ctx.user.proficient_exercises or ())
    return sum(1 for e in wanted if e in proficient), len(wanted)


def tenure(ctx: BadgeContext, *, days: int) -> Progress | None:
    """Days (fractional) since the account was created."""
    if ctx.user.joined is None:
        return None
    return (ctx.now - ctx.user.joined) / timedelta(days=1), days


def video_time(ctx: BadgeContext, *, seconds: float) -> Progress:
    return ctx.user.total_seconds_watched or 0.0, seconds


def consecutive_activity(ctx: BadgeContext, *, days: int) -> Progress:
    """Whole days of the current run (0 after 40 h without activity), see ``learning.activity.run_days``."""
    return run_days(ctx.user.activity_run_start, ctx.user.last_activity, ctx.now), days


MEASURES: Mapping[Family, Callable[..., Progress | None]] = {
    Family.EXERCISE_COUNT: exercise_count,
    Family.POINTS: points,
    Family.STREAK: streak,
    Family.PLAYLIST_TIME: playlist_time,
    Family.TIMED_PROBLEMS: timed_problems,
    Family.UNFINISHED_STREAK: unfinished_streak,
    Family.EXERCISE_COMPLETION: exercise_completion,
    Family.TENURE: tenure,
    Family.VIDEO_TIME: video_time,
    Family.CONSECUTIVE_ACTIVITY: consecutive_activity,
}
"""Family -> measure; a family missing here has no progress."""


def progress(badge: Badge, ctx: BadgeContext) -> Progress | None:
    """``(current, target)`` of ``badge`` for the student in ``ctx``, or None when it has no measure here."""
    measure = MEASURES.get(badge.family)
    return None if measure is None else measure(ctx, **badge.params)
