"""The watch budget of SPEC §3 "Video time": credited <= elapsed + one slack, over any span, for any logs."""
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learning.video_time import BUDGET_SECONDS, VideoLogRejected, available_budget, credit

EPS = 1e-6
gaps = st.floats(min_value=0, max_value=600, allow_nan=False)
claims = st.floats(min_value=0, max_value=1e6, allow_nan=False)
durations = st.integers(min_value=0, max_value=4 * 3600)


def replay(logs):
    """Feed ``(gap, claimed, duration)`` logs through `credit`; returns ``[(time, credited)]``."""
    budget, time, out = None, 0.0, []
    for index, (gap, claimed, duration) in enumerate(logs):
        since = None if index == 0 else gap
        time += 0.0 if index == 0 else gap
        got, budget = credit(claimed=claimed, last_second=0.0, duration=duration, budget=budget,
                             seconds_since_previous_log=since)
        assert 0.0 <= got <= claimed and 0.0 <= budget <= BUDGET_SECONDS
        out.append((time, got))
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(gaps, claims, durations), min_size=1, max_size=60))
def test_credited_over_any_span_is_at_most_elapsed_plus_one_slack(logs):
    credited = replay(logs)
    for i, j in itertools.combinations_with_replacement(range(len(credited)), 2):
        span = sum(c for _, c in credited[i:j + 1])
        assert span <= credited[j][0] - credited[i][0] + BUDGET_SECONDS + EPS


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=3, allow_nan=False), min_size=1, max_size=200))
def test_an_honest_viewer_logging_every_10_s_loses_at_most_one_slack(delays):
    """The player logs the 10 s it played since its previous log; each log reaches the server late by a delay."""
    logs, previous_arrival = [], 0.0
    for index, delay in enumerate(delays):
        arrival = 10.0 * (index + 1) + delay
        logs.append((arrival - previous_arrival, 10.0, 4 * 3600))
        previous_arrival = arrival
    credited = sum(c for _, c in replay(logs))
    assert credited >= 10.0 * len(delays) - BUDGET_SECONDS - EPS


def test_farming_back_to_back_logs_earns_only_the_wall_clock():
    """One 1 s log, then 120 logs of 10.9 s sent 30 ms apart: about 3.6 s passed, so about 3.6 s + one slack."""
    logs = [(0.0, 1.0, 1200)] + [(0.03, 10.9, 1200)] * 120
    credited = sum(c for _, c in replay(logs))
    assert credited <= 120 * 0.03 + BUDGET_SECONDS + EPS


def test_a_huge_first_log_gets_one_slack():
    assert replay([(0.0, 1152.0, 1200)]) == [(0.0, BUDGET_SECONDS)]


@pytest.mark.parametrize("budget, since, expected", [
    (None, None, BUDGET_SECONDS), (None, 5.0, BUDGET_SECONDS), (0.0, None, BUDGET_SECONDS),
    (0.0, 5.0, 5.0), (10.0, 5.0, 15.0), (25.0, 60.0, BUDGET_SECONDS), (10.0, -30.0, 10.0), (-3.0, 5.0, 5.0),
])
def test_available_budget(budget, since, expected):
    assert available_budget(budget, since) == expected


def test_credit_rejects_what_the_duration_check_rejects():
    with pytest.raises(VideoLogRejected):
        credit(claimed=-1.0, last_second=0.0, duration=60, budget=None, seconds_since_previous_log=None)
