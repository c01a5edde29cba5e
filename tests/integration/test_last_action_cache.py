"""The last action cache against real servers, on every backend (memcached, Valkey, a three-node Valkey cluster):
format, trimming, an action sending only its own log, racing writers, versions, misses, and outages."""
from __future__ import annotations

import datetime
from dataclasses import replace

import pytest
from google.cloud import ndb

from badges import cached_logs
from badges.last_action_cache import MAX_LOGS, Entry, LastActionCache, LazyLogs, Snapshot, decode, encode
from badges.log_codec import ProblemFields, VideoFields, decode_fields, fetch_encoded
from badges.memcached_logs import COMPACT_AFTER
from clients.cache import make_cache
from content.videos import PLAYLIST_VIDEOS
from models.logs import ProblemLog, VideoLog
from models.user import UserData
from tests.cache_servers import free_port
from tests.support import ALL_BACKENDS

T0 = datetime.datetime(2026, 3, 2, 9, 0, 0)


def _log(n: int, exercise: str = "addition_1") -> ProblemLog:
    return ProblemLog(key=ndb.Key(UserData, "u1", ProblemLog, f"{exercise}:{n}"), exercise=exercise,
                      problem_number=n, correct=n % 2 == 0, time_done=T0 + datetime.timedelta(seconds=n),
                      time_taken=3.5)


def _numbers(entry: Entry) -> list[int]:
    return [log.problem_number for log in LazyLogs(entry.problems)]


@pytest.fixture
def lac(config):
    return LastActionCache(make_cache(config))


def _act(lac: LastActionCache, user: str, n: int) -> Snapshot:
    """One action: read, current entry plus problem log ``n``, write. Returns what was read."""
    snapshot = lac.read(user)
    entry = snapshot.entry or Entry()
    lac.write(user, snapshot, entry.with_problem(encode(_log(n))), "problem")
    return snapshot


def test_entity_protobuf_round_trip(ndb_context):
    log = _log(7)
    back = decode(encode(log))
    assert back.key == log.key and back.exercise == "addition_1" and back.time_done == log.time_done
    assert back.correct is False and back.time_taken == 3.5


def test_the_rules_fields_read_from_the_bytes_equal_the_models(ndb_context):
    """`decode_fields` reads the protobuf itself: every field equals the model's, microseconds and None included."""
    problems = [_log(7), _log(8, "subtraction_1"),
                ProblemLog(key=ndb.Key(UserData, "u1", ProblemLog, "x:1"), exercise="x", problem_number=1,
                           correct=True, time_done=datetime.datetime(2026, 3, 2, 9, 0, 0, 123456), time_taken=0.0),
                ProblemLog(key=ndb.Key(UserData, "u1", ProblemLog, "x:2"))]
    videos = [VideoLog(key=ndb.Key(UserData, "u1", VideoLog, "v"), youtube_id="abc", time_watched=T0,
                       seconds_watched=12.25, last_second_watched=40.0, playlist_ids=["p1", "p2"]),
              VideoLog(key=ndb.Key(UserData, "u1", VideoLog, "w"))]
    for log in problems + videos:
        fields = decode_fields(encode(log))
        assert isinstance(fields, ProblemFields if isinstance(log, ProblemLog) else VideoFields)
        model = decode(encode(log))
        for name in type(fields).__dataclass_fields__:
            assert getattr(fields, name) == getattr(model, name) == getattr(log, name), name
            assert getattr(fields, name) is None or isinstance(getattr(model, name), type(getattr(fields, name)))


