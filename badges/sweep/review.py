"""The sweep's per-user review: who needs looking at, and awarding what each has earned.

Invariants:
- A page judges users by the catalogue and the custom badges made from dry runs (`RuleSet`, read once per page),
  in the contexts `badges.sweep.contexts` builds, with the engine's award.
- Skip at near-zero cost: a user with no activity since the last review, reviewed under the current rule set's
  version, and with no time-driven badge (tenure) now due, costs no read beyond the page's one ``get_multi`` (and
  the page's one query of custom badges). A catalogue change, or a new custom rule badge, reaches dormant users
  through the version.
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

from google.cloud import ndb

from badges import catalog, custom, engine, rules
from badges.catalog import Badge, Family
from badges.context import BadgeContext, ExerciseInfo
from badges.last_action_cache import Entry, LastActionCache
from badges.sweep.contexts import Children, badge_candidates, exercise_infos, logs_of, page_children, user_contexts
from badges.sweep.runs import utcnow
from clients.datastore import transact
from models.sweep import SweepRun
from models.user import UserData, UserExercise, UserPlaylist

log = logging.getLogger(__name__)

TIME_DRIVEN = (Family.TENURE,)  # families that become due with no activity at all


@dataclasses.dataclass(frozen=True)
class RuleSet:
    """What a page judges users by: the catalogue plus ``extra`` (custom badges awarded by rule), and the version a
    review under it is stamped with (the catalogue's own when there is no extra badge)."""

    extra: tuple[Badge, ...]
    version: int

    @classmethod
    def current(cls) -> "RuleSet":
        extra = tuple(custom.rule_badges())
        return cls(extra, catalog.catalog_version(catalog.CATALOG + extra) if extra else catalog.CATALOG_VERSION)


def review_page(keys: list[ndb.Key], run: SweepRun, lac: LastActionCache) -> dict:
    """Counters of one page: seen, processed, skipped, failed (with failures) and badges awarded."""
    clock = run.clock if run.clock_pinned else utcnow()
    ruleset = RuleSet.current()
    todo = [ud for ud in ndb.get_multi(keys) if ud is not None and needs_review(ud, clock, ruleset)]
    exercises = exercise_infos() if todo else {}
    children = page_children([ud.key for ud in todo])
    failures: list[dict] = []
    awarded: list[int] = []
    for ud in todo:
        try:
            awarded.append(review_user(ud, children.get(ud.key.id()), lac, exercises, clock, run.clock, ruleset))
        except Exception as exc:  # noqa: BLE001 - a poison user must not block the page
            log.exception("sweep %s: reviewing %s failed", run.run_id, ud.key.id())
            failures.append({"user_id": ud.key.id(), "error": f"{type(exc).__name__}: {exc}"[:300]})
    return {"users_seen": len(keys), "users_processed": len(awarded), "users_skipped": len(keys) - len(todo),
            "users_failed": len(failures), "failures": failures, "badges_awarded": sum(awarded)}


def needs_review(ud: UserData, clock: datetime.datetime, ruleset: RuleSet) -> bool:
    """False only for a user with nothing new: reviewed under this rule set, no activity since, no tenure due."""
    if ud.last_review is None or ud.reviewed_catalog_version != ruleset.version:
        return True
    if ud.last_activity is not None and ud.last_activity > ud.last_review:
        return True
    settled = set(ud.owned_badges) | set(ud.revoked_badges or ())
    ctx = BadgeContext(now=clock, user=ud)
    return any(b.family in TIME_DRIVEN and b.name not in settled and rules.evaluate(b, ctx)
               for b in catalog.NON_CONTEXT + ruleset.extra)


def _fingerprint(ud: UserData) -> tuple:
    return (ud.last_activity, ud.problem_log_count, ud.video_log_count, ud.points, ud.total_seconds_watched)


def candidates(ud: UserData, entry: Entry, user_exercises: list[UserExercise], user_playlists: list[UserPlaylist],
               exercises: dict[str, ExerciseInfo], now: datetime.datetime,
               extra: tuple[Badge, ...] = ()) -> list[engine.Candidate]:
    """Every badge the user could hold: the non-context ones, the exercise badges of every `UserExercise` and
    the playlist badges of every `UserPlaylist` (the same catalogue lists the real-time engine reads), and each
    ``extra`` badge in every context of its kind."""
    found = user_contexts(ud, entry, user_exercises, user_playlists, exercises, now)
    return [*engine.user_candidates(found.base, found.exercises, found.playlists), *badge_candidates(extra, found)]


def review_user(seen: UserData, children: Children | None, lac: LastActionCache,
                exercises: dict[str, ExerciseInfo], now: datetime.datetime, review_mark: datetime.datetime,
                ruleset: RuleSet) -> int:
    """Award what the user has earned and does not hold, and stamp the review; returns how many were awarded.
    The page's prefetched children and the log list are used only if ``seen`` is still current; otherwise they
    are read again inside the transaction (every action that changes them also changes `UserData`)."""
    entry = logs_of(seen, lac)

    def txn() -> int:
        ud = seen.key.get()
        if ud is None:
            return 0
        ues, ups, logs = (children or Children()).exercises, (children or Children()).playlists, entry
        if children is None or _fingerprint(ud) != _fingerprint(seen):
            ues = UserExercise.query(ancestor=ud.key).fetch()
            ups = UserPlaylist.query(ancestor=ud.key).fetch()
            logs = LastActionCache.rebuild(ud.key, ud.problem_log_count, ud.video_log_count)
        found = candidates(ud, logs, ues, ups, exercises, now, ruleset.extra)
        awards, entities = engine.award_earned(ud, found, now, source="sweep", backfilled=True)
        ud.last_review, ud.reviewed_catalog_version = review_mark, ruleset.version
        ndb.put_multi([ud, *entities])
        return len(awards)

    return transact(txn)
