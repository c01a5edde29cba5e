"""Serving a problem writes nothing; its serve token is what lets an attempt or hint act, only for that student,
exercise and problem, and the problem's clock runs from serving."""
from __future__ import annotations

import datetime

import pytest
from google.cloud import ndb

from actions import problem_clock
from models.logs import ProblemLog
from models.user import UserData
from tests.support import BOTH_BACKENDS, Student, in_namespace

T0 = datetime.datetime(2026, 3, 2, 9, 0, 0)


def _entities(app, user_id: str) -> list:
    with in_namespace(app):
        return ndb.Query(ancestor=ndb.Key(UserData, user_id)).fetch(keys_only=True)


def _time_taken(app, user_id: str, exercise: str, number: int) -> float:
    with in_namespace(app):
        return ProblemLog.get_by_id(f"{exercise}:{number}", parent=ndb.Key(UserData, user_id)).time_taken


def test_a_serve_writes_nothing(app, student):
    for _ in range(2):
        number, served = student.serve("addition_1", 1)
        assert served.status_code == 200 and served.get_json()["problem_token"]
    assert _entities(app, student.user_id) == []  # not even the phantom's UserData


def test_an_action_without_its_serve_token_is_a_409_and_changes_nothing(app, student):
    number, _ = student.serve("addition_1")
    answer = student.answer_for("addition_1", number)
    assert student.attempt("addition_1", number, answer, token=None).status_code == 409
    assert student.hint("addition_1", number, token=None).status_code == 409
    assert _entities(app, student.user_id) == []


@pytest.mark.parametrize("whose", ["another student's", "another exercise's", "a tampered"])
def test_a_token_not_made_for_this_problem_and_student_is_a_409(app, student, whose):
    number, _ = student.serve("addition_1")
    if whose == "another student's":
        other = Student(app)
        other.serve("addition_1", number)
        token = other.tokens[("addition_1", number)]
    elif whose == "another exercise's":
        student.serve("subtraction_1", number)
        token = student.tokens[("subtraction_1", number)]
    else:
        token = student.tokens[("addition_1", number)][:-2] + "AA"
    response = student.attempt("addition_1", number, student.answer_for("addition_1", number), token=token)
    assert response.status_code == 409 and "not served to you" in response.get_json()["error"]
    assert student.get("/api/v1/user/exercises/addition_1").get_json()["total_done"] == 0


@pytest.mark.parametrize("token", [5, ["1.2.3"], "x" * 101])
def test_a_token_that_is_not_a_short_string_is_a_400(student, token):
    number, _ = student.serve("addition_1")
    assert student.attempt("addition_1", number, "1", token=token).status_code == 400
    assert student.hint("addition_1", number, token=token).status_code == 400


def test_the_token_of_a_completed_problem_acts_no_more(student):
    """Once its problem is completed a token changes nothing: the same right answer again is the idempotent replay
    of the committed completion, and a wrong answer or a hint is a 409."""
    number, _ = student.serve("addition_1")
    answer = student.answer_for("addition_1", number)
    done = student.attempt("addition_1", number, answer)
    assert done.status_code == 200
    replayed = student.attempt("addition_1", number, answer)
    assert replayed.status_code == 200 and replayed.get_json()["user_exercise"] == done.get_json()["user_exercise"]
    assert student.attempt("addition_1", number, "-424242").status_code == 409
    assert student.hint("addition_1", number).status_code == 409
    assert student.get("/api/v1/user/exercises/addition_1").get_json() == done.get_json()["user_exercise"]


def test_time_taken_counts_from_the_serve_of_the_token_sent(app, student):
    student.now = T0
    number, _ = student.serve("addition_1")
    first = student.tokens[("addition_1", number)]
    student.now = T0 + datetime.timedelta(seconds=10)
    student.serve("addition_1", number)  # a reload: a new token, nothing written
    student.now = T0 + datetime.timedelta(seconds=12)
    student.attempt("addition_1", number, student.answer_for("addition_1", number), token=first)
    assert _time_taken(app, student.user_id, "addition_1", number) == 12.0


@pytest.mark.parametrize("first_action", ["wrong attempt", "hint"])
def test_a_fresh_serve_cannot_restart_a_clock_a_write_has_pinned(app, student, first_action):
    student.now = T0
    number, _ = student.serve("addition_1")
    student.now = T0 + datetime.timedelta(seconds=5)
    if first_action == "hint":
        assert student.hint("addition_1", number).status_code == 200
    else:
        assert student.attempt("addition_1", number, "-424242").status_code == 200
    student.now = T0 + datetime.timedelta(seconds=20)
    student.serve("addition_1", number)  # a fresh token, served 20 s after the first
    student.now = T0 + datetime.timedelta(seconds=21)
    assert student.attempt("addition_1", number, student.answer_for("addition_1", number)).status_code == 200
    assert _time_taken(app, student.user_id, "addition_1", number) == 21.0


@BOTH_BACKENDS
def test_a_re_serve_signs_the_first_serve_time_so_it_cannot_shorten_time_taken(app, student, cache_backend):
    """Serve, work the problem out, serve it again and answer at once with the fresh token: the time still counts
    from the first serve, so no timed-problem badge can be farmed by re-serving."""
    student.now = T0
    number, _ = student.serve("addition_1")
    student.now = T0 + datetime.timedelta(seconds=40)
    student.serve("addition_1", number)  # a fresh token, answered at once
    student.now = T0 + datetime.timedelta(seconds=41)
    assert student.attempt("addition_1", number, student.answer_for("addition_1", number)).status_code == 200
    assert _time_taken(app, student.user_id, "addition_1", number) == 41.0


def test_a_lost_clock_hint_restarts_the_clock_at_the_next_serve(app, student):
    """The first-serve key is a hint, not state: once evicted (or with the cache down) a re-serve starts the clock
    at that serve, as the docstring of `actions.problem_clock` says."""
    student.now = T0
    number, _ = student.serve("addition_1")
    app.extensions["meteorite.cache"].delete(problem_clock.key(student.user_id, "addition_1", number))
    student.now = T0 + datetime.timedelta(seconds=40)
    student.serve("addition_1", number)
    student.now = T0 + datetime.timedelta(seconds=41)
    assert student.attempt("addition_1", number, student.answer_for("addition_1", number)).status_code == 200
    assert _time_taken(app, student.user_id, "addition_1", number) == 1.0
