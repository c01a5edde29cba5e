"""The runs kept on the stats (`learning.problem_runs`) against the real services: real actions keep them equal to
what the stored problem logs say; an older user's are learned from the logs on its first engine action, after
which an action no rule needs the history for reads no cache; and on memcached, a student whose rules never read
still gets the appended records compacted."""
from __future__ import annotations

import datetime

import pytest
from google.cloud import ndb

from badges import memcached_logs
from badges.memcached_logs import MemcachedLogs
from content.catalogue_cache import Catalogue
from learning.problem_runs import correct_times
from models.logs import ProblemLog
from models.user import UserData, UserExercise
from tests.log_runs import told_run, told_times
from tests.support import BOTH_BACKENDS, RpcSpy, in_namespace

T0 = datetime.datetime(2026, 3, 2, 9, 0, 0)
S = datetime.timedelta(seconds=1)
SESSION_ONLY = {"get": 1}  # the session generation (identity.generations)
ONE_APPEND = {"memcached": {**SESSION_ONLY, "append": 1}, "valkey": {**SESSION_ONLY, "lac_append": 1}}
READS = {"memcached": "gets", "valkey": "lac_read"}


@pytest.fixture(autouse=True)
def content_kept(app):
    """The stored content cached for the whole test, so an action's counted calls are its own (see
    tests/integration/test_action_cost.py)."""
    app.extensions["meteorite.services"].catalogue = Catalogue(ttl=24 * 3600)


def stored(app, user_id: str) -> tuple[UserData, dict[str, UserExercise], list[ProblemLog]]:
    """The user's stats, exercise stats by name, and problem logs newest first, as stored."""
    with in_namespace(app):
        key = ndb.Key(UserData, user_id)
        exercises = UserExercise.query(ancestor=key).fetch()
        logs = ProblemLog.query(ancestor=key).order(-ProblemLog.time_done).fetch()
        return key.get(), {ue.exercise: ue for ue in exercises}, logs


def assert_runs_are_the_logs(app, user_id: str, unknown: tuple = ()) -> tuple[UserData, dict[str, UserExercise]]:
    """The stored runs are what the stored logs say; the exercises named in ``unknown`` have no times yet."""
    ud, exercises, logs = stored(app, user_id)
    assert ud.problem_log_count == len(logs)
    assert (ud.problem_run_exercise, ud.problem_run) == told_run(logs)
    for name, ue in exercises.items():
        assert correct_times(ue.correct_times) == (None if name in unknown else told_times(logs, name)), name
    return ud, exercises


def open_problem(student, exercise: str, event: str) -> int:
    """Serve ``exercise``'s next problem and take a hint ("H") or answer it wrong ("W"), leaving it open."""
    number, served = student.serve(exercise)
    assert served.status_code == 200
    response = student.hint(exercise, number) if event == "H" else student.attempt(exercise, number, "-999999")
    assert response.status_code == 200 and not response.get_json().get("completed"), response.get_json()
    return number


def finish(student, exercise: str, number: int, advance: datetime.timedelta) -> None:
    student.now += advance
    response = student.attempt(exercise, number, student.answer_for(exercise, number))
    assert response.status_code == 200 and response.get_json()["completed"], response.get_json()


# (exercise, what comes before the right answer: "" first try, "W" a wrong attempt, "H" a hint; seconds taken)
PLAYED = [("addition_1", "", 4), ("addition_1", "", 2), ("addition_1", "W", 9), ("addition_1", "", 3),
          ("addition_1", "H", 5), ("addition_1", "", 1), ("addition_1", "", 2), ("subtraction_1", "", 6),
          ("subtraction_1", "", 2), ("subtraction_1", "H", 3), ("addition_1", "", 7), ("subtraction_1", "W", 2),
          ("subtraction_1", "", 4), ("addition_1", "", 2)]


def test_real_actions_keep_the_runs_equal_to_the_stored_logs(app, student):
    student.now = T0
    for exercise, before, seconds in PLAYED:
        student.now += 60 * S
        number = open_problem(student, exercise, before) if before else student.serve(exercise)[0]
        finish(student, exercise, number, seconds * S)
        assert_runs_are_the_logs(app, student.user_id)
    ud, exercises = assert_runs_are_the_logs(app, student.user_id)
    assert (ud.problem_run_exercise, ud.problem_run) == ("addition_1", 1)
    assert correct_times(exercises["addition_1"].correct_times) == [1.0, 2.0, 7.0, 2.0]  # across subtraction's
    assert correct_times(exercises["subtraction_1"].correct_times) == [4.0]
    for event in "HW":  # a hint or a wrong attempt on the open problem resets the streak, but no log: no run moves
        student.now += 60 * S
        open_problem(student, "addition_1" if event == "H" else "subtraction_1", event)
        after, now = assert_runs_are_the_logs(app, student.user_id)
        assert (after.problem_run_exercise, after.problem_run) == ("addition_1", 1)
        assert [now[name].correct_times for name in now] == [exercises[name].correct_times for name in now]
    assert now["addition_1"].streak == now["subtraction_1"].streak == 0


