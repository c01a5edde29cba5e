"""Energy points (SPEC §3): pure arithmetic, computed exactly with Fraction and rounded up once at the end."""
from __future__ import annotations

import math
from fractions import Fraction

PROBLEM_POINTS_BASE = 15
PROBLEM_POINTS_MINIMUM = 5
SUMMATIVE_MULTIPLIER = Fraction(5, 4)
NOT_PROFICIENT_MULTIPLIER = 5
MANY_PROBLEMS_THRESHOLD = 150

VIDEO_POINTS_BASE = 750
FULL_VIDEO_FRACTION = Fraction(9, 10)


def problem_points(
    *, longest_streak: int, required_streak: int, total_done: int, summative: bool, proficient: bool
) -> int:
    """Points for a correct completion, from the exercise state *before* this answer.

    Base 15 while ``longest_streak <= required_streak``; then ``required_streak + 15 - longest_streak``; never
    below 5; ×1.25 if summative; ×5 if not yet proficient; rounded up. A non-summative exercise with
    ``total_done >= 150`` earns exactly 5. So the first correct answer earns 75 and the answer right after
    becoming proficient earns 15.
    """
    if total_done >= MANY_PROBLEMS_THRESHOLD and not summative:
        return PROBLEM_POINTS_MINIMUM
    if longest_streak <= required_streak:
        points = Fraction(PROBLEM_POINTS_BASE)
    else:
        points = Fraction(required_streak + PROBLEM_POINTS_BASE - longest_streak)
    points = max(points, Fraction(PROBLEM_POINTS_MINIMUM))
    if summative:
        points *= SUMMATIVE_MULTIPLIER
    if not proficient:
        points *= NOT_PROFICIENT_MULTIPLIER
    return math.ceil(points)


def video_points(seconds_watched: float, duration: int) -> int:
    """Total points a video is worth after ``seconds_watched`` in all: ``ceil(750 × watched / duration)``.

    Capped at 750, and the full 750 from 90% watched. A video without a positive duration, or a watched time
    that is negative or NaN, is worth 0. The caller adds only the gain over what the video already earned.
    """
    if duration <= 0 or math.isnan(seconds_watched) or seconds_watched <= 0:
        return 0
    if math.isinf(seconds_watched):
        return VIDEO_POINTS_BASE
    fraction = min(Fraction(seconds_watched) / duration, Fraction(1))
    if fraction >= FULL_VIDEO_FRACTION:
        return VIDEO_POINTS_BASE
    return math.ceil(VIDEO_POINTS_BASE * fraction)
