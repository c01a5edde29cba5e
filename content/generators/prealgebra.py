"""Pre-algebra: exponents, negative numbers, fractions, order of operations, ordering, notation, units, radicals."""
from __future__ import annotations

from fractions import Fraction
from math import lcm
from random import Random

from content import problem_types as types
from content.generators.formatting import fmt, fmt_decimal, fmt_grouped, paren, problem, radical
from content.problem_types import Problem


def exponents_1(rng: Random) -> Problem:
    base, exp = rng.randint(1, 10), rng.randint(0, 3)
    spelled = " × ".join([str(base)] * exp) if exp else "1 (anything nonzero to the power 0 is 1)"
    return problem(
        f"{base}^{exp}", types.INTEGER, str(base**exp),
        f"{base}^{exp} means {exp} factors of {base} multiplied together.",
        f"{base}^{exp} = {spelled}",
        f"{base}^{exp} = {base**exp}",
    )


def exponents_2(rng: Random) -> Problem:
    base, exp = rng.choice([b for b in range(-6, 7) if b]), rng.randint(0, 4)
    if base > 0 and rng.random() < 0.4:   # the classic trap: -a^n is -(a^n)
        return problem(
            f"-{base}^{exp}", types.INTEGER, str(-(base**exp)),
            "The exponent binds tighter than the minus sign: -a^n means -(a^n).",
            f"{base}^{exp} = {base**exp}, then take the opposite.",
            f"-{base}^{exp} = {-(base**exp)}",
        )
    return problem(
        f"({base})^{exp}", types.INTEGER, str(base**exp),
        "A negative number to an even power is positive; to an odd power, negative.",
        "Anything nonzero to the power 0 is 1.",
        f"({base})^{exp} = {base**exp}",
    )


def exponents_3(rng: Random) -> Problem:
    base = Fraction(rng.randint(1, 5), rng.randint(1, 4))
    base = base if base != 1 else Fraction(2, 3)
    exp = rng.choice((-3, -2, -1, 2, 3))
    value = base**exp
    return problem(
        f"{paren(base)}^{exp}", types.FRACTION, fmt(value),
        "A negative exponent means the reciprocal: a^-n = 1/a^n.",
        "To raise a fraction to a power, raise the numerator and the denominator separately.",
        f"{paren(base)}^{exp} = {fmt(value)}",
    )


def adding_and_subtracting_negative_numbers(rng: Random) -> Problem:
    x, y, op = rng.randint(-20, 20), rng.randint(-20, 20), rng.choice("+-")
    value = x + y if op == "+" else x - y
    return problem(
        f"{x} {op} {paren(y)}", types.INTEGER, str(value),
        "Subtracting a number is adding its opposite: a - (-b) = a + b.",
        "On a number line, adding a positive number moves right and adding a negative number moves left.",
        f"{x} {op} {paren(y)} = {value}",
    )


def multiplying_and_dividing_negative_numbers(rng: Random) -> Problem:
    x, y = rng.choice([n for n in range(-12, 13) if n]), rng.choice([n for n in range(-12, 13) if n])
    question, value = (f"{x * y} ÷ {paren(y)}", x) if rng.random() < 0.5 else (f"{x} × {paren(y)}", x * y)
    return problem(
        question, types.INTEGER, str(value),
        "Work with the sizes first, ignoring the signs.",
        "Same signs give a positive result; different signs give a negative result.",
        f"{question} = {value}",
    )


def adding_and_subtracting_fractions(rng: Random) -> Problem:
    x, y = (Fraction(rng.randint(1, den - 1), den) for den in (rng.randint(2, 10), rng.randint(2, 10)))
    op = rng.choice("+-")
    value = x + y if op == "+" else x - y
    common = lcm(x.denominator, y.denominator)
    return problem(
        f"{fmt(x)} {op} {fmt(y)}", types.FRACTION, fmt(value),
        f"Rewrite both fractions over a common denominator, such as {common}.",
        "Then add or subtract the numerators and simplify.",
        f"{fmt(x)} {op} {fmt(y)} = {fmt(value)}",
    )


