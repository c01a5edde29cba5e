"""What one request asks of the Datastore and of memcached, per request type, with a warm cache: RPCs, entities
read and written, keys read, memcached calls. Counted, not timed: the capacity model's per-action operations
(docs/SCALE.md).

Method: one phantom student (tests.support.Student, the Flask test client through the real handlers, session and
CSRF included) in a fresh emulator of the benchmark's own, namespace ``ops``; after a warm-up of two completed
problems and two video logs, each request type is made `REPEATS` times and its counts averaged.
"""
from __future__ import annotations

import collections
import datetime

from bench import datastore_calls, emulator

REPEATS = 5
EXERCISE = "addition_1"
T0 = datetime.datetime(2026, 3, 2, 9, 0, 0)


def _requests(student, youtube_id: str) -> dict:
    """Request type -> a function that prepares one such request (uncounted) and returns the request to make."""
    base = f"/api/v1/user/exercises/{EXERCISE}/problems"

    def next_problem() -> int:
        student.now += datetime.timedelta(seconds=30)
        return student.next_number(EXERCISE)

    def serve():
        number = next_problem()
        student.solve(EXERCISE)  # the previous problem is done: this serve starts a new one's clock
        return lambda: student.get(f"{base}/{number + 1}")

    def attempt():
        number, _ = student.serve(EXERCISE, next_problem())
        return lambda: student.attempt(EXERCISE, number, student.answer_for(EXERCISE, number))

    def hint():
        number, _ = student.serve(EXERCISE, next_problem())
        return lambda: student.hint(EXERCISE, number)

    def video():
        student.now += datetime.timedelta(seconds=20)
        student.watched += 20
        return lambda: student.watch(youtube_id, 20, student.watched)

    return {"GET problem (serve)": serve, "POST attempt (right, completes)": attempt, "POST hint": hint,
            "POST video log": video, "GET /api/v1/user": lambda: lambda: student.get("/api/v1/user")}


def _count(app, prepare, repeats: int) -> dict:
    """Average counts of ``repeats`` requests, each prepared first (uncounted)."""
    cache = app.extensions["meteorite.cache"]
    totals: collections.Counter = collections.Counter()
    for _ in range(repeats):
        request = prepare()
        before = collections.Counter(cache.calls)
        with datastore_calls.counting() as calls:
            response = request()
        assert response.status_code == 200, response.get_data(as_text=True)
        totals.update(calls)
        totals.update({f"memcached_{op}": n - before[op] for op, n in cache.calls.items() if n != before[op]})
    return {name: n / repeats for name, n in sorted(totals.items())}


def run() -> dict:
    from config import Config
    from content.videos import PLAYLIST_VIDEOS
    from tests.support import Student, seeded_app

    with emulator.own_datastore():
        config = Config.from_env().with_(namespace="ops", cache_prefix=f"ops{datetime.datetime.now():%H%M%S%f}:")
        app = seeded_app(config)
        student = Student(app)
        student.now, student.watched = T0, 0
        youtube_id = next(iter(PLAYLIST_VIDEOS.values()))[0]
        requests = _requests(student, youtube_id)
        for name in ("POST attempt (right, completes)", "POST video log") * 2:  # warm: caches filled
            requests[name]()()
        return {name: _count(app, prepare, REPEATS) for name, prepare in requests.items()}


def table(counts: dict) -> list[str]:
    lines = ["## Datastore and memcached operations per request, warm cache (bench/request_ops.py)", "",
             "| request | RPCs (lookup / query / begin / commit) | entities read | keys read | entities written | "
             "memcached calls |", "|---|---|---:|---:|---:|---|"]
    for name, c in counts.items():
        rpcs = " / ".join(f"{c.get(r, 0):g}" for r in ("lookup", "run_query", "begin_transaction", "commit"))
        cache = ", ".join(f"{k.removeprefix('memcached_')} {v:g}" for k, v in c.items() if k.startswith("memcached_"))
        lines.append(f"| {name} | {rpcs} | {c.get('entities_read', 0):g} | {c.get('keys_read', 0):g} | "
                     f"{c.get('entities_written', 0):g} | {cache or '0'} |")
    return lines


if __name__ == "__main__":
    print("\n".join(table(run())))
