"""Energy points at every boundary of SPEC §3."""
import pytest

from learning.points import problem_points, video_points


@pytest.mark.parametrize(
    "longest, required, done, summative, proficient, expected",
    [
        (0, 10, 0, False, False, 75),  # first correct answer
        (9, 10, 9, False, False, 75),  # the answer that makes proficient still earns ×5
        (10, 10, 10, False, True, 15),  # right after becoming proficient
        (11, 10, 11, False, True, 14),  # first step past the required streak
        (19, 10, 30, False, True, 6),
        (20, 10, 30, False, True, 5),  # 10 + 15 - 20 = 5
        (21, 10, 30, False, True, 5),  # 4 -> never below 5
        (100, 10, 120, False, True, 5),  # negative -> 5
        (25, 10, 40, False, False, 25),  # minimum 5, then ×5 if not proficient (lost proficiency)
        (0, 40, 0, True, False, 94),  # 15 × 1.25 × 5 = 93.75 -> 94
        (40, 40, 40, True, True, 19),  # 15 × 1.25 = 18.75 -> 19
        (44, 40, 50, True, True, 14),  # 11 × 1.25 = 13.75 -> 14
        (48, 40, 50, True, True, 9),  # 7 × 1.25 = 8.75 -> 9
        (52, 40, 60, True, True, 7),  # 5 × 1.25 = 6.25 -> 7
        (60, 40, 60, True, True, 7),  # minimum, then ×1.25
        (54, 40, 60, True, True, 7),  # 1 × ... -> 5 × 1.25 = 6.25 -> 7
        (0, 10, 149, False, False, 75),  # 149 done: rule not yet
        (0, 10, 150, False, False, 5),  # 150 done, non-summative: exactly 5
        (10, 10, 500, False, True, 5),
        (0, 40, 150, True, False, 94),  # summative ignores the 150 rule
    ],
)
def test_problem_points(longest, required, done, summative, proficient, expected):
    got = problem_points(
        longest_streak=longest, required_streak=required, total_done=done, summative=summative, proficient=proficient
    )
    assert got == expected
    assert isinstance(got, int)


@pytest.mark.parametrize(
    "watched, duration, expected",
    [
        (0.0, 100, 0),
        (-5.0, 100, 0),
        (float("nan"), 100, 0),
        (1.0, 100, 8),  # 7.5 -> 8
        (10.0, 100, 75),
        (0.5, 3, 125),  # exactly 125: no float error pushes it to 126
        (30.5, 61, 375),  # exactly half
        (1.0, 751, 1),  # 0.9987 -> 1
        (60.0, 100, 450),
        (89.0, 100, 668),  # 667.5 -> 668
        (89.99, 100, 675),  # 674.925 -> 675
        (90.0, 100, 750),  # 90% -> full
        (100.0, 100, 750),
        (250.0, 100, 750),  # over -> capped
        (float("inf"), 100, 750),
        (50.0, 0, 0),  # no duration
        (50.0, -1, 0),
    ],
)
def test_video_points(watched, duration, expected):
    assert video_points(watched, duration) == expected
