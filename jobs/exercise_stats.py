"""The weekly exercise statistics job (SPEC §4): ``Exercise.seconds_per_fast_problem``, the time limit of the
timed-problem badges.

Invariant: the value is the 25th percentile (linear interpolation between closest ranks) of ``time_taken`` over
the newest 5,000 *correct* problem logs of the exercise with 3 s < time < 600 s, clamped to [2, 60]; it stays 2.0
until 50 such samples exist. Logs are read newest first by the indexed query (exercise ==, order -time_done;
index.yaml) in batches, stopping after ``MAX_SCANNED`` logs so a mostly-wrong exercise cannot make it unbounded.
Only this job writes the field (the seed preserves it).
"""
from __future__ import annotations

from typing import Iterable

from clients.datastore import transact
from models.content import Exercise
from models.logs import ProblemLog

SAMPLES = 5_000
MIN_SAMPLES = 50
DEFAULT_SECONDS = 2.0
LOW, HIGH = 2.0, 60.0
BATCH = 1_000
MAX_SCANNED = 50_000
QUEUE = "default"
TASK_URI = "/admin/tasks/exercise_stats/{}"


def fast_problem_seconds(times: Iterable[float]) -> float:
    """Pure: the statistic above from the sample times (already filtered)."""
    values = sorted(times)
    if len(values) < MIN_SAMPLES:
        return DEFAULT_SECONDS
    position = 0.25 * (len(values) - 1)
    low = int(position)
    high = min(low + 1, len(values) - 1)
    value = values[low] + (values[high] - values[low]) * (position - low)
    return min(HIGH, max(LOW, value))


def sample_times(exercise: str) -> list[float]:
    """``time_taken`` of the newest correct logs with 3 < t < 600, at most ``SAMPLES``."""
    times: list[float] = []
    cursor, scanned = None, 0
    query = ProblemLog.query(ProblemLog.exercise == exercise).order(-ProblemLog.time_done)
    while len(times) < SAMPLES and scanned < MAX_SCANNED:
        logs, cursor, more = query.fetch_page(BATCH, start_cursor=cursor)
        scanned += len(logs)
        times.extend(log.time_taken for log in logs
                     if log.correct and log.time_taken is not None and 3 < log.time_taken < 600)
        if not more or not cursor or not logs:
            break
    return times[:SAMPLES]


def update_exercise(name: str) -> float | None:
    """Recompute and store one exercise's value; None if the exercise is not in the Datastore."""
    value = fast_problem_seconds(sample_times(name))

    def txn():
        exercise = Exercise.get_by_id(name)
        if exercise is None:
            return None
        if exercise.seconds_per_fast_problem != value:
            exercise.seconds_per_fast_problem = value
            exercise.put()
        return value

    return transact(txn)


def run(queue=None) -> dict:
    """Every exercise: one task each on ``queue`` (clients.tasks.TaskQueue), or inline when there is none."""
    names = [key.id() for key in Exercise.query().fetch(keys_only=True)]
    if queue is None:
        return {"updated": {name: update_exercise(name) for name in names}}
    for name in names:
        queue.enqueue(QUEUE, TASK_URI.format(name), {"exercise": name})
    return {"enqueued": len(names)}
