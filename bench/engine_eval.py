"""CPU of one real-time evaluation pass: ``engine.earned`` over an action's candidates, in µs per evaluation.

Two actions of one student with a full last action cache (500 problem logs, 200 video logs, as the cache holds
them: entity-protobuf bytes, the action's own log in front as an entity), mid-streak in an exercise
(UserExercise: streak 14, 28 done, not proficient), 12 proficient exercises and a few badges owned:
- problem: the non-context and exercise candidates of a completed problem (`engine.problem_candidates`);
- video: the non-context candidates and the playlist candidates of two playlists (`engine.video_candidates`).
Each is timed two ways: ``earned``, one evaluation pass (the context and candidates built, ``engine.earned``), and
``step``, the whole badge step inside the action's transaction (``BadgeStep.problem`` / ``video``: the cached
entry checked against the counts, the action's log put in front, evaluation, nothing awarded); and ``decoded``,
the evaluation pass with logs already decoded (one lazy list per action kind, shared by every call), which leaves
out the log codec's cost.
Each evaluation starts from entities freshly decoded from their protobufs (as an action reads them), the
attributes the action itself reads or writes before its badge step already read (`ACTION_READS`), so only what
the engine adds is timed, and a fresh context (logs decoded on first touch).
CPU is ``time.process_time()`` over ``calls`` evaluations per sample, after a warm-up.

Run: ``python -m bench.engine_eval`` (this checkout alone), or ``python -m bench.engine_eval --against DIR`` to
compare this checkout with another one (e.g. main) side by side: one worker process per checkout, the samples
taken in turns in a shuffled order per round, so a busy moment of the machine falls on both alike. Either way
against a fresh Datastore emulator of its own (the environment of /work/main/.run/test/env otherwise).
``--profile`` prints cProfile's top functions of this checkout's problem evaluation instead.

The worker half of this file imports no ``bench`` module: it runs with the other checkout first on sys.path.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import time
import uuid

T0 = datetime.datetime(2026, 1, 5, 8, 0, 0)
NOW = T0 + datetime.timedelta(hours=84)
EXERCISE, SHOWN = "addition_1", "Addition 1"
OWNED = ["gettingstartedbadge", "makingprogressbadge", "nicestreakbadge[Subtraction 1]", "yearonebadge",
         "niceplaylisttimebadge[Addition and subtraction]", "levelonearithmeticianbadge"]
PROFICIENT = ["addition_1", "subtraction_1", "multiplication_1", "division_1", "addition_2", "subtraction_2",
              "addition_3", "exponents_1", "angles_2", "units", "ordering_numbers", "logarithms_1"]
KINDS = ("problem earned", "video earned", "problem step", "video step", "problem decoded", "video decoded")
ACTION_READS = {  # what the actions (actions.exercises.attempt, actions.videos) touch before the badge step
    "user": ("points", "activity_run_start", "last_activity", "problem_log_count", "video_log_count",
             "total_seconds_watched"),
    "problem": ("streak", "longest_streak", "total_done", "total_correct", "proficient_date"),
    "video": ("seconds_watched",),
}


class Student:
    """The student's stored stats as protobufs, its cached logs, and one evaluation of each action."""

    def __init__(self, user_id: str, lac):
        from google.cloud import ndb

        from badges.context import ExerciseInfo
        from badges.last_action_cache import LastActionCache, Snapshot
        from models.content import Exercise
        from models.user import UserData, UserExercise, UserPlaylist

        key = ndb.Key(UserData, user_id)
        put_history(key)
        ud = key.get()
        self.ud = _pb(ud)
        self.ue = _pb(ndb.Key(UserExercise, EXERCISE, parent=key).get())
        self.playlists = [_pb(up) for up in UserPlaylist.query(ancestor=key).fetch()]
        self.entry = LastActionCache.rebuild(key, ud.problem_log_count, ud.video_log_count)
        self.info = ExerciseInfo(EXERCISE, SHOWN, 4.0)
        self.exercise = Exercise(key=ndb.Key(Exercise, EXERCISE), display_name=SHOWN, seconds_per_fast_problem=4.0)
        self.lac, self.snapshot = lac, Snapshot(self.entry)
        self.decoded: dict[str, tuple] = {}
        self.now = NOW

    def fresh(self, kind: str) -> tuple:
        """Freshly decoded stats and the action's own log (not timed)."""
        from google.cloud.ndb import model as ndb_model

        from models.logs import ProblemLog, VideoLog

        ud = ndb_model._entity_from_protobuf(self.ud)
        action = kind.split()[0]
        stats = [ndb_model._entity_from_protobuf(pb) for pb in ([self.ue] if action == "problem" else self.playlists)]
        for entity, names in [(ud, ACTION_READS["user"])] + [(e, ACTION_READS[action]) for e in stats]:
            for name in names:
                getattr(entity, name)
        if action == "problem":
            log = ProblemLog(exercise=EXERCISE, problem_number=29, correct=True, time_done=self.now, time_taken=9.0)
            return ud, stats[0], log
        log = VideoLog(youtube_id="v1", time_watched=self.now, seconds_watched=30.0, playlist_ids=["p1", "p2"])
        return ud, stats, log

    def evaluate(self, kind: str, ud, stats, log) -> list:
        """One evaluation pass of the engine, or one badge step (what is timed); the badges earned."""
        from badges import engine
        from badges.context import BadgeContext
        from badges.last_action_cache import LazyLogs

        if kind.endswith("step"):
            step = _step(engine, self.lac, self.snapshot)
            if kind == "problem step":
                return [a.badge for a in step.problem(ud, stats, self.exercise, log, self.now)[0]]
            return [a.badge for a in step.video(ud, stats, log, self.now)[0]]
        action, way = kind.split()
        entry = self.entry.with_problem(log) if action == "problem" else self.entry.with_video(log)
        if way == "decoded":
            entry = self.decoded.setdefault(action, (LazyLogs(entry.problems), LazyLogs(entry.videos)))
            logs = {"problem_logs": entry[0], "video_logs": entry[1]}
        else:
            logs = {"problem_logs": LazyLogs(entry.problems), "video_logs": LazyLogs(entry.videos)}
        if action == "problem":
            ctx = BadgeContext(now=self.now, user=ud, user_exercise=stats, exercise=self.info, **logs)
            return [b for b, _ in engine.earned(ud, list(engine.problem_candidates(ctx)))]
        ctx = BadgeContext(now=self.now, user=ud, **logs)
        return [b for b, _ in engine.earned(ud, list(engine.video_candidates(ctx, stats)))]

    def sample(self, kind: str, calls: int) -> float:
        """CPU µs per evaluation over ``calls`` evaluations."""
        inputs = [self.fresh(kind) for _ in range(calls)]
        started = time.process_time()
        for ud, stats, log in inputs:
            self.evaluate(kind, ud, stats, log)
        return (time.process_time() - started) / calls * 1e6

    def earned_names(self, kind: str) -> list[str]:
        return sorted(badge.name for badge in self.evaluate(kind, *self.fresh(kind)))


