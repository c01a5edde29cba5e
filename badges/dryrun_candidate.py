"""A candidate badge an admin describes before it goes live: a family (as the catalogue spells it) and its params,
checked against the family's record; or a manual list of students (the ``custom`` family with ``emails``).

Invariants: pure, no I/O. A candidate's params are exactly the keyword arguments its family's rule takes (none
missing, none extra; ``custom`` takes ``emails`` alone), each of the type and within the bounds `BOUNDS` gives, so
``rule(ctx, **params)`` always binds and never meets an absurd number. A family the sweep cannot evaluate per
student (``monthly_top`` ranks a finished month) is refused. The same validated params become the stored badge's.
"""
from __future__ import annotations

import inspect
import math
from dataclasses import dataclass
from typing import Any, Mapping

from badges.catalog import Badge, make_params
from badges.categories import Category
from badges.custom import MAX_EMAILS
from badges.families import Family
from content.exercises import EXERCISES_BY_NAME
from identity.emails import EMAIL

DAY = 86_400
MAX_LOGS = 500  # the last action cache's depth: a rule over logs never sees more
REFUSED = {Family.MONTHLY_TOP: "monthly_top ranks a finished month: the sweep awards it, it cannot be dry-run"}


class CandidateError(ValueError):
    """A candidate that cannot be evaluated; the message says why (answered as 400)."""


@dataclass(frozen=True)
class Bound:
    """What one param may be: ``kind`` "int", "number" (seconds), "exercises" or "emails", within [low, high]
    (for a list: its length); ``example`` is shown to the admin."""

    kind: str
    low: float
    high: float
    example: Any = None


BOUNDS: Mapping[str, Bound] = {
    "count": Bound("int", 1, 10_000, 10), "points": Bound("int", 1, 10_000_000_000, 50_000),
    "streak": Bound("int", 1, 100_000, 30), "seconds": Bound("number", 1, 10 * 365 * DAY, 2700),
    "problems": Bound("int", 1, 100_000, 10), "wrong": Bound("int", 1, MAX_LOGS, 5),
    "recent": Bound("int", 2, MAX_LOGS, 10), "video_seconds": Bound("number", 1, 30 * DAY, 600),
    "window_seconds": Bound("number", 1, 30 * DAY, 900), "exercises": Bound("exercises", 1, 50, ["addition_1"]),
    "days": Bound("int", 1, 36_500, 30), "emails": Bound("emails", 1, MAX_EMAILS, ["student@example.com"]),
}


@dataclass(frozen=True)
class Candidate:
    """A validated family and params (JSON values: lists stay lists)."""

    family: Family
    params: Mapping[str, Any]

    def badge(self, name: str = "dry-run", shown: str = "Dry run", category: Category = Category.BRONZE,
              points: int = 0) -> Badge:
        return Badge(name, shown, category, points, self.family, make_params(**self.params),
                     hidden=self.family is Family.CUSTOM)

    @property
    def description(self) -> str:
        if self.family is Family.CUSTOM:
            n = len(self.params["emails"])
            return f"Be on a list of {n} student" + ("s" if n != 1 else "")
        return self.family.describe(**make_params(**self.params))

    def to_json(self) -> dict:
        return {"family": self.family.key, "params": dict(self.params), "description": self.description}


def family_params(family: Family) -> tuple[str, ...]:
    """The params a candidate of ``family`` takes: its rule's keyword arguments (``emails`` for ``custom``)."""
    if family is Family.CUSTOM:
        return ("emails",)
    signature = inspect.signature(family.rule)
    return tuple(p.name for p in signature.parameters.values() if p.kind is inspect.Parameter.KEYWORD_ONLY)


FAMILIES: Mapping[str, Family] = {f.key: f for f in Family if f not in REFUSED}


def examples() -> dict[str, dict[str, Any]]:
    """Each family that can be dry-run, with example params (what the admin page offers to start from)."""
    return {key: {p: BOUNDS[p].example for p in family_params(family)} for key, family in FAMILIES.items()}


def parse(body: Mapping[str, Any]) -> Candidate:
    """``{"family": "<key>", "params": {...}}`` -> a `Candidate`, or `CandidateError` saying what is wrong."""
    key = body.get("family")
    if not isinstance(key, str) or key.lower() not in {f.key for f in Family}:
        raise CandidateError(f"family must be one of: {', '.join(FAMILIES)}")
    family = Family[key.upper()]
    if family in REFUSED:
        raise CandidateError(REFUSED[family])
    params = body.get("params")
    if not isinstance(params, dict):
        raise CandidateError('params must be an object, e.g. {"streak": 30}')
    wanted = family_params(family)
    missing, extra = [p for p in wanted if p not in params], sorted(set(params) - set(wanted))
    if missing or extra:
        raise CandidateError(f"{family.key} takes params {', '.join(wanted)}"
                             + (f"; missing {', '.join(missing)}" if missing else "")
                             + (f"; unknown {', '.join(map(str, extra))}" if extra else ""))
    checked = {name: _checked(name, params[name]) for name in wanted}
    if family is Family.RECOVERY and checked["wrong"] > checked["recent"]:
        raise CandidateError("wrong cannot exceed recent")
    return Candidate(family, checked)


def _checked(name: str, value: Any) -> Any:
    bound = BOUNDS[name]
    if bound.kind in ("int", "number"):
        return _number(name, value, bound)
    if not isinstance(value, list) or not bound.low <= len(value) <= bound.high:
        raise CandidateError(f"{name} must be a list of {bound.low:,.0f} to {bound.high:,.0f} items")
    items = list(dict.fromkeys(str(v).strip().lower() if isinstance(v, str) else v for v in value))
    if bound.kind == "exercises":
        unknown = [v for v in items if not isinstance(v, str) or v not in EXERCISES_BY_NAME]
    else:
        unknown = [v for v in items if not isinstance(v, str) or not EMAIL.match(v)]
    if unknown:
        raise CandidateError(f"{name}: not {'an exercise' if bound.kind == 'exercises' else 'an email'}: "
                             + ", ".join(map(str, unknown[:5])))
    return items


def _number(name: str, value: Any, bound: Bound) -> int | float:
    whole = isinstance(value, int) and not isinstance(value, bool)
    number = whole or (isinstance(value, float) and math.isfinite(value))
    if not (whole if bound.kind == "int" else number):
        raise CandidateError(f"{name} must be {'an integer' if bound.kind == 'int' else 'a number'}")
    if not bound.low <= value <= bound.high:
        raise CandidateError(f"{name} must be between {bound.low:,.0f} and {bound.high:,.0f}")
    return value
