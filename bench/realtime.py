"""Per-action cost of the real-time engine at histories of 10, 500 and 5,000 logs: engine on vs off, the no-cache
baseline a sensible engineer would write (bench.no_cache) and the naive per-badge-query evaluator (bench.naive);
memcached bytes and round trips per action; entity protobuf vs pickle.

Method: per history size, a fresh Datastore emulator of the benchmark's own; there each mode gets its own app,
its own student with that history, in a namespace of its own (so no mode sees another's data). Each mode first runs
`WARM_UP` untimed actions (the cache filled, code and emulator warm), then the modes take turns, one action each
in a freshly shuffled order per round, for `samples` rounds: a slow moment on this shared machine falls on every
mode alike. An action is one completed problem (served, then answered right); its time is the ``attempt`` call
(plus, for the two baselines, their evaluation after it), wall and this process's CPU. Every sample is kept
(``samples_ms``, ``cpu_samples_ms``); the table shows the median and the 90th percentile (`bench.stats.percentile`).
"""
from __future__ import annotations

import dataclasses
import datetime
import pickle
import random
import statistics
import time
import uuid
from typing import Callable

from google.cloud import ndb

from actions import exercises
from badges.last_action_cache import Entry, LastActionCache, decode, encode
from bench import emulator, naive, no_cache
from bench.stats import p90
from config import Config
from content.seed import seed
from identity.session import Identity
from models.logs import ProblemLog
from models.user import UserData

T0 = datetime.datetime(2026, 1, 5, 8, 0, 0)
EXERCISE, SHOWN = "addition_1", "Addition 1"
SIZES = (10, 500, 5000)
WARM_UP = 5
MODES: dict[str, tuple[bool, Callable | None]] = {  # label -> (engine on, evaluator run after the action)
    "engine off": (False, None),
    "engine on": (True, None),
    "no-cache baseline": (False, no_cache.evaluate_problem),
    "naive evaluator": (False, naive.evaluate_problem),
}


def history(user_id: str, size: int) -> None:
    """A user with ``size`` problem logs spread over exercises, and matching counters."""
    key = ndb.Key(UserData, user_id)
    logs = [ProblemLog(parent=key, id=f"history_{i % 7}:{i}", exercise=f"history_{i % 7}", problem_number=i,
                       correct=i % 5 != 0, time_done=T0 - datetime.timedelta(minutes=size - i), time_taken=30.0)
            for i in range(size)]
    for start in range(0, len(logs), 500):
        ndb.put_multi(logs[start:start + 500])
    UserData(key=key, nickname="bench", joined=T0, badge_counts=[0] * 6, problem_log_count=size).put()


@dataclasses.dataclass
class Subject:
    """One mode at one history size: its app, its student (in its own namespace) and its samples."""

    label: str
    app: object
    namespace: str
    evaluator: Callable | None
    user_id: str = "bench-student"
    now: datetime.datetime = T0 + datetime.timedelta(hours=1)
    wall: list[float] = dataclasses.field(default_factory=list)
    cpu: list[float] = dataclasses.field(default_factory=list)

    def context(self):
        return self.app.extensions["meteorite.ndb"].context(namespace=self.namespace, cache_policy=False)

    def act(self, keep: bool, profiler=None) -> None:
        """One completed problem; its wall and CPU seconds are kept if ``keep``; ``profiler`` (pyinstrument)
        records the timed part only."""
        services = self.app.extensions["meteorite.services"]
        ident = Identity(self.user_id, None, False, False)
        with self.context():
            number = exercises.read_user_exercise(services, self.user_id, EXERCISE).total_done + 1
            _, token = exercises.serve(services, ident, EXERCISE, number, self.now)
            self.now += datetime.timedelta(seconds=45)
            answer = exercises.generate(services, self.user_id, EXERCISE, number).answer
            wall, cpu = time.perf_counter(), time.process_time()
            if profiler:
                profiler.start()
            exercises.attempt(services, ident, EXERCISE, number, answer, self.now, token=token)
            if self.evaluator:
                self.evaluator(ndb.Key(UserData, self.user_id), EXERCISE, SHOWN, self.now)
            if profiler:
                profiler.stop()
            if keep:
                self.wall.append(time.perf_counter() - wall)
                self.cpu.append(time.process_time() - cpu)


