"""Algebra word problems: percentages, averages, rates, formulas and evaluating expressions."""
from __future__ import annotations

from fractions import Fraction
from random import Random

from content import problem_types as types
from content.generators.formatting import fmt, fmt_decimal, paren, polynomial, problem
from content.problem_types import Problem

_PERCENTS = (5, 10, 15, 20, 25, 30, 40, 50, 60, 75)


def percentage_word_problems_1(rng: Random) -> Problem:
    p, whole = rng.choice(_PERCENTS), 20 * rng.randint(1, 30)
    part = Fraction(p * whole, 100)
    if rng.random() < 0.5:
        return problem(
            f"What is {p}% of {whole}?", types.NUMBER, fmt_decimal(part),
            f"{p}% means {p}/100.", f"{p}/100 × {whole} = {fmt_decimal(part)}", f"{fmt_decimal(part)}",
        )
    return problem(
        f"{fmt_decimal(part)} is what percent of {whole}?", types.PERCENT, str(p),
        f"Divide the part by the whole: {fmt_decimal(part)} / {whole}.",
        "Multiply by 100 to turn the result into a percent.", f"{p}%",
    )


def percentage_word_problems_2(rng: Random) -> Problem:
    p, original = rng.choice(_PERCENTS), 20 * rng.randint(1, 25)
    change = Fraction(p * original, 100)
    if rng.random() < 0.5:
        sale = original - change
        return problem(
            f"After a {p}% discount a jacket costs ${fmt_decimal(sale)}. What was the original price in dollars?",
            types.NUMBER, str(original),
            f"The sale price is {100 - p}% of the original price.",
            f"original = {fmt_decimal(sale)} / {fmt_decimal(Fraction(100 - p, 100))}", f"${original}",
        )
    return problem(
        f"A ticket's price rose from ${original} to ${fmt_decimal(original + change)}. By what percent did it rise?",
        types.PERCENT, str(p),
        "Percent change = (new - old) / old × 100.",
        f"({fmt_decimal(original + change)} - {original}) / {original} = {fmt_decimal(Fraction(p, 100))}", f"{p}%",
    )


def average_word_problems(rng: Random) -> Problem:
    scores = [rng.randint(60, 100) for _ in range(rng.randint(3, 5))]
    count = len(scores) + 1
    needed = rng.randint(70, 100)
    needed -= (sum(scores) + needed) % count
    average = (sum(scores) + needed) // count
    return problem(
        f"Sam's test scores are {', '.join(map(str, scores))}. What must Sam score on the next test "
        f"to average exactly {average}?", types.INTEGER, str(needed),
        f"An average of {average} over {count} tests means a total of {average} × {count} = {average * count}.",
        f"Subtract the points Sam already has: {average * count} - {sum(scores)}.", f"{needed}",
    )


def rate_problems_1(rng: Random) -> Problem:
    speed, hours, later = rng.randint(3, 15) * 5, rng.randint(2, 6), rng.randint(2, 9)
    if rng.random() < 0.5:
        return problem(
            f"A car travels {speed * hours} miles in {hours} hours. At the same speed, how many miles does it "
            f"travel in {later} hours?", types.NUMBER, str(speed * later),
            f"Find the speed first: {speed * hours} / {hours} = {speed} miles per hour.",
            f"distance = speed × time = {speed} × {later}", f"{speed * later} miles",
        )
    return problem(
        f"A cyclist rides at {speed // 5} miles per hour. How many hours does a {speed // 5 * later}-mile trip take?",
        types.NUMBER, str(later),
        "time = distance / speed", f"{speed // 5 * later} / {speed // 5}", f"{later} hours",
    )


def solving_for_a_variable(rng: Random) -> Problem:
    a, b = rng.randint(2, 20), rng.randint(2, 20)
    formula, known, unknown, value = rng.choice([
        ("P = 2l + 2w", f"P = {2 * a + 2 * b} and w = {b}", "l", a),
        ("A = (1/2)bh", f"A = {fmt(Fraction(a * b, 2))} and b = {a}", "h", b),
        ("d = rt", f"d = {a * b} and r = {a}", "t", b),
        ("y = mx + c", f"y = {a * b + 3}, x = {b} and c = 3", "m", a),
    ])
    return problem(
        f"{formula}. If {known}, what is {unknown}?", types.NUMBER, str(value),
        f"Rearrange {formula} to get {unknown} by itself, undoing operations in reverse order.",
        "Then substitute the known values.", f"{unknown} = {value}",
    )


def _evaluation(expression: str, values: str, value: int) -> tuple[str, str, str]:
    return (f"Substitute {values} into {expression}.", "Then follow the order of operations.", f"{value}")


def expressions_with_unknown_variables(rng: Random) -> Problem:
    p, q, a, b = rng.randint(2, 9), rng.randint(-9, 9) or 1, rng.randint(-9, 9), rng.randint(-9, 9)
    expression, value = polynomial([(p, "a"), (q, "b")]), p * a + q * b
    values = f"a = {a} and b = {b}"
    return problem(f"Evaluate {expression} when {values}.", types.INTEGER, str(value),
                   *_evaluation(expression, values, value))


def expressions_with_unknown_variables_2(rng: Random) -> Problem:
    p, a, b, c = rng.randint(1, 5), rng.randint(-6, 6), rng.randint(-6, 6), rng.choice((-3, -2, -1, 1, 2, 3))
    expression = f"({polynomial([(1, 'a²'), (-p, 'ab')])}) / c + b"
    numerator = a * a - p * a * b
    c = c if numerator % c == 0 else 1
    value = numerator // c + b
    values = f"a = {a}, b = {b} and c = {c}"
    return problem(f"Evaluate {expression} when {values}.", types.INTEGER, str(value),
                   *_evaluation(expression, values, value)[:2], f"{paren(numerator)} / {paren(c)} + {paren(b)} = {value}")


KINDS = {
    fn.__name__: fn
    for fn in (
        percentage_word_problems_1, percentage_word_problems_2, average_word_problems, rate_problems_1,
        solving_for_a_variable, expressions_with_unknown_variables, expressions_with_unknown_variables_2,
    )
}
