"""Trigonometry: angles, distance, Pythagoras, radians, right-triangle ratios, the unit circle, graphs, inverses.

Invariant: exact values stay exact; an irrational value is asked "rounded to 2 decimal places" (answer type
"decimal", which also accepts the exact radical such as "√3/2").
"""
from __future__ import annotations

from fractions import Fraction
from random import Random

from content import problem_types as types
from content.generators.formatting import fmt, problem, radical, round2
from content.numbers import radical_value, simplify_radical
from content.problem_types import Problem

_TRIPLES = ((3, 4, 5), (5, 12, 13), (8, 15, 17), (7, 24, 25), (6, 8, 10), (9, 12, 15), (20, 21, 29))
_HALF = Fraction(1, 2)
# (cos, sin) of 0°, 30°, 45°, 60° as (coefficient, radicand) pairs: cos 30° = (1/2)√3.
_FIRST_QUADRANT = {0: ((1, 1), (0, 1)), 30: ((_HALF, 3), (_HALF, 1)), 45: ((_HALF, 2), (_HALF, 2)),
                   60: ((_HALF, 1), (_HALF, 3))}


def angles_1(rng: Random) -> Problem:
    angle, (name, total) = rng.randint(1, 89), rng.choice((("complement", 90), ("supplement", 180)))
    return problem(
        f"What is the {name} of a {angle}° angle, in degrees?", types.INTEGER, str(total - angle),
        f"Two angles are {name}ary when they add up to {total}°.",
        f"{total}° - {angle}°", f"{total - angle}",
    )


def angles_2(rng: Random) -> Problem:
    a, b = rng.randint(20, 80), rng.randint(20, 80)
    question, answer, hint = rng.choice([
        (f"Two angles of a triangle measure {a}° and {b}°. What is the third angle, in degrees?", 180 - a - b,
         "The angles of a triangle add up to 180°."),
        (f"Two lines cross. One of the four angles is {a + 60}°. What is the angle next to it, in degrees?",
         120 - a, "Adjacent angles on a straight line add up to 180°."),
        (f"Three angles around a point measure {a + 60}°, {b + 60}° and x°. What is x?", 240 - a - b,
         "Angles all the way around a point add up to 360°."),
    ])
    return problem(question, types.INTEGER, str(answer), hint, "Subtract the known angles from the total.",
                   f"{answer}°")


def _triple(rng: Random) -> tuple[int, int, int]:
    a, b, c = rng.choice(_TRIPLES)
    return (a, b, c) if rng.random() < 0.5 else (b, a, c)


def distance_formula(rng: Random) -> Problem:
    dx, dy, d = _triple(rng)
    x1, y1 = rng.randint(-9, 9), rng.randint(-9, 9)
    x2, y2 = x1 + rng.choice((1, -1)) * dx, y1 + rng.choice((1, -1)) * dy
    return problem(
        f"What is the distance between ({x1}, {y1}) and ({x2}, {y2})?", types.INTEGER, str(d),
        "distance = √((x₂ - x₁)² + (y₂ - y₁)²)",
        f"√({dx}² + {dy}²) = √{d * d}", f"{d}",
    )


def pythagorean_theorem_1(rng: Random) -> Problem:
    a, b, c = _triple(rng)
    if rng.random() < 0.5:
        return problem(f"A right triangle has legs {a} and {b}. How long is the hypotenuse?", types.INTEGER, str(c),
                       "a² + b² = c², where c is the hypotenuse.", f"c = √({a * a} + {b * b}) = √{c * c}", f"{c}")
    return problem(f"A right triangle has hypotenuse {c} and one leg {a}. How long is the other leg?",
                   types.INTEGER, str(b), "a² + b² = c², where c is the hypotenuse.",
                   f"b = √({c * c} - {a * a}) = √{b * b}", f"{b}")


