"""CPU per call of the last action cache's codec: `log_codec.encode` against ndb's own encoding, the memcached
item's parse at 0, 30 and 63 appended records (500 problem and 500 video logs), the parse plus the rules' usual
read (the newest 10 problem logs' fields), and `LastActionCache.read` end to end on memcached.

Method: ``time.process_time`` around ``calls`` calls of one case; the cases take turns, in a freshly shuffled
order every round, after a warm-up round; the median of the rounds, in µs per call. Needs an ndb context (keys
read its project; nothing is sent to the Datastore) and, for the read, memcached (MEMCACHED_ADDRESS).

    python -m bench.cache_codec
"""
from __future__ import annotations

import datetime
import os
import random
import statistics
import time
import uuid
from typing import Callable

from google.cloud import ndb

from badges.cached_logs import MAX_LOGS, Entry, LazyLogs
from badges.last_action_cache import LastActionCache
from badges.log_codec import encode, ndb_encode
from badges.memcached_logs import pack_record, parse_item
from clients.cache import make_cache
from clients.datastore import context, make_client
from config import Config
from models.logs import ProblemLog, VideoLog
from models.user import UserData

T0 = datetime.datetime(2026, 1, 5, 8, 0, 0, 250000)
RECORDS = (0, 30, 63)


def problem_log(user: str, n: int) -> ProblemLog:
    return ProblemLog(key=ndb.Key(UserData, user, ProblemLog, f"addition_{n % 7}:{n}"), exercise=f"addition_{n % 7}",
                      problem_number=n, correct=n % 5 != 0, time_done=T0 + datetime.timedelta(seconds=40 * n),
                      time_taken=31.5, count_attempts=1, count_hints=0, points_earned=15)


def video_log(user: str, n: int) -> VideoLog:
    return VideoLog(key=ndb.Key(UserData, user, VideoLog, n), youtube_id=f"yt{n % 40:09d}",
                    time_watched=T0 + datetime.timedelta(seconds=30 * n), seconds_watched=29.75,
                    last_second_watched=float(n % 600), points_earned=0, playlist_ids=["math-1", "math-2"])


def item(entry_type: type, user: str, records: int) -> bytes:
    """An item of 500 + 500 logs written whole, then ``records`` problem logs appended (numbers 501 on)."""
    problems = tuple(encode(problem_log(user, n)) for n in range(MAX_LOGS, 0, -1))
    videos = tuple(encode(video_log(user, n)) for n in range(MAX_LOGS, 0, -1))
    base = entry_type(MAX_LOGS, MAX_LOGS, problems, videos).serialize()
    return base + b"".join(pack_record("problem", n, encode(problem_log(user, n)))
                           for n in range(MAX_LOGS + 1, MAX_LOGS + 1 + records))


def measure(cases: dict[str, Callable[[], object]], rounds: int = 15, calls: int = 200) -> dict[str, float]:
    """Median µs of CPU per call of each case, the cases interleaved (shuffled every round) after a warm-up."""
    samples: dict[str, list[float]] = {label: [] for label in cases}
    order = list(cases)
    for round_ in range(rounds + 1):
        random.shuffle(order)
        for label in order:
            call = cases[label]
            start = time.process_time()
            for _ in range(calls):
                call()
            if round_:
                samples[label].append((time.process_time() - start) / calls * 1e6)
    return {label: statistics.median(values) for label, values in samples.items()}


def newest_fields(parsed) -> list:
    logs = LazyLogs(parsed[0].problems)
    return [logs[i] for i in range(10)]


def cases(lac: LastActionCache, user: str) -> dict[str, Callable[[], object]]:
    problem, video = problem_log(user, 1), video_log(user, 1)
    out = {"encode problem log": lambda: encode(problem), "ndb encode problem log": lambda: ndb_encode(problem),
           "encode video log": lambda: encode(video), "ndb encode video log": lambda: ndb_encode(video)}
    for records in RECORDS:
        data = item(Entry, user, records)
        out[f"parse_item, {records} records"] = lambda data=data: parse_item(data)
        out[f"parse_item + newest 10 fields, {records} records"] = lambda data=data: newest_fields(parse_item(data))
    lac.cache.set(lac.store.key(user), item(Entry, user, 30))
    out["lac.read (memcached), 30 records"] = lambda: lac.read(user)
    return out


def run() -> dict[str, float]:
    config = Config(cache_url=f"memcached://{os.environ['MEMCACHED_ADDRESS']}",
                    cache_prefix=f"bench-codec-{uuid.uuid4().hex[:8]}:")
    lac = LastActionCache(make_cache(config))
    with context(make_client(config), config):
        result = measure(cases(lac, "bench-user"))
    lac.forget("bench-user")
    return result


if __name__ == "__main__":
    for label, micros in run().items():
        print(f"{micros:9.1f} µs  {label}")
