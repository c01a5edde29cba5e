"""The badge families (docs/BADGES.md §4): one record per family holding everything the family means.

Invariants:
- A family is one member of ``Family``: its context, its rule, its progress measure and the sentence saying how to
  earn a badge of it. Adding a family is one record here and its pure function (a measure in ``badges.progress``
  for a threshold family, a rule in ``badges.rules`` otherwise), then its rows in ``badges.catalog``.
- A record without a rule is a threshold family: its rule is ``rules.threshold(measure)``, earned when the measure
  reaches its target, so progress and award never disagree.
- A row's params are the keyword arguments of its family's rule, measure and description alike.
- A member's lowercased name (``key``) names the family in docs/BADGES.md and in the catalogue version.
- A family's ``judge`` (`badges.judges`) decides all its rows in one context as its rule does, the work they share
  done once: ``judge(ctx)(params) == rule(ctx, **params)``; a family without one is decided row by row.
- A time-driven family (``due_at``) can become earned with no activity at all; ``due_at(user, **params)`` is the
  moment its rule starts to hold for that user (None: never), so the sweep knows when to look at a dormant user.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import Enum
from typing import Any, Callable, Mapping

from badges import judges, progress, rules
from badges.judges import JudgeMaker, at_least
from badges.progress import Measure
from badges.rules import Check, Rule


class ContextType(Enum):
    """What a badge is earned *for*: nothing (owned once), an exercise, a playlist or a month."""

    NONE = "none"
    EXERCISE = "exercise"
    PLAYLIST = "playlist"
    MONTH = "month"


@dataclass(frozen=True, eq=False)
class Record:
    """The facts of one family. ``rule`` None: the threshold rule of ``measure``. ``measure`` None: no progress
    is shown. Compared by identity, so two families never merge into one enum member."""

    describe: Callable[..., str]
    measure: Measure | None = None
    rule: Rule | None = None
    context: ContextType = ContextType.NONE
    due_at: Callable[..., datetime.datetime | None] | None = None
    judge: JudgeMaker | None = None


class Family(Enum):
    """A badge family; each member carries its record's ``context``, ``rule``, ``measure`` and ``describe``."""

    EXERCISE_COUNT = Record(
        measure=progress.exercise_count, judge=at_least(progress.proficient_count, "count"),
        describe=lambda count: f"Achieve proficiency in {count} exercises")
    POINTS = Record(
        measure=progress.points, judge=at_least(progress.points_level, "points"),
        describe=lambda points: f"Earn {points:,} energy points")
    STREAK = Record(
        context=ContextType.EXERCISE, measure=progress.streak, judge=at_least(progress.longest_streak, "streak"),
        describe=lambda streak: f"Reach a streak of {streak} in an exercise")
    PLAYLIST_TIME = Record(
        context=ContextType.PLAYLIST, measure=progress.playlist_time,
        judge=at_least(progress.playlist_seconds, "seconds"),
        describe=lambda seconds: f"Watch {_duration(seconds)} of video in a single playlist")
    TIMED_PROBLEMS = Record(
        context=ContextType.EXERCISE, rule=rules.timed_problems, measure=progress.timed_problems,
        judge=rules.timed_problems_judge,
        describe=lambda problems: (f"Quickly and correctly answer {problems} problems in a row in an exercise "
                                   "(the time limit depends on the exercise)"))
    RECOVERY = Record(
        context=ContextType.EXERCISE, rule=rules.recovery, judge=rules.recovery_judge,
        describe=lambda wrong, recent: (
            f"Answer a problem correctly right after a wrong one, having missed at least {wrong} of your "
            f"last {recent} problems in that exercise"))
    UNFINISHED_STREAK = Record(
        context=ContextType.EXERCISE, rule=rules.unfinished_streak, measure=progress.unfinished_streak,
        judge=rules.unfinished_streak_judge,
        describe=lambda problems: (f"Keep at it: answer {problems} problems in an exercise, mostly correctly, "
                                   "before becoming proficient"))
    POWER_TIME = Record(
        rule=rules.power_time,
        describe=lambda problems, video_seconds, window_seconds: (
            f"Correctly answer {problems} problems and watch {_duration(video_seconds)} of video "
            f"in {_duration(window_seconds)}"))
    EXERCISE_COMPLETION = Record(
        measure=progress.exercise_completion, judge=judges.all_proficient,
        describe=lambda exercises: "Achieve proficiency in " + ", ".join(_exercise_title(e) for e in exercises))
    TENURE = Record(measure=progress.tenure, judge=at_least(progress.tenure_days, "days"),
                    describe=lambda days: _tenure(days), due_at=progress.tenure_due)
    VIDEO_TIME = Record(
        measure=progress.video_time, judge=at_least(progress.seconds_watched, "seconds"),
        describe=lambda seconds: f"Watch {_duration(seconds)} of video")
    CONSECUTIVE_ACTIVITY = Record(
        measure=progress.consecutive_activity, judge=at_least(progress.activity_days, "days"),
        describe=lambda days: f"Learn something on {days} consecutive days")
    MONTHLY_TOP = Record(
        context=ContextType.MONTH, rule=rules.monthly_top,
        describe=lambda subject: (f"Be one of the 10 students who earned the most energy points in {subject} "
                                  "exercises in a month"))
    CUSTOM = Record(rule=rules.custom, describe=lambda description="", emails=(): description)

    def __init__(self, record: Record) -> None:
        if record.rule is None and record.measure is None:
            raise TypeError(f"family {self.name} needs a rule or a measure")
        self.context: ContextType = record.context
        self.rule: Rule = record.rule or rules.threshold(record.measure)
        self.measure: Measure | None = record.measure
        self.describe: Callable[..., str] = record.describe
        self.due_at: Callable[..., datetime.datetime | None] | None = record.due_at
        self.threshold: bool = record.rule is None
        self.judge: JudgeMaker | None = record.judge

    def bind(self, params: Mapping[str, Any]) -> Check:
        """The rule bound to a row's ``params``: ``bind(params)(ctx) == rule(ctx, **params)`` for every context (a
        threshold family binds its measure, so the bound rule is still that measure reaching its target)."""
        if self.threshold:
            return rules.threshold_check(self.measure, params)
        return rules.bind(self.rule, params)

    @property
    def key(self) -> str:
        """The stable name of the family, e.g. ``"exercise_count"``."""
        return self.name.lower()


def _duration(seconds: float) -> str:
    """900 -> "15 minutes", 3600 -> "1 hour", 45 -> "45 seconds"."""
    for unit, size in (("hour", 3600), ("minute", 60), ("second", 1)):
        if seconds % size == 0:
            n = int(seconds // size)
            return f"{n} {unit}" + ("s" if n != 1 else "")
    return f"{seconds:g} seconds"


def _exercise_title(name: str) -> str:
    """``addition_1`` -> "Addition 1" (a readable name without importing the content)."""
    return name.replace("_", " ").capitalize()


def _tenure(days: int) -> str:
    """365 -> "Be a member for 1 year"; a count that is not whole years is said in days."""
    years, rest = divmod(days, 365)
    if rest == 0:
        return f"Be a member for {years} year" + ("s" if years != 1 else "")
    return f"Be a member for {days} days"