@ALL_BACKENDS
def test_entry_round_trip_and_trimming_at_500(ndb_context, lac):
    entry = Entry()
    for n in range(1, MAX_LOGS + 2):
        entry = entry.with_problem(_log(n))  # entities, as a rebuild holds them: encoded when written
    assert entry.problem_count == 501 and len(entry.problems) == 500
    assert lac.write("u1", lac.read("u1"), entry, "problem")
    stored = lac.read("u1").entry
    assert stored == Entry(501, 0, tuple(map(encode, entry.problems)), ())
    logs = LazyLogs(stored.problems)
    assert logs[0].problem_number == 501 and logs[-1].problem_number == 2
    assert logs.decoded_count == 2  # decoded only what was asked for


@ALL_BACKENDS
def test_an_action_sends_only_its_own_log(ndb_context, lac):
    history = Entry()
    for n in range(1, 301):
        history = history.with_problem(encode(_log(n)))
    assert lac.write("u2", lac.read("u2"), history, "problem")
    written = lac.cache.traffic["written"]
    for n in range(301, 311):
        _act(lac, "u2", n)
    per_action = (lac.cache.traffic["written"] - written) / 10
    assert per_action < 2 * len(encode(_log(310))) + 100, per_action
    stored = lac.read("u2").entry
    assert stored.problem_count == 310 and _numbers(stored)[:12] == list(range(310, 298, -1))


@ALL_BACKENDS
def test_racing_writers_never_lose_or_duplicate_a_log(ndb_context, lac):
    """Tab A appends log 3 onto the entry it read; tab B, whose transaction committed after A's, rebuilt its
    entry (logs 1-4) from the Datastore and writes it from an older read. In either order both logs count once."""
    for first in ("a", "b"):
        user = f"race-{first}"
        base = Entry().with_problem(encode(_log(1))).with_problem(encode(_log(2)))
        lac.write(user, lac.read(user), base, "problem")
        seen_a, seen_b = lac.read(user), lac.read(user)
        a = seen_a.entry.with_problem(encode(_log(3)))
        b = Entry(4, 0, tuple(_log(n) for n in (4, 3, 2, 1)), ())
        writes = [(seen_a, a), (seen_b, b)] if first == "a" else [(seen_b, b), (seen_a, a)]
        for snapshot, entry in writes:
            assert lac.write(user, snapshot, entry, "problem")
        stored = lac.read(user).entry
        assert (stored.problem_count, _numbers(stored)) == (4, [4, 3, 2, 1]), first
        # A writer holding an older state than the stored one leaves the newer state alone.
        assert lac.write(user, seen_a, Entry(3, 0, a.problems, ()), "problem")
        assert _numbers(lac.read(user).entry) == [4, 3, 2, 1]


@ALL_BACKENDS
def test_a_log_that_skips_a_number_never_reads_as_current(ndb_context, lac):
    _act(lac, "u3", 1)
    _act(lac, "u3", 2)
    now = lac.read("u3")
    behind = Snapshot(replace(now.entry, problem_count=3), now.token, tail=now.tail)  # as if log 3 were stored
    lac.write("u3", behind, behind.entry.with_problem(encode(_log(4))), "problem")
    stored = lac.read("u3").entry
    assert stored is None or (stored.problem_count, _numbers(stored)) == (2, [2, 1])


@ALL_BACKENDS
def test_version_bump_changes_the_keys_and_rejects_old_bytes(ndb_context, lac, monkeypatch):
    entry = Entry().with_problem(encode(_log(1)))
    lac.write("u4", lac.read("u4"), entry, "problem")
    old_bytes = entry.serialize()
    monkeypatch.setattr(cached_logs, "VERSION", cached_logs.VERSION + 1)
    assert Entry.parse(old_bytes) is None
    assert lac.read("u4").entry is None


