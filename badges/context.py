"""What a badge rule may look at: the action's precalculated stats and the lazily decoded last action cache.

Invariant: rules never do I/O themselves. Everything they read is on this object; in real time its logs past
the action's own are read from the cache on first index (`badges.action_history`). It is built in real time by the
engine's entry points (`badges.engine.BadgeStep.problem` and `BadgeStep.video`), once per action inside the
action's transaction, and in the background by the sweep's per-user review, once per user; the progress listing
builds one with no logs to measure how near a student is to each badge. The stats objects are the ndb entities
themselves (attribute access only), read-only views of them during an engine pass (`badges.stats_view`), or any
object with the same attributes in unit tests.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Protocol, Sequence


class UserStats(Protocol):
    email: str | None
    points: int
    total_seconds_watched: float
    proficient_exercises: list[str]
    all_proficient_exercises: list[str]
    joined: datetime.datetime
    activity_run_start: datetime.datetime | None
    last_activity: datetime.datetime | None
    problem_log_count: int
    problem_run_exercise: str | None
    problem_run: int | None
    last_problem_done: datetime.datetime | None
    last_video_log_time: datetime.datetime | None


class ExerciseStats(Protocol):
    exercise: str
    streak: int
    longest_streak: int
    total_done: int
    total_correct: int
    proficient_date: datetime.datetime | None
    correct_times: bytes | None


class PlaylistStats(Protocol):
    playlist_id: str
    title: str
    seconds_watched: float


class ProblemLogView(Protocol):
    exercise: str
    correct: bool
    time_done: datetime.datetime
    time_taken: float


class VideoLogView(Protocol):
    time_watched: datetime.datetime
    seconds_watched: float


@dataclass
class ExerciseInfo:
    """The exercise an action is about: its name, shown name and the weekly-computed fast-problem time."""

    name: str
    display_name: str
    seconds_per_fast_problem: float = 2.0


@dataclass
class BadgeContext:
    """One action's view for the rules.

    ``problem_logs`` / ``video_logs`` are newest first and support ``len``, indexing and slicing; each entry is
    decoded from the cache only when a rule touches it, at most once per request.
    ``user_exercise`` + ``exercise`` are set for exercise-context badges, ``user_playlist`` for playlist ones.
    """

    now: datetime.datetime
    user: UserStats
    problem_logs: Sequence[ProblemLogView] = ()
    video_logs: Sequence[VideoLogView] = ()
    user_exercise: ExerciseStats | None = None
    exercise: ExerciseInfo | None = None
    user_playlist: PlaylistStats | None = None
