"""The attempt/hint state machine of one exercise (SPEC §3).

Invariant: a wrong attempt or a hint resets the streak to 0 *at once*, even though the problem is not completed;
only the final right attempt completes a problem, and it counts as correct only if it was the first attempt and
no hint was taken.
"""
from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class ProblemState:
    """A user's counters on one exercise; ``attempts``, ``hints`` and ``missed`` are of the current problem."""

    streak: int = 0
    longest_streak: int = 0
    total_done: int = 0
    total_correct: int = 0
    attempts: int = 0
    hints: int = 0
    missed: bool = False


@dataclass(frozen=True)
class Completion:
    """A problem was completed; ``correct_first_try`` is its ``ProblemLog.correct``."""

    correct_first_try: bool


def after_hint(state: ProblemState) -> ProblemState:
    """A hint counts, marks the problem missed and resets the streak to 0 at once."""
    return replace(state, hints=state.hints + 1, missed=True, streak=0)


def after_attempt(state: ProblemState, correct: bool) -> tuple[ProblemState, Completion | None]:
    """Apply one checked answer.

    Wrong: ``attempts + 1``, missed, streak 0 at once, no completion. Right: the problem completes,
    ``total_done + 1``; if it was not missed also ``total_correct + 1``, ``streak + 1`` and
    ``longest_streak = max(longest_streak, streak)``; the per-problem counters reset for the next problem.
    """
    if not correct:
        return replace(state, attempts=state.attempts + 1, missed=True, streak=0), None
    first_try = not state.missed and state.attempts == 0 and state.hints == 0
    streak = state.streak + 1 if first_try else 0
    after = ProblemState(
        streak=streak,
        longest_streak=max(state.longest_streak, streak),
        total_done=state.total_done + 1,
        total_correct=state.total_correct + (1 if first_try else 0),
    )
    return after, Completion(correct_first_try=first_try)