@ALL_BACKENDS
def test_forget_and_a_miss_rebuild_from_the_datastore(app, student):
    student.now = T0
    for _ in range(3):
        student.solve("addition_1", advance=datetime.timedelta(seconds=30))
    lac = LastActionCache(app.extensions["meteorite.cache"])
    assert lac.read(student.user_id).entry.problem_count == 3
    lac.forget(student.user_id)
    assert lac.read(student.user_id).entry is None
    student.solve("addition_1", advance=datetime.timedelta(seconds=30))  # no rule reads: a missing item takes nothing
    assert lac.read(student.user_id).entry is None
    youtube_id = next(iter(PLAYLIST_VIDEOS.values()))[0]
    student.watch(youtube_id, 0, 0)  # power time reads the newest problem log: rebuilt from the Datastore
    entry = lac.read(student.user_id).entry
    assert (entry.problem_count, entry.video_count, len(entry.problems), len(entry.videos)) == (4, 1, 4, 1)


def test_unreachable_cache_rebuilds_and_encodes_nothing(ndb_context, config, monkeypatch):
    encoded = []
    monkeypatch.setattr(cached_logs, "encode", lambda entity: encoded.append(entity) or b"x")
    for url in (f"memcached://127.0.0.1:{free_port()}", f"valkey://127.0.0.1:{free_port()}",
                f"valkey+cluster://127.0.0.1:{free_port()}", None):
        lac = LastActionCache(make_cache(config.with_(cache_url=url)))
        snapshot = lac.read("u5")
        assert snapshot.entry is None and not snapshot.reachable
        entry = Entry(1, 0, (_log(1),), ()).with_problem(_log(2))
        assert lac.write("u5", snapshot, entry, "problem") is False
    assert encoded == []


def test_memcached_item_is_rewritten_whole_and_trimmed_once_appends_pile_up(ndb_context, lac):
    history = Entry()
    for n in range(1, MAX_LOGS + 1):
        history = history.with_problem(encode(_log(n)))
    lac.write("u6", lac.read("u6"), history, "problem")
    for n in range(MAX_LOGS + 1, MAX_LOGS + 1 + COMPACT_AFTER):
        _act(lac, "u6", n)
    piled = lac.read("u6")
    assert piled.tail == COMPACT_AFTER and len(piled.entry.problems) == MAX_LOGS
    whole_writes = lac.cache.calls["cas"]
    _act(lac, "u6", MAX_LOGS + 1 + COMPACT_AFTER)
    compacted = lac.read("u6")
    assert lac.cache.calls["cas"] == whole_writes + 1 and compacted.tail == 0
    newest = MAX_LOGS + 1 + COMPACT_AFTER
    assert compacted.entry.problem_count == newest
    assert _numbers(compacted.entry) == list(range(newest, newest - MAX_LOGS, -1))


@pytest.mark.parametrize("cache_backend", ["valkey", "valkey-cluster"], indirect=True)
def test_a_valkey_list_gone_apart_from_its_counts_reads_as_a_miss(ndb_context, lac):
    for n in (1, 2):
        _act(lac, "u7", n)
    assert lac.read("u7").entry.problem_count == 2
    problems_key = lac.store.keys("u7")[1]
    lac.cache.call("delete", lambda client: client.delete(problems_key))
    assert lac.read("u7").entry is None
    _act(lac, "u7", 3)  # an append onto lists that are gone stores nothing
    assert lac.read("u7").entry is None


def test_a_rebuild_keeps_the_query_bytes_which_decode_to_the_fetched_entities(ndb_context):
    user = ndb.Key(UserData, "u8")
    ndb.put_multi([ProblemLog(parent=user, id=f"addition_1:{n}", exercise="addition_1", problem_number=n,
                              correct=True, time_done=T0 + datetime.timedelta(seconds=n), time_taken=2.0)
                   for n in range(1, 8)])
    query = ProblemLog.query(ancestor=user).order(-ProblemLog.time_done)
    fetched = ndb.transaction(lambda: fetch_encoded(query, 5))
    assert [decode(blob) for blob in fetched] == query.fetch(5)
    entry = LastActionCache.rebuild(user, 7, 0)
    assert all(isinstance(b, bytes) for b in entry.problems) and _numbers(entry) == [7, 6, 5, 4, 3, 2, 1]
