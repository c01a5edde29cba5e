"""What the background passes (the sweep and the dry run) read for a page of users, and every context a user's
badges can be earned in, built from it exactly as the real-time engine builds an action's.

Invariants: one key-range query per kind reads the `UserExercise` and `UserPlaylist` children of a whole page; a
user's contexts are the non-context one, one per `UserExercise` of a known exercise and one per `UserPlaylist`
(as `badges.engine.user_candidates` walks them), so the sweep and the dry run judge a badge in the same contexts.
Building contexts does no I/O.
"""
from __future__ import annotations

import dataclasses
import datetime
from typing import Iterable, Iterator

from google.cloud import ndb

from badges.catalog import Badge, ContextType
from badges.context import BadgeContext, ExerciseInfo
from badges.engine import Candidate
from badges.last_action_cache import Entry, LastActionCache, LazyLogs
from models.content import Exercise
from models.user import UserData, UserExercise, UserPlaylist


@dataclasses.dataclass
class Children:
    """A user's `UserExercise` and `UserPlaylist` entities, read for the whole page at once."""

    exercises: list[UserExercise] = dataclasses.field(default_factory=list)
    playlists: list[UserPlaylist] = dataclasses.field(default_factory=list)


def exercise_infos() -> dict[str, ExerciseInfo]:
    """Name -> shown name and fast-problem time, from the Datastore (seeded content), else from the code."""
    from content.exercises import EXERCISES_BY_NAME

    infos = {name: ExerciseInfo(name, d.display_name) for name, d in EXERCISES_BY_NAME.items()}
    for exercise in Exercise.query().fetch():
        infos[exercise.key.id()] = ExerciseInfo(exercise.key.id(), exercise.display_name,
                                                exercise.seconds_per_fast_problem or 2.0)
    return infos


def page_children(user_keys: list[ndb.Key]) -> dict[str, Children]:
    """One key-range query per kind over the page's users (children sort right after their parent), instead
    of two ancestor queries per user."""
    out: dict[str, Children] = {key.id(): Children() for key in user_keys}
    if not user_keys:
        return out
    low, high = min(user_keys), max(user_keys)
    high = ndb.Key(UserData, high.id() + "\x00") if isinstance(high.id(), str) else ndb.Key(UserData, high.id() + 1)
    for model, field in ((UserExercise, "exercises"), (UserPlaylist, "playlists")):
        for child in model.query(model.key >= low, model.key < high).fetch():
            parent = child.key.parent()
            if parent is not None and parent.id() in out:
                getattr(out[parent.id()], field).append(child)
    return out


def logs_of(ud: UserData, lac: LastActionCache) -> Entry:
    """The user's newest logs: none to read if the user has none, else the cache's (rebuilt if stale)."""
    if not (ud.problem_log_count or ud.video_log_count):
        return Entry()
    return lac.current(lac.read(ud.key.id()), ud.key, ud.problem_log_count, ud.video_log_count)


@dataclasses.dataclass
class UserContexts:
    """The rules' view of one user: the non-context view, and the exercises and playlists to judge badges in."""

    base: BadgeContext
    exercises: list[tuple[UserExercise, ExerciseInfo]]
    playlists: list[UserPlaylist]


def user_contexts(ud: UserData, entry: Entry, user_exercises: Iterable[UserExercise],
                  user_playlists: Iterable[UserPlaylist], exercises: dict[str, ExerciseInfo],
                  now: datetime.datetime) -> UserContexts:
    base = BadgeContext(now=now, user=ud, problem_logs=LazyLogs(entry.problems), video_logs=LazyLogs(entry.videos))
    known = [(ue, exercises[ue.exercise or ue.key.id()]) for ue in user_exercises
             if (ue.exercise or ue.key.id()) in exercises]
    return UserContexts(base, known, list(user_playlists))


def badge_candidates(badges: Iterable[Badge], found: UserContexts) -> Iterator[Candidate]:
    """Each badge in each of the user's contexts of its kind (a monthly badge in none: only the ranking awards it)."""
    for badge in badges:
        if badge.context is ContextType.NONE:
            yield badge, None, found.base
        elif badge.context is ContextType.EXERCISE:
            for ue, info in found.exercises:
                yield badge, info.display_name, dataclasses.replace(found.base, user_exercise=ue, exercise=info)
        elif badge.context is ContextType.PLAYLIST:
            for up in found.playlists:
                yield badge, up.title, dataclasses.replace(found.base, user_playlist=up)
