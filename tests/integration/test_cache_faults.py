"""A student mid-streak while the cache is flushed, killed and started again, on each backend: every answer is
served (no 5xx), and the badges come at exactly the same answers as without faults. The student watched a video
first, so power time reads the cached history on every answer (its window holds that video), and the cache is
current again at the end. Each test runs its own cache server on a free port (the shared ones are never flushed
or killed)."""
from __future__ import annotations

import datetime

import pytest
import valkey
from pymemcache.client.base import Client

from badges.last_action_cache import LastActionCache
from content.seed import seed
from content.videos import PLAYLIST_VIDEOS
from main import create_app
from tests import cache_servers
from tests.support import Student

T0 = datetime.datetime(2026, 3, 2, 9, 0, 0)
FAST = datetime.timedelta(seconds=1)
VIDEO = next(iter(PLAYLIST_VIDEOS.values()))[0]
# Badge -> the only answer (1-based) that earns it, for 25 fast correct answers in Addition 1.
EXPECTED = {"nicetimedproblembadge[Addition 1]": 5, "greattimedproblembadge[Addition 1]": 10,
            "nicestreakbadge[Addition 1]": 20, "awesometimedproblembadge[Addition 1]": 20}


def _flush(backend: str, port: int) -> None:
    if backend == "memcached":
        Client(("127.0.0.1", port)).flush_all(noreply=False)
    else:
        valkey.Valkey(port=port).flushall()


def _app(config, backend: str, port: int):
    app = create_app(config.with_(cache_url=cache_servers.url(backend, port)))
    with app.extensions["meteorite.ndb"].context(namespace=config.namespace, cache_policy=False):
        seed()
    return app


@pytest.mark.parametrize("backend", ["memcached", "valkey"])
def test_a_streak_through_a_flush_and_a_killed_cache_server(backend, config, tmp_path):
    port = cache_servers.free_port()
    proc = cache_servers.start(backend, port, str(tmp_path))
    try:
        app = _app(config, backend, port)
        cache = app.extensions["meteorite.cache"]
        student = Student(app)
        student.now = T0
        student.watch(VIDEO, 0, 0)
        earned: dict[str, list[int]] = {}
        for n in range(1, 26):
            if n in (8, 21):
                _flush(backend, port)
            if n == 12:
                cache_servers.stop(proc)
            if n == 16:
                proc = cache_servers.start(backend, port, str(tmp_path))
            body = student.solve("addition_1", advance=FAST)  # asserts every serve and answer is a 200
            for badge in body["action_results"]["badges_earned"]:
                earned.setdefault(badge["key"], []).append(n)
        assert {key: earned.get(key) for key in EXPECTED} == {key: [n] for key, n in EXPECTED.items()}
        assert cache.calls["errors"] > 0  # the server really was gone for answers 12-15
        entry = LastActionCache(cache).read(student.user_id).entry
        assert entry is not None and (entry.problem_count, len(entry.problems), entry.video_count) == (25, 25, 1)
    finally:
        cache_servers.stop(proc)


@pytest.mark.parametrize("backend", ["memcached", "valkey"])
def test_rules_read_the_rebuilt_history_while_the_server_is_down(backend, config, tmp_path):
    port = cache_servers.free_port()
    proc = cache_servers.start(backend, port, str(tmp_path))
    try:
        app = _app(config, backend, port)
        student = Student(app)
        student.now = T0
        student.watch(VIDEO, 0, 0)
        for _ in range(2):
            student.solve("addition_1", advance=FAST)
        cache_servers.stop(proc)
        earned = [b["key"] for _ in range(3)
                  for b in student.solve("addition_1", advance=FAST)["action_results"]["badges_earned"]]
        assert earned == ["nicetimedproblembadge[Addition 1]"]  # logs 1-2 came from the Datastore: nothing lost
        proc = cache_servers.start(backend, port, str(tmp_path))
        for _ in range(2):
            student.solve("addition_1", advance=FAST)
        entry = LastActionCache(app.extensions["meteorite.cache"]).read(student.user_id).entry
        assert entry is not None and (entry.problem_count, len(entry.problems), entry.video_count) == (7, 7, 1)
    finally:
        cache_servers.stop(proc)


@pytest.mark.parametrize("cache_backend", ["valkey-cluster"], indirect=True)
def test_a_streak_through_flushes_of_a_three_node_cluster(app, student):
    cache = app.extensions["meteorite.cache"]
    student.now = T0
    student.watch(VIDEO, 0, 0)
    earned: dict[str, list[int]] = {}
    for n in range(1, 21):
        if n in (4, 9, 17):
            cache.call("flushall", lambda client: client.flushall(target_nodes=client.ALL_NODES))
        for badge in student.solve("addition_1", advance=FAST)["action_results"]["badges_earned"]:
            earned.setdefault(badge["key"], []).append(n)
    assert {key: earned.get(key) for key in EXPECTED} == {key: [n] for key, n in EXPECTED.items()}
    entry = LastActionCache(cache).read(student.user_id).entry
    assert (entry.problem_count, len(entry.problems), entry.video_count) == (20, 20, 1)