def pythagorean_theorem_2(rng: Random) -> Problem:
    a, b = rng.randint(1, 12), rng.randint(1, 12)
    square = a * a + b * b
    outside, inside = simplify_radical(square)
    return problem(
        f"A right triangle has legs {a} and {b}. How long is the hypotenuse, in simplest radical form?",
        types.RADICAL, radical(outside, inside),
        "a² + b² = c², where c is the hypotenuse.",
        f"c = √({a * a} + {b * b}) = √{square}; take out the largest perfect square factor.",
        f"c = {radical(outside, inside)}",
    )


def radians_and_degrees(rng: Random) -> Problem:
    degrees = rng.choice([d for d in range(15, 361, 15)])
    k = Fraction(degrees, 180)
    if rng.random() < 0.5:
        return problem(f"{degrees}° = kπ radians. What is k?", types.FRACTION, fmt(k),
                       "180° = π radians.", f"k = {degrees}/180", f"k = {fmt(k)}")
    shown = ("" if k.numerator == 1 else str(k.numerator)) + "π" + ("" if k.denominator == 1 else f"/{k.denominator}")
    return problem(f"How many degrees is {shown} radians?", types.INTEGER, str(degrees),
                   "π radians = 180°.", f"Replace π with 180°: {fmt(k)} × 180°", f"{degrees}°")


def trigonometry_1(rng: Random) -> Problem:
    opposite, adjacent, hypotenuse = _triple(rng)
    name, value, rule = rng.choice([
        ("sin", Fraction(opposite, hypotenuse), "opposite / hypotenuse"),
        ("cos", Fraction(adjacent, hypotenuse), "adjacent / hypotenuse"),
        ("tan", Fraction(opposite, adjacent), "opposite / adjacent"),
    ])
    return problem(
        f"A right triangle has sides {opposite}, {adjacent} and {hypotenuse}. θ is the angle opposite the side "
        f"of length {opposite}. What is {name} θ?", types.FRACTION, fmt(value),
        "SOH CAH TOA: sin = opposite/hypotenuse, cos = adjacent/hypotenuse, tan = opposite/adjacent.",
        f"{name} θ = {rule}", f"{name} θ = {fmt(value)}",
    )


