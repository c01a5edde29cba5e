"""Writing numbers and expressions the way a textbook does, for questions, hints and canonical answers.

Invariant: every canonical answer these helpers write is readable by ``content.numbers`` (no "−", no grouping).
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

from content.problem_types import Problem

Number = int | Fraction
_SUPERSCRIPTS = {2: "²", 3: "³"}
_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def fmt(value: Number) -> str:
    """An integer as "-3", anything else as "a/b" in lowest terms."""
    value = Fraction(value)
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def fmt_decimal(value: Number) -> str:
    """A terminating decimal written exactly, without trailing zeros or exponent: "0.36", "-12", "45000"."""
    value = Fraction(value)
    with localcontext() as ctx:
        ctx.prec = 50
        text = format((Decimal(value.numerator) / Decimal(value.denominator)).normalize(), "f")
    return text


def fmt_grouped(value: Number) -> str:
    """A decimal with thousands separators, for questions: "45,000,000", "0.00034"."""
    whole, _, frac = fmt_decimal(value).partition(".")
    sign, digits = ("-", whole[1:]) if whole.startswith("-") else ("", whole)
    return sign + f"{int(digits):,}" + (f".{frac}" if frac else "")


def round2(value: Number) -> str:
    """``value`` rounded half-up to exactly 2 decimal places: "0.87"."""
    value = Fraction(value)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return str(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def paren(value: Number) -> str:
    """A number as an operand: negatives in parentheses, "(-3)"."""
    text = fmt(value)
    return f"({text})" if value < 0 or "/" in text else text


def power(var: str, exponent: int) -> str:
    return var if exponent == 1 else f"{var}{_SUPERSCRIPTS.get(exponent, f'^{exponent}')}"


def subscript(n: int) -> str:
    return str(n).translate(_SUBSCRIPTS)


def polynomial(terms: list[tuple[Number, str]]) -> str:
    """Terms ``(coefficient, monomial)`` joined as "3x² - x + 5"; zero terms dropped; "0" if none remain."""
    out = ""
    for coef, mono in terms:
        if coef == 0:
            continue
        size = Fraction(abs(coef))
        number = fmt(size) if size != 1 or not mono else ""
        if "/" in number and mono:
            number = f"({number})"
        body = number + mono
        out += (" - " if coef < 0 else " + ") + body if out else ("-" if coef < 0 else "") + body
    return out or "0"


def linear(a: Number, b: Number, var: str = "x") -> str:
    """``a·var + b`` as "3x + 2", "-x - 5", "(1/2)x"."""
    return polynomial([(a, var), (b, "")])


def radical(coef: int, radicand: int) -> str:
    """coef·√radicand as "6√2", "√5", "-√3", "4"."""
    if radicand == 1:
        return str(coef)
    lead = "" if coef == 1 else "-" if coef == -1 else str(coef)
    return f"{lead}√{radicand}"


def problem(question: str, answer_type: str, answer: str, *hints: str) -> Problem:
    """Shorthand: hints as trailing arguments."""
    return Problem(question=question, answer_type=answer_type, answer=answer, hints=tuple(hints))
