"""The sweep's per-user review: who needs looking at, and awarding what each has earned.

Invariants:
- Skip at near-zero cost: a user with no activity since the last review, reviewed under the current
  ``catalog.CATALOG_VERSION``, and with no time-driven badge (tenure) now due, costs no read beyond the page's
  one ``get_multi``. A catalogue change reaches dormant users through the version.
- A user's awards and review stamp commit in one transaction that read the user's `UserData`, through the
  engine's award, so a repeated review never doubles an award or its points.
- The review stamps ``last_review`` with the run's clock (its start), not the moment of review, so activity that
  raced the sweep is looked at again next time rather than missed.
- A user whose review raises is logged and counted failed; the other users of the page are still reviewed.
"""
from __future__ import annotations

import dataclasses
import datetime
import logging
from typing import Iterable

from google.cloud import ndb

from badges import catalog, engine, rules
from badges.catalog import Family
from badges.context import BadgeContext, ExerciseInfo
from badges.last_action_cache import Entry, LastActionCache, LazyLogs
from badges.sweep.runs import utcnow
from clients.datastore import transact
from models.content import Exercise
from models.sweep import SweepRun
from models.user import UserData, UserExercise, UserPlaylist

log = logging.getLogger(__name__)

TIME_DRIVEN = (Family.TENURE,)  # families that become due with no activity at all


@dataclasses.dataclass
class Children:
    """A user's `UserExercise` and `UserPlaylist` entities, read for the whole page at once."""

    exercises: list[UserExercise] = dataclasses.field(default_factory=list)
    playlists: list[UserPlaylist] = dataclasses.field(default_factory=list)


def review_page(keys: list[ndb.Key], run: SweepRun, lac: LastActionCache) -> dict:
    """Counters of one page: seen, processed, skipped, failed (with failures) and badges awarded."""
    clock = run.clock if run.clock_pinned else utcnow()
    todo = [ud for ud in ndb.get_multi(keys) if ud is not None and needs_review(ud, clock)]
    exercises = exercise_infos() if todo else {}
    children = page_children([ud.key for ud in todo])
    failures: list[dict] = []
    awarded: list[int] = []
    for ud in todo:
        try:
            awarded.append(review_user(ud, children.get(ud.key.id()), lac, exercises, clock, run.clock))
        except Exception as exc:  # noqa: BLE001 - a poison user must not block the page
            log.exception("sweep %s: reviewing %s failed", run.run_id, ud.key.id())
            failures.append({"user_id": ud.key.id(), "error": f"{type(exc).__name__}: {exc}"[:300]})
    return {"users_seen": len(keys), "users_processed": len(awarded), "users_skipped": len(keys) - len(todo),
            "users_failed": len(failures), "failures": failures, "badges_awarded": sum(awarded)}


def needs_review(ud: UserData, clock: datetime.datetime) -> bool:
    """False only for a user with nothing new: reviewed under this catalogue, no activity since, no tenure due."""
    if ud.last_review is None or ud.reviewed_catalog_version != catalog.CATALOG_VERSION:
        return True
    if ud.last_activity is not None and ud.last_activity > ud.last_review:
        return True
    owned = set(ud.owned_badges)
    ctx = BadgeContext(now=clock, user=ud)
    return any(b.family in TIME_DRIVEN and b.name not in owned and rules.evaluate(b, ctx)
               for b in catalog.NON_CONTEXT)


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
    of two ancestor queries per user. Read outside the users' transactions; `review_user` uses them only if the
    user's stats have not moved since (every action that changes them also changes `UserData`)."""
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


def _fingerprint(ud: UserData) -> tuple:
    return (ud.last_activity, ud.problem_log_count, ud.video_log_count, ud.points, ud.total_seconds_watched)


def candidates(ud: UserData, entry: Entry, user_exercises: Iterable[UserExercise],
               user_playlists: Iterable[UserPlaylist], exercises: dict[str, ExerciseInfo],
               now: datetime.datetime) -> list[engine.Candidate]:
    """Every badge the user could hold: the non-context ones, the exercise badges of every `UserExercise` and
    the playlist badges of every `UserPlaylist` (the same catalogue lists the real-time engine reads)."""
    base = BadgeContext(now=now, user=ud, problem_logs=LazyLogs(entry.problems), video_logs=LazyLogs(entry.videos))
    known = [(ue, exercises[ue.exercise or ue.key.id()]) for ue in user_exercises
             if (ue.exercise or ue.key.id()) in exercises]
    return list(engine.user_candidates(base, known, user_playlists))


def review_user(seen: UserData, children: Children | None, lac: LastActionCache,
                exercises: dict[str, ExerciseInfo], now: datetime.datetime, review_mark: datetime.datetime) -> int:
    """Award what the user has earned and does not hold, and stamp the review; returns how many were awarded.
    The page's prefetched children and the log list are used only if ``seen`` is still current; otherwise they
    are read again inside the transaction."""
    entry = Entry()  # no logs exist: nothing to read
    if seen.problem_log_count or seen.video_log_count:
        entry = lac.current(lac.read(seen.key.id()), seen.key, seen.problem_log_count, seen.video_log_count)

    def txn() -> int:
        ud = seen.key.get()
        if ud is None:
            return 0
        ues, ups, logs = (children or Children()).exercises, (children or Children()).playlists, entry
        if children is None or _fingerprint(ud) != _fingerprint(seen):
            ues = UserExercise.query(ancestor=ud.key).fetch()
            ups = UserPlaylist.query(ancestor=ud.key).fetch()
            logs = LastActionCache.rebuild(ud.key, ud.problem_log_count, ud.video_log_count)
        found = candidates(ud, logs, ues, ups, exercises, now)
        awards, entities = engine.award_earned(ud, found, now, source="sweep", backfilled=True)
        ud.last_review, ud.reviewed_catalog_version = review_mark, catalog.CATALOG_VERSION
        ndb.put_multi([ud, *entities])
        return len(awards)

    return transact(txn)
