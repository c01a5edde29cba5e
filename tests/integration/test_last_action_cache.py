"""The last action cache against a real memcached: format, trimming, CAS conflicts, versions, misses, and
memcached going away mid-test and coming back."""
from __future__ import annotations

import datetime
import shutil
import socket
import subprocess
import time

import pytest
from google.cloud import ndb

from badges import last_action_cache as lac_module
from badges.last_action_cache import MAX_LOGS, Entry, LastActionCache, LazyLogs, decode, encode
from clients.cache import Cache
from models.logs import ProblemLog
from models.user import UserData
from tests.support import Student, seeded_app

T0 = datetime.datetime(2026, 3, 2, 9, 0, 0)


def _log(n: int, exercise: str = "addition_1") -> ProblemLog:
    return ProblemLog(key=ndb.Key(UserData, "u1", ProblemLog, f"{exercise}:{n}"), exercise=exercise,
                      problem_number=n, correct=n % 2 == 0, time_done=T0 + datetime.timedelta(seconds=n),
                      time_taken=3.5)


@pytest.fixture
def cache(config):
    return Cache(config.memcached_address, prefix=config.cache_prefix)


def test_entity_protobuf_round_trip(ndb_context):
    log = _log(7)
    back = decode(encode(log))
    assert back.key == log.key and back.exercise == "addition_1" and back.time_done == log.time_done
    assert back.correct is False and back.time_taken == 3.5


def test_entry_round_trip_through_memcached_and_trimming_at_500(ndb_context, cache):
    lac = LastActionCache(cache)
    entry = Entry()
    for n in range(1, MAX_LOGS + 2):
        entry = entry.with_problem(encode(_log(n)))
    assert entry.problem_count == 501 and len(entry.problems) == 500
    assert lac.write("u1", lac.read("u1"), entry, "problem")
    snapshot = lac.read("u1")
    assert snapshot.entry == entry and snapshot.token is not None
    logs = LazyLogs(snapshot.entry.problems)
    assert logs[0].problem_number == 501 and logs[-1].problem_number == 2
    assert logs.decoded_count == 2  # decoded only what was asked for


def test_cas_conflict_merges_onto_the_newer_value(ndb_context, cache):
    lac = LastActionCache(cache)
    lac.write("u2", lac.read("u2"), Entry(), "problem")
    first, second = lac.read("u2"), lac.read("u2")
    a = Entry().with_problem(encode(_log(1)))
    assert lac.write("u2", first, a, "problem")
    b = a.with_problem(encode(_log(2)))  # computed by a transaction that committed after a's
    assert lac.write("u2", second, b, "problem")  # stale token: merged onto a, not lost
    stored = lac.read("u2").entry
    assert stored.problem_count == 2 and [decode(p).problem_number for p in stored.problems] == [2, 1]
    # A writer whose value is older than what is stored leaves the newer value alone.
    stale = lac.read("u2")
    newer = b.with_problem(encode(_log(3)))
    assert lac.write("u2", stale, newer, "problem")
    assert lac.write("u2", stale, b, "problem")
    assert lac.read("u2").entry.problem_count == 3


def test_version_bump_changes_the_key_and_rejects_old_bytes(ndb_context, cache, monkeypatch):
    lac = LastActionCache(cache)
    entry = Entry().with_problem(encode(_log(1)))
    lac.write("u3", lac.read("u3"), entry, "problem")
    old_key, old_bytes = LastActionCache.key("u3"), entry.serialize()
    monkeypatch.setattr(lac_module, "VERSION", lac_module.VERSION + 1)
    assert LastActionCache.key("u3") != old_key
    assert Entry.parse(old_bytes) is None
    assert lac.read("u3").entry is None


def test_miss_rebuilds_from_the_datastore_and_stores_it(app, student):
    student.now = T0
    for _ in range(3):
        student.solve("addition_1", advance=datetime.timedelta(seconds=30))
    cache = app.extensions["meteorite.cache"]
    lac = LastActionCache(cache)
    cache.delete(LastActionCache.key(student.user_id))
    assert lac.read(student.user_id).entry is None
    student.solve("addition_1", advance=datetime.timedelta(seconds=30))
    entry = lac.read(student.user_id).entry
    assert entry.problem_count == 4 and len(entry.problems) == 4


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_memcached(port: int) -> subprocess.Popen:
    binary = shutil.which("memcached")
    assert binary, "memcached is not installed: run the tests with `make test`"
    proc = subprocess.Popen([binary, "-u", "memcache", "-l", "127.0.0.1", "-p", str(port), "-m", "16"])
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise AssertionError("memcached did not start")


def test_memcached_stopped_mid_test_and_started_again(config):
    port = _free_port()
    proc = _start_memcached(port)
    try:
        app = seeded_app(config.with_(memcached_address=f"127.0.0.1:{port}"))
        student = Student(app)
        student.now = T0
        fast = datetime.timedelta(seconds=1)
        for _ in range(2):
            student.solve("addition_1", advance=fast)
        proc.terminate()
        proc.wait(5)
        cache = app.extensions["meteorite.cache"]
        errors_before = cache.calls["errors"]
        earned = [b["key"] for _ in range(3)
                  for b in student.solve("addition_1", advance=fast)["action_results"]["badges_earned"]]
        assert earned == ["nicetimedproblembadge[Addition 1]"]  # rules read the rebuilt list: nothing lost
        assert cache.calls["errors"] > errors_before
        proc = _start_memcached(port)
        student.solve("addition_1", advance=fast)
        entry = LastActionCache(cache).read(student.user_id).entry
        assert entry is not None and entry.problem_count == 6 and len(entry.problems) == 6
    finally:
        proc.kill()
        proc.wait(5)
