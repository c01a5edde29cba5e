"""Algebra: functions (evaluation, composition, domain, symmetry, transformations, inverses) and lines."""
from __future__ import annotations

from fractions import Fraction
from random import Random

from content import problem_types as types
from content.generators.formatting import fmt, fmt_decimal, linear, paren, polynomial, problem
from content.problem_types import Problem


def _nonzero(rng: Random, low: int, high: int) -> int:
    return rng.choice([n for n in range(low, high + 1) if n])


def _evaluate(name: str, rule: str, x: int, value: int) -> tuple[str, str, str]:
    return (
        f"Replace every x in {name}(x) = {rule} with {paren(x)}.",
        "Then follow the order of operations.",
        f"{name}({x}) = {value}",
    )


def functions_1(rng: Random) -> Problem:
    a, b, x = _nonzero(rng, -9, 9), rng.randint(-10, 10), rng.randint(-10, 10)
    rule = linear(a, b)
    return problem(f"f(x) = {rule}. What is f({x})?", types.INTEGER, str(a * x + b), *_evaluate("f", rule, x, a * x + b))


def functions_2(rng: Random) -> Problem:
    a, b, c, x = _nonzero(rng, -4, 4), rng.randint(-9, 9), rng.randint(-9, 9), rng.randint(-5, 5)
    rule, value = polynomial([(a, "x²"), (b, "x"), (c, "")]), a * x * x + b * x + c
    return problem(f"f(x) = {rule}. What is f({x})?", types.INTEGER, str(value), *_evaluate("f", rule, x, value))


def functions_3(rng: Random) -> Problem:
    a, b, c, d, x = _nonzero(rng, -5, 5), rng.randint(-9, 9), _nonzero(rng, -3, 3), rng.randint(-9, 9), rng.randint(-4, 4)
    inner = c * x * x + d
    value = a * inner + b
    return problem(
        f"f(x) = {linear(a, b)} and g(x) = {polynomial([(c, 'x²'), (d, '')])}. What is f(g({x}))?",
        types.INTEGER, str(value),
        "Work from the inside out: first find g of the number, then put that result into f.",
        f"g({x}) = {inner}",
        f"f(g({x})) = f({inner}) = {value}",
    )


def domain_of_a_function(rng: Random) -> Problem:
    a = rng.randint(-12, 12)
    kind = rng.choice(("pole", "floor", "ceiling"))
    if kind == "pole":
        question = f"f(x) = 5 / ({linear(1, -a)}). For which value of x is f undefined?"
        hint = "Division by zero is undefined: find where the denominator is 0."
    elif kind == "floor":
        question = f"f(x) = √({linear(1, -a)}). What is the smallest x in the domain of f?"
        hint = "A square root needs a number that is 0 or more: solve the inside ≥ 0."
    else:
        question = f"f(x) = √({linear(-1, a)}). What is the largest x in the domain of f?"
        hint = "A square root needs a number that is 0 or more: solve the inside ≥ 0."
    return problem(question, types.INTEGER, str(a), hint, f"The expression inside is 0 when x = {a}.", f"x = {a}")


def even_and_odd_functions(rng: Random) -> Problem:
    powers = rng.sample(range(0, 6), rng.randint(2, 3))
    terms = [(_nonzero(rng, -5, 5), p) for p in sorted(powers, reverse=True)]
    rule = polynomial([(c, "" if p == 0 else "x" if p == 1 else f"x^{p}") for c, p in terms])
    parities = {p % 2 for _, p in terms}
    answer = "neither" if len(parities) == 2 else "even" if parities == {0} else "odd"
    return problem(
        f"Is f(x) = {rule} even, odd, or neither?", types.TEXT, answer,
        "Even: f(-x) = f(x). Odd: f(-x) = -f(x). Replace x with -x and compare.",
        "For a polynomial: only even powers (a constant counts as x^0) means even; only odd powers means odd.",
        f"f is {answer}.",
    )


def shifting_and_reflecting_functions(rng: Random) -> Problem:
    h, k, sign = rng.randint(-9, 9), rng.randint(-9, 9), rng.choice((1, -1))
    base, shape = rng.choice((("x²", "({})²"), ("|x|", "|{}|")))
    rule = ("-" if sign < 0 else "") + shape.format(linear(1, -h)) + (f" + {k}" if k > 0 else f" - {-k}" if k else "")
    return problem(
        f"f(x) = {base} has its vertex at (0, 0). Where is the vertex of g(x) = {rule}? Answer as (x, y).",
        types.POINT, f"({h}, {k})",
        "Replacing x with x - h shifts the graph right by h; adding k shifts it up by k.",
        "A minus sign in front reflects the graph over the x-axis but does not move the vertex.",
        f"The vertex is ({h}, {k}).",
    )


