"""The real-time engine: which badges an action could earn, which it did, and awarding them in the action's own
transaction.

An action asks the engine once per kind of action, through a `BadgeStep`: `begin` before the transaction, then
`BadgeStep.problem` or `BadgeStep.video` inside it, then `BadgeStep.after_commit`.

Invariants: owned badges are skipped before their rule runs; rules see only the action's `BadgeContext` (stats
already updated by this action, logs from the last action cache including this action's log, read only if a
rule looks past that log); awards commit in the same transaction as the action, so a committed action never
loses its awards.
"""
from __future__ import annotations

import dataclasses
import datetime
from typing import Iterable, Iterator, Sequence

from google.cloud import ndb

from badges import catalog, evaluation
from badges.award_stats import CounterShards
from badges.awards import Award, award
from badges.catalog import Badge
from badges.context import BadgeContext, ExerciseInfo
from badges.action_history import ActionHistory
from badges.cached_logs import KINDS, MAX_LOGS, Prepended
from badges.last_action_cache import LastActionCache, LazyLogs
from badges.log_codec import read_value
from badges.stats_view import StatsView
from learning import problem_runs
from models.content import Exercise
from models.logs import ProblemLog, VideoLog
from models.user import UserData, UserExercise, UserPlaylist

Candidate = evaluation.Candidate
Group = evaluation.Group


def _playlists(ctx: BadgeContext, user_playlists: Iterable) -> list[Group]:
    return [Group(catalog.PLAYLIST_BADGES, user_playlist.title, dataclasses.replace(ctx, user_playlist=user_playlist))
            for user_playlist in user_playlists]


def problem_candidates(ctx: BadgeContext) -> list[Group]:
    """A completed problem: the non-context badges and the exercise badges of *that* exercise."""
    return [Group(catalog.NON_CONTEXT, None, ctx), Group(catalog.EXERCISE_BADGES, ctx.exercise.display_name, ctx)]


def video_candidates(ctx: BadgeContext, user_playlists: Iterable) -> list[Group]:
    """A video log: the non-context badges and the playlist badges of every playlist holding the video."""
    return [Group(catalog.NON_CONTEXT, None, ctx), *_playlists(ctx, user_playlists)]


def user_candidates(ctx: BadgeContext, exercises: Iterable[tuple], user_playlists: Iterable) -> list[Group]:
    """Everything a user could hold (the sweep): the non-context badges, the exercise badges of every
    ``(UserExercise, ExerciseInfo)`` pair and the playlist badges of every `UserPlaylist`."""
    return [Group(catalog.NON_CONTEXT, None, ctx),
            *(Group(catalog.EXERCISE_BADGES, info.display_name,
                    dataclasses.replace(ctx, user_exercise=user_exercise, exercise=info))
              for user_exercise, info in exercises),
            *_playlists(ctx, user_playlists)]


def flatten(candidates: evaluation.Candidates) -> Iterator[Candidate]:
    """The candidates one by one, each `Group` opened into its rows' candidates."""
    for item in candidates:
        if type(item) is Group:
            yield from item.candidates()
        else:
            yield item


def earned(user_data: UserData, candidates: evaluation.Candidates) -> list[tuple[Badge, str | None]]:
    """The candidates ``user_data`` does not own whose rule holds, in their order, in one evaluation pass
    (`badges.evaluation`): each decided as `rules.evaluate` decides it. The owned badges are read without
    converting them in place (the put need not convert them back)."""
    return evaluation.Pass(read_value(user_data, "owned_badges")).earned(candidates)


def award_earned(
    user_data: UserData,
    candidates: list,
    now: datetime.datetime,
    *,
    source: str = "realtime",
    backfilled: bool = False,
    shards: CounterShards | None = None,
) -> tuple[list[Award], list[ndb.Model]]:
    """Evaluate and award inside the caller's transaction; re-evaluates once if awards added points (so a badge's
    points can carry the student over a points badge in the same action). ``shards``: see `awards.award`."""
    awards: list[Award] = []
    entities: list[ndb.Model] = []
    for _ in range(2):
        points_before = user_data.points
        for badge, context_name in earned(user_data, candidates):
            result = award(user_data, badge, context_name, now, source=source, backfilled=backfilled, shards=shards)
            if result:
                awards.append(result[0])
                entities.extend(result[1])
        if user_data.points == points_before:
            break
    return awards, entities


Awarded = tuple[list[Award], list[ndb.Model]]


