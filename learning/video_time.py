"""Video time anti-cheat (SPEC §3): clamp or refuse what a video log claims.

A log claims ``claimed`` seconds watched since the previous log of this video, and ``last_second`` as the
playhead. Nobody watches more than the video lasts, nor two different videos at once, nor more than the wall clock
allows. A student's logs form *watches*: a watch begins at a log that follows no log within `WATCH_GAP_SECONDS`,
and all videos together are credited, from the watch's beginning to any later time t,

    credited(start .. t) <= (t - start) + SLACK        (SLACK = `WATCH_SLACK_SECONDS`, 30 s)

however many logs, tabs or videos: each log gets at most the remaining ``(t - start) + SLACK - credited so far``.
The first log of a watch therefore gets at most SLACK. Because watches are separated by more than SLACK, the
same bound holds from the beginning of any earlier watch too, with the same single SLACK. An honest player that
logs what it played since its previous log (every 10 s here; once a minute in a background tab) claims no more
than the time that passed, so it loses at most the part of its first log above SLACK.
"""
from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

SLACK_SECONDS = 10.0  # overlap tolerance between logs of two videos
WATCH_SLACK_SECONDS = 30.0  # the one fixed slack of the watch bound
WATCH_GAP_SECONDS = 600.0  # a log after a longer silence begins a new watch


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


@dataclass(frozen=True)
class Watch:
    """The student's current watch: when it began and the seconds credited since (all videos)."""

    start: datetime.datetime | None = None
    credited: float = 0.0


def watch_allowance(watch: Watch, previous_log: datetime.datetime | None, now: datetime.datetime,
                    slack: float = WATCH_SLACK_SECONDS, gap: float = WATCH_GAP_SECONDS) -> tuple[float, Watch]:
    """What a log at ``now`` may credit, and the watch it belongs to (a new one after a silence over ``gap``, or
    when there is none). Clock skew (``now`` before the previous log or the start) counts as no time passing."""
    silence = None if previous_log is None else (now - previous_log).total_seconds()
    if watch.start is None or silence is None or silence > gap:
        watch = Watch(start=now, credited=0.0)
    elapsed = max(0.0, (now - watch.start).total_seconds())
    return max(0.0, elapsed + slack - watch.credited), watch


def credit(*, claimed: float, last_second: float, duration: int, watch: Watch,
           previous_log: datetime.datetime | None, now: datetime.datetime) -> tuple[float, Watch]:
    """``(credited, watch after this log)``: what `accept_seconds` allows for the video, within the watch bound.
    Rejects what `accept_seconds` rejects."""
    bounded = accept_seconds(claimed=claimed, last_second=last_second, duration=duration,
                             seconds_since_previous_log=None)
    allowance, watch = watch_allowance(watch, previous_log, now)
    credited = min(bounded, allowance)
    return credited, Watch(start=watch.start, credited=watch.credited + credited)


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