def _unit_circle(degrees: int) -> tuple[tuple[Fraction, int], tuple[Fraction, int]]:
    """(cos, sin) of a multiple of 30° or 45° as exact (coefficient, radicand) pairs."""
    (c, s) = _FIRST_QUADRANT[degrees % 90]
    for _ in range(degrees // 90):  # rotate by 90°: (cos, sin) -> (-sin, cos)
        c, s = (-s[0], s[1]), c
    return (Fraction(c[0]), c[1]), (Fraction(s[0]), s[1])


def trigonometry_2(rng: Random) -> Problem:
    degrees = rng.choice(sorted({d for d in range(0, 360, 30)} | {d for d in range(45, 360, 90)}))
    cos, sin = _unit_circle(degrees)
    name = rng.choice(("sin", "cos") if cos[0] == 0 else ("sin", "cos", "tan"))
    if name == "tan":
        exact = sin[0] / cos[0] if sin[1] == cos[1] or sin[0] == 0 else None
        approx = radical_value(1, sin[1], 1) * sin[0] / (radical_value(1, cos[1], 1) * cos[0])
    else:
        coef, radicand = sin if name == "sin" else cos
        exact = coef if radicand == 1 or coef == 0 else None
        approx = radical_value(1, radicand, 1) * coef
    answer_type, answer = (types.NUMBER, fmt(exact)) if exact is not None else (types.DECIMAL, round2(approx))
    return problem(
        f"What is {name}({degrees}°)? Give the exact value, or round to 2 decimal places.", answer_type, answer,
        "On the unit circle, the point at angle θ is (cos θ, sin θ), and tan θ = sin θ / cos θ.",
        f"The reference angle is {min(degrees % 180, 180 - degrees % 180)}°; the quadrant sets the sign.",
        f"{name}({degrees}°) = {answer}",
    )


def graphs_of_sine_and_cosine(rng: Random) -> Problem:
    amp, freq, shift = rng.randint(1, 6) * rng.choice((1, -1)), rng.randint(1, 4), rng.randint(-5, 5)
    lead = {1: "", -1: "-"}.get(amp, f"{amp} ")
    angle = "x" if freq == 1 else f"{freq}x"
    curve = f"y = {lead}{rng.choice(('sin', 'cos'))}({angle})" + (f" + {shift}" if shift > 0 else f" - {-shift}" if shift else "")
    asked, value, rule = rng.choice([
        ("the amplitude", Fraction(abs(amp)), "The amplitude is |A| in y = A sin(Bx) + D."),
        ("k, if the period is kπ", Fraction(2, freq), "The period of y = A sin(Bx) + D is 2π/B."),
        ("the maximum value of y", Fraction(abs(amp) + shift), "The maximum is D + |A|."),
        ("the minimum value of y", Fraction(shift - abs(amp)), "The minimum is D - |A|."),
    ])
    return problem(f"For {curve}, what is {asked}?", types.NUMBER, fmt(value), rule,
                   "Sine and cosine waves swing between -1 and 1 before they are stretched and shifted.",
                   f"It is {fmt(value)}.")


_INVERSES = (
    ("arcsin", (("-1", -90), ("-√3/2", -60), ("-√2/2", -45), ("-1/2", -30), ("0", 0), ("1/2", 30),
                ("√2/2", 45), ("√3/2", 60), ("1", 90)), "[-90°, 90°]"),
    ("arccos", (("-1", 180), ("-√3/2", 150), ("-√2/2", 135), ("-1/2", 120), ("0", 90), ("1/2", 60),
                ("√2/2", 45), ("√3/2", 30), ("1", 0)), "[0°, 180°]"),
    ("arctan", (("-√3", -60), ("-1", -45), ("-√3/3", -30), ("0", 0), ("√3/3", 30), ("1", 45), ("√3", 60)),
     "(-90°, 90°)"),
)


def inverse_trig_functions(rng: Random) -> Problem:
    name, table, principal = rng.choice(_INVERSES)
    shown, degrees = rng.choice(table)
    return problem(
        f"What is {name}({shown}) in degrees?", types.INTEGER, str(degrees),
        f"{name}(v) is the angle in {principal} whose {name[3:]} is v.",
        f"Which special angle (0°, 30°, 45°, 60°, 90° and their relatives) has {name[3:]} = {shown}?",
        f"{name}({shown}) = {degrees}°",
    )


def trig_identities_1(rng: Random) -> Problem:
    opposite, adjacent, hypotenuse = _triple(rng)
    quadrant = rng.randint(1, 4)
    cos_sign, sin_sign = {1: (1, 1), 2: (-1, 1), 3: (-1, -1), 4: (1, -1)}[quadrant]
    sin, cos = Fraction(sin_sign * opposite, hypotenuse), Fraction(cos_sign * adjacent, hypotenuse)
    name, value = rng.choice((("cos θ", cos), ("tan θ", sin / cos)))
    return problem(
        f"sin θ = {fmt(sin)} and θ is in quadrant {'I II III IV'.split()[quadrant - 1]}. What is {name}?",
        types.FRACTION, fmt(value),
        "sin²θ + cos²θ = 1, so cos θ = ±√(1 - sin²θ); tan θ = sin θ / cos θ.",
        f"cos θ = {fmt(cos)}: its sign comes from the quadrant.",
        f"{name} = {fmt(value)}",
    )


KINDS = {
    fn.__name__: fn
    for fn in (
        angles_1, angles_2, distance_formula, pythagorean_theorem_1, pythagorean_theorem_2, radians_and_degrees,
        trigonometry_1, trigonometry_2, graphs_of_sine_and_cosine, inverse_trig_functions, trig_identities_1,
    )
}