def _step(engine, lac, snapshot):
    """A badge step whose cache read, if it makes one, is ``snapshot`` (no I/O), for an engine that reads the
    cache before the transaction (``BadgeStep(lac, user, snapshot)``) or only when a rule needs it."""
    if not hasattr(engine, "ActionHistory"):
        return engine.BadgeStep(lac, "bench-student", snapshot)
    step = engine.begin(lac, "bench-student", enabled=True)
    step.history.snapshot = snapshot
    return step


def _kept_runs(logs: list, stats: list) -> None:
    """The runs a checkout keeping them (`learning.problem_runs`) holds for these logs, set on the stats as the
    actions would have kept them; nothing for a checkout without them."""
    try:
        from learning import problem_runs
    except ImportError:
        return
    newest = sorted((log for log in logs if hasattr(log, "exercise")), key=lambda log: log.time_done, reverse=True)
    ud, ue = stats[0], stats[1]
    ud.problem_run_exercise, ud.problem_run = problem_runs.run_from_logs(newest, len(newest))
    ud.last_problem_done = newest[0].time_done
    ud.last_video_log_time = max(log.time_watched for log in logs if hasattr(log, "time_watched"))
    ue.correct_times = problem_runs.times_from_logs(newest, ue.exercise, sum(log.exercise == ue.exercise
                                                                                 for log in newest))