@dataclasses.dataclass
class BadgeStep:
    """The badge step of one action: the awards made inside the action's transaction by `problem` or `video`, and
    the cache write that `after_commit` runs.

    Invariants: an enabled step reads the last action cache at most once, inside the transaction, and only when a
    rule looks past the action's own log or the store asks for a read (`badges.action_history`); the read lists
    are checked against `UserData`'s log counts and rebuilt from the Datastore on any difference; after the
    commit it writes once: the action's own log (one ``append``), or the whole entry when the read one had to
    be rebuilt or compacted. A disabled step (engine off, or an action that completes nothing) does no cache I/O
    and awards nothing. Either way `problem` and `video` count the new log on `UserData`, so the counts the
    cache is checked against stay true while the engine is off.
    """

    lac: LastActionCache | None
    user_id: str
    history: ActionHistory | None = None
    pending: tuple[ProblemLog | VideoLog, str, int] | None = None

    def problem(self, ud: UserData, ue: UserExercise, exercise: Exercise, log: ProblemLog,
                now: datetime.datetime) -> Awarded:
        """A completed problem: the non-context badges and the exercise badges of ``exercise``."""
        logs = self._add(ud, log, "problem")
        if logs is None:
            return [], []
        info = ExerciseInfo(log.exercise, exercise.display_name, exercise.seconds_per_fast_problem)
        ctx = _context(ud, logs, now, user_exercise=ue, exercise=info)
        _learn_runs(ud, ue, ctx.problem_logs)
        return award_earned(ud, problem_candidates(ctx), now)

    def video(self, ud: UserData, user_playlists: list[UserPlaylist], log: VideoLog,
              now: datetime.datetime) -> Awarded:
        """A video log: the non-context badges and the playlist badges of ``user_playlists`` (already credited)."""
        logs = self._add(ud, log, "video")
        if logs is None:
            return [], []
        return award_earned(ud, video_candidates(_context(ud, logs, now), user_playlists), now)

    def after_commit(self) -> None:
        """Write the action's log once the action committed: appended alone unless this attempt read the entry
        (then the read entry plus the log, which the store may send whole). A disabled step, or one whose
        transaction never reached `problem` or `video`, writes nothing. Never raises."""
        if self.history is None or self.pending is None:
            return
        log, kind, number = self.pending
        if self.history.was_read:
            self.lac.write(self.user_id, self.history.snapshot, self.history.entry().with_log(kind, log), kind)
        else:
            self.lac.append(self.user_id, kind, number, log)

    def _add(self, ud: UserData, log: ProblemLog | VideoLog, kind: str) -> tuple[Sequence, Sequence] | None:
        """The problem and video logs as the rules read them, ``log`` in front of its kind (through a
        `StatsView`: nothing changes a log once it is made) and the older ones read only if a rule asks; counts
        ``log`` on ``ud``. Runs again on a transaction retry, with a fresh `UserData`; the last run's log is the
        one written."""
        counts = ud.problem_log_count, ud.video_log_count
        if kind == "problem":
            ud.problem_log_count += 1
        else:
            ud.video_log_count += 1
        self.pending = None
        if self.history is None:
            return None
        number = counts[KINDS.index(kind)] + 1
        self.history.start(ud.key, *counts)
        if self.lac.read_due(number):
            self.history.entry()
        self.pending = log, kind, number
        older = {k: self.history.older(k) for k in KINDS}
        older[kind] = Prepended((StatsView(log),), older[kind], MAX_LOGS)
        return older["problem"], older["video"]


def _learn_runs(ud: UserData, ue: UserExercise, logs: Sequence) -> None:
    """Runs the stats do not know yet (logs made before they were kept: `learning.problem_runs`) read from the
    logs, once, so that later actions decide those rules without reading the history."""
    if ud.problem_run is None:
        ud.problem_run_exercise, ud.problem_run = (
            problem_runs.run_from_logs(logs, ud.problem_log_count) or (ud.problem_run_exercise, None))
    if ue.correct_times is None:
        ue.correct_times = problem_runs.times_from_logs(logs, ue.exercise, ue.total_done)


def begin(lac: LastActionCache, user_id: str, *, enabled: bool) -> BadgeStep:
    """An action's badge step, made before its transaction; no I/O (the cache is read only if a rule needs it)."""
    if not enabled:
        return BadgeStep(None, user_id)
    return BadgeStep(lac, user_id, ActionHistory(lac, user_id))


def _context(ud: UserData, logs: tuple[Sequence, Sequence], now: datetime.datetime, **about) -> BadgeContext:
    return BadgeContext(now=now, user=ud, problem_logs=LazyLogs(logs[0]), video_logs=LazyLogs(logs[1]), **about)
