"""Stand-ins for the stats and logs a BadgeContext carries (plain dataclasses with the same attributes), and a
context built from them."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from badges.context import BadgeContext, ExerciseInfo

T0 = datetime(2011, 11, 1, 12, 0)
EX = "addition_1"


@dataclass
class User:
    email: str | None = None
    points: int = 0
    total_seconds_watched: float = 0.0
    proficient_exercises: list = field(default_factory=list)
    all_proficient_exercises: list = field(default_factory=list)
    joined: datetime = T0
    activity_run_start: datetime | None = None
    last_activity: datetime | None = None
    problem_log_count: int = 0
    problem_run_exercise: str | None = None  # the runs of learning.problem_runs: unknown unless a test sets them
    problem_run: int | None = None
    last_problem_done: datetime | None = None  # the newest logs' times as the stats know them: unknown by default
    last_video_log_time: datetime | None = None


@dataclass
class UserExercise:
    exercise: str = EX
    streak: int = 0
    longest_streak: int = 0
    total_done: int = 0
    total_correct: int = 0
    proficient_date: datetime | None = None
    correct_times: bytes | None = None


@dataclass
class UserPlaylist:
    playlist_id: str = "p1"
    title: str = "Addition and subtraction"
    seconds_watched: float = 0.0


@dataclass
class PLog:
    exercise: str = EX
    correct: bool = True
    time_done: datetime = T0
    time_taken: float = 1.0


@dataclass
class VLog:
    time_watched: datetime = T0
    seconds_watched: float = 0.0


def context(*, now: datetime = T0, fast: float = 2.0, **kw) -> BadgeContext:
    """A context at ``now`` for a fresh user answering Addition 1 (fast problems take ``fast`` seconds)."""
    kw.setdefault("user", User())
    kw.setdefault("exercise", ExerciseInfo(EX, "Addition 1", fast))
    return BadgeContext(now=now, **kw)
