"""Benchmark of the badge sweep: users per second at page sizes 50, 100 and 500, the cost of a skipped user as a
ratio of a processed one, and the CPU and Datastore operations behind them.

Method (stated so the numbers can be read): pages are processed *in-process* by calling `badges.sweep.pages.run_page`
directly, in order, with an enqueue that collects the next page (no Cloud Tasks round trip, no HTTP), against
memcached from the environment and a fresh Datastore emulator of the benchmark's own per page size (started and
stopped here, so every configuration starts from an empty emulator and nothing is left in the shared one),
warmed up first by two sweeps of 600 other users (the emulator's JIT makes its first minute 2-4x slower).
Each page size gets the same mix of users (a third blank, a third with two exercises and streaks, a third with
points and proficient exercises, so about half of them earn something). Three runs over them:
1. the first run is full (no run has reviewed these users yet): it processes everyone (awards, review stamp);
2. the second reads only the due users (none): every user is skipped without being read, which is what a
   dormant user costs a sweep;
3. a forced full run skips everyone after reading each page: what a dormant user costs when a full run is
   needed (after a catalogue change, or after a run with a failed user);
4. another ``count`` fresh users processed by `WORKERS` page workers at once (threads of this process taking the
   next queued page, as Cloud Tasks hands pages to concurrent requests; queue.yaml allows 10): the app and the
   emulator then overlap on the machine's 2 cores, which the one-worker runs leave idle in turn.
Wall time on this shared 2-core machine moves with the other work on it; the CPU columns (this process, and the
emulator's own process from /proc) are steadier. Queue dispatch latency is not included.
"""
from __future__ import annotations

import collections
import dataclasses
import datetime
import threading
import time

from bench import datastore_calls, emulator

N_FULL, N_QUICK = 10_000, 1_500
WARM_UP_USERS = 600
PAGE_SIZES = (50, 100, 500)
WORKERS = 2  # concurrent page workers of the second processing run (queue.yaml allows 10 page tasks at once)
NOW = datetime.datetime(2012, 4, 2, 6, 0)


def _users(count: int) -> list:
    from google.cloud import ndb

    from models.user import UserData, UserExercise

    out = []
    for i in range(count):
        key = ndb.Key(UserData, f"b{i:06d}")
        ud = UserData(key=key, joined=NOW - datetime.timedelta(days=30), points=0, badge_counts=[0] * 6,
                      last_activity=NOW - datetime.timedelta(days=1))
        if i % 3 == 1:
            out += [UserExercise(parent=key, id=e, exercise=e, longest_streak=s, total_done=s)
                    for e, s in (("addition_1", 25), ("subtraction_1", 12))]
        elif i % 3 == 2:
            ud.points = 9_000 + i % 2_000
            ud.all_proficient_exercises = ud.proficient_exercises = ["addition_1", "subtraction_1", "division_1"]
        out.append(ud)
    return out


@dataclasses.dataclass
class Cost:
    """What one run cost: wall seconds, this process's CPU seconds, the emulator's CPU seconds, Datastore calls."""

    wall: float
    cpu: float
    emulator_cpu: float
    calls: dict
    summary: dict


