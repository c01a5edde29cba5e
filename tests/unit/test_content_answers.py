"""The answer checker: exact equivalences it accepts and garbage it refuses (never raising)."""
from __future__ import annotations

import pytest

from content import problem_types as types
from content.answers import check
from content.problem_types import Problem


def _problem(answer_type: str, answer: str) -> Problem:
    return Problem(question="?", answer_type=answer_type, answer=answer, hints=("a", "b"))


ACCEPTED = [
    (types.NUMBER, "1/2", ["0.5", ".5", "1/2", " 1/2 ", "2/4", "+0.5", "0.50", "1 / 2", "4/8"]),
    (types.FRACTION, "-3/4", ["-3/4", "−3/4", "-0.75", "-6/8", "- 3/4", "−.75"]),
    (types.FRACTION, "3/2", ["1 1/2", "1.5", "6/4"]),
    (types.INTEGER, "42", ["42", "042", "42.0", "+42", "84/2", " 42 "]),
    (types.INTEGER, "-3", ["-3", "−3", "–3", "-3.00", "-03"]),
    (types.INTEGER, "1000", ["1000", "1,000", "1,000.0"]),
    (types.INTEGER, "1234567", ["1,234,567", "1234567"]),
    (types.NUMBER, "0.36", ["0.36", ".36", "9/25", "0.360"]),
    (types.DECIMAL, "0.87", ["0.87", "0.866", "0.8660", "√3/2", "sqrt(3)/2", "0.865"]),
    (types.DECIMAL, "-0.71", ["-0.71", "-0.707", "-√2/2"]),
    (types.PERCENT, "30", ["30", "30%", "30 %", "30.0"]),
    (types.NUMBER_SET, "-2,8", ["-2,8", "8, -2", "8,-2", "x = 8 or x = -2", "8; -2", "{-2, 8}", "-2 and 8"]),
    (types.NUMBER_SET, "-2/3,6", ["6, -2/3", "-4/6, 6"]),
    (types.NUMBER_SET, "5", ["5", "5, 5", "x=5"]),
    (types.POINT, "(5.5, -6.5)", ["(5.5, -6.5)", "5.5,-6.5", "(11/2, -13/2)", "( 5.50 , −6.5 )"]),
    (types.RADICAL, "6√2", ["6√2", "6 √2", "6sqrt(2)", "6 sqrt 2", "6*√2", "6√(2)", "6 SQRT(2)"]),
    (types.RADICAL, "√5", ["√5", "1√5", "sqrt(5)"]),
    (types.RADICAL, "13", ["13", "13.0"]),
    (types.SCIENTIFIC, "4.5 × 10^4", ["4.5 × 10^4", "4.5x10^4", "4.5 * 10^4", "4.5e4", "4.50E+4", "4.5·10^(4)"]),
    (types.SCIENTIFIC, "3.2 × 10^-3", ["3.2 × 10^-3", "3.2e-3", "3.2 x 10^(-3)", "3.2×10^−3"]),
    (types.INEQUALITY, "x ≤ 3", ["x ≤ 3", "x<=3", "3 >= x", "x =< 3", "X ≤ 3.0", "x ≤ 6/2"]),
    (types.INEQUALITY, "x > -2", ["x > -2", "-2 < x", "x>−2"]),
    (types.TEXT, "neither", ["neither", "Neither", "  NEITHER ", "neither."]),
    (types.TEXT, "parallel", ["Parallel"]),
]

REJECTED = [
    (types.NUMBER, "1/2", ["0.51", "1/3", "2/5", "0.5.0", "1/0", "½", "half", "0.5/", "/2", "-0.5", "5"]),
    (types.INTEGER, "42", ["41", "42.5", "4 2", "42a", "0x2A", "4.2e1", "1e3", "42,0", "4,2", "42!", "--42"]),
    (types.INTEGER, "1000", ["1,00", "10,00", "1.000,0", "1000,", ",1000"]),
    (types.INTEGER, "-3", ["3", "- -3", "+-3"]),
    (types.DECIMAL, "0.87", ["0.86", "0.88", "0.85", "√2/2", "√3", "0.9"]),
    (types.PERCENT, "30", ["0.3", "30%%", "%30", "3"]),
    (types.NUMBER_SET, "-2,8", ["-2", "8", "-2,8,9", "2,8", "-2,,8", "x = 8 or y"]),
    (types.POINT, "(5.5, -6.5)", ["(-6.5, 5.5)", "(5.5)", "(5.5, -6.5, 1)", "5.5 -6.5"]),
    (types.RADICAL, "6√2", ["√72", "3√8", "6√3", "6", "2√6", "6√2√2", "sqrt()"]),
    (types.SCIENTIFIC, "4.5 × 10^4", ["45000", "45 × 10^3", "0.45 × 10^5", "4.5 × 10^5", "4.5e", "4.5 × 10^4000"]),
    (types.INEQUALITY, "x ≤ 3", ["x < 3", "x ≥ 3", "3 ≤ x", "x = 3", "y ≤ 3", "x ≤ 4", "≤ 3", "x ≤"]),
    (types.TEXT, "neither", ["even", "neith er", "neither nor"]),
]

GARBAGE = ["", "   ", "\n", "1" * 101, "9" * 200, "nan", "inf", "NaN/NaN", "1/0", "1e999999", "√", "()",
           "(,)", "x", "\x00", "𝟙𝟚", "٤٢", "1_000", "0b101", "--", "+", "."]


@pytest.mark.parametrize("answer_type,answer,variants", ACCEPTED, ids=lambda v: str(v)[:30])
def test_equivalent_answers_are_accepted(answer_type, answer, variants):
    problem = _problem(answer_type, answer)
    for given in variants:
        assert check(problem, given), (answer, given)


@pytest.mark.parametrize("answer_type,answer,variants", REJECTED, ids=lambda v: str(v)[:30])
def test_wrong_answers_are_rejected(answer_type, answer, variants):
    problem = _problem(answer_type, answer)
    for given in variants:
        assert not check(problem, given), (answer, given)


@pytest.mark.parametrize("answer_type,answer", [(t, a) for t, a, _ in ACCEPTED])
def test_garbage_is_rejected_without_raising(answer_type, answer):
    problem = _problem(answer_type, answer)
    for given in GARBAGE + [None, 42, 0.5, b"42", ["42"]]:  # not strings: the API may pass anything
        assert check(problem, given) is False, (answer_type, given)


def test_overlong_input_is_rejected_even_when_it_means_the_answer():
    assert not check(_problem(types.INTEGER, "42"), " " * 99 + "42")
    assert check(_problem(types.INTEGER, "42"), " " * 97 + "42")


def test_problem_refuses_unknown_answer_types_and_missing_hints():
    with pytest.raises(ValueError):
        Problem(question="?", answer_type="guess", answer="1", hints=("a", "b"))
    with pytest.raises(ValueError):
        Problem(question="?", answer_type=types.INTEGER, answer="1", hints=("only one",))
