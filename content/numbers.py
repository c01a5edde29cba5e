"""Reading what a student typed as exact numbers.

Invariants: every parser returns ``None`` (never raises) for text it does not understand, and works in exact
arithmetic (``fractions.Fraction``); nothing here compares floats. Input longer than ``MAX_ANSWER_LENGTH`` is
refused before any parsing. Digits are ASCII only ("٤٢" is not 42): what a keyboard answer box sends.
"""
from __future__ import annotations

import re
from decimal import Decimal, localcontext
from fractions import Fraction

MAX_ANSWER_LENGTH = 100

_DASHES = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-", "\ufe63": "-", "\uff0d": "-", "\uff0b": "+"})
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)"          # "1,000" or "1000"
_PLAIN = r"\d+"
_SIGN = r"(?P<sign>[+-]?)"
_RADICAL = re.compile(
    r"(?P<sign>[+-]?)(?P<coef>\d+)?\s*\*?\s*(?:√|sqrt)\s*(?:\(\s*(?P<rp>\d+)\s*\)|(?P<r>\d+))(?:\s*/\s*(?P<den>\d+))?",
    re.IGNORECASE | re.ASCII,
)


def normalize(text: str) -> str | None:
    """Trim, unify minus signs and collapse spaces; ``None`` if empty or absurdly long."""
    if not isinstance(text, str) or len(text) > MAX_ANSWER_LENGTH:
        return None
    text = " ".join(text.translate(_DASHES).split())
    return text or None


def _number_pattern(grouping: bool) -> re.Pattern[str]:
    digits = _DIGITS if grouping else _PLAIN
    decimal = rf"(?P<int>{digits})?(?:\.(?P<frac>\d+)?)?"
    return re.compile(
        rf"{_SIGN}\s?(?:(?P<whole>{_PLAIN})\s+(?P<mn>{_PLAIN})/(?P<md>{_PLAIN})"   # mixed number "1 1/2"
        rf"|(?P<num>{_PLAIN})\s*/\s*(?P<den>{_PLAIN})"                          # fraction "3/4"
        rf"|{decimal})",                                                        # "1,000", ".5", "42.", "0.50"
        re.ASCII,
    )


_GROUPED = _number_pattern(grouping=True)
_UNGROUPED = _number_pattern(grouping=False)


def parse_number(text: str, grouping: bool = True) -> Fraction | None:
    """Exact value of an integer, decimal, fraction or mixed number; ``grouping`` allows "1,000"."""
    text = normalize(text)
    match = text and (_GROUPED if grouping else _UNGROUPED).fullmatch(text)
    if not match:
        return None
    sign = -1 if match["sign"] == "-" else 1
    if match["whole"] is not None:
        den = int(match["md"])
        return sign * (int(match["whole"]) + Fraction(int(match["mn"]), den)) if den else None
    if match["num"] is not None:
        den = int(match["den"])
        return sign * Fraction(int(match["num"]), den) if den else None
    if match["int"] is None and match["frac"] is None:
        return None
    whole = Fraction(int((match["int"] or "0").replace(",", "")))
    frac = match["frac"] or ""
    return sign * (whole + (Fraction(int(frac), 10 ** len(frac)) if frac else 0))


def parse_radical(text: str) -> tuple[int, int, int] | None:
    """``(coefficient, radicand, denominator)`` of "a√b", "a√b/c", "-sqrt(b)" or a plain integer (radicand 1)."""
    text = normalize(text)
    if text is None:
        return None
    match = _RADICAL.fullmatch(text)
    if match:
        sign = -1 if match["sign"] == "-" else 1
        coef = int(match["coef"]) if match["coef"] else 1
        den = int(match["den"]) if match["den"] else 1
        radicand = int(match["rp"] or match["r"])
        return (sign * coef, radicand, den) if den else None
    value = parse_number(text, grouping=False)
    if value is None or value.denominator != 1:
        return None
    return (int(value), 1, 1)


def radical_value(coef: int, radicand: int, den: int) -> Fraction:
    """A 30-digit exact-decimal approximation of coef·√radicand/den, for comparison with a tolerance."""
    with localcontext() as ctx:
        ctx.prec = 30
        root = Decimal(radicand).sqrt()
    return Fraction(root) * coef / den


def simplify_radical(radicand: int) -> tuple[int, int]:
    """√radicand as ``(a, b)`` with a√b == √radicand and b square-free."""
    outside, inside, factor = 1, radicand, 2
    while factor * factor <= inside:
        while inside % (factor * factor) == 0:
            inside //= factor * factor
            outside *= factor
        factor += 1
    return outside, inside