def put_history(key) -> None:
    """The student: 500 problem logs ten minutes apart (the newest 14 correct in the exercise, older ones over
    seven exercises), 200 video logs five minutes apart, its UserExercise mid-streak and two UserPlaylists: an
    action that earns nothing, the usual case."""
    from google.cloud import ndb

    from models.logs import ProblemLog, VideoLog
    from models.user import UserData, UserExercise, UserPlaylist

    logs = []
    for i in range(500):
        mine = i >= 486 or i % 4 == 0
        exercise = EXERCISE if mine else f"history_{i % 7}"
        logs.append(ProblemLog(parent=key, id=f"{exercise}:{i}", exercise=exercise, problem_number=i,
                               correct=i >= 486 or i % 5 != 0, time_done=T0 + datetime.timedelta(minutes=10 * i),
                               time_taken=9.0 if i >= 486 else 30.0))
    logs += [VideoLog(parent=key, youtube_id=f"v{i % 9}", time_watched=NOW - datetime.timedelta(minutes=5 * (200 - i)),
                      seconds_watched=30.0, playlist_ids=["p1"]) for i in range(200)]
    stats = [UserData(key=key, nickname="bench", joined=T0 - datetime.timedelta(days=400), points=8_750,
                      total_seconds_watched=1_100.0, proficient_exercises=PROFICIENT,
                      all_proficient_exercises=PROFICIENT + ["addition_0"], owned_badges=OWNED,
                      badge_counts=[4, 2, 0, 0, 0, 0], activity_run_start=NOW - datetime.timedelta(days=3),
                      last_activity=NOW - datetime.timedelta(hours=1), problem_log_count=500, video_log_count=200),
             UserExercise(parent=key, id=EXERCISE, exercise=EXERCISE, streak=14, longest_streak=17, total_done=28,
                          total_correct=22),
             UserPlaylist(parent=key, id="p1", playlist_id="p1", title="Addition and subtraction",
                          seconds_watched=1_200.0),
             UserPlaylist(parent=key, id="p2", playlist_id="p2", title="Worked examples", seconds_watched=700.0)]
    _kept_runs(logs, stats)
    for start in range(0, len(logs), 500):
        ndb.put_multi(logs[start:start + 500])
    ndb.put_multi(stats)


def _pb(entity):
    from google.cloud.ndb import model as ndb_model

    return ndb_model._entity_to_protobuf(entity)


def _student(user_id: str = "bench-student") -> tuple:
    """An ndb context of this checkout's app, in a namespace of its own, and a maker of the student in it."""
    from config import Config
    from main import create_app

    namespace = f"engineeval{uuid.uuid4().hex[:8]}"
    app = create_app(Config.from_env().with_(namespace=namespace, cache_prefix=namespace + ":"))
    context = app.extensions["meteorite.ndb"].context(namespace=namespace, cache_policy=False)
    return context, lambda: Student(user_id, app.extensions["meteorite.services"].lac)


def worker() -> None:
    """Answer the driver's lines: ``keys`` -> the badges each way earns; ``<calls> <kind>`` -> µs."""
    context, make = _student()
    with context:
        student = make()
        for line in sys.stdin:
            calls, _, kind = line.strip().partition(" ")
            if calls == "keys":
                answer = {k: student.earned_names(k) for k in KINDS}
            else:
                answer = student.sample(kind, int(calls))
            print(json.dumps(answer), flush=True)


def profile(calls: int) -> None:
    import cProfile
    import pstats

    context, make = _student()
    with context:
        student = make()
        student.sample("problem step", 50)
        inputs = [student.fresh("problem step") for _ in range(calls)]
        profiler = cProfile.Profile()
        profiler.enable()
        for ud, stats, log in inputs:
            student.evaluate("problem step", ud, stats, log)
        profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--against", action="append", default=[], help="another checkout to compare with")
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--warm", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker()
    from bench.checkouts import compare, report
    from bench.emulator import own_datastore

    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    with own_datastore():
        if args.profile:
            return profile(args.calls)
        roots = [os.path.abspath(root) for root in args.against] + [here]
        report(compare(os.path.abspath(__file__), KINDS, roots, args.calls, args.rounds, args.warm), roots)


if __name__ == "__main__":
    if "--worker" in sys.argv:
        sys.path.pop(0)  # this file's folder: the worker imports the app from its checkout (PYTHONPATH)
    main()
