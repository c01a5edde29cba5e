"""The real-time engine: which badges an action could earn, which it did, and awarding them in the action's own
transaction.

Invariants: owned badges are skipped before their rule runs; rules see only the action's `BadgeContext` (stats
already updated by this action, logs from the last action cache including this action's log); awards commit in
the same transaction as the action, so a committed action never loses its awards.
"""
from __future__ import annotations

import dataclasses
import datetime
from typing import Iterable

from google.cloud import ndb

from badges import catalog, rules
from badges.awards import Award, award
from badges.catalog import Badge
from badges.context import BadgeContext
from models.user import UserData

Candidate = tuple[Badge, "str | None", BadgeContext]


def _non_context(ctx: BadgeContext) -> Iterable[Candidate]:
    for badge in catalog.NON_CONTEXT:
        yield badge, None, ctx


def _exercise(ctx: BadgeContext) -> Iterable[Candidate]:
    for badge in catalog.EXERCISE_BADGES:
        yield badge, ctx.exercise.display_name, ctx


def _playlists(ctx: BadgeContext, user_playlists: Iterable) -> Iterable[Candidate]:
    for user_playlist in user_playlists:
        playlist_ctx = dataclasses.replace(ctx, user_playlist=user_playlist)
        for badge in catalog.PLAYLIST_BADGES:
            yield badge, user_playlist.title, playlist_ctx


def problem_candidates(ctx: BadgeContext) -> Iterable[Candidate]:
    """A completed problem: the non-context badges and the exercise badges of *that* exercise."""
    yield from _non_context(ctx)
    yield from _exercise(ctx)


def video_candidates(ctx: BadgeContext, user_playlists: Iterable) -> Iterable[Candidate]:
    """A video log: the non-context badges and the playlist badges of every playlist holding the video."""
    yield from _non_context(ctx)
    yield from _playlists(ctx, user_playlists)


def user_candidates(ctx: BadgeContext, exercises: Iterable[tuple], user_playlists: Iterable) -> Iterable[Candidate]:
    """Everything a user could hold (the sweep): the non-context badges, the exercise badges of every
    ``(UserExercise, ExerciseInfo)`` pair and the playlist badges of every `UserPlaylist`."""
    yield from _non_context(ctx)
    for user_exercise, info in exercises:
        yield from _exercise(dataclasses.replace(ctx, user_exercise=user_exercise, exercise=info))
    yield from _playlists(ctx, user_playlists)


def earned(user_data: UserData, candidates: Iterable[Candidate]) -> list[tuple[Badge, str | None]]:
    owned = set(user_data.owned_badges)
    return [(b, c) for b, c, ctx in candidates if b.key(c) not in owned and rules.evaluate(b, ctx)]


def award_earned(
    user_data: UserData,
    candidates: list[Candidate],
    now: datetime.datetime,
    *,
    source: str = "realtime",
    backfilled: bool = False,
) -> tuple[list[Award], list[ndb.Model]]:
    """Evaluate and award inside the caller's transaction; re-evaluates once if awards added points (so a badge's
    points can carry the student over a points badge in the same action)."""
    awards: list[Award] = []
    entities: list[ndb.Model] = []
    for _ in range(2):
        points_before = user_data.points
        for badge, context_name in earned(user_data, candidates):
            result = award(user_data, badge, context_name, now, source=source, backfilled=backfilled)
            if result:
                awards.append(result[0])
                entities.extend(result[1])
        if user_data.points == points_before:
            break
    return awards, entities
