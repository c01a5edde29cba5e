"""Judges: every row of one family decided in one context, the work the rows share done once.

A family's judge maker (``Family.judge``) takes a context and returns the family's judge there, a function of a
row's params: ``family.judge(ctx)(badge.params) == family.rule(ctx, **badge.params)`` for every context and row.
An evaluation pass (`badges.evaluation`) makes one judge per family and context, so a threshold family's current
value is measured once per context however many rows compare their targets to it.

Invariants: pure like the rules (no I/O, only the context's attributes); a judge reads its context when it is
made or when a row asks, never later than the pass that made it; it touches no log a row's own rule would not.
A threshold family's judge (`AtLeast`) also says its level and the param its rows compare with it, so a pass can
take a family's rows in the order of their targets and stop at the first one the level does not reach.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

from badges.context import BadgeContext
from badges.progress import proficient_set

Judge = Callable[[Mapping[str, Any]], bool]
"""A family's decision in one context for a row's params: ``judge(params) == rule(ctx, **params)``."""
JudgeMaker = Callable[[BadgeContext], Judge]


class AtLeast:
    """The judge maker of a threshold family whose measure is ``Progress(level(ctx), params[target])`` (None
    when ``level`` is None): the level measured once per context, each row's target compared with it as
    `rules.reached` compares them."""

    __slots__ = ("level", "target")

    def __init__(self, level: Callable[[BadgeContext], Any], target: str):
        self.level, self.target = level, target

    def __call__(self, ctx: BadgeContext) -> Level:
        return Level(self.level(ctx), self.target)


class Level:
    """`AtLeast`'s judge in one context: ``current`` (None: no row holds) against each row's ``target``."""

    __slots__ = ("current", "target")

    def __init__(self, current: Any, target: str):
        self.current, self.target = current, target

    def __call__(self, params: Mapping[str, Any]) -> bool:
        return self.current is not None and self.current >= params[self.target]


def at_least(level: Callable[[BadgeContext], Any], target: str) -> AtLeast:
    """The judges of a threshold family measured by ``level`` against each row's ``params[target]``."""
    return AtLeast(level, target)


def all_proficient(ctx: BadgeContext) -> Judge:
    """Exercise completion: every exercise of the row explicitly proficient (the measure's count reaching the
    list's length), the proficient set made once per context."""
    proficient = proficient_set(ctx)
    return lambda params: proficient.issuperset(params["exercises"])
