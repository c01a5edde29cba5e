"""Per-action cost of the real-time engine: engine on vs off vs a naive per-badge-query evaluator, at histories
of 10, 500 and 5,000 logs; memcached bytes and round trips per action; entity protobuf vs pickle."""
from __future__ import annotations

import datetime
import pickle
import statistics
import time
import uuid

from google.cloud import ndb

from actions import exercises
from badges.last_action_cache import Entry, LastActionCache, encode, decode
from bench import naive
from config import Config
from content.seed import seed
from identity.session import Identity
from main import create_app
from models.logs import ProblemLog
from models.user import UserData

T0 = datetime.datetime(2026, 1, 5, 8, 0, 0)
EXERCISE = "addition_1"


def _history(user_id: str, size: int) -> None:
    """A user with ``size`` problem logs spread over exercises, and matching counters."""
    key = ndb.Key(UserData, user_id)
    logs = [ProblemLog(parent=key, id=f"history_{i % 7}:{i}", exercise=f"history_{i % 7}", problem_number=i,
                       correct=i % 5 != 0, time_done=T0 - datetime.timedelta(minutes=size - i), time_taken=30.0)
            for i in range(size)]
    for start in range(0, len(logs), 500):
        ndb.put_multi(logs[start:start + 500])
    UserData(key=key, nickname="bench", joined=T0, badge_counts=[0] * 6, problem_log_count=size).put()


def _run_actions(app, user_id: str, count: int, with_naive: bool) -> tuple[list[float], dict]:
    services = app.extensions["meteorite.services"]
    cache = app.extensions["meteorite.cache"]
    ident = Identity(user_id, None, False, False)
    now = T0 + datetime.timedelta(hours=1)
    timings, trips_before = [], cache.round_trips()
    for _ in range(count + 1):  # the first action warms the cache (a rebuild), not timed
        number = exercises.read_user_exercise(services, user_id, EXERCISE).total_done + 1
        _, token = exercises.serve(services, ident, EXERCISE, number, now)
        now += datetime.timedelta(seconds=45)
        answer = exercises.generate(services, user_id, EXERCISE, number).answer
        started = time.perf_counter()
        exercises.attempt(services, ident, EXERCISE, number, answer, now, token=token)
        if with_naive:
            naive.evaluate_problem(ndb.Key(UserData, user_id), EXERCISE, "Addition 1", now)
        timings.append(time.perf_counter() - started)
        if len(timings) == 1:
            trips_before = cache.round_trips()
    trips = (cache.round_trips() - trips_before) / count
    entry = LastActionCache(cache).read(user_id).entry
    return timings[1:], {"round_trips": trips,
                         "entry_bytes": len(entry.serialize()) if entry else 0}


def _mode(base: Config, label: str, engine: bool, with_naive: bool, size: int, count: int) -> dict:
    app = create_app(base.with_(badge_engine=engine))
    user_id = f"bench-{label.replace(' ', '-')}-{size}-{uuid.uuid4().hex[:6]}"
    with app.extensions["meteorite.ndb"].context(namespace=base.namespace, cache_policy=False):
        seed()
        _history(user_id, size)
        timings, cache_stats = _run_actions(app, user_id, count, with_naive)
    return {"mode": label, "history": size, "median_ms": statistics.median(timings) * 1000,
            "p90_ms": sorted(timings)[int(len(timings) * 0.9) - 1] * 1000, **cache_stats}


def _codec(base: Config) -> list[dict]:
    app = create_app(base)
    with app.extensions["meteorite.ndb"].context(namespace=base.namespace, cache_policy=False):
        logs = [ProblemLog(key=ndb.Key(UserData, "codec", ProblemLog, f"addition_1:{i}"), exercise="addition_1",
                           problem_number=i, correct=True, time_done=T0, time_taken=4.0) for i in range(500)]
        out = []
        for name, dump, load in (("entity protobuf", encode, decode),
                                 ("pickle", lambda e: pickle.dumps(e, protocol=pickle.HIGHEST_PROTOCOL), pickle.loads)):
            started = time.perf_counter()
            blobs = [dump(e) for e in logs]
            encoded = time.perf_counter() - started
            started = time.perf_counter()
            for b in blobs:
                load(b)
            decoded = time.perf_counter() - started
            out.append({"codec": name, "bytes_per_log": sum(map(len, blobs)) / len(blobs),
                        "encode_us": encoded / len(blobs) * 1e6, "decode_us": decoded / len(blobs) * 1e6,
                        "entry_bytes_500": len(Entry(500, 0, tuple(blobs)).serialize())})
        return out


def run(quick: bool = True) -> dict:
    base = Config.from_env().with_(namespace=f"bench{uuid.uuid4().hex[:8]}", cache_prefix=f"bench{uuid.uuid4().hex[:6]}:")
    count = 12 if quick else 60
    rows = []
    for size in (10, 500, 5000):
        for label, engine, with_naive in (("engine off", False, False), ("engine on", True, False),
                                          ("naive evaluator", False, True)):
            rows.append(_mode(base, label, engine, with_naive, size, count))
    return {"actions": rows, "codec": _codec(base), "actions_per_mode": count}
