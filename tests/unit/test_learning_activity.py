"""Consecutive activity runs of SPEC §3 (naive UTC times)."""
from datetime import datetime, timedelta

import pytest

from learning.activity import record_activity, run_days

T0 = datetime(2011, 11, 1, 12, 0)
H = timedelta(hours=1)
M = timedelta(minutes=1)


@pytest.mark.parametrize(
    "run_start, last, t, expected",
    [
        (None, None, T0, (T0, T0)),  # first activity ever
        (T0, T0, T0 + 10 * H, (T0, T0 + 10 * H)),
        (T0, T0, T0 + 39 * H + 59 * M, (T0, T0 + 39 * H + 59 * M)),  # gap 39h59m continues
        (T0, T0, T0 + 40 * H, (T0 + 40 * H, T0 + 40 * H)),  # gap 40h restarts
        (T0, T0, T0 + 100 * H, (T0 + 100 * H, T0 + 100 * H)),
        (T0 - 48 * H, T0, T0 + 39 * H, (T0 - 48 * H, T0 + 39 * H)),  # measured from last activity, not run start
        (T0, T0 + 5 * H, T0 + 2 * H, (T0, T0 + 5 * H)),  # out of order: last activity kept
        (T0, T0, T0, (T0, T0)),
    ],
)
def test_record_activity(run_start, last, t, expected):
    assert record_activity(run_start, last, t) == expected


@pytest.mark.parametrize(
    "span, silence, expected",
    [
        (timedelta(0), timedelta(0), 0),
        (23 * H + 59 * M, timedelta(0), 0),  # 23h59m = 0 days
        (24 * H, timedelta(0), 1),  # 24h = 1 day
        (47 * H + 59 * M, timedelta(0), 1),
        (5 * 24 * H, timedelta(0), 5),
        (5 * 24 * H, 39 * H + 59 * M, 5),  # still in the run
        (5 * 24 * H, 40 * H, 0),  # exactly 40h silence: run over
        (5 * 24 * H, 72 * H, 0),
    ],
)
def test_run_days(span, silence, expected):
    last = T0 + span
    assert run_days(T0, last, last + silence) == expected


def test_run_days_without_activity():
    assert run_days(None, None, T0) == 0


def test_five_days_of_daily_activity():
    run_start, last = None, None
    for day in range(6):
        run_start, last = record_activity(run_start, last, T0 + day * 24 * H)
    assert run_days(run_start, last, last + H) == 5
    run_start, last = record_activity(run_start, last, last + 40 * H)
    assert run_days(run_start, last, last) == 0
