"""What the background passes (the sweep and the dry run) read for a page of users, and every context a user's
badges can be earned in, built from it exactly as the real-time engine builds an action's.

Invariants: one key-range query per kind reads the `UserExercise` and `UserPlaylist` children of a whole page of
consecutive users (a due sweep's scattered users: one ancestor query each, all in flight at once); a
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


def exercise_infos(run_id: str | None = None) -> dict[str, ExerciseInfo]:
    """Name -> shown name and fast-problem time, from the Datastore (seeded content), else from the code; with a
    ``run_id``, read once per run and namespace in a process (the weekly statistics do not move during a run)."""
    from content.exercises import EXERCISES_BY_NAME

    cache_key = (ndb.get_context().get_namespace(), run_id)
    if run_id is not None and cache_key in _EXERCISE_INFOS:
        return _EXERCISE_INFOS[cache_key]
    infos = {name: ExerciseInfo(name, d.display_name) for name, d in EXERCISES_BY_NAME.items()}
    for exercise in Exercise.query().fetch():
        infos[exercise.key.id()] = ExerciseInfo(exercise.key.id(), exercise.display_name,
                                                exercise.seconds_per_fast_problem or 2.0)
    if run_id is not None:
        while len(_EXERCISE_INFOS) >= 8:  # the runs of a few namespaces at most
            _EXERCISE_INFOS.pop(next(iter(_EXERCISE_INFOS)))
        _EXERCISE_INFOS[cache_key] = infos
    return infos


_EXERCISE_INFOS: dict[tuple, dict[str, ExerciseInfo]] = {}


def page_children(user_keys: list[ndb.Key], contiguous: bool = True) -> dict[str, Children]:
    """The users' children, all queries in flight at once. ``contiguous`` (a page of a key range): one key-range
    query per kind (children sort right after their parent), instead of two ancestor queries per user; otherwise
    (a due run's users, scattered) one ancestor query per user and kind. Read outside the users' transactions: a
    review uses them only if the user has not changed since (every action that changes them changes `UserData`)."""
    out: dict[str, Children] = {key.id(): Children() for key in user_keys}
    if not user_keys:
        return out
    if contiguous:
        low, high = min(user_keys), max(user_keys)
        high = ndb.Key(UserData, high.id() + "\x00") if isinstance(high.id(), str) else ndb.Key(UserData, high.id() + 1)
        queries = [model.query(model.key >= low, model.key < high) for model in (UserExercise, UserPlaylist)]
    else:
        queries = [model.query(ancestor=key) for key in user_keys for model in (UserExercise, UserPlaylist)]
    for future in [query.fetch_async() for query in queries]:
        for child in future.result():
            parent = child.key.parent()
            if parent is not None and parent.id() in out:
                kept = out[parent.id()]
                (kept.exercises if isinstance(child, UserExercise) else kept.playlists).append(child)
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
