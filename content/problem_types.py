"""The value a problem generator returns, and the answer types the checker understands.

Invariants: a ``Problem`` is immutable; its ``answer`` is the canonical answer, written so that
``content.answers.check(problem, problem.answer)`` is true; it carries at least two hints, the last of which
gives the answer away (as Khan Academy's hints did).
"""
from __future__ import annotations

from dataclasses import dataclass

INTEGER = "integer"          # a whole number: "42", "042", "42.0", "1,000", "-3", "−3"
NUMBER = "number"            # an exact rational: "0.5" == ".5" == "1/2" == "2/4" == "+0.50"
FRACTION = "fraction"        # as NUMBER; the canonical answer is written "a/b" in lowest terms
DECIMAL = "decimal"          # rounded to 2 places; anything within 0.006 of the canonical answer, or a radical
PERCENT = "percent"          # a number of percent: "30" == "30%"
NUMBER_SET = "number_set"    # a comma-separated list compared as a set: "-2,8" == "8, -2" == "x = 8 or x = -2"
POINT = "point"              # an ordered pair "(x, y)"; the parentheses are optional
RADICAL = "radical"          # simplest radical form "a√b": "6√2" == "6 sqrt(2)" == "6*√2"; "√72" is not simplest
SCIENTIFIC = "scientific"    # "4.5 × 10^4" == "4.5e4" == "4.5*10^4"; the mantissa must be in [1, 10)
INEQUALITY = "inequality"    # "x < 3" == "3 > x"; "≤" == "<="
TEXT = "text"                # compared case- and whitespace-insensitively

ANSWER_TYPES = frozenset(
    {INTEGER, NUMBER, FRACTION, DECIMAL, PERCENT, NUMBER_SET, POINT, RADICAL, SCIENTIFIC, INEQUALITY, TEXT}
)


@dataclass(frozen=True)
class Problem:
    """One generated problem: what the student sees, how to read the answer, the answer, and the hints."""

    question: str
    answer_type: str
    answer: str
    hints: tuple[str, ...]

    def __post_init__(self) -> None:
        if self.answer_type not in ANSWER_TYPES:
            raise ValueError(f"unknown answer type {self.answer_type!r}")
        if len(self.hints) < 2:
            raise ValueError("a problem needs at least two hints")