def _subject(base: Config, label: str, size: int) -> Subject:
    from main import create_app

    engine_on, evaluator = MODES[label]
    namespace = f"rt{size}{label.split()[0]}{uuid.uuid4().hex[:6]}"
    app = create_app(base.with_(badge_engine=engine_on, namespace=namespace, cache_prefix=namespace + ":"))
    subject = Subject(label, app, namespace, evaluator)
    with subject.context():
        seed()
        history(subject.user_id, size)
    return subject


def _row(subject: Subject, size: int) -> dict:
    cache = subject.app.extensions["meteorite.cache"]
    entry = LastActionCache(cache).read(subject.user_id).entry if MODES[subject.label][0] else None
    ms = [s * 1000 for s in subject.wall]
    cpu_ms = [s * 1000 for s in subject.cpu]
    return {"mode": subject.label, "history": size, "samples": len(ms), "median_ms": statistics.median(ms),
            "p90_ms": p90(ms), "cpu_median_ms": statistics.median(cpu_ms), "cpu_p90_ms": p90(cpu_ms),
            "entry_bytes": len(entry.serialize()) if entry else 0, "samples_ms": ms, "cpu_samples_ms": cpu_ms}


def _size(base: Config, size: int, samples: int, rng: random.Random) -> list[dict]:
    """The interleaved measurement of every mode at one history size (see the module's method)."""
    subjects = [_subject(base, label, size) for label in MODES]
    for subject in subjects:
        for _ in range(WARM_UP):
            subject.act(keep=False)
    trips = {}
    for _ in range(samples):
        for subject in rng.sample(subjects, len(subjects)):
            before = subject.app.extensions["meteorite.cache"].round_trips()
            subject.act(keep=True)
            trips.setdefault(subject.label, []).append(
                subject.app.extensions["meteorite.cache"].round_trips() - before)
    with subjects[0].context():
        rows = [_row(subject, size) for subject in subjects]
    for row in rows:
        row["round_trips"] = statistics.mean(trips[row["mode"]])
    return rows


def _codec(base: Config) -> list[dict]:
    from main import create_app

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
    # 30 in --full too: at 60 the emulator, which keeps what each commit to a 5,000-log entity group touched, ran
    # out of its 6 GB heap (OutOfMemoryError, then UNKNOWN on commit); `bench.cache_miss` takes 130 per mode.
    samples = 30
    rng = random.Random(20261130)
    rows = []
    for size in SIZES:
        # An emulator per history size: the emulator snapshots an entity group on each commit
        # (BaseLocalDatastore$Profile.takeSnapshot in its log), so its heap grows with each size's commits.
        with emulator.own_datastore():
            rows += _size(_base_config(), size, samples, rng)
    with emulator.own_datastore():
        return {"actions": rows, "codec": _codec(_base_config()), "samples_per_mode": samples, "warm_up": WARM_UP}


def _base_config() -> Config:
    return Config.from_env().with_(namespace=f"bench{uuid.uuid4().hex[:8]}",
                                   cache_prefix=f"bench{uuid.uuid4().hex[:6]}:")


def profile(label: str = "engine on", size: int = 500, actions: int = 30) -> str:
    """pyinstrument's call tree of ``actions`` timed actions of one mode (after the warm-up), as text."""
    from pyinstrument import Profiler

    with emulator.own_datastore():
        subject = _subject(_base_config(), label, size)
        for _ in range(WARM_UP):
            subject.act(keep=False)
        profiler = Profiler(interval=0.0002)
        for _ in range(actions):
            subject.act(keep=True, profiler=profiler)
        return profiler.output_text(unicode=False, color=False, show_all=False)
