"""Algebra: exponent rules, logarithms, linear and quadratic equations, inequalities, systems, radicals."""
from __future__ import annotations

from fractions import Fraction
from random import Random

from content import problem_types as types
from content.generators.formatting import fmt, linear, paren, polynomial, problem, subscript
from content.problem_types import Problem


def _nonzero(rng: Random, low: int, high: int) -> int:
    return rng.choice([n for n in range(low, high + 1) if n])


def exponent_rules(rng: Random) -> Problem:
    a, b = rng.randint(2, 9), rng.randint(2, 9)
    question, n, rule = rng.choice([
        (f"x^{a} · x^{b}", a + b, "When multiplying powers of the same base, add the exponents."),
        (f"x^{a} / x^{b}", a - b, "When dividing powers of the same base, subtract the exponents."),
        (f"(x^{a})^{b}", a * b, "A power of a power multiplies the exponents."),
        (f"(x^{a} · x^{b})^2", 2 * (a + b), "Add the exponents inside, then multiply by the outer exponent."),
    ])
    return problem(
        f"{question} = x^n. What is n?", types.INTEGER, str(n), rule,
        "Write it out if unsure: x^3 · x^2 = (x·x·x)(x·x) = x^5.",
        f"n = {n}",
    )


def logarithms_1(rng: Random) -> Problem:
    base = rng.randint(2, 10)
    k = rng.randint(-2, 6 if base < 4 else 3)
    argument = fmt(Fraction(base) ** k)
    return problem(
        f"log{subscript(base)}({argument})", types.INTEGER, str(k),
        f"log{subscript(base)}({argument}) asks: {base} to what power gives {argument}?",
        f"{base}^{k} = {argument}",
        f"log{subscript(base)}({argument}) = {k}",
    )


def _linear_hints(x: Fraction) -> tuple[str, str, str]:
    return (
        "Do the same thing to both sides to get x by itself.",
        "First move the x terms to one side and the numbers to the other, then divide by x's coefficient.",
        f"x = {fmt(x)}",
    )


def linear_equations_1(rng: Random) -> Problem:
    x, a = rng.randint(-10, 10), _nonzero(rng, -9, 9)
    equation = f"{linear(1, a)} = {x + a}" if rng.random() < 0.5 else f"{linear(a, 0)} = {a * x}"
    return problem(f"Solve for x: {equation}", types.INTEGER, str(x), *_linear_hints(Fraction(x)))


def linear_equations_2(rng: Random) -> Problem:
    x, a, b = rng.randint(-10, 10), _nonzero(rng, -9, 9), _nonzero(rng, -20, 20)
    return problem(f"Solve for x: {linear(a, b)} = {a * x + b}", types.INTEGER, str(x), *_linear_hints(Fraction(x)))


def linear_equations_3(rng: Random) -> Problem:
    x, a, b = rng.randint(-10, 10), _nonzero(rng, -9, 9), rng.randint(-20, 20)
    c = rng.choice([n for n in range(-9, 10) if n != a])
    left, right = linear(a, b), linear(c, (a - c) * x + b)   # a·x + b = c·x + e holds at x
    return problem(f"Solve for x: {left} = {right}", types.INTEGER, str(x), *_linear_hints(Fraction(x)))


def linear_equations_4(rng: Random) -> Problem:
    a, b, p = rng.randint(2, 9), rng.randint(-9, 9), _nonzero(rng, -20, 20)
    c = rng.choice([n for n in range(-9, 10) if n not in (0, a)])
    x = Fraction(p, a - c)
    equation = f"{a}({linear(1, b)}) = {linear(c, a * b + p)}"
    return problem(
        f"Solve for x: {equation}", types.FRACTION, fmt(x),
        f"Distribute first: {a}({linear(1, b)}) = {linear(a, a * b)}.", *_linear_hints(x)[1:],
    )


def linear_inequalities(rng: Random) -> Problem:
    a, b, t = rng.choice([n for n in range(-9, 10) if n not in (0, 1)]), _nonzero(rng, -20, 20), rng.randint(-10, 10)
    op = rng.choice(("<", ">", "≤", "≥"))
    flipped = {"<": ">", ">": "<", "≤": "≥", "≥": "≤"}[op] if a < 0 else op
    return problem(
        f"Solve for x: {linear(a, b)} {op} {a * t + b}", types.INEQUALITY, f"x {flipped} {t}",
        "Solve it like an equation: subtract the constant, then divide by x's coefficient.",
        "Dividing or multiplying both sides by a negative number reverses the inequality sign.",
        f"x {flipped} {t}",
    )


def systems_of_equations(rng: Random) -> Problem:
    x, y = rng.randint(-9, 9), rng.randint(-9, 9)
    while True:
        a1, b1, a2, b2 = (_nonzero(rng, -6, 6) for _ in range(4))
        if a1 * b2 != a2 * b1:
            break
    first = f"{polynomial([(a1, 'x'), (b1, 'y')])} = {a1 * x + b1 * y}"
    second = f"{polynomial([(a2, 'x'), (b2, 'y')])} = {a2 * x + b2 * y}"
    return problem(
        f"Solve the system {first} and {second}. Answer as (x, y).", types.POINT, f"({x}, {y})",
        "Multiply the equations so that one variable has opposite coefficients, then add them to eliminate it.",
        "Solve for the remaining variable and substitute it back into either equation.",
        f"x = {x}, y = {y}, so the answer is ({x}, {y}).",
    )


