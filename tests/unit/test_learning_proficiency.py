"""Proficiency rules of SPEC §3."""
import pytest

from content.exercises import EXERCISES, ExerciseDef
from learning.proficiency import becomes_proficient, covered_exercises, required_streak
from models.content import Exercise


@pytest.mark.parametrize(
    "summative, prerequisites, expected",
    [(False, 0, 10), (False, 5, 10), (True, 4, 40), (True, 1, 10), (True, 12, 120), (True, 0, 10)],
)
def test_required_streak(summative, prerequisites, expected):
    assert required_streak(summative, prerequisites) == expected


@pytest.mark.parametrize(
    "summative, prerequisites, expected",
    [(False, (), 10), (False, ("a", "b"), 10), (True, ("a", "b", "c"), 30), (True, (), 10)],
)
def test_catalogue_row_and_stored_exercise_use_the_one_rule(summative, prerequisites, expected):
    row = ExerciseDef("x", "X", "Arithmetic", prerequisites, (), summative, "")
    stored = Exercise(summative=summative, prerequisites=list(prerequisites))
    assert row.required_streak == stored.required_streak == expected


def test_every_challenge_asks_ten_per_prerequisite():
    challenges = [e for e in EXERCISES if e.summative]
    assert challenges and all(e.required_streak == 10 * len(e.prerequisites) > 10 for e in challenges)


@pytest.mark.parametrize(
    "streak, required, already, expected",
    [
        (9, 10, False, False),
        (10, 10, False, True),
        (11, 10, False, True),
        (10, 10, True, False),  # recorded once
        (39, 40, False, False),
        (40, 40, False, True),
    ],
)
def test_becomes_proficient(streak, required, already, expected):
    assert becomes_proficient(streak, required, already) is expected


GRAPH = {
    "addition_2": ["addition_1"],
    "addition_1": ["counting"],
    "multiplication_1": ["addition_2", "addition_1"],
    "loop_a": ["loop_b"],
    "loop_b": ["loop_a"],
}


@pytest.mark.parametrize(
    "exercise, missed, expected",
    [
        ("addition_2", set(), {"addition_1", "counting"}),  # transitive
        ("addition_1", set(), {"counting"}),
        ("counting", set(), set()),
        ("unknown", set(), set()),
        ("addition_2", {"counting"}, {"addition_1"}),
        ("addition_2", {"addition_1"}, set()),  # a missed exercise blocks what it covers
        ("multiplication_1", {"addition_2"}, {"addition_1", "counting"}),  # another path still covers
        ("loop_a", set(), {"loop_b"}),  # cycles end, never includes itself
    ],
)
def test_covered_exercises(exercise, missed, expected):
    assert covered_exercises(exercise, GRAPH, lambda name: name not in missed) == expected
