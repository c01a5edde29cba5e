"""Proficiency (SPEC §3): a streak of ``required_streak`` makes an exercise proficient, recorded once."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

REQUIRED_STREAK = 10


def required_streak(summative: bool, prerequisite_count: int) -> int:
    """The streak that makes an exercise proficient: 10; for a summative (challenge) exercise 10 × its
    prerequisites. The one definition: `ExerciseDef` and the `Exercise` model read it. Never below 10, so a
    summative exercise listing no prerequisites still asks for a streak, never proficiency for nothing."""
    if not summative:
        return REQUIRED_STREAK
    return REQUIRED_STREAK * max(1, prerequisite_count)


def becomes_proficient(streak: int, required: int, already_proficient: bool) -> bool:
    """True only on the transition: ``streak >= required`` and not proficient before (proficiency is recorded once)."""
    return not already_proficient and streak >= required


def covered_exercises(
    exercise: str,
    covers_graph: Mapping[str, Sequence[str]],
    never_missed: Callable[[str], bool],
) -> set[str]:
    """Exercises made implicitly proficient by proficiency at ``exercise`` (for ``all_proficient_exercises``).

    ``covers_graph[name]`` lists the exercises ``name`` covers. A covered exercise counts when the student has never
    missed a problem in it (``total_done == total_correct``, so also when never tried); as in Khan Academy's
    exercise graph, coverage passes on only through exercises that count, so a missed exercise blocks what it
    covers. ``exercise`` itself is never in the result; cycles are harmless.
    """
    found: set[str] = set()
    pending = [exercise]
    while pending:
        for covered in covers_graph.get(pending.pop(), ()):
            if covered != exercise and covered not in found and never_missed(covered):
                found.add(covered)
                pending.append(covered)
    return found
