"""Consecutive activity (SPEC §3): runs of activity without a silence of 40 hours or more. Times are naive UTC.

Boundary: a silence of exactly 40 hours ends the run, both when the next activity arrives (it starts a new run)
and when reading the run length (it is 0).
"""
from __future__ import annotations

from datetime import datetime, timedelta

RUN_BREAK = timedelta(hours=40)
DAY = timedelta(hours=24)


def record_activity(
    run_start: datetime | None, last_activity: datetime | None, t: datetime
) -> tuple[datetime, datetime]:
    """New ``(run_start, last_activity)`` after activity at ``t``.

    With no previous activity, or a gap ``t - last_activity >= 40 h``, the run restarts at ``t``. Otherwise the run
    goes on and ``last_activity = max(last_activity, t)`` (late, out-of-order activity never moves the run).
    """
    if run_start is None or last_activity is None or t - last_activity >= RUN_BREAK:
        return t, t
    return run_start, max(last_activity, t)


def run_days(run_start: datetime | None, last_activity: datetime | None, now: datetime) -> int:
    """Current run length: whole 24-hour periods from ``run_start`` to ``last_activity``.

    0 with no activity, or when ``now - last_activity >= 40 h`` (the run is over).
    """
    if run_start is None or last_activity is None or now - last_activity >= RUN_BREAK:
        return 0
    return max(0, (last_activity - run_start) // DAY)