def order_of_operations(rng: Random) -> Problem:
    a, b, c, d = (rng.randint(2, 9) for _ in range(4))
    question, value = rng.choice([
        (f"{a} + {b} × {c}", a + b * c),
        (f"({a} + {b}) × {c} - {d}", (a + b) * c - d),
        (f"{a} × {b} - {c * d} ÷ {d}", a * b - c),
        (f"{a} + {b}^2 × {c}", a + b * b * c),
        (f"{a * b} ÷ {b} + {c} × ({d} - {a})", a + c * (d - a)),
    ])
    return problem(
        question, types.INTEGER, str(value),
        "Parentheses first, then exponents, then multiplication and division left to right, "
        "then addition and subtraction left to right.",
        "Rewrite the expression after each step so you don't lose track.",
        f"{question} = {value}",
    )


def ordering_numbers(rng: Random) -> Problem:
    values = rng.sample(sorted({Fraction(n, d) for d in (2, 4, 5, 8, 10) for n in range(1, 2 * d)}), 4)
    shown = [fmt_decimal(v) if rng.random() < 0.5 else fmt(v) for v in values]
    largest = rng.random() < 0.5
    pick = values.index(max(values) if largest else min(values))
    return problem(
        f"Which is the {'largest' if largest else 'smallest'} of {', '.join(shown)}?",
        types.NUMBER, shown[pick],
        "Write every number as a decimal so they are easy to compare.",
        "As decimals: " + ", ".join(fmt_decimal(v) for v in values),
        f"The {'largest' if largest else 'smallest'} is {shown[pick]}.",
    )


def scientific_notation(rng: Random) -> Problem:
    mantissa, exp = Fraction(rng.randint(10, 99), 10), rng.choice([e for e in range(-5, 8) if e])
    value, sci = mantissa * Fraction(10) ** exp, f"{fmt_decimal(mantissa)} × 10^{exp}"
    if rng.random() < 0.5:
        return problem(
            f"Write {fmt_grouped(value)} in scientific notation.", types.SCIENTIFIC, sci,
            "Scientific notation is a × 10^n with 1 ≤ a < 10.",
            "Count how many places the decimal point moves to get a number between 1 and 10.",
            f"{fmt_grouped(value)} = {sci}",
        )
    return problem(
        f"Write {sci} as an ordinary number.", types.NUMBER, fmt_decimal(value),
        f"A power 10^{exp} moves the decimal point {abs(exp)} places to the {'right' if exp > 0 else 'left'}.",
        "Fill the empty places with zeros.",
        f"{sci} = {fmt_grouped(value)}",
    )


_UNITS = (  # (big unit, its singular, small unit, small units per big unit)
    ("meters", "meter", "centimeters", 100), ("kilometers", "kilometer", "meters", 1000),
    ("kilograms", "kilogram", "grams", 1000), ("liters", "liter", "milliliters", 1000),
    ("feet", "foot", "inches", 12), ("yards", "yard", "feet", 3), ("hours", "hour", "minutes", 60),
    ("minutes", "minute", "seconds", 60), ("gallons", "gallon", "quarts", 4), ("pounds", "pound", "ounces", 16),
)


def units(rng: Random) -> Problem:
    big, one, small, factor = rng.choice(_UNITS)
    amount = Fraction(rng.randint(1, 40), rng.choice((1, 2)))
    if rng.random() < 0.5:
        given, unit_from, unit_to, value = amount, big, small, amount * factor
    else:
        given, unit_from, unit_to, value = amount * factor, small, big, amount
    return problem(
        f"How many {unit_to} are in {fmt_decimal(given)} {unit_from}?", types.NUMBER, fmt_decimal(value),
        f"There are {factor} {small} in 1 {one}.",
        f"{'Multiply' if unit_to == small else 'Divide'} by {factor}.",
        f"{fmt_decimal(given)} {unit_from} = {fmt_decimal(value)} {unit_to}",
    )


def simplifying_radicals(rng: Random) -> Problem:
    outside, inside = rng.randint(2, 10), rng.choice((2, 3, 5, 6, 7, 10, 11, 13, 14, 15))
    radicand = outside * outside * inside
    return problem(
        f"Simplify √{radicand}.", types.RADICAL, radical(outside, inside),
        "Look for the largest perfect square that divides the number under the root.",
        f"√{radicand} = √({outside * outside} × {inside}) = √{outside * outside} × √{inside}",
        f"√{radicand} = {radical(outside, inside)}",
    )


KINDS = {
    fn.__name__: fn
    for fn in (
        exponents_1, exponents_2, exponents_3, adding_and_subtracting_negative_numbers,
        multiplying_and_dividing_negative_numbers, adding_and_subtracting_fractions, order_of_operations,
        ordering_numbers, scientific_notation, units, simplifying_radicals,
    )
}