def _sweep(lac, page_size: int, namespace: str, emulator_pid: int, mode: str | None = None,
           workers: int = 1) -> Cost:
    """One run, its pages processed in this process by ``workers`` threads (each takes the next queued page, as
    Cloud Tasks hands pages to concurrent requests), and what it cost."""
    from google.cloud import ndb

    from badges.sweep import runs
    from models.sweep import SweepPage, SweepRun

    queued: collections.deque = collections.deque()
    client = ndb.get_context().client
    wall, cpu, emu = time.perf_counter(), time.process_time(), emulator.cpu_seconds(emulator_pid)
    with datastore_calls.counting() as calls:
        run = runs.start_run(clock=NOW, pinned=True, page_size=page_size, triggered_by="bench",
                             enqueue=queued.append, namespace=namespace, **({"mode": mode} if mode else {}))
        drained = (lac, queued, [0], threading.Lock())
        if workers == 1:
            _drain(*drained)  # in this thread (and its context): what a profiler of this thread sees
        else:
            threads = [threading.Thread(target=_worker, args=(client, namespace, *drained)) for _ in range(workers)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
    cost = Cost(time.perf_counter() - wall, time.process_time() - cpu, emulator.cpu_seconds(emulator_pid) - emu,
                dict(calls), {})
    cost.summary = SweepRun.get_by_id(run.run_id).summary(SweepPage.query(SweepPage.run_id == run.run_id).fetch())
    assert cost.summary["state"] == "done", cost.summary
    return cost


def _worker(client, namespace: str, *drained) -> None:
    with client.context(namespace=namespace, cache_policy=False):
        _drain(*drained)


def _drain(lac, queued: collections.deque, busy: list, lock: threading.Lock) -> None:
    """Process queued pages until the queue is empty and no page is in progress (a page enqueues the next before
    reviewing its users, so an empty queue while another worker is busy may still fill)."""
    from badges.sweep import pages

    while True:
        with lock:
            task = queued.popleft() if queued else None
            busy[0] += task is not None
            if task is None and not busy[0]:
                return
        if task is None:
            time.sleep(0.002)
            continue
        try:
            pages.run_page(task, lac=lac, enqueue=queued.append)
        finally:
            with lock:
                busy[0] -= 1


def _populate(count: int) -> None:
    from google.cloud import ndb

    entities = _users(count)
    for start in range(0, len(entities), 500):
        ndb.put_multi(entities[start:start + 500])


def _page_size_runs(page_size: int, count: int) -> tuple[Cost, Cost, Cost, Cost]:
    """The runs of the method over ``count`` users, in a fresh emulator of this benchmark's own: processing,
    skipping and a forced full scan with one page worker, and processing another ``count`` users with `WORKERS`."""
    from badges.last_action_cache import LastActionCache
    from badges.sweep.due import FULL
    from clients.cache import make_cache
    from clients.datastore import make_client
    from config import Config

    config = Config.from_env()
    namespace = f"bench{page_size}"
    with emulator.own_datastore() as pid:
        client = make_client(config)
        lac = LastActionCache(make_cache(config.with_(cache_prefix=f"{namespace}-{time.time_ns()}:")))
        with client.context(namespace="warmup", cache_policy=False):  # the emulator's JIT, not measured
            _populate(WARM_UP_USERS)
            for _ in range(2):
                _sweep(lac, page_size, "warmup", pid)
        with client.context(namespace=namespace + "w", cache_policy=False):
            _populate(count)
        with client.context(namespace=namespace, cache_policy=False):
            _populate(count)
            processed = _sweep(lac, page_size, namespace, pid)
            skipped = _sweep(lac, page_size, namespace, pid)
            full_scan = _sweep(lac, page_size, namespace, pid, mode=FULL)
        with client.context(namespace=namespace + "w", cache_policy=False):
            concurrent = _sweep(lac, page_size, namespace + "w", pid, workers=WORKERS)
    for done in (processed, concurrent):
        assert (done.summary["users_processed"], done.summary["users_failed"]) == (count, 0), done.summary
    assert skipped.summary["users_skipped"] == full_scan.summary["users_skipped"] == count, (skipped, full_scan)
    return processed, skipped, full_scan, concurrent


def _per_user(cost: Cost, count: int) -> dict:
    ops = cost.calls
    return {"ms": cost.wall / count * 1000, "cpu_ms": cost.cpu / count * 1000,
            "emulator_cpu_ms": cost.emulator_cpu / count * 1000,
            "rpcs": sum(ops.get(n, 0) for n in ("lookup", "run_query", "begin_transaction", "commit")) / count,
            "reads": ops.get("entities_read", 0) / count, "keys_read": ops.get("keys_read", 0) / count,
            "writes": ops.get("entities_written", 0) / count}


def run(quick: bool) -> list[dict]:
    """One row per page size (see the module's method)."""
    count = N_QUICK if quick else N_FULL
    rows = []
    for page_size in PAGE_SIZES:
        processed, skipped, full_scan, concurrent = _page_size_runs(page_size, count)
        p, s, f, c = (_per_user(cost, count) for cost in (processed, skipped, full_scan, concurrent))
        rows.append({"users": count, "page_size": page_size, "users_per_second": round(count / processed.wall, 1),
                     "users_per_second_workers": round(count / concurrent.wall, 1), "workers": WORKERS,
                     "ms_per_processed_user": round(p["ms"], 2), "ms_per_skipped_user": round(s["ms"], 3),
                     "skip_cost_ratio": round(s["ms"] / p["ms"], 4),
                     "full_scan_skip_ms": round(f["ms"], 3), "full_scan_skip_ratio": round(f["ms"] / p["ms"], 4),
                     "processed": p, "skipped": s, "full_scan": f, "processed_by_workers": c,
                     "badges_awarded": processed.summary["badges_awarded"]})
    return rows


def profile(page_size: int = 100, count: int = 1_500) -> dict[str, str]:
    """pyinstrument's view of the processing run (every user reviewed) over ``count`` users at ``page_size``,
    after the warm-up, in a fresh emulator: the call tree and the functions by their own time, as text."""
    from pyinstrument import Profiler
    from pyinstrument.renderers import ConsoleRenderer

    from badges.last_action_cache import LastActionCache
    from clients.cache import make_cache
    from clients.datastore import make_client
    from config import Config

    config = Config.from_env()
    with emulator.own_datastore() as pid:
        client = make_client(config)
        lac = LastActionCache(make_cache(config.with_(cache_prefix=f"sweepprofile-{time.time_ns()}:")))
        with client.context(namespace="warmup", cache_policy=False):
            _populate(WARM_UP_USERS)
            _sweep(lac, page_size, "warmup", pid)
        with client.context(namespace="profiled", cache_policy=False):
            _populate(count)
            profiler = Profiler(interval=0.0005)
            profiler.start()
            cost = _sweep(lac, page_size, "profiled", pid)
            profiler.stop()
    assert cost.summary["users_processed"] == count, cost.summary
    session = profiler.last_session
    return {"tree": ConsoleRenderer(unicode=False, color=False).render(session),
            "flat": ConsoleRenderer(unicode=False, color=False, flat=True).render(session)}


if __name__ == "__main__":
    import sys

    if "--profile" in sys.argv:
        shown = profile()
        print(shown["flat"][:6000], shown["tree"][:12000], sep="\n")
        sys.exit()

    for row in run(quick="--quick" in sys.argv):
        print(row)
