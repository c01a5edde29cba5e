"""A varied population for the dry-run tests, written straight to the Datastore from a seeded random source, and
what each candidate badge of the tests should count on it, worked out from the seed alone (never by the rules)."""
from __future__ import annotations

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field

from google.cloud import ndb

from content.exercises import EXERCISES_BY_NAME
from models.logs import ProblemLog
from models.user import UserData, UserExercise, UserPlaylist

NOW = datetime.datetime(2012, 4, 2, 6, 0)
EXERCISES = ("addition_1", "subtraction_1", "multiplication_1")
PLAYLISTS = ("Playlist A", "Playlist B")
UNKNOWN_EMAILS = tuple(f"nobody{i}@example.com" for i in range(10))


@dataclass
class Expected:
    """Per candidate (a name of `CANDIDATES`): the students who earn it and the awards per context."""

    students: dict[str, set[str]] = field(default_factory=dict)
    per_context: dict[str, Counter] = field(default_factory=dict)
    listed: list[str] = field(default_factory=list)  # the manual list: some students, some unknown emails

    def add(self, candidate: str, uid: str, context: str | None) -> None:
        self.students.setdefault(candidate, set()).add(uid)
        counts = self.per_context.setdefault(candidate, Counter())
        if context is not None:
            counts[context] += 1


def candidates(expected: Expected) -> dict[str, dict]:
    """The candidate badges the tests dry-run, by a name of the test's own."""
    return {
        "streak": {"family": "streak", "params": {"streak": 30}},
        "listener": {"family": "playlist_time", "params": {"seconds": 2700}},
        "watcher": {"family": "video_time", "params": {"seconds": 3000}},
        "quick": {"family": "timed_problems", "params": {"problems": 3}},
        "listed": {"family": "custom", "params": {"emails": expected.listed}},
    }


def _user(rng: random.Random, uid: str, expected: Expected) -> list[ndb.Model]:
    key = ndb.Key(UserData, uid)
    ud = UserData(key=key, email=f"{uid}@example.com", nickname=uid, joined=NOW - datetime.timedelta(days=10),
                  points=0, badge_counts=[0] * 6, last_activity=NOW - datetime.timedelta(days=1))
    made: list[ndb.Model] = [ud]
    for exercise in EXERCISES:
        if rng.random() < 0.6:
            streak = rng.randrange(0, 61)
            made.append(UserExercise(parent=key, id=exercise, exercise=exercise, streak=0, longest_streak=streak,
                                     total_done=streak + 5, total_correct=streak))
            if streak >= 30:
                expected.add("streak", uid, EXERCISES_BY_NAME[exercise].display_name)
    for title in PLAYLISTS:
        if rng.random() < 0.5:
            seconds = float(rng.randrange(0, 5000))
            made.append(UserPlaylist(parent=key, id=title, playlist_id=title, title=title, seconds_watched=seconds))
            ud.total_seconds_watched += seconds
            if seconds >= 2700:
                expected.add("listener", uid, title)
    if ud.total_seconds_watched >= 3000:
        expected.add("watcher", uid, None)
    if rng.random() < 0.25:
        made += _fast_logs(key)
        ud.problem_log_count = 5
        if any(getattr(m, "exercise", None) == "addition_1" for m in made if isinstance(m, UserExercise)):
            expected.add("quick", uid, EXERCISES_BY_NAME["addition_1"].display_name)
    return made


def _fast_logs(key: ndb.Key) -> list[ProblemLog]:
    """Five quick, correct problems of addition 1 (in the Datastore only: the last action cache is rebuilt)."""
    return [ProblemLog(parent=key, id=f"addition_1:{n}", exercise="addition_1", problem_number=n, correct=True,
                       time_done=NOW - datetime.timedelta(hours=3, minutes=-n), time_taken=1.0) for n in range(1, 6)]


def populate(count: int, seed: int = 7, prefix: str = "d") -> Expected:
    """``count`` students; the manual list names every seventh of them and `UNKNOWN_EMAILS`."""
    rng, expected, entities = random.Random(seed), Expected(), []
    for i in range(count):
        uid = f"{prefix}{i:04d}"
        entities += _user(rng, uid, expected)
        if i % 7 == 0:
            expected.listed.append(f"{uid}@example.com")
            expected.add("listed", uid, None)
    expected.listed += UNKNOWN_EMAILS
    for start in range(0, len(entities), 500):
        ndb.put_multi(entities[start:start + 500])
    return expected
