"""The engine's cost is pinned by counting calls, never by timing (issue: real-time badges, item 3).

With a warm last action cache and nothing awarded, a completed problem or a video log makes exactly one
memcached read and one memcached write, and the same Datastore RPCs as the action with the engine switched off.
"""
from __future__ import annotations

import datetime

import pytest

from main import create_app
from tests.support import RpcSpy, Student

T0 = datetime.datetime(2026, 3, 2, 9, 0, 0)


@pytest.fixture
def spy(monkeypatch):
    return RpcSpy(monkeypatch)


def _warm(student: Student) -> None:
    student.now = T0
    for _ in range(2):
        student.now += datetime.timedelta(seconds=30)
        student.solve("subtraction_1")


def _problem_cost(app, student, spy):
    cache = app.extensions["meteorite.cache"]
    student.now += datetime.timedelta(seconds=30)
    number, _ = student.serve("subtraction_1")
    before = dict(cache.calls)
    spy.reset()
    body = student.attempt("subtraction_1", number, student.answer_for("subtraction_1", number)).get_json()
    assert body["completed"] and body["action_results"]["badges_earned"] == []
    memcached = {k: cache.calls[k] - before.get(k, 0) for k in cache.calls if cache.calls[k] != before.get(k, 0)}
    return memcached, spy.snapshot()


def test_warm_problem_costs_one_read_one_write_and_no_extra_datastore_rpcs(app, student, spy, config):
    _warm(student)
    memcached, rpcs = _problem_cost(app, student, spy)
    assert memcached == {"gets": 1, "cas": 1}
    assert rpcs.get("run_query", 0) == 0  # no rebuild, no rule querying history
    # The action's own: one transaction reading UserData + UserExercise + the monthly counter (the Exercise comes
    # from the app's catalogue cache: it was one more lookup per attempt).
    assert rpcs == {"lookup": 1, "begin_transaction": 1, "commit": 1}, rpcs
    # Same action with the engine off: identical Datastore traffic.
    off_app = create_app(config.with_(badge_engine=False))
    off_student = Student(off_app)
    _warm(off_student)
    off_memcached, off_rpcs = _problem_cost(off_app, off_student, spy)
    assert off_memcached == {}
    assert rpcs == off_rpcs, (rpcs, off_rpcs)


def test_a_serve_is_one_lookup_and_no_transaction(app, student, spy):
    """Serving writes nothing: the student's stats in one lookup (it was three lookups, a transaction and its
    commit; the Exercise comes from the app's catalogue cache), and no memcached traffic."""
    _warm(student)
    cache = app.extensions["meteorite.cache"]
    before = cache.round_trips()
    spy.reset()
    student.serve("subtraction_1", 3)
    assert spy.snapshot() == {"lookup": 1}
    assert cache.round_trips() == before


def test_warm_video_log_costs_one_read_one_write(app, student, spy):
    from content.videos import PLAYLIST_VIDEOS

    youtube_id = next(iter(PLAYLIST_VIDEOS.values()))[0]
    student.now = T0
    student.watch(youtube_id, 0, 0)
    cache = app.extensions["meteorite.cache"]
    student.now += datetime.timedelta(seconds=20)
    before = dict(cache.calls)
    spy.reset()
    body = student.watch(youtube_id, 20, 20).get_json()
    assert body["action_results"]["badges_earned"] == []
    delta = {k: cache.calls[k] - before.get(k, 0) for k in cache.calls if cache.calls[k] != before.get(k, 0)}
    assert delta == {"gets": 1, "cas": 1}
    # One transaction; the video and its live playlists come from the catalogue cache (they were two lookups and
    # a query per log), and no history query.
    assert spy.snapshot() == {"lookup": 1, "begin_transaction": 1, "commit": 1}


def test_wrong_attempt_does_not_touch_the_cache(app, student):
    cache = app.extensions["meteorite.cache"]
    number, _ = student.serve("subtraction_1")
    before = cache.round_trips()
    student.attempt("subtraction_1", number, "-77777")
    assert cache.round_trips() == before


def test_cold_cache_rebuilds_from_the_datastore_once(app, student, spy):
    _warm(student)
    cache = app.extensions["meteorite.cache"]
    from badges.last_action_cache import LastActionCache

    cache.delete(LastActionCache.key(student.user_id))
    student.now += datetime.timedelta(seconds=30)
    number, _ = student.serve("subtraction_1")
    spy.reset()
    student.attempt("subtraction_1", number, student.answer_for("subtraction_1", number))
    assert spy.calls["run_query"] == 2  # problem logs + video logs, by ancestor query
    memcached, rpcs = _problem_cost(app, student, spy)
    assert memcached == {"gets": 1, "cas": 1} and rpcs.get("run_query", 0) == 0
