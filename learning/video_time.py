"""Video time anti-cheat (SPEC §3): clamp or refuse what a video log claims.

A log claims ``claimed`` seconds watched since the previous log of this video, and ``last_second`` as the
playhead. Nobody watches more than the video lasts, nor two different videos at once, nor more than the wall clock
allows: each student has one watch budget (a token bucket) shared by all videos,

    available(t) = min(SLACK, budget + (t - t_prev))      (SLACK when there is no previous log)
    credited     = min(claimed, duration, available(t))
    budget       = available(t) - credited

so over any span [a, b] the seconds credited by the logs in it are at most (b - a) + SLACK, however many logs,
tabs or videos; the first log of a watch gets at most SLACK. An honest player that logs what it played since its
previous log never waits on the budget (it refills as fast as time passes) and loses at most SLACK in all.
"""
from __future__ import annotations

import math

SLACK_SECONDS = 10.0  # overlap tolerance between logs of two videos
BUDGET_SECONDS = 30.0  # the watch budget's capacity: the one fixed slack of the bound


class VideoLogRejected(ValueError):
    """A video log that cannot be clamped into sense; the message says why (the caller answers 400)."""


def _check_number(name: str, value: float) -> None:
    if not math.isfinite(value) or value < 0:
        raise VideoLogRejected(f"{name} must be a finite number >= 0, got {value!r}")


def accept_seconds(
    *,
    claimed: float,
    last_second: float,
    duration: int,
    seconds_since_previous_log: float | None,
    slack: float = SLACK_SECONDS,
) -> float:
    """The seconds to credit for a log: ``claimed`` clamped to the duration and to the wall clock.

    Rejected: ``claimed`` or ``last_second`` NaN, infinite or negative; ``last_second > duration + slack``.
    Clamped: ``claimed`` to ``duration``; then, if there was a previous video log, to
    ``seconds_since_previous_log + slack`` (a negative gap from clock skew counts as 0). The caller stores
    ``clamp_last_second(last_second, duration)`` as the playhead.
    """
    _check_number("seconds_watched", claimed)
    _check_number("last_second_watched", last_second)
    if last_second > duration + slack:
        raise VideoLogRejected(f"last_second_watched {last_second} is past the video's end ({duration} s)")
    accepted = min(claimed, float(max(duration, 0)))
    if seconds_since_previous_log is not None:
        accepted = min(accepted, max(0.0, seconds_since_previous_log) + slack)
    return accepted


def available_budget(budget: float | None, seconds_since_previous_log: float | None,
                     capacity: float = BUDGET_SECONDS) -> float:
    """The watch budget at this log: the stored budget refilled by the time since the previous log (a negative gap
    from clock skew counts as 0), capped at ``capacity``; a student with no previous log, or no stored budget,
    starts full."""
    if budget is None or seconds_since_previous_log is None:
        return capacity
    return min(capacity, max(0.0, budget) + max(0.0, seconds_since_previous_log))


def credit(*, claimed: float, last_second: float, duration: int, budget: float | None,
           seconds_since_previous_log: float | None, capacity: float = BUDGET_SECONDS) -> tuple[float, float]:
    """``(credited, budget_after)`` for one log: what `accept_seconds` allows (the duration), bounded by the watch
    budget. Rejects what `accept_seconds` rejects."""
    bounded = accept_seconds(claimed=claimed, last_second=last_second, duration=duration,
                             seconds_since_previous_log=None)
    available = available_budget(budget, seconds_since_previous_log, capacity)
    credited = min(bounded, available)
    return credited, available - credited


def clamp_last_second(last_second: float, duration: int) -> float:
    """The playhead to store: an accepted ``last_second`` clamped to ``[0, duration]``."""
    return min(max(last_second, 0.0), float(max(duration, 0)))


def overlaps_other_video(
    *,
    previous_youtube_id: str | None,
    youtube_id: str,
    seconds_since_previous_log: float | None,
    claimed: float,
    slack: float = SLACK_SECONDS,
) -> bool:
    """True when a log of a *different* video than the previous log claims time overlapping it.

    That is ``claimed > seconds_since_previous_log + slack``: the student would have watched two videos at once,
    so the caller refuses the log (409). The same video, or no previous log, never overlaps.
    """
    if previous_youtube_id is None or previous_youtube_id == youtube_id or seconds_since_previous_log is None:
        return False
    return claimed > max(0.0, seconds_since_previous_log) + slack
