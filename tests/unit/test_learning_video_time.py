"""Video log anti-cheat of SPEC §3."""
import math

import pytest

from learning.video_time import VideoLogRejected, accept_seconds, clamp_last_second, overlaps_other_video

NAN, INF = float("nan"), float("inf")


@pytest.mark.parametrize(
    "claimed, last_second, duration, since, expected",
    [
        (30.0, 30.0, 300, None, 30.0),  # first log ever: only the duration bounds it
        (0.0, 0.0, 300, 5.0, 0.0),
        (300.0, 300.0, 300, None, 300.0),
        (301.0, 300.0, 300, None, 300.0),  # clamp to duration
        (1e12, 300.0, 300, None, 300.0),  # huge
        (30.0, 309.0, 300, None, 30.0),  # playhead within slack is accepted
        (30.0, 310.0, 300, None, 30.0),  # exactly duration + slack
        (30.0, 30.0, 300, 30.0, 30.0),
        (40.0, 40.0, 300, 30.0, 40.0),  # exactly since + slack
        (41.0, 41.0, 300, 30.0, 40.0),  # clamp to wall clock + slack
        (200.0, 200.0, 300, 60.0, 70.0),
        (500.0, 200.0, 300, 1000.0, 300.0),  # duration is the tighter bound
        (30.0, 30.0, 300, -5.0, 10.0),  # clock skew: negative gap counts as 0
        (30.0, 0.0, 0, None, 0.0),  # no duration: nothing to credit
    ],
)
def test_accept_seconds(claimed, last_second, duration, since, expected):
    got = accept_seconds(claimed=claimed, last_second=last_second, duration=duration, seconds_since_previous_log=since)
    assert got == expected
    assert isinstance(got, float)


@pytest.mark.parametrize(
    "claimed, last_second",
    [
        (-1.0, 10.0),
        (-0.001, 10.0),
        (10.0, -1.0),
        (NAN, 10.0),
        (10.0, NAN),
        (INF, 10.0),
        (-INF, 10.0),
        (10.0, INF),
        (10.0, 310.5),  # playhead past duration + slack
        (10.0, 1e12),
    ],
)
def test_accept_seconds_rejects(claimed, last_second):
    with pytest.raises(VideoLogRejected) as info:
        accept_seconds(claimed=claimed, last_second=last_second, duration=300, seconds_since_previous_log=None)
    assert str(info.value)
    assert isinstance(info.value, ValueError)


def test_custom_slack():
    got = accept_seconds(claimed=100.0, last_second=100.0, duration=300, seconds_since_previous_log=50.0, slack=0.0)
    assert got == 50.0


@pytest.mark.parametrize(
    "last_second, duration, expected", [(0.0, 300, 0.0), (150.5, 300, 150.5), (305.0, 300, 300.0), (5.0, 0, 0.0)]
)
def test_clamp_last_second(last_second, duration, expected):
    assert clamp_last_second(last_second, duration) == expected


@pytest.mark.parametrize(
    "previous, since, claimed, expected",
    [
        (None, None, 1000.0, False),  # no previous log
        ("vidA", 5.0, 1000.0, False),  # same video: clamped, never an overlap
        ("other", None, 1000.0, False),
        ("other", 60.0, 30.0, False),
        ("other", 60.0, 70.0, False),  # exactly since + slack
        ("other", 60.0, 70.5, True),
        ("other", 5.0, 300.0, True),
        ("other", -5.0, 11.0, True),  # negative gap counts as 0
    ],
)
def test_overlaps_other_video(previous, since, claimed, expected):
    got = overlaps_other_video(
        previous_youtube_id=previous, youtube_id="vidA", seconds_since_previous_log=since, claimed=claimed
    )
    assert got is expected


def test_nan_is_not_silently_credited():
    with pytest.raises(VideoLogRejected):
        accept_seconds(claimed=math.nan, last_second=0.0, duration=300, seconds_since_previous_log=1.0)
