"""Is a student's answer right? The server's only judge: the client never says.

Invariants: ``check`` never raises and never compares floats. It returns False for anything that is not a string,
is empty, is longer than ``MAX_ANSWER_LENGTH`` (100) characters, or cannot be read as the problem's answer type.
Numeric types compare exact values, so "0.5", ".5", "1/2", " 1/2 ", "2/4", "+0.5" and "0.50" are one answer.
"""
from __future__ import annotations

import re
from fractions import Fraction
from typing import Callable

from content import problem_types as types
from content.numbers import normalize, parse_number, parse_radical, radical_value
from content.problem_types import Problem

DECIMAL_TOLERANCE = Fraction(6, 1000)   # covers any rounding of the true value to >= 2 places
_SET_SEPARATORS = re.compile(r"\s*(?:,|;|\bor\b|\band\b)\s*", re.IGNORECASE | re.ASCII)
_VARIABLE_PREFIX = re.compile(r"^[a-z]\s*=\s*", re.IGNORECASE | re.ASCII)
_INEQUALITY_OPS = {"<": "<", ">": ">", "<=": "≤", "≤": "≤", "=<": "≤", ">=": "≥", "≥": "≥", "=>": "≥"}
_FLIP = {"<": ">", ">": "<", "≤": "≥", "≥": "≤"}
_INEQUALITY = re.compile(r"(?P<left>[^<>=≤≥]+?)\s*(?P<op><=|>=|=<|=>|<|>|≤|≥)\s*(?P<right>[^<>=≤≥]+)")
_SCIENTIFIC = re.compile(
    r"(?P<m>[+-]?\d+(?:\.\d+)?)\s*(?:(?:[x×*·]|\\times)\s*10\s*(?:\^|\*\*)\s*\(?(?P<e1>[+-]?\d{1,3})\)?|e(?P<e2>[+-]?\d{1,3}))",
    re.IGNORECASE | re.ASCII,
)


def check(problem: Problem, given: str) -> bool:
    """True iff ``given`` is an acceptable way of writing ``problem.answer``."""
    if not isinstance(given, str) or normalize(given) is None:
        return False
    try:
        return _CHECKERS[problem.answer_type](problem.answer, given)
    except (ArithmeticError, ValueError, TypeError, KeyError):
        return False


def _numeric(answer: str, given: str) -> bool:
    value = parse_number(given)
    return value is not None and value == parse_number(answer)


def _decimal(answer: str, given: str) -> bool:
    value = parse_number(given)
    if value is None:
        radical = parse_radical(given)
        value = radical_value(*radical) if radical and radical[1] > 1 else None
    return value is not None and abs(value - parse_number(answer)) <= DECIMAL_TOLERANCE


def _percent(answer: str, given: str) -> bool:
    return _numeric(answer, normalize(given).removesuffix("%").rstrip())


def _number_set(answer: str, given: str) -> bool:
    def values(text: str) -> set[Fraction] | None:
        parts = [_VARIABLE_PREFIX.sub("", part) for part in _SET_SEPARATORS.split(normalize(text).strip("{}() "))]
        parsed = [parse_number(part, grouping=False) for part in parts]
        return None if None in parsed else set(parsed)

    return values(given) is not None and values(given) == values(answer)


def _point(answer: str, given: str) -> bool:
    def pair(text: str) -> tuple[Fraction, Fraction] | None:
        inner = normalize(text)
        if inner.startswith("(") and inner.endswith(")"):
            inner = inner[1:-1]
        parts = inner.split(",")
        parsed = tuple(parse_number(part, grouping=False) for part in parts)
        return parsed if len(parsed) == 2 and None not in parsed else None

    return pair(given) is not None and pair(given) == pair(answer)


def _radical(answer: str, given: str) -> bool:
    value = parse_radical(given)
    return value is not None and value == parse_radical(answer)


def _scientific(answer: str, given: str) -> bool:
    def value(text: str) -> Fraction | None:
        match = _SCIENTIFIC.fullmatch(normalize(text))
        if not match:
            return None
        mantissa = Fraction(match["m"])
        if not 1 <= abs(mantissa) < 10:
            return None
        return mantissa * Fraction(10) ** int(match["e1"] or match["e2"])

    return value(given) is not None and value(given) == value(answer)


def _inequality(answer: str, given: str) -> bool:
    def read(text: str) -> tuple[str, str, Fraction] | None:
        match = _INEQUALITY.fullmatch(normalize(text))
        if not match:
            return None
        op, left, right = _INEQUALITY_OPS[match["op"]], match["left"].lower(), match["right"].lower()
        if parse_number(left, grouping=False) is not None:
            left, right, op = right, left, _FLIP[op]
        bound = parse_number(right, grouping=False)
        return (left, op, bound) if bound is not None and re.fullmatch(r"[a-z]", left) else None

    return read(given) is not None and read(given) == read(answer)


def _text(answer: str, given: str) -> bool:
    def words(text: str) -> str:
        return normalize(text).casefold().rstrip(".!")

    return words(given) == words(answer)


_CHECKERS: dict[str, Callable[[str, str], bool]] = {
    types.INTEGER: _numeric,
    types.NUMBER: _numeric,
    types.FRACTION: _numeric,
    types.DECIMAL: _decimal,
    types.PERCENT: _percent,
    types.NUMBER_SET: _number_set,
    types.POINT: _point,
    types.RADICAL: _radical,
    types.SCIENTIFIC: _scientific,
    types.INEQUALITY: _inequality,
    types.TEXT: _text,
}
