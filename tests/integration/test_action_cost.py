"""The engine's cost is pinned by counting calls, never by timing.

With a warm last action cache and nothing awarded, a completed problem or a video log whose rules all decide from
the stats and the action's own log makes no cache read and one cache write that sends only that log, on either
backend, and the same Datastore RPCs as the action with the engine switched off; one whose rules look further
(power time, for a student who both watches and answers) reads the cache once. Every request that resolves a
signed-in or returning session also makes one cache ``get`` of its session generation (identity.generations),
engine on or off, and no Datastore RPC while that copy is cached.
"""
from __future__ import annotations

import datetime

import pytest

from main import create_app
from badges.last_action_cache import LastActionCache
from content.catalogue_cache import Catalogue
from tests.support import BOTH_BACKENDS, RpcSpy, Student

T0 = datetime.datetime(2026, 3, 2, 9, 0, 0)
SESSION_ONLY = {"get": 1}  # the session generation (identity.generations)
ONE_READ_ONE_APPEND = {"memcached": {**SESSION_ONLY, "gets": 1, "append": 1},
                       "valkey": {**SESSION_ONLY, "lac_read": 1, "lac_append": 1}}
ONE_APPEND = {"memcached": {**SESSION_ONLY, "append": 1}, "valkey": {**SESSION_ONLY, "lac_append": 1}}
pytestmark = BOTH_BACKENDS


def _content_kept(app):
    """The app, its stored content cached for the whole test: the counts pinned here are an action's own, and the
    catalogue's minute-long expiry (four queries) would otherwise land in whichever action a slow machine reaches
    after a minute."""
    app.extensions["meteorite.services"].catalogue = Catalogue(ttl=24 * 3600)
    return app


@pytest.fixture(autouse=True)
def content_kept(app):
    return _content_kept(app)


@pytest.fixture
def spy(monkeypatch):
    return RpcSpy(monkeypatch)


def _warm(student: Student) -> None:
    student.now = T0
    for _ in range(2):
        student.now += datetime.timedelta(seconds=30)
        student.solve("subtraction_1")


def _delta(cache, before: dict) -> dict:
    return {k: cache.calls[k] - before.get(k, 0) for k in cache.calls if cache.calls[k] != before.get(k, 0)}


def _problem_cost(app, student, spy):
    cache = app.extensions["meteorite.cache"]
    student.now += datetime.timedelta(seconds=30)
    number, _ = student.serve("subtraction_1")
    before, written = dict(cache.calls), cache.traffic["written"]
    spy.reset()
    body = student.attempt("subtraction_1", number, student.answer_for("subtraction_1", number)).get_json()
    assert body["completed"] and body["action_results"]["badges_earned"] == []
    assert cache.traffic["written"] - written < 1000  # one log, never the history
    return _delta(cache, before), spy.snapshot()


def test_warm_problem_sends_its_log_alone_and_makes_no_extra_datastore_rpcs(app, student, spy, config,
                                                                              cache_backend):
    _warm(student)
    calls, rpcs = _problem_cost(app, student, spy)
    assert calls == ONE_APPEND[cache_backend]
    assert rpcs.get("run_query", 0) == 0  # no rebuild, no rule querying history
    # The action's own: one transaction reading UserData + UserExercise + the monthly counter (the Exercise comes
    # from the app's catalogue cache: it was one more lookup per attempt).
    assert rpcs == {"lookup": 1, "begin_transaction": 1, "commit": 1}, rpcs
    # Same action with the engine off: identical Datastore traffic.
    off_app = _content_kept(create_app(config.with_(badge_engine=False)))
    off_student = Student(off_app)
    _warm(off_student)
    off_calls, off_rpcs = _problem_cost(off_app, off_student, spy)
    assert off_calls == SESSION_ONLY  # the session generation only
    assert rpcs == off_rpcs, (rpcs, off_rpcs)


def test_a_serve_is_one_lookup_and_no_transaction(app, student, spy):
    """Serving writes nothing to the Datastore: the student's stats in one lookup (the Exercise comes from the
    app's catalogue cache); in the cache the session generation and the problem's first-serve clock hint (one
    ``set_if_absent`` on a first serve, and a ``get`` of the time it holds on a re-serve)."""
    _warm(student)
    cache = app.extensions["meteorite.cache"]
    before = dict(cache.calls)
    spy.reset()
    student.serve("subtraction_1", 3)
    assert spy.snapshot() == {"lookup": 1}
    assert _delta(cache, before) == {**SESSION_ONLY, "add": 1}
    before = dict(cache.calls)
    student.serve("subtraction_1", 3)
    assert _delta(cache, before) == {"get": 2, "add": 1}


def _a_video() -> str:
    from content.videos import PLAYLIST_VIDEOS

    return next(iter(PLAYLIST_VIDEOS.values()))[0]


def test_warm_video_log_sends_its_log_alone(app, student, spy, cache_backend):
    youtube_id = _a_video()
    student.now = T0
    student.watch(youtube_id, 0, 0)
    cache = app.extensions["meteorite.cache"]
    student.now += datetime.timedelta(seconds=20)
    before = dict(cache.calls)
    spy.reset()
    body = student.watch(youtube_id, 20, 20).get_json()
    assert body["action_results"]["badges_earned"] == []
    assert _delta(cache, before) == ONE_APPEND[cache_backend]
    # One transaction; the video and its live playlists come from the catalogue cache, and no history query.
    assert spy.snapshot() == {"lookup": 1, "begin_transaction": 1, "commit": 1}


def test_a_rule_that_looks_past_the_actions_log_reads_the_cache_once(app, student, spy, cache_backend):
    """Power time compares the newest problem with the newest video: a student who does both reads the cache
    once per action, and the entry it reads is current (no history query)."""
    _warm(student)
    student.watch(_a_video(), 0, 0)
    calls, rpcs = _problem_cost(app, student, spy)
    assert calls == ONE_READ_ONE_APPEND[cache_backend]
    assert rpcs == {"lookup": 1, "begin_transaction": 1, "commit": 1}, rpcs


def test_wrong_attempt_does_not_touch_the_last_action_cache(app, student):
    cache = app.extensions["meteorite.cache"]
    number, _ = student.serve("subtraction_1")
    before = dict(cache.calls)
    student.attempt("subtraction_1", number, "-77777")
    assert {k: n - before.get(k, 0) for k, n in cache.calls.items() if n != before.get(k, 0)} == SESSION_ONLY


def test_a_lost_entry_is_rebuilt_once_by_the_first_action_that_reads_it(app, student, spy, cache_backend):
    _warm(student)
    LastActionCache(app.extensions["meteorite.cache"]).forget(student.user_id)
    calls, rpcs = _problem_cost(app, student, spy)  # no rule reads: the log is sent alone, and nothing takes it
    assert calls == ONE_APPEND[cache_backend] and rpcs.get("run_query", 0) == 0
    lac = LastActionCache(app.extensions["meteorite.cache"])
    assert lac.read(student.user_id).entry is None
    student.now += datetime.timedelta(seconds=30)
    student.watch(_a_video(), 0, 0)  # power time reads the newest problem log: the miss is rebuilt, whole
    entry = lac.read(student.user_id).entry
    assert (entry.problem_count, entry.video_count, len(entry.problems), len(entry.videos)) == (3, 1, 3, 1)
    calls, rpcs = _problem_cost(app, student, spy)
    assert calls == ONE_READ_ONE_APPEND[cache_backend] and rpcs.get("run_query", 0) == 0
