"""Judges: every row of one family decided in one context, the work the rows share done once.

A family's judge maker (``Family.judge``) takes a context and returns the family's judge there, a function of a
row's params: ``family.judge(ctx)(badge.params) == family.rule(ctx, **badge.params)`` for every context and row.
An evaluation pass (`badges.evaluation`) makes one judge per family and context, so a threshold family's current
value is measured once per context however many rows compare their targets to it.

Invariants: pure like the rules (no I/O, only the context's attributes); a judge reads its context when it is
made or when a row asks, never later than the pass that made it; it touches no log a row's own rule would not.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

from badges.context import BadgeContext
from badges.progress import proficient_set

Judge = Callable[[Mapping[str, Any]], bool]
"""A family's decision in one context for a row's params: ``judge(params) == rule(ctx, **params)``."""
JudgeMaker = Callable[[BadgeContext], Judge]


def at_least(level: Callable[[BadgeContext], Any], target: str) -> JudgeMaker:
    """The judges of a threshold family whose measure is ``Progress(level(ctx), params[target])`` (None when
    ``level`` is None): the level measured once per context, each row's target compared with it as `rules.reached`
    compares them."""

    def judge(ctx: BadgeContext) -> Judge:
        current = level(ctx)
        if current is None:
            return _never
        return lambda params: current >= params[target]

    return judge


def all_proficient(ctx: BadgeContext) -> Judge:
    """Exercise completion: every exercise of the row explicitly proficient (the measure's count reaching the
    list's length), the proficient set made once per context."""
    proficient = proficient_set(ctx)
    return lambda params: proficient.issuperset(params["exercises"])


def _never(params: Mapping[str, Any]) -> bool:
    return False
