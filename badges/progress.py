"""Progress measures: how far a student is toward a badge, ``Progress(current, target)`` from the row's params.

Invariants: pure, no I/O, reads only the ``BadgeContext`` attributes. A threshold family's rule is its measure
reaching its target (``badges.rules.threshold``), so progress and award never disagree. A measure returns
``None`` when the badge cannot be measured in this context (no exercise/playlist stats, or already out of reach
such as an unfinished-streak badge in an exercise that is already proficient). ``current`` is not capped at
``target``. A family without a meaningful single number (recovery, power time, monthly top, custom) has no measure.
A threshold measure's ``current`` is a *level* of the context alone (``proficient_count``, ``points_level``, ...;
None: cannot be measured), the same for every row of the family, so the engine measures it once per context and
compares each row's target with it (`badges.judges.at_least`).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, NamedTuple, Sequence, TypeVar

from badges.context import BadgeContext
from learning.activity import run_days

if TYPE_CHECKING:
    from badges.catalog import Badge

T = TypeVar("T")
DAY = timedelta(days=1)


class Progress(NamedTuple):
    """``current`` toward ``target``, in the unit of the badge's threshold (exercises, points, seconds, days)."""

    current: float
    target: float


Measure = Callable[..., Progress | None]
"""``measure(ctx, **badge.params) -> Progress | None``."""


def newest(logs: Sequence[T], n: int) -> Iterator[T]:
    """The newest ``n`` logs (fewer if the cache holds fewer), touched one index at a time so that a caller
    who stops early never decodes the rest of the lazy sequence."""
    for i in range(min(n, len(logs))):
        yield logs[i]


def exercise_count(ctx: BadgeContext, *, count: int) -> Progress:
    """Proficient exercises, covered ones included (``all_proficient_exercises``)."""
    return Progress(proficient_count(ctx), count)


def proficient_count(ctx: BadgeContext) -> int:
    return len(ctx.user.all_proficient_exercises or ())


def points(ctx: BadgeContext, *, points: int) -> Progress:
    return Progress(points_level(ctx), points)


def points_level(ctx: BadgeContext) -> int:
    return ctx.user.points or 0


def streak(ctx: BadgeContext, *, streak: int) -> Progress | None:
    """The longest streak in this exercise (``user_exercise.longest_streak``)."""
    return _at(longest_streak(ctx), streak)


def longest_streak(ctx: BadgeContext) -> int | None:
    return None if ctx.user_exercise is None else ctx.user_exercise.longest_streak or 0


def playlist_time(ctx: BadgeContext, *, seconds: float) -> Progress | None:
    return _at(playlist_seconds(ctx), seconds)


def playlist_seconds(ctx: BadgeContext) -> float | None:
    return None if ctx.user_playlist is None else ctx.user_playlist.seconds_watched or 0.0


def timed_problems(ctx: BadgeContext, *, problems: int) -> Progress | None:
    """Length (up to ``problems``) of the newest run of correct logs of this exercise; time is not shown."""
    if ctx.exercise is None:
        return None
    run = 0
    for log in newest(ctx.problem_logs, problems):
        if log.exercise != ctx.exercise.name or not log.correct:
            break
        run += 1
    return Progress(run, problems)


def unfinished_streak(ctx: BadgeContext, *, problems: int) -> Progress | None:
    """Problems done in this exercise; out of reach (None) once the exercise is proficient."""
    ue = ctx.user_exercise
    if ue is None or ue.proficient_date is not None:
        return None
    return Progress(ue.total_done or 0, problems)


def exercise_completion(ctx: BadgeContext, *, exercises: Iterable[str]) -> Progress:
    """How many of the list are explicitly proficient (``user.proficient_exercises``)."""
    wanted = tuple(exercises)
    proficient = proficient_set(ctx)
    return Progress(sum(map(proficient.__contains__, wanted)), len(wanted))


def proficient_set(ctx: BadgeContext) -> frozenset[str]:
    return frozenset(ctx.user.proficient_exercises or ())


def tenure(ctx: BadgeContext, *, days: int) -> Progress | None:
    """Days (fractional) since the account was created: exactly 365 days reaches the one-year badge."""
    return _at(tenure_days(ctx), days)


def tenure_days(ctx: BadgeContext) -> float | None:
    return None if ctx.user.joined is None else (ctx.now - ctx.user.joined) / DAY


def tenure_due(user, *, days: int) -> datetime | None:
    """When `tenure` reaches ``days`` for ``user`` (None without a join date): the one-year badge is due then."""
    return user.joined + timedelta(days=days) if user.joined is not None else None


def video_time(ctx: BadgeContext, *, seconds: float) -> Progress:
    return Progress(seconds_watched(ctx), seconds)


def seconds_watched(ctx: BadgeContext) -> float:
    return ctx.user.total_seconds_watched or 0.0


def consecutive_activity(ctx: BadgeContext, *, days: int) -> Progress:
    """Whole days of the current run (0 after 40 h without activity), see ``learning.activity.run_days``."""
    return Progress(activity_days(ctx), days)


def activity_days(ctx: BadgeContext) -> int:
    return run_days(ctx.user.activity_run_start, ctx.user.last_activity, ctx.now)


def _at(current: float | None, target: float) -> Progress | None:
    return None if current is None else Progress(current, target)


def progress(badge: Badge, ctx: BadgeContext) -> Progress | None:
    """``(current, target)`` of ``badge`` for the student in ``ctx``, or None when it has no measure here."""
    measure = badge.family.measure
    return None if measure is None else measure(ctx, **badge.params)
