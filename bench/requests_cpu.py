"""App CPU per request type, from the gunicorn workers' own CPU counters, beside wall time.

Method: the app runs as `make run` runs it (gunicorn, 2 workers x 8 threads) against the services of the
environment, in a fresh namespace. One request is in flight at a time, so the workers' CPU (summed over both, read
before and after each request) is that request's CPU; the server's idle CPU is measured first and reported.
Students take warm-up rounds (the last action cache is built, templates compiled, connections open); then each
round does one of every request type in a random order (a serve always before its attempt), ``samples`` rounds.
With ``compare`` servers (e.g. another checkout) every round is done on each server in alternating order, so
before and after are measured on the same machine at the same time. Raw samples are kept.

Request types (`OPS`): serve (GET problem n, the next one), attempt (POST, right first time; split by whether it
made an award), hint (POST, on another exercise's served problem), video log (POST, honest seconds), the /profile
and /badges pages; and the serve and attempt of a student who also logs videos (the rules that combine videos and
problems then read both histories).
"""
from __future__ import annotations

import contextlib
import pathlib
import random
import statistics
import time

from bench import profile_stacks
from bench.app_server import ROOT, AppServer
from bench.stats import percentile
from bench.students import HttpStudent

ATTEMPTED, HINTED, VIEWER_ATTEMPTED = "addition_1", "subtraction_1", "multiplication_1"
STUDENTS = 4
SEED = 7  # the order of each round's request types
# Simulated seconds before each request (students' clocks are simulated: see bench.students): a problem takes
# a while to answer, and a player logs every 10 s.
THINK = {"attempt": 12.0, "hint": 8.0, "video log": 10.0, "page": 3.0}
# Each request type: who sends it (a learner does problems only; a viewer also watches videos, so the badge rules
# that combine videos and problems have both to read) and how.
OPS = {
    "serve": ("learner", lambda s: s.serve(ATTEMPTED)),
    "attempt": ("learner", lambda s: s.think(THINK["attempt"]).attempt(ATTEMPTED)),
    "hint": ("learner", lambda s: s.think(THINK["hint"]).hint(HINTED)),
    "video log": ("viewer", lambda s: s.think(THINK["video log"]).log_video()),
    "page /profile": ("learner", lambda s: s.think(THINK["page"]).get("/profile")),
    "page /badges": ("learner", lambda s: s.think(THINK["page"]).get("/badges")),
    "serve, also watching videos": ("viewer", lambda s: s.serve(VIEWER_ATTEMPTED)),
    "attempt, also watching videos": ("viewer", lambda s: s.think(THINK["attempt"]).attempt(VIEWER_ATTEMPTED)),
}
BEFORE = (("serve", "attempt"), ("serve, also watching videos", "attempt, also watching videos"))


class Target:
    """A server under measurement, its students (a learner and a viewer per slot) and its samples."""

    def __init__(self, server: AppServer):
        self.server, self.samples = server, []
        self.slots = [{"learner": HttpStudent(server.url, simulated=True),
                       "viewer": HttpStudent(server.url, simulated=True)} for _ in range(STUDENTS)]
        for index, slot in enumerate(self.slots):
            slot["learner"].serve(HINTED)
            slot["viewer"].choose_video(index)
            slot["viewer"].log_video()

    def measure(self, slot: dict, op: str, record: bool) -> None:
        who, send = OPS[op]
        stat0, cpu0, started = self.server.stat_seconds(), self.server.cpu_seconds(), time.perf_counter()
        response = send(slot[who])
        wall, cpu = time.perf_counter() - started, self.server.cpu_seconds() - cpu0
        stat = self.server.stat_seconds() - stat0
        if response.status_code != 200:
            raise RuntimeError(f"{op} answered {response.status_code}: {response.text[:300]}")
        if record:
            self.samples.append({"op": _label(op, response), "cpu_ms": cpu * 1000, "proc_stat_ms": stat * 1000,
                                 "wall_ms": wall * 1000})


def _label(op: str, response) -> str:
    if op.startswith(("attempt", "hint", "video log")) and response.json()["action_results"]["badges_earned"]:
        return f"{op}, with award"
    return op


