"""The last action cache on memcached and on Valkey, side by side: per completed problem at 10 / 500 / 5,000 logs
of history, the cache round trips, the payload bytes read and written, and the app's CPU (this process's
``time.process_time`` around the action) and wall time; then the same for a miss (the entry forgotten just before
the action) and with the cache down (nothing listening at its address).

Method: one user per backend and history size, in a fresh namespace; a few warm-up actions; then the backends
take turns (ABAB..., the order flipped every round) for every sample; medians and p90 of the raw samples, which
are kept in the JSON. Everything the run writes to the Datastore is deleted at the end.
"""
from __future__ import annotations

import contextlib
import datetime
import os
import time
import uuid
from dataclasses import dataclass, field

from actions import exercises
from bench.app_server import empty_namespace
from bench.realtime import T0, history
from bench.stats import summary
from config import Config
from content.seed import seed
from identity.session import Identity
from main import create_app

EXERCISE = "addition_1"
SIZES = (10, 500, 5000)
WARM_UP = 3
PHASES = ("warm", "miss", "down")


@dataclass
class Student:
    """One user answering problems through one app (one cache backend)."""

    backend: str
    app: object
    user_id: str
    now: datetime.datetime = T0 + datetime.timedelta(hours=1)
    samples: dict = field(default_factory=lambda: {phase: [] for phase in PHASES})

    def act(self, phase: str, app=None) -> None:
        app = app or self.app
        services, cache = app.extensions["meteorite.services"], app.extensions["meteorite.cache"]
        ident = Identity(self.user_id, None, False, False)
        number = exercises.read_user_exercise(services, self.user_id, EXERCISE).total_done + 1
        _, token = exercises.serve(services, ident, EXERCISE, number, self.now)
        self.now += datetime.timedelta(seconds=45)
        answer = exercises.generate(services, self.user_id, EXERCISE, number).answer
        if phase == "miss":
            services.lac.forget(self.user_id)
        trips, traffic = cache.round_trips(), dict(cache.traffic)
        cpu, wall = time.process_time(), time.perf_counter()
        exercises.attempt(services, ident, EXERCISE, number, answer, self.now, token=token)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        self.samples[phase].append({
            "cpu_ms": cpu * 1000, "wall_ms": wall * 1000, "round_trips": cache.round_trips() - trips,
            "read": cache.traffic["read"] - traffic.get("read", 0),
            "written": cache.traffic["written"] - traffic.get("written", 0)})


def _dead_url(backend: str) -> str:
    return f"{backend}://127.0.0.1:9"  # the discard port: nothing listens there


def _summary(samples: list[dict]) -> dict:
    names = ("cpu_ms", "wall_ms", "round_trips", "read", "written")
    return {name: summary([s[name] for s in samples]) for name in names}


def _interleaved(students: list[Student], phase: str, count: int, apps: dict | None = None) -> None:
    for round_ in range(count):
        for student in (students if round_ % 2 == 0 else students[::-1]):
            student.act(phase, (apps or {}).get(student.backend))


def _size(base: Config, urls: dict[str, str], size: int, count: int, misses: int) -> list[dict]:
    students = []
    for backend, url in urls.items():
        app = create_app(base.with_(cache_url=url))
        students.append(Student(backend, app, f"bench-{backend}-{size}-{uuid.uuid4().hex[:6]}"))
        history(students[-1].user_id, size)
    for student in students:
        for _ in range(WARM_UP):
            student.act("warm")
        student.samples["warm"].clear()
    _interleaved(students, "warm", count)
    _interleaved(students, "miss", misses)
    down = {b: create_app(base.with_(cache_url=_dead_url(b))) for b in urls}
    _interleaved(students, "down", misses, down)
    return [{"backend": s.backend, "history": size, "samples": s.samples,
             **{phase: _summary(s.samples[phase]) for phase in PHASES}} for s in students]


def backend_urls() -> dict[str, str]:
    """The test profile's memcached and Valkey (MEMCACHED_ADDRESS, VALKEY_ADDRESS) as cache URLs."""
    return {"memcached": f"memcached://{os.environ['MEMCACHED_ADDRESS']}",
            "valkey": f"valkey://{os.environ['VALKEY_ADDRESS']}"}


@contextlib.contextmanager
def seeded_namespace(base: Config):
    """``base``'s namespace with the demo content, its entities deleted afterwards (a bench's histories would
    otherwise stay in the emulator)."""
    app = create_app(base.with_(cache_url=backend_urls()["memcached"]))
    with app.extensions["meteorite.ndb"].context(namespace=base.namespace, cache_policy=False):
        seed()
        try:
            yield
        finally:
            empty_namespace()


def run(quick: bool = True) -> dict:
    """Needs MEMCACHED_ADDRESS and VALKEY_ADDRESS (the test profile's services)."""
    base = Config.from_env().with_(namespace=f"benchcache{uuid.uuid4().hex[:8]}",
                                   cache_prefix=f"benchcache{uuid.uuid4().hex[:6]}:")
    urls = backend_urls()
    count, misses = (70, 10) if quick else (200, 30)  # >= 64 warm actions: memcached compacts once in the run
    rows = []
    with seeded_namespace(base):
        for size in SIZES:
            rows += _size(base, urls, size, count, misses)
    return {"rows": rows, "actions_per_backend": count, "misses_per_backend": misses}


def table(result: dict) -> list[str]:
    lines = ["## Last action cache backends, per completed problem", "",
             f"{result['actions_per_backend']} warm actions and {result['misses_per_backend']} misses and "
             "cache-down actions per backend and history size, backends interleaved. CPU = this process's "
             "`time.process_time()` around the action (the action's Datastore RPCs included). Bytes = cache "
             "payload (values sent and received). History = problem logs before the run (each run adds about 100). "
             "Memcached's written mean includes its compaction (the entry rewritten whole once 64 records piled up: "
             "the max).", "",
             "| backend | history | round trips | bytes read | bytes written, mean (max) | CPU ms median (p90) "
             "| wall ms median | miss: CPU ms | miss: wall ms | miss: bytes written | down: CPU ms | down: wall ms |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in result["rows"]:
        w, m, d = r["warm"], r["miss"], r["down"]
        lines.append(
            f"| {r['backend']} | {r['history']:,} | {w['round_trips']['mean']:.1f} | {w['read']['mean']:,.0f} | "
            f"{w['written']['mean']:,.0f} ({w['written']['max']:,.0f}) | {w['cpu_ms']['median']:.2f} "
            f"({w['cpu_ms']['p90']:.2f}) | {w['wall_ms']['median']:.2f} | {m['cpu_ms']['median']:.2f} | "
            f"{m['wall_ms']['median']:.2f} | {m['written']['median']:,.0f} | {d['cpu_ms']['median']:.2f} | "
            f"{d['wall_ms']['median']:.2f} |")
    return lines