def multiplying_expressions_1(rng: Random) -> Problem:
    a, b, c, d = _nonzero(rng, -5, 5), _nonzero(rng, -9, 9), _nonzero(rng, -5, 5), _nonzero(rng, -9, 9)
    coefficients = {"x²": a * c, "x": a * d + b * c, "constant term": b * d}
    asked = rng.choice(sorted(coefficients))
    expanded = polynomial([(a * c, "x²"), (a * d + b * c, "x"), (b * d, "")])
    target = "the constant term" if asked == "constant term" else f"the coefficient of {asked}"
    return problem(
        f"Expand ({linear(a, b)})({linear(c, d)}). What is {target}?", types.INTEGER, str(coefficients[asked]),
        "Multiply every term of the first factor by every term of the second (FOIL), then combine like terms.",
        f"({linear(a, b)})({linear(c, d)}) = {expanded}",
        f"{target[0].upper() + target[1:]} is {coefficients[asked]}.",
    )


def _root_list(roots: list[Fraction]) -> str:
    return ",".join(fmt(r) for r in sorted(set(roots)))


def solving_quadratics_by_factoring(rng: Random) -> Problem:
    r1, r2 = rng.randint(-9, 9), rng.randint(-9, 9)
    equation = polynomial([(1, "x²"), (-(r1 + r2), "x"), (r1 * r2, "")])
    return problem(
        f"Solve {equation} = 0. Give every solution, separated by commas.", types.NUMBER_SET, _root_list([r1, r2]),
        f"Find two numbers that multiply to {r1 * r2} and add to {-(r1 + r2)}.",
        f"{equation} = ({linear(1, -r1)})({linear(1, -r2)})",
        f"x = {_root_list([r1, r2]).replace(',', ' or x = ')}",
    )


def quadratic_equation(rng: Random) -> Problem:
    a, p, r = rng.randint(2, 4), _nonzero(rng, -9, 9), rng.randint(-6, 6)
    roots = [Fraction(p, a), Fraction(r)]
    b, c = -(a * r + p), p * r
    equation = polynomial([(a, "x²"), (b, "x"), (c, "")])
    formula = "x = (-b ± √(b² - 4ac)) / 2a"
    if rng.random() < 0.5:
        return problem(
            f"Solve {equation} = 0. Give every solution, separated by commas.", types.NUMBER_SET, _root_list(roots),
            f"Use the quadratic formula {formula} with a = {a}, b = {b}, c = {c}.",
            f"The discriminant b² - 4ac = {b * b - 4 * a * c}.",
            f"x = {_root_list(roots).replace(',', ' or x = ')}",
        )
    return problem(
        f"What is the larger solution of {equation} = 0?", types.NUMBER, fmt(max(roots)),
        f"Use the quadratic formula {formula} with a = {a}, b = {b}, c = {c}.",
        f"The solutions are {_root_list(roots).replace(',', ' and ')}.",
        f"The larger one is {fmt(max(roots))}.",
    )


def absolute_value_equations(rng: Random) -> Problem:
    a, b, c = rng.randint(1, 4), rng.randint(-9, 9), rng.randint(1, 12)
    roots = [Fraction(c - b, a), Fraction(-c - b, a)]
    return problem(
        f"Solve |{linear(a, b)}| = {c}. Give every solution, separated by commas.", types.NUMBER_SET,
        _root_list(roots),
        f"Either {linear(a, b)} = {c} or {linear(a, b)} = -{c}.",
        "Solve both linear equations.",
        f"x = {_root_list(roots).replace(',', ' or x = ')}",
    )


def radical_equations(rng: Random) -> Problem:
    a, x, c, d = rng.randint(1, 5), rng.randint(-5, 15), rng.randint(1, 9), rng.randint(0, 9)
    inside = linear(a, c * c - a * x)
    left = f"√({inside})" + (f" + {d}" if d else "")
    return problem(
        f"Solve for x: {left} = {c + d}", types.INTEGER, str(x),
        "Get the square root by itself on one side, then square both sides.",
        f"√({inside}) = {c}, so {inside} = {c * c}.",
        f"x = {x}",
    )


def new_definitions_1(rng: Random) -> Problem:
    p, q, x, y = _nonzero(rng, -5, 5), _nonzero(rng, -5, 5), rng.randint(-9, 9), rng.randint(-9, 9)
    definition = polynomial([(p, "a"), (q, "b")])
    return problem(
        f"Define a ◆ b = {definition}. What is {x} ◆ {paren(y)}?", types.INTEGER, str(p * x + q * y),
        f"Replace a with {x} and b with {y} in {definition}.",
        f"{paren(p)}·{paren(x)} + {paren(q)}·{paren(y)}",
        f"{x} ◆ {paren(y)} = {p * x + q * y}",
    )


def new_definitions_2(rng: Random) -> Problem:
    p, x, y, z = rng.randint(1, 4), rng.randint(-5, 5), rng.randint(-5, 5), rng.randint(-5, 5)
    inner = x * y + p * x
    value = inner * inner - z
    return problem(
        f"Define a ◆ b = {polynomial([(1, 'ab'), (p, 'a')])} and a ♣ b = a² - b. "
        f"What is ({x} ◆ {paren(y)}) ♣ {paren(z)}?",
        types.INTEGER, str(value),
        "Work from the inside out: first the parentheses.",
        f"{x} ◆ {paren(y)} = {paren(x)}·{paren(y)} + {p}·{paren(x)} = {inner}",
        f"{inner} ♣ {paren(z)} = {paren(inner)}² - {paren(z)} = {value}",
    )


KINDS = {
    fn.__name__: fn
    for fn in (
        exponent_rules, logarithms_1, linear_equations_1, linear_equations_2, linear_equations_3,
        linear_equations_4, linear_inequalities, systems_of_equations, multiplying_expressions_1,
        solving_quadratics_by_factoring, quadratic_equation, absolute_value_equations, radical_equations,
        new_definitions_1, new_definitions_2,
    )
}