def round_order(rng: random.Random) -> list[str]:
    """The request types in a random order, each serve before its attempt."""
    order = list(OPS)
    rng.shuffle(order)
    for first, then in BEFORE:
        i, j = order.index(first), order.index(then)
        if j < i:
            order[i], order[j] = then, first
    return order


def idle_cpu_ms_per_s(server: AppServer, seconds: float = 2.0) -> float:
    before = server.cpu_seconds()
    time.sleep(seconds)
    return (server.cpu_seconds() - before) * 1000 / seconds


def _drive(targets: list[Target], rounds: int, warmup: int, rng: random.Random) -> None:
    for r in range(warmup + rounds):
        order = targets if r % 2 == 0 else targets[::-1]
        for target in order:
            slot = target.slots[r % STUDENTS]
            for op in round_order(rng):
                target.measure(slot, op, record=r >= warmup)


def summarise(samples: list[dict]) -> list[dict]:
    rows = []
    kinds = list(OPS)
    for op in sorted({s["op"] for s in samples}, key=lambda o: (kinds.index(o.removesuffix(", with award")), o)):
        mine = [s for s in samples if s["op"] == op]
        cpu, wall = [s["cpu_ms"] for s in mine], [s["wall_ms"] for s in mine]
        rows.append({"op": op, "n": len(mine), "proc_stat_ms_mean": sum(s["proc_stat_ms"] for s in mine) / len(mine),
                     "cpu_ms_mean": sum(cpu) / len(cpu),
                     "cpu_ms_median": statistics.median(cpu), "cpu_ms_p90": percentile(cpu, 0.9),
                     "wall_ms_median": statistics.median(wall), "wall_ms_p90": percentile(wall, 0.9)})
    return rows


def profile(target: Target, rounds: int, rng: random.Random) -> dict:
    """py-spy's top lines per request type over ``rounds`` unrecorded rounds of ``target``."""
    stacks = profile_stacks.record(target.server.proc.pid, lambda: _drive([target], 0, rounds, rng))
    return {op: profile_stacks.top(stacks, view) for op, view in profile_stacks.VIEWS.items()}


def run(quick: bool = True, compare: dict[str, pathlib.Path] | None = None) -> dict:
    """Measure this checkout (label "this") and every ``compare`` checkout, interleaved; then profile this one."""
    rounds, warmup, profiled = (40, 8, 120) if quick else (150, 15, 200)
    dirs = {"this": ROOT, **(compare or {})}
    with contextlib.ExitStack() as running:  # every server started is stopped, even if a later one fails
        targets = [Target(running.enter_context(AppServer(path, label))) for label, path in dirs.items()]
        idle = {t.server.label: idle_cpu_ms_per_s(t.server) for t in targets}
        stat0 = {t.server.label: (t.server.stat_seconds(), t.server.cpu_seconds()) for t in targets}
        rng = random.Random(SEED)
        _drive(targets, rounds, warmup, rng)
        measured = [_result(t, idle, stat0) for t in targets]
        return {"rounds": rounds, "warmup_rounds": warmup, "students": STUDENTS, "servers": measured,
                "profile_rounds": profiled, "profile": _profile_or_reason(targets[0], profiled, rng)}


def _profile_or_reason(target: Target, rounds: int, rng: random.Random) -> dict:
    """The profile, or why there is none (a sampled request that failed): the measurement above still stands."""
    try:
        return profile(target, rounds, rng)
    except (RuntimeError, OSError) as exc:
        return {"error": f"{type(exc).__name__}: {exc}"}


def _result(t: Target, idle: dict, stat0: dict) -> dict:
    return {"label": t.server.label, "app_dir": str(t.server.app_dir), "idle_cpu_ms_per_s": idle[t.server.label],
            "workers_unchanged": t.server.same_workers(),
            "proc_stat_cpu_s": t.server.stat_seconds() - stat0[t.server.label][0],
            "clock_cpu_s": t.server.cpu_seconds() - stat0[t.server.label][1],
            "rows": summarise(t.samples), "samples": t.samples}
