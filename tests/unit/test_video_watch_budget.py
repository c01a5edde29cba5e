"""The watch bound of SPEC §3 "Video time": from a watch's beginning, credited <= elapsed + one slack, for any
sequence of logs and timestamps; an honest player loses at most one slack."""
import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learning.video_time import (WATCH_GAP_SECONDS, WATCH_SLACK_SECONDS, VideoLogRejected, Watch, credit,
                                 watch_allowance)

EPS = 1e-6
T0 = datetime.datetime(2026, 1, 1)
gaps = st.one_of(st.floats(min_value=0, max_value=120, allow_nan=False),
                 st.floats(min_value=0, max_value=3 * WATCH_GAP_SECONDS, allow_nan=False))
claims = st.floats(min_value=0, max_value=1e6, allow_nan=False)
durations = st.integers(min_value=0, max_value=4 * 3600)


def replay(logs):
    """Feed ``(gap, claimed, duration)`` logs through `credit`; returns ``[(seconds since T0, credited, watch)]``."""
    watch, previous, now, out = Watch(), None, T0, []
    for gap, claimed, duration in logs:
        now += datetime.timedelta(seconds=gap)
        got, watch = credit(claimed=claimed, last_second=0.0, duration=duration, watch=watch,
                            previous_log=previous, now=now)
        assert 0.0 <= got <= claimed
        out.append(((now - T0).total_seconds(), got, watch))
        previous = now
    return out


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(gaps, claims, durations), min_size=1, max_size=60))
def test_from_any_watch_beginning_credited_is_at_most_elapsed_plus_one_slack(logs):
    credited = replay(logs)
    starts = [i for i, (_, _, watch) in enumerate(credited) if (watch.start - T0).total_seconds() == credited[i][0]]
    for i in starts:  # every watch's first log, and everything after it (later watches included)
        total = 0.0
        for time, got, _ in credited[i:]:
            total += got
            assert total <= time - credited[i][0] + WATCH_SLACK_SECONDS + EPS


def honest(delays, every):
    """The player logs the ``every`` seconds it played since its previous log; each log reaches the server late
    by its delay. Returns (seconds played, seconds credited)."""
    logs, previous_arrival = [], 0.0
    for index, delay in enumerate(delays):
        arrival = every * (index + 1) + delay
        logs.append((arrival - previous_arrival, every, 4 * 3600))
        previous_arrival = arrival
    return every * len(delays), sum(got for _, got, _ in replay(logs))


delays = st.lists(st.floats(min_value=0, max_value=3, allow_nan=False), min_size=1, max_size=200)


@settings(max_examples=200, deadline=None)
@given(delays)
def test_an_honest_player_logging_every_10_s_loses_at_most_one_slack(delays):
    played, credited = honest(delays, 10.0)
    assert credited >= played - WATCH_SLACK_SECONDS - EPS
    assert credited >= played - 3.0 - EPS  # in fact only network jitter, never the slack


@settings(max_examples=100, deadline=None)
@given(delays)
def test_a_background_tab_logging_every_minute_loses_only_its_first_logs_excess(delays):
    played, credited = honest(delays, 60.0)
    assert credited >= played - (60.0 - WATCH_SLACK_SECONDS) - 3.0 - EPS


def test_farming_back_to_back_logs_earns_only_the_wall_clock():
    """One 1 s log, then 120 logs of 10.9 s sent 30 ms apart: 3.6 s passed, so at most 3.6 s + one slack."""
    logs = [(0.0, 1.0, 1200)] + [(0.03, 10.9, 1200)] * 120
    assert sum(got for _, got, _ in replay(logs)) <= 120 * 0.03 + WATCH_SLACK_SECONDS + EPS


def test_a_huge_first_log_gets_one_slack():
    assert replay([(0.0, 1152.0, 1200)])[0][1] == WATCH_SLACK_SECONDS


def test_a_silence_longer_than_the_gap_begins_a_new_watch():
    later = T0 + datetime.timedelta(seconds=WATCH_GAP_SECONDS + 1)
    allowance, watch = watch_allowance(Watch(T0, 5.0), previous_log=T0, now=later)
    assert watch == Watch(later, 0.0) and allowance == WATCH_SLACK_SECONDS


@pytest.mark.parametrize("start_offset, credited, previous_offset, now_offset, expected", [
    (None, 0.0, None, 0, WATCH_SLACK_SECONDS),  # no watch yet
    (0, 0.0, 0, 60, 90.0),  # a minute into the watch, nothing credited yet
    (0, 80.0, 50, 60, 10.0),
    (0, 200.0, 50, 60, 0.0),  # credited beyond the bound (never negative)
    (0, 10.0, 50, 40, 60.0),  # clock skew: now before the previous log
])
def test_watch_allowance(start_offset, credited, previous_offset, now_offset, expected):
    at = lambda offset: None if offset is None else T0 + datetime.timedelta(seconds=offset)  # noqa: E731
    allowance, _ = watch_allowance(Watch(at(start_offset), credited), at(previous_offset), at(now_offset))
    assert allowance == expected


def test_credit_rejects_what_the_duration_check_rejects():
    with pytest.raises(VideoLogRejected):
        credit(claimed=-1.0, last_second=0.0, duration=60, watch=Watch(), previous_log=None, now=T0)
