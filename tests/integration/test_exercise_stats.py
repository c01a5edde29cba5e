"""The weekly `seconds_per_fast_problem` job against the Datastore emulator."""
from __future__ import annotations

import datetime

from google.cloud import ndb

from jobs import exercise_stats
from models.content import Exercise
from models.logs import ProblemLog
from models.user import UserData
from tests.support import in_namespace

T0 = datetime.datetime(2012, 3, 1)


def test_fast_problem_seconds_is_the_clamped_25th_percentile():
    assert exercise_stats.fast_problem_seconds([10.0] * 49) == 2.0  # too few samples
    assert exercise_stats.fast_problem_seconds(range(1, 101)) == 25.75
    assert exercise_stats.fast_problem_seconds([500.0] * 60) == 60.0
    assert exercise_stats.fast_problem_seconds([3.5] * 60) == 3.5


def _logs(exercise: str, times: list[float], correct: bool = True, user: str = "a") -> list[ProblemLog]:
    user = ndb.Key(UserData, f"stats-{user}")
    return [ProblemLog(parent=user, id=f"{exercise}:{n}", exercise=exercise, problem_number=n, correct=correct,
                       time_done=T0 + datetime.timedelta(minutes=n), time_taken=t) for n, t in enumerate(times, 1)]


def test_the_cron_recomputes_from_correct_logs_only(app, task_queues):
    with in_namespace(app):
        ndb.put_multi(_logs("addition_1", [4.0 + (n % 8) for n in range(80)]) + _logs("addition_1", [1.0] * 40, user="b")
                      + _logs("addition_1", [5.0] * 100, correct=False, user="c") + _logs("subtraction_1", [9.0] * 10))
        exercises = Exercise.query().count()
    client = app.test_client()
    assert client.get("/admin/cron/exercise_stats").status_code == 403
    # The test app has a task queue (the test's own, paused): the cron only enqueues, one task per exercise;
    # run two exercises' tasks as Cloud Tasks would.
    enqueued = client.get("/admin/cron/exercise_stats", headers={"X-Appengine-Cron": "true"})
    assert enqueued.get_json() == {"enqueued": exercises}
    assert len(task_queues.tasks(exercise_stats.QUEUE)) == exercises
    for name in ("addition_1", "subtraction_1"):
        response = client.post(f"/admin/tasks/exercise_stats/{name}", json={"exercise": name},
                               headers={"X-AppEngine-QueueName": "default"})
        assert response.status_code == 200
    with in_namespace(app):
        assert Exercise.get_by_id("addition_1").seconds_per_fast_problem == 5.75  # 4..11 s, ten each; the 1.0 s are below 3 s
        assert Exercise.get_by_id("subtraction_1").seconds_per_fast_problem == 2.0  # fewer than 50 samples
