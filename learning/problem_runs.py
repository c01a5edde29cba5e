"""The runs at the head of a student's problem logs, kept on the stats so that the badges about the newest logs
(timed problems, recovery) rarely need the logs themselves.

- The exercise run (on ``UserData``): the exercise of the newest problem log and how many of the newest logs in
  a row are of that exercise, counted up to `KEPT_TIMES`.
- The exercise's correct times (on ``UserExercise``): the ``time_taken`` of the exercise's newest correct logs in
  a row, oldest first, the newest `KEPT_TIMES` at most. Unlike ``streak``, which a hint or a wrong attempt on the
  open problem resets at once, they change only with a log, so they and the exercise run both describe the
  newest logs: when the run holds ``n`` logs and the times at least ``n``, the newest ``n`` logs are all this
  exercise and correct, and these are their times.

Invariants: pure. ``None`` means unknown (logs made before these stats were kept); an unknown value becomes known
at the next moment it can be told without the logs (a change of exercise, a streak restarting), and a known
value is exact: it is what the logs say. Times read from logs that do not reach back to the start of the row
are kept as *partial* (`PARTIAL` in front): exactly the newest times of the row, with older ones of it maybe
not counted; they grow like known ones and become known once a wrong log clears them or they reach
`KEPT_TIMES`, so unknown times are looked for in the logs once, never again on every action. `KEPT_TIMES` is at
least the longest run any catalogue badge asks about; a rule asked about more (a dry-run candidate) reads the
logs.
"""
from __future__ import annotations

import struct
from typing import Sequence

KEPT_TIMES = 100
PARTIAL = b"+"
_TIME = struct.Struct("<d")


def next_run(run_exercise: str | None, run: int | None, logs_before: int, exercise: str) -> tuple[str, int | None]:
    """The exercise run after one more problem log of ``exercise``; ``logs_before`` is the user's count of problem
    logs before it (none before: the run is this log alone)."""
    if logs_before == 0 or (run_exercise is not None and run_exercise != exercise):
        return exercise, 1
    if run_exercise is None or run is None:
        return exercise, None
    return exercise, min(run + 1, KEPT_TIMES)


def run_of(run_exercise: str | None, run: int | None, logs: int, exercise: str) -> int | None:
    """How many of the newest problem logs in a row are of ``exercise`` (0 when the newest is another one), None
    when unknown; ``logs`` is the user's count of problem logs."""
    if logs == 0:
        return 0
    if run_exercise is None:
        return None
    return run if run_exercise == exercise else 0


def next_times(times: bytes | None, done_before: int, correct: bool, time_taken: float) -> bytes | None:
    """The exercise's times after one more log of it (``done_before`` logs before it): cleared by a wrong log,
    ``time_taken`` added by a correct one (the exercise's first log makes unknown times known; partial times
    stay partial until they hold `KEPT_TIMES`)."""
    if not correct:
        return b""
    if times is None and done_before != 0:
        return None
    times = times or b""
    partial = not complete(times)
    body = (times[len(PARTIAL):] if partial else times)[-(KEPT_TIMES - 1) * _TIME.size:] + _TIME.pack(time_taken)
    return PARTIAL + body if partial and len(body) < KEPT_TIMES * _TIME.size else body


def correct_times(times: bytes | None) -> Sequence[float] | None:
    """The ``time_taken`` of the exercise's newest correct logs in a row, oldest first (all of them when fewer
    than `KEPT_TIMES`, unless `complete` says not); None when unknown."""
    if times is None:
        return None
    body = times if complete(times) else times[len(PARTIAL):]
    if len(body) % _TIME.size:
        return None
    return list(struct.unpack(f"<{len(body) // _TIME.size}d", body))


def complete(times: bytes) -> bool:
    """Whether known times hold the whole row (or its newest `KEPT_TIMES`), not only its newest times: a
    partial value is `PARTIAL` and whole doubles, told apart by its length (a time's own bytes may begin with
    the same byte)."""
    return len(times) % _TIME.size != len(PARTIAL) or not times.startswith(PARTIAL)


def run_from_logs(logs: Sequence, count: int) -> tuple[str, int] | None:
    """The exercise run read from the newest-first ``logs`` (the user has ``count`` problem logs in all); None
    when the logs held do not tell (all one exercise, fewer than `KEPT_TIMES`, and older ones not held)."""
    if not len(logs):
        return None
    name = logs[0].exercise
    for i in range(min(len(logs), KEPT_TIMES)):
        if logs[i].exercise != name:
            return name, i
    if len(logs) >= KEPT_TIMES or len(logs) == count:
        return name, min(len(logs), KEPT_TIMES)
    return None


def times_from_logs(logs: Sequence, exercise: str, done: int) -> bytes | None:
    """The exercise's correct times read from the newest-first ``logs`` (the exercise has ``done`` logs in all);
    partial when the logs held do not reach back to the start of the row, None when they hold no log of it."""
    times: list[float] = []
    seen = 0
    for i in range(len(logs)):
        log = logs[i]
        if log.exercise != exercise:
            continue
        seen += 1
        if not log.correct or len(times) == KEPT_TIMES:
            break
        times.append(log.time_taken)
    else:
        if seen != done:
            return PARTIAL + b"".join(_TIME.pack(t) for t in reversed(times)) if seen else None
    return b"".join(_TIME.pack(t) for t in reversed(times))
