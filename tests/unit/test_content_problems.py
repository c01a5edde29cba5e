"""Problem generation: deterministic per (secret, user, exercise, n), unguessable without the secret, and every
generated canonical answer is accepted by the checker."""
from __future__ import annotations

import re
from fractions import Fraction
from random import Random

import pytest

from content import problem_types as types
from content.answers import check
from content.exercises import EXERCISES, EXERCISES_BY_NAME
from content.generators import KINDS
from content.numbers import parse_number
from content.serving import generate, seed_for

SECRET = b"unit-test-secret"
LEVEL_ONE = {"addition_1": "+", "subtraction_1": "-", "multiplication_1": "*", "division_1": "/"}
EXPRESSION = re.compile(r"(\d+) ([+\-*/]) (\d+)")
NUMERIC = {types.INTEGER, types.NUMBER, types.FRACTION}


def test_same_inputs_give_the_same_problem():
    for exercise in EXERCISES:
        assert generate(SECRET, "u1", exercise.name, 3) == generate(SECRET, "u1", exercise.name, 3)


def _questions(secret: bytes = SECRET, user_id: str = "u1", start: int = 1) -> list[str]:
    return [generate(secret, user_id, "addition_4", n).question for n in range(start, start + 20)]


def test_another_secret_gives_other_problems():
    assert _questions(secret=b"another-secret") != _questions()


def test_another_user_gives_other_problems():
    assert _questions(user_id="u2") != _questions()


def test_problem_numbers_give_different_problems():
    assert _questions(start=21) != _questions()


def test_seed_is_hmac_sha256_of_user_exercise_and_number():
    import hashlib
    import hmac

    digest = hmac.new(SECRET, b"u1|addition_1|7", hashlib.sha256).digest()
    assert seed_for(SECRET, "u1", "addition_1", 7) == int.from_bytes(digest, "big")


@pytest.mark.parametrize("exercise", [e.name for e in EXERCISES])
def test_every_exercise_generates_fifty_checkable_problems(exercise):
    for number in range(1, 51):
        problem = generate(SECRET, "student", exercise, number)
        assert problem.question and problem.answer_type in types.ANSWER_TYPES
        assert len(problem.hints) >= 2 and all(problem.hints)
        assert check(problem, problem.answer), (exercise, problem)
        assert check(problem, f"  {problem.answer}  "), (exercise, problem)
        assert not check(problem, "garbage"), (exercise, problem)
        if problem.answer_type in NUMERIC:
            assert not check(problem, str(parse_number(problem.answer) + 1)), (exercise, problem)


@pytest.mark.parametrize("exercise,op", LEVEL_ONE.items())
def test_level_one_arithmetic_is_a_plain_ascii_expression(exercise, op):
    for number in range(1, 201):
        problem = generate(SECRET, "scripted-client", exercise, number)
        match = EXPRESSION.fullmatch(problem.question)
        assert match and match[2] == op and problem.answer_type == types.INTEGER, problem.question
        a, b = int(match[1]), int(match[3])
        value = {"+": a + b, "-": a - b, "*": a * b, "/": Fraction(a, b) if b else None}[op]
        assert value is not None and value >= 0 and Fraction(value).denominator == 1
        assert problem.answer == str(value)


@pytest.mark.parametrize("challenge", [e for e in EXERCISES if e.summative], ids=lambda e: e.name)
def test_summative_problems_are_drawn_from_prerequisites(challenge):
    drawn = set()
    for number in range(1, 301):
        rng = Random(seed_for(SECRET, "s", challenge.name, number))
        prerequisite = EXERCISES_BY_NAME[rng.choice(challenge.prerequisites)]
        assert generate(SECRET, "s", challenge.name, number) == KINDS[prerequisite.kind](rng)
        drawn.add(prerequisite.name)
    assert len(drawn) > len(challenge.prerequisites) // 2


def test_unknown_exercise_and_bad_number_raise():
    with pytest.raises(KeyError):
        generate(SECRET, "u", "no_such_exercise", 1)
    with pytest.raises(ValueError):
        generate(SECRET, "u", "addition_1", 0)
