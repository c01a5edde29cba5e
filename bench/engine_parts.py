"""What each part of the real-time engine costs inside whole actions: a learner's completed problem at 500 logs of
history on memcached, with the engine off, on, and on with one of its parts taken away.

Modes, each its own app and user with the same history (one namespace):
- ``engine off``: no rules, no cache I/O;
- ``engine on``: as served;
- ``no send``: on, the log encoded after the commit but not sent;
- ``no append``: on, the log neither encoded nor sent;
- ``no pass``: on, no candidate evaluated (`engine.award_earned` does nothing).

A part's cost is the difference of two modes' medians (pass = on − no pass; send = on − no send; encode = no send
− no append; the step's own structure = no pass − off − encode − send), so it includes what running that part
does to the rest of the action (the code and data it evicts), which timing the part alone misses. The parts are
taken away only in this benchmark, for the length of one action: the mode's app overrides its own
`LastActionCache.append`, and ``no pass`` swaps `engine.award_earned` while its action runs. A learner's rules
never read the cache except memcached's every-64th-log compaction read, so the modes' medians are of actions
that read nothing.

Method as `bench.cache_miss`: a fresh namespace, warm-up actions, then rounds in which every mode acts once in an
order shuffled per round (seeded); CPU = this process's ``time.process_time()`` around the action; medians and
p90 of the raw samples, which are kept in the JSON.
"""
from __future__ import annotations

import contextlib
import random
import statistics
import uuid

from badges import engine
from badges.log_codec import encode
from bench.stats import summary
from config import Config

ENGINE_GOAL = 1.05  # issue 10: engine on at most this many times engine off
SIZE = 500
WARM_UP = 5
MODES = ("engine off", "engine on", "no send", "no append", "no pass")


def _app(base: Config, mode: str):
    from main import create_app  # builds the app module's own app: only when measuring

    app = create_app(base.with_(badge_engine=mode != "engine off"))
    lac = app.extensions["meteorite.services"].lac
    if mode == "no send":
        lac.append = lambda user_id, kind, number, log: bool(encode(log))
    elif mode == "no append":
        lac.append = lambda user_id, kind, number, log: True
    return app


@contextlib.contextmanager
def _without_pass(mode: str):
    if mode != "no pass":
        yield
        return
    kept = engine.award_earned
    engine.award_earned = lambda user_data, candidates, now, **kw: ([], [])
    try:
        yield
    finally:
        engine.award_earned = kept


def run(quick: bool = True) -> dict:
    """Needs MEMCACHED_ADDRESS (the test profile's memcached)."""
    from bench.cache_backends import seeded_namespace
    from bench.cache_miss import Runner
    from bench.realtime import history

    tag = uuid.uuid4().hex[:8]
    base = Config.from_env().with_(namespace=f"benchparts{tag}", cache_prefix=f"benchparts{tag}:")
    rounds = 40 if quick else 600
    with seeded_namespace(base):
        runners = []
        for mode in MODES:
            runner = Runner("memcached", mode, _app(base, mode), f"parts-{mode.replace(' ', '-')}-{tag}")
            history(runner.user_id, SIZE)
            runners.append(runner)
        for runner in runners:
            for _ in range(WARM_UP):
                with _without_pass(runner.mode):
                    runner.act(keep=False)
        order = random.Random(SIZE)
        for _ in range(rounds):
            order.shuffle(runners)
            for runner in runners:
                with _without_pass(runner.mode):
                    runner.act()
    rows = {r.mode: {"mode": r.mode, "samples": r.samples, **summary([s["cpu_ms"] for s in r.samples])}
            for r in runners}
    return {"rows": [rows[mode] for mode in MODES], "rounds": rounds, "warm_up": WARM_UP, "history": SIZE}


def parts(result: dict) -> dict[str, float]:
    """Each part's cost in µs, from the modes' CPU medians (see the module docstring)."""
    return _parts({r["mode"]: r["median"] * 1000 for r in result["rows"]})


def spread(result: dict, resamples: int = 200) -> dict[str, float]:
    """Each part's bootstrap standard error in µs: the parts recomputed from the medians of resampled samples."""
    rng = random.Random(0)
    cpu = {r["mode"]: [s["cpu_ms"] for s in r["samples"]] for r in result["rows"]}
    drawn = [_parts({m: statistics.median(rng.choices(v, k=len(v))) * 1000 for m, v in cpu.items()})
             for _ in range(resamples)]
    return {name: statistics.stdev(d[name] for d in drawn) for name in drawn[0]}


def _parts(m: dict[str, float]) -> dict[str, float]:
    send, encoded = m["engine on"] - m["no send"], m["no send"] - m["no append"]
    return {"engine, in all": m["engine on"] - m["engine off"], "evaluation pass": m["engine on"] - m["no pass"],
            "send (after the commit)": send, "encode (after the commit)": encoded,
            "the step's own structure": m["no pass"] - m["engine off"] - send - encoded}


def table(result: dict) -> list[str]:
    off = result["rows"][0]["median"]
    lines = [f"## Where the engine's cost goes, inside whole actions ({result['history']} logs, memcached)", "",
             f"A learner's completed problem with the engine off, on, and on with one part taken away "
             f"(bench/engine_parts.py): {result['rounds']} samples per mode after {result['warm_up']} warm-up "
             "actions, modes shuffled each round. A part's cost is the difference of two modes' medians, so it "
             "includes what it does to the rest of the action; a part's error is the bootstrap standard error of that "
             "difference (200 resamples of each mode's samples).", "",
             "| mode | CPU ms median (p90) | − engine off, µs | ÷ engine off |", "|---|---:|---:|---:|"]
    for r in result["rows"]:
        lines.append(f"| {r['mode']} | {r['median']:.3f} ({r['p90']:.3f}) | {(r['median'] - off) * 1000:.0f} "
                     f"| {r['median'] / off:.3f}× |")
    found, error = parts(result), spread(result)
    lines += ["", "| part | CPU µs per action (± bootstrap standard error) | share of engine off |",
              "|---|---:|---:|"]
    for name, us in found.items():
        lines.append(f"| {name} | {us:.0f} (± {error[name]:.0f}) | {us / (off * 1000):.1%} |")
    allowed = (ENGINE_GOAL - 1) * off * 1000
    lines += ["", f"Engine on ≤ {ENGINE_GOAL}× engine off allows the engine {allowed:.0f} µs here; it costs "
              f"{found['engine, in all']:.0f}, of which the evaluation pass (every candidate of the action checked "
              f"against the stats) is {found['evaluation pass']:.0f} and the log's append after the commit "
              f"{found['send (after the commit)'] + found['encode (after the commit)']:.0f}."]
    return lines
