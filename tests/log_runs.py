"""The runs at the head of a student's problem logs (`learning.problem_runs`), counted the plain way on all the
logs: what the unit and integration tests compare the kept runs with. Logs are newest first; any objects with
``exercise``, ``correct`` and ``time_taken``."""
from __future__ import annotations

from typing import Sequence

from learning.problem_runs import KEPT_TIMES


def told_run(logs: Sequence) -> tuple[str, int]:
    """The newest log's exercise and how many of the newest logs in a row are of it (capped as kept)."""
    n = 0
    while n < len(logs) and logs[n].exercise == logs[0].exercise:
        n += 1
    return logs[0].exercise, min(n, KEPT_TIMES)


def told_times(logs: Sequence, exercise: str) -> list[float]:
    """The ``time_taken`` of the exercise's newest correct logs in a row, oldest first (the newest kept)."""
    times = []
    for log in (log for log in logs if log.exercise == exercise):
        if not log.correct:
            break
        times.append(log.time_taken)
    return list(reversed(times[:KEPT_TIMES]))
