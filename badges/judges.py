"""Judges: every row of one family decided in one context, the work the rows share done once.

A family's judge maker (``Family.judge``) takes a context and returns the family's judge there, a function of a
row's params: ``family.judge(ctx)(badge.params) == family.rule(ctx, **badge.params)`` for every context and row.
An evaluation pass (`badges.evaluation`) makes one judge per family and context, so a threshold family's current
value is measured once per context however many rows compare their targets to it, and the newest logs a rule
walks are walked once for all its rows.

Invariants: pure like the rules (no I/O, only the context's attributes); a judge reads its context when it is
made or when a row asks, never later than the pass that made it; it touches no log a row's own rule would not.
"""
from __future__ import annotations

import math
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


class TimedRun:
    """Timed problems (`rules.timed_problems`) for every row of one context: the newest logs are read once, as far
    as the row needing most of them reads them, each row then deciding on the times read.

    ``times`` holds the ``time_taken`` of the newest logs read, all of this exercise and correct, ``totals`` their
    running sums in the rule's order of additions; ``ended`` says a log that is not both has been read (at index
    ``len(times)``), so no row needs the logs after it."""

    def __init__(self, ctx: BadgeContext):
        self.exercise, self.logs = ctx.exercise, ctx.problem_logs
        self.times: list[float] = []
        self.totals: list[float] = []
        self.ended = False

    def __call__(self, params: Mapping[str, Any]) -> bool:
        problems = params["problems"]
        if self.exercise is None or len(self.logs) < problems:
            return False
        limit = problems * self.exercise.seconds_per_fast_problem
        for i in range(problems):  # as the rule's walk, on the logs read once
            if i == len(self.times) and not self._read():
                return False
            if self.totals[i] > limit and math.fsum(self.times[:i + 1]) > limit:
                return False
        return math.fsum(self.times[:problems]) <= limit

    def _read(self) -> bool:
        """Read the next log: whether it is of this exercise and correct (its time then kept)."""
        if self.ended:
            return False
        log = self.logs[len(self.times)]
        if log.exercise != self.exercise.name or not log.correct:
            self.ended = True
            return False
        self.times.append(log.time_taken)
        self.totals.append((self.totals[-1] if self.totals else 0.0) + log.time_taken)
        return True
