"""Arithmetic: whole-number operations by level, decimals and fractions.

Invariant: the four whole-number families state ``question`` as plain ASCII "<int> <op> <int>" with op in
``+ - * /``, answer type "integer", differences never negative and divisions exact, at every level, so scripted
clients can answer them.
"""
from __future__ import annotations

from fractions import Fraction
from functools import partial
from random import Random

from content import problem_types as types
from content.generators.formatting import fmt, fmt_decimal, problem
from content.problem_types import Problem

Range = tuple[int, int]


def _draw(rng: Random, bounds: Range) -> int:
    return rng.randint(*bounds)


def addition(rng: Random, a: Range, b: Range) -> Problem:
    x, y = _draw(rng, a), _draw(rng, b)
    return problem(
        f"{x} + {y}", types.INTEGER, str(x + y),
        "Line the numbers up by place value and add the ones first.",
        "When a column adds up to 10 or more, write the ones digit and carry the ten to the next column.",
        f"{x} + {y} = {x + y}",
    )


def subtraction(rng: Random, b: Range, difference: Range) -> Problem:
    y, d = _draw(rng, b), _draw(rng, difference)
    x = y + d
    return problem(
        f"{x} - {y}", types.INTEGER, str(d),
        f"Ask: what do you add to {y} to get {x}?",
        "Subtract column by column from the ones; borrow a ten from the next column when the top digit is smaller.",
        f"{x} - {y} = {d}",
    )


def multiplication(rng: Random, a: Range, b: Range) -> Problem:
    x, y = _draw(rng, a), _draw(rng, b)
    return problem(
        f"{x} * {y}", types.INTEGER, str(x * y),
        f"{x} * {y} means {y} groups of {x}.",
        "For bigger numbers, multiply by each digit of the second number and add the partial products.",
        f"{x} * {y} = {x * y}",
    )


def division(rng: Random, divisor: Range, quotient: Range) -> Problem:
    d, q = _draw(rng, divisor), _draw(rng, quotient)
    return problem(
        f"{d * q} / {d}", types.INTEGER, str(q),
        f"Ask: how many times does {d} go into {d * q}?",
        f"Check by multiplying back: {q} * {d} = {d * q}.",
        f"{d * q} / {d} = {q}",
    )


def adding_decimals(rng: Random) -> Problem:
    x, y = Fraction(rng.randint(1, 9999), 100), Fraction(rng.randint(1, 999), 10)
    return problem(
        f"{fmt_decimal(x)} + {fmt_decimal(y)}", types.NUMBER, fmt_decimal(x + y),
        "Line up the decimal points, filling empty places with zeros.",
        "Add as with whole numbers and keep the decimal point in the same column.",
        f"The sum is {fmt_decimal(x + y)}.",
    )


def multiplying_decimals(rng: Random) -> Problem:
    tenths = [n for n in range(2, 100) if n % 10]   # never a whole number: 1.0 × 7.6 teaches nothing
    x, y = Fraction(rng.choice(tenths), 10), Fraction(rng.choice(tenths), rng.choice((10, 100)))
    return problem(
        f"{fmt_decimal(x)} × {fmt_decimal(y)}", types.NUMBER, fmt_decimal(x * y),
        "Multiply as if there were no decimal points.",
        "The product has as many decimal places as the two factors together.",
        f"The product is {fmt_decimal(x * y)}.",
    )


def dividing_decimals(rng: Random) -> Problem:
    divisor = Fraction(rng.randint(2, 9), rng.choice((1, 10)))
    quotient = Fraction(rng.randint(2, 99), rng.choice((1, 10)))
    dividend = divisor * quotient
    return problem(
        f"{fmt_decimal(dividend)} ÷ {fmt_decimal(divisor)}", types.NUMBER, fmt_decimal(quotient),
        "Move the decimal point of both numbers the same number of places until the divisor is whole.",
        "Then divide as usual, keeping the decimal point above its place in the dividend.",
        f"The quotient is {fmt_decimal(quotient)}.",
    )


def equivalent_fractions(rng: Random) -> Problem:
    den = rng.randint(2, 12)
    num, factor = rng.randint(1, den - 1), rng.randint(2, 9)
    return problem(
        f"{num}/{den} = ?/{den * factor}. What is the missing numerator?", types.INTEGER, str(num * factor),
        f"The denominator was multiplied by {factor}.",
        "Multiply the numerator by the same number to keep the fraction's value.",
        f"{num} × {factor} = {num * factor}",
    )


def _two_fractions(rng: Random) -> tuple[Fraction, Fraction]:
    return tuple(Fraction(rng.randint(1, 11), rng.randint(2, 12)) for _ in range(2))  # type: ignore[return-value]


def multiplying_fractions(rng: Random) -> Problem:
    x, y = _two_fractions(rng)
    return problem(
        f"{fmt(x)} × {fmt(y)}", types.FRACTION, fmt(x * y),
        "Multiply the numerators together and the denominators together.",
        "Simplify by dividing top and bottom by their greatest common factor.",
        f"{fmt(x)} × {fmt(y)} = {fmt(x * y)}",
    )


def dividing_fractions(rng: Random) -> Problem:
    x, y = _two_fractions(rng)
    return problem(
        f"{fmt(x)} ÷ {fmt(y)}", types.FRACTION, fmt(x / y),
        f"Dividing by {fmt(y)} is multiplying by its reciprocal, {y.denominator}/{y.numerator}.",
        "Multiply the numerators and the denominators, then simplify.",
        f"{fmt(x)} ÷ {fmt(y)} = {fmt(x / y)}",
    )


KINDS = {
    "addition_1": partial(addition, a=(0, 9), b=(0, 9)),
    "addition_2": partial(addition, a=(10, 99), b=(1, 99)),
    "addition_3": partial(addition, a=(100, 999), b=(10, 999)),
    "addition_4": partial(addition, a=(1000, 9999), b=(100, 9999)),
    "subtraction_1": partial(subtraction, b=(0, 9), difference=(0, 9)),
    "subtraction_2": partial(subtraction, b=(1, 99), difference=(1, 99)),
    "subtraction_3": partial(subtraction, b=(10, 999), difference=(10, 999)),
    "subtraction_4": partial(subtraction, b=(100, 9999), difference=(100, 9999)),
    "multiplication_1": partial(multiplication, a=(0, 9), b=(0, 9)),
    "multiplication_2": partial(multiplication, a=(10, 99), b=(2, 9)),
    "multiplication_3": partial(multiplication, a=(10, 99), b=(10, 99)),
    "multiplication_4": partial(multiplication, a=(100, 999), b=(10, 99)),
    "division_1": partial(division, divisor=(1, 9), quotient=(0, 9)),
    "division_2": partial(division, divisor=(2, 9), quotient=(10, 99)),
    "division_3": partial(division, divisor=(11, 99), quotient=(2, 99)),
    "division_4": partial(division, divisor=(11, 99), quotient=(100, 999)),
    "adding_decimals": adding_decimals,
    "multiplying_decimals": multiplying_decimals,
    "dividing_decimals": dividing_decimals,
    "equivalent_fractions": equivalent_fractions,
    "multiplying_fractions": multiplying_fractions,
    "dividing_fractions": dividing_fractions,
}