def inverses_of_functions(rng: Random) -> Problem:
    a, b, y = rng.choice((-5, -4, -3, -2, 2, 3, 4, 5)), rng.randint(-9, 9), rng.randint(-12, 12)
    x = Fraction(y - b, a)
    return problem(
        f"f(x) = {linear(a, b)}. What is f⁻¹({y})?", types.FRACTION, fmt(x),
        f"f⁻¹({y}) is the x for which f(x) = {y}.",
        f"Solve {linear(a, b)} = {y}.",
        f"f⁻¹({y}) = {fmt(x)}",
    )


def _two_points(rng: Random) -> tuple[int, int, int, int]:
    x1, y1, y2 = rng.randint(-9, 9), rng.randint(-9, 9), rng.randint(-9, 9)
    return x1, y1, rng.choice([n for n in range(-9, 10) if n != x1]), y2


def slope_of_a_line(rng: Random) -> Problem:
    x1, y1, x2, y2 = _two_points(rng)
    slope = Fraction(y2 - y1, x2 - x1)
    return problem(
        f"What is the slope of the line through ({x1}, {y1}) and ({x2}, {y2})?", types.FRACTION, fmt(slope),
        "Slope = (change in y) / (change in x) = (y₂ - y₁) / (x₂ - x₁).",
        f"({y2} - {paren(y1)}) / ({x2} - {paren(x1)}) = {y2 - y1}/{x2 - x1}",
        f"The slope is {fmt(slope)}.",
    )


def midpoint_formula(rng: Random) -> Problem:
    x1, y1, x2, y2 = _two_points(rng)
    mx, my = fmt_decimal(Fraction(x1 + x2, 2)), fmt_decimal(Fraction(y1 + y2, 2))
    return problem(
        f"What is the midpoint of ({x1}, {y1}) and ({x2}, {y2})? Answer as (x, y).", types.POINT, f"({mx}, {my})",
        "The midpoint averages the coordinates: ((x₁ + x₂)/2, (y₁ + y₂)/2).",
        f"x = ({x1} + {paren(x2)})/2 = {mx}, y = ({y1} + {paren(y2)})/2 = {my}",
        f"The midpoint is ({mx}, {my}).",
    )


def equation_of_a_line(rng: Random) -> Problem:
    x1, y1, x2, y2 = _two_points(rng)
    slope = Fraction(y2 - y1, x2 - x1)
    intercept = y1 - slope * x1
    return problem(
        f"The line through ({x1}, {y1}) and ({x2}, {y2}) is y = mx + b. What is b?", types.FRACTION, fmt(intercept),
        f"First the slope: m = ({y2} - {paren(y1)}) / ({x2} - {paren(x1)}) = {fmt(slope)}.",
        f"Put one point into y = {polynomial([(slope, 'x'), (1, 'b')])} and solve: b = {y1} - {paren(slope)}·{paren(x1)}.",
        f"b = {fmt(intercept)}, so the line is y = {linear(slope, intercept)}.",
    )


def line_relationships(rng: Random) -> Problem:
    m = Fraction(_nonzero(rng, -6, 6), rng.randint(1, 3))
    b1, b2 = rng.randint(-9, 9), rng.randint(-9, 9)
    answer = rng.choice(("parallel", "perpendicular", "neither"))
    other = {"parallel": m, "perpendicular": -1 / m, "neither": m + rng.choice((1, 2, -1))}[answer]
    b2 = b2 if answer != "parallel" or b2 != b1 else b1 + 1
    if answer == "neither" and other * m == -1:
        other += 1
    return problem(
        f"Are y = {linear(m, b1)} and y = {linear(other, b2)} parallel, perpendicular, or neither?",
        types.TEXT, answer,
        "Parallel lines have equal slopes (and different intercepts).",
        "Perpendicular lines have slopes whose product is -1.",
        f"The slopes are {fmt(m)} and {fmt(other)}: the lines are {answer}.",
    )


KINDS = {
    fn.__name__: fn
    for fn in (
        functions_1, functions_2, functions_3, domain_of_a_function, even_and_odd_functions,
        shifting_and_reflecting_functions, inverses_of_functions, slope_of_a_line, midpoint_formula,
        equation_of_a_line, line_relationships,
    )
}
