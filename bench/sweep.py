"""Benchmark of the badge sweep: users per second at page sizes 50, 100 and 500, and the cost of a skipped user
as a ratio of a processed one.

Method (stated so the numbers can be read): pages are processed *in-process* by calling `badges.sweep.pages.run_page`
directly, in order, with an enqueue that collects the next page (no Cloud Tasks round trip, no HTTP), against
the real Datastore emulator and memcached from the environment (DATASTORE_EMULATOR_HOST, MEMCACHED_ADDRESS).
Each page size gets a fresh namespace with the same mix of users (a third blank, a third with two exercises and
streaks, a third with points and proficient exercises, so about half of them earn something). The first run
processes everyone (evaluation, awards, review stamp); a second run over the same users skips them all, which
measures the skip path. Queue dispatch latency is not included: in production pages run concurrently (queue.yaml
allows 10 at once), so throughput scales with that concurrency until the Datastore pushes back.
"""
from __future__ import annotations

import collections
import datetime
import time
import uuid

N_FULL, N_QUICK = 10_000, 1_500
PAGE_SIZES = (50, 100, 500)
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


def _sweep(lac, page_size: int, namespace: str) -> tuple[float, dict]:
    from badges.sweep import pages, runs
    from models.sweep import SweepPage, SweepRun

    queued: collections.deque = collections.deque()
    started = time.perf_counter()
    run = runs.start_run(clock=NOW, pinned=True, page_size=page_size, triggered_by="bench",
                         enqueue=queued.append, namespace=namespace)
    while queued:
        pages.run_page(queued.popleft(), lac=lac, enqueue=queued.append)
    seconds = time.perf_counter() - started
    summary = SweepRun.get_by_id(run.run_id).summary(SweepPage.query(SweepPage.run_id == run.run_id).fetch())
    return seconds, summary


def run(quick: bool) -> list[dict]:
    """One row per page size: users, seconds, users/s processed, users/s skipped, skip/process cost ratio."""
    from google.cloud import ndb

    from badges.last_action_cache import LastActionCache
    from clients.cache import make_cache
    from clients.datastore import make_client
    from config import Config

    config = Config.from_env()
    client = make_client(config)
    count = N_QUICK if quick else N_FULL
    rows = []
    for page_size in PAGE_SIZES:
        namespace = "bench" + uuid.uuid4().hex[:8]
        lac = LastActionCache(make_cache(config.with_(cache_prefix=namespace + ":")))
        with client.context(namespace=namespace, cache_policy=False):
            entities = _users(count)
            for start in range(0, len(entities), 500):
                ndb.put_multi(entities[start:start + 500])
            processed_s, first = _sweep(lac, page_size, namespace)
            skipped_s, second = _sweep(lac, page_size, namespace)
        assert first["users_processed"] == count and second["users_skipped"] == count, (first, second)
        per_processed, per_skipped = processed_s / count, skipped_s / count
        rows.append({"bench": "sweep", "users": count, "page_size": page_size,
                     "processed_seconds": round(processed_s, 2), "users_per_second": round(count / processed_s, 1),
                     "skipped_users_per_second": round(count / skipped_s, 1),
                     "ms_per_processed_user": round(per_processed * 1000, 2),
                     "ms_per_skipped_user": round(per_skipped * 1000, 3),
                     "skip_cost_ratio": round(per_skipped / per_processed, 4),
                     "badges_awarded": first["badges_awarded"]})
    return rows


if __name__ == "__main__":
    import sys

    for row in run(quick="--quick" in sys.argv):
        print(row)
