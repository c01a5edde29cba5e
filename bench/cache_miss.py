"""What a cache miss and a cache outage cost next to a warm action, and what the engine costs next to none: per
completed problem at 10 / 500 / 5,000 logs of history, on memcached and on Valkey.

Modes, each its own user (a mode's action never disturbs another's cache state):
- ``warm``: the entry is current; the action reads it only if a rule looks past its own log (this learner's
  rules decide from the stats, so it sends its log alone, and reads every 64th log for memcached's compaction);
- ``first after miss``: the entry is forgotten just before the action, and the action reads it (its app's store
  is told every log is due a read), so every sample is the worst action after a miss: a whole rebuild from the
  Datastore, written back;
- ``cache down``: the app's cache URL points where nothing listens (nothing is written; the history is queried
  only as far as the rules read it);
- ``engine off``: no cache I/O and no rules (backend-independent, one user per history size).

Method: a fresh namespace; every user gets the same history; a few warm-up actions per user; then rounds in which
every user acts once, in an order shuffled per round (seeded); at least 30 rounds (66 in quick mode, so that
memcached's compaction after 64 appends lands in the run). CPU = this process's ``time.process_time()`` around
the action (the Datastore client's threads included); wall = ``time.perf_counter()``. Bytes = cache payload.
Raw samples are kept in the JSON; medians and p90 in the table. Everything written is deleted at the end.
"""
from __future__ import annotations

import datetime
import random
import time
import uuid
from dataclasses import dataclass, field

from actions import exercises
from bench.cache_backends import EXERCISE, SIZES, _dead_url, backend_urls, seeded_namespace
from bench.realtime import T0, history
from bench.stats import summary
from config import Config
from identity.session import Identity
from main import create_app

WARM_UP = 3
MODES = ("warm", "first after miss", "cache down", "engine off")
GOALS = {"first after miss": 3.0, "cache down": 2.0}  # at most this many times a warm action
ENGINE_GOAL = 1.05  # warm (engine on) at most this many times engine off


@dataclass
class Runner:
    """One user acting through one app in one mode."""

    backend: str
    mode: str
    app: object
    user_id: str
    now: datetime.datetime = T0 + datetime.timedelta(hours=1)
    samples: list = field(default_factory=list)

    def act(self, keep: bool = True) -> None:
        services, cache = self.app.extensions["meteorite.services"], self.app.extensions["meteorite.cache"]
        ident = Identity(self.user_id, None, False, False)
        number = exercises.read_user_exercise(services, self.user_id, EXERCISE).total_done + 1
        _, token = exercises.serve(services, ident, EXERCISE, number, self.now)
        self.now += datetime.timedelta(seconds=45)
        answer = exercises.generate(services, self.user_id, EXERCISE, number).answer
        if self.mode == "first after miss":
            services.lac.forget(self.user_id)
        trips, read, written = cache.round_trips(), cache.traffic["read"], cache.traffic["written"]
        cpu, wall = time.process_time(), time.perf_counter()
        exercises.attempt(services, ident, EXERCISE, number, answer, self.now, token=token)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        if keep:
            self.samples.append({"cpu_ms": cpu * 1000, "wall_ms": wall * 1000,
                                 "round_trips": cache.round_trips() - trips, "read": cache.traffic["read"] - read,
                                 "written": cache.traffic["written"] - written})


def _runners(base: Config, urls: dict[str, str], size: int) -> list[Runner]:
    apps = {("engine off", None): create_app(base.with_(cache_url=next(iter(urls.values())), badge_engine=False))}
    for backend, url in urls.items():
        apps[("warm", backend)] = create_app(base.with_(cache_url=url))
        apps[("first after miss", backend)] = _reading(create_app(base.with_(cache_url=url)))
        apps[("cache down", backend)] = create_app(base.with_(cache_url=_dead_url(backend)))
    runners = []
    for (mode, backend), app in apps.items():
        user = f"miss-{mode.split()[0]}-{backend}-{size}-{uuid.uuid4().hex[:6]}"
        runners.append(Runner(backend or "none", mode, app, user))
        history(user, size)
    return runners


def _reading(app):
    """``app`` with its last action cache read on every action (as when a rule needs the history)."""
    app.extensions["meteorite.services"].lac.store.read_due = lambda number: True
    return app