# An older user's history, oldest first: (exercise, correct); 12 subtraction logs, then addition 1's: one right,
# one wrong, then six right in a row.
HISTORY = [("subtraction_1", n % 4 != 0) for n in range(1, 13)] + [("addition_1", True), ("addition_1", False)] + [
    ("addition_1", True)] * 6


def make_older_user(app, user_id: str) -> None:
    """Logs made before the runs were kept, and stats to match with the runs None (as bench/realtime.py
    ``history`` makes them); the next problem of each exercise is its ``total_done + 1``."""
    logs, done, streaks = [], {}, {"addition_1": 6, "subtraction_1": 0}
    with in_namespace(app):
        key = ndb.Key(UserData, user_id)
        for n, (exercise, correct) in enumerate(HISTORY, start=1):
            done[exercise] = done.get(exercise, 0) + 1
            logs.append(ProblemLog(parent=key, id=f"{exercise}:{done[exercise]}", exercise=exercise,
                                   problem_number=done[exercise], correct=correct, time_taken=30.0 + n,
                                   time_done=T0 - (len(HISTORY) - n) * 60 * S))
        ndb.put_multi([*logs, UserData(key=key, joined=T0, badge_counts=[0] * 6, problem_log_count=len(HISTORY)),
                       *(UserExercise(parent=key, id=name, exercise=name, total_done=n, streak=streaks[name])
                         for name, n in done.items())])


def solve_counted(app, student, exercise: str, spy: RpcSpy) -> tuple[dict, dict]:
    """One first-try right answer (30 s after its serve); the cache calls and Datastore RPCs of the answer."""
    cache = app.extensions["meteorite.cache"]
    student.now += 60 * S
    number, _ = student.serve(exercise)
    before = dict(cache.calls)
    spy.reset()
    finish(student, exercise, number, 30 * S)
    return {k: n - before.get(k, 0) for k, n in cache.calls.items() if n != before.get(k, 0)}, spy.snapshot()


@BOTH_BACKENDS
def test_an_older_users_runs_are_learned_on_its_first_engine_action_then_read_nothing(
        app, student, monkeypatch, cache_backend):
    make_older_user(app, student.user_id)
    ud, exercises, _ = stored(app, student.user_id)
    assert ud.problem_run is None and exercises["addition_1"].correct_times is None
    student.now, spy = T0, RpcSpy(monkeypatch)
    calls, _ = solve_counted(app, student, "addition_1", spy)
    assert calls[READS[cache_backend]] == 1  # the logs the runs are learned from: read once
    # subtraction 1's times are learned on an action of its own
    ud, exercises = assert_runs_are_the_logs(app, student.user_id, unknown=("subtraction_1",))
    assert (ud.problem_run_exercise, ud.problem_run) == ("addition_1", 9)
    assert correct_times(exercises["addition_1"].correct_times) == [30.0 + n for n in range(15, 21)] + [30.0]
    calls, rpcs = solve_counted(app, student, "addition_1", spy)
    assert calls == ONE_APPEND[cache_backend]  # no rule needs the history: the log is sent alone
    assert rpcs == {"lookup": 1, "begin_transaction": 1, "commit": 1}, rpcs
    ud, exercises = assert_runs_are_the_logs(app, student.user_id, unknown=("subtraction_1",))
    assert ud.problem_run == 10 and len(correct_times(exercises["addition_1"].correct_times)) == 8


def test_memcached_compacts_the_records_of_a_student_whose_rules_never_read(app, student, monkeypatch):
    """Every `COMPACT_AFTER`-th log reads the item although no rule does, and rewrites it whole once its records
    reach `COMPACT_AFTER`: past two multiples, the item holds fewer than twice that many, and its counts are
    `UserData`'s. The store reads the constant at call time, so a small one keeps the test short."""
    compact = 4
    monkeypatch.setattr(memcached_logs, "COMPACT_AFTER", compact)
    store, cache = MemcachedLogs(app.extensions["meteorite.cache"]), app.extensions["meteorite.cache"]
    student.now, tails = T0, []
    for number in range(1, 3 * compact + 2):
        gets = cache.calls["gets"]
        student.now += 60 * S
        student.solve("addition_1", advance=30 * S)
        assert cache.calls["gets"] - gets == (number % compact == 0), number  # the upkeep read only
        snapshot = store.read(student.user_id)  # the app's own connections: its appends are in before this
        ud, _, _ = stored(app, student.user_id)
        assert snapshot.entry.matches(ud.problem_log_count, ud.video_log_count), number
        tails.append(snapshot.tail)
    assert max(tails) < 2 * compact and ud.problem_log_count == 3 * compact + 1, tails
    assert tails[2 * compact - 1] == 0, tails  # the second upkeep read found a full tail: written whole