def _size(base: Config, urls: dict[str, str], size: int, rounds: int) -> list[dict]:
    runners = _runners(base, urls, size)
    for runner in runners:
        for _ in range(WARM_UP):
            runner.act(keep=False)
    order = random.Random(size)
    for _ in range(rounds):
        order.shuffle(runners)
        for runner in runners:
            runner.act()
    stats = ("cpu_ms", "wall_ms", "round_trips", "read", "written")
    return [{"history": size, "backend": r.backend, "mode": r.mode, "samples": r.samples,
             **{name: summary([s[name] for s in r.samples]) for name in stats}} for r in runners]


def run(quick: bool = True) -> dict:
    """Needs MEMCACHED_ADDRESS and VALKEY_ADDRESS (the test profile's services)."""
    tag = uuid.uuid4().hex[:8]
    base = Config.from_env().with_(namespace=f"benchmiss{tag}", cache_prefix=f"benchmiss{tag}:")
    urls = backend_urls()
    rounds = 66 if quick else 130
    rows = []
    with seeded_namespace(base):
        for size in SIZES:
            rows += _size(base, urls, size, rounds)
    return {"rows": rows, "rounds": rounds, "warm_up": WARM_UP}


def _ratio(row: dict, base: dict, name: str) -> float:
    return row[name]["median"] / base[name]["median"]


def table(result: dict) -> list[str]:
    rows = result["rows"]
    lines = ["## Cache miss, cache down and engine off, per completed problem", "",
             f"Modes interleaved (shuffled each round), {result['rounds']} samples per mode after "
             f"{result['warm_up']} warm-up actions, one user per mode, a fresh namespace. CPU = this process's "
             "`time.process_time()` around the action; ratios are of medians, to the same backend's warm action. "
             "Bytes = cache payload per action, mean (max); memcached's max is its compaction (whole rewrite "
             "after 64 appends).", "",
             "| history | backend | mode | CPU ms median (p90) | wall ms median (p90) | × warm CPU | × warm wall "
             "| goal (CPU) | round trips | bytes read | bytes written, mean (max) |",
             "|---:|---|---|---:|---:|---:|---:|---|---:|---:|---:|"]
    warm = {(r["history"], r["backend"]): r for r in rows if r["mode"] == "warm"}
    for r in sorted(rows, key=lambda r: (r["history"], r["backend"], MODES.index(r["mode"]))):
        if r["mode"] == "engine off":
            continue
        w = warm[(r["history"], r["backend"])]
        cpu, wall = _ratio(r, w, "cpu_ms"), _ratio(r, w, "wall_ms")
        goal = GOALS.get(r["mode"])
        verdict = f"≤ {goal:g}×: {'met' if cpu <= goal else 'NOT met'}" if goal else ""
        lines.append(
            f"| {r['history']:,} | {r['backend']} | {r['mode']} | {r['cpu_ms']['median']:.2f} ({r['cpu_ms']['p90']:.2f}) "
            f"| {r['wall_ms']['median']:.2f} ({r['wall_ms']['p90']:.2f}) | {cpu:.2f}× | {wall:.2f}× | {verdict} "
            f"| {r['round_trips']['mean']:.1f} | {r['read']['mean']:,.0f} | {r['written']['mean']:,.0f} "
            f"({r['written']['max']:,.0f}) |")
    lines += ["", "### Engine on (warm) vs engine off", "",
              "| history | backend | engine off CPU ms | engine on CPU ms | on/off CPU | on/off wall | goal |",
              "|---:|---|---:|---:|---:|---:|---|"]
    off = {r["history"]: r for r in rows if r["mode"] == "engine off"}
    for (size, backend), w in sorted(warm.items()):
        cpu, wall = _ratio(w, off[size], "cpu_ms"), _ratio(w, off[size], "wall_ms")
        lines.append(f"| {size:,} | {backend} | {off[size]['cpu_ms']['median']:.2f} | {w['cpu_ms']['median']:.2f} "
                     f"| {cpu:.2f}× | {wall:.2f}× | ≤ {ENGINE_GOAL}×: {'met' if cpu <= ENGINE_GOAL else 'NOT met'} |")
    return lines
