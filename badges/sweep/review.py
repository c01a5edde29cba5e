"""The sweep's per-user review: who needs looking at, and awarding what each has earned.

Invariants:
- A page judges users by the rule set (`due.RuleSet`: the catalogue and the custom badges made from dry runs, read
  once per page), in the contexts `badges.sweep.contexts` builds, with the engine's award.
- Who is due is `due.needs_review` (the rule of the indexed ``UserData.review_due``): a due run reads only the
  due users; a full run reads every user of its page and skips the others at the cost of the page's read (and
  the page's one query of custom badges).
- The due users of a page are reviewed in chunks, up to two dozen in one transaction (`batch.commit`); a user
  whose stats moved since the page read it, or every user of a chunk whose transaction failed, is reviewed alone
  (`review_user`), reading its children and logs again inside its own transaction. Either way a user's awards
  and review stamp commit together in a transaction that read the user's `UserData`, through the engine's
  award, so a repeated review never doubles an award or its points.
- The review stamps ``last_review`` with the run's clock (its start), not the moment of review, so activity that
  raced the sweep is looked at again next time rather than missed.
- A user whose review raises is logged and counted failed; the other users of the page are still reviewed.
"""
from __future__ import annotations

import dataclasses
import datetime
import logging

from google.cloud import ndb

from badges import award_stats, engine
from badges.catalog import Badge
from badges.context import ExerciseInfo
from badges.last_action_cache import Entry, LastActionCache
from badges.sweep import batch, due
from badges.sweep.contexts import Children, badge_candidates, exercise_infos, logs_of, page_children, user_contexts
from badges.sweep.runs import utcnow
from clients.datastore import transact
from models.sweep import SweepRun
from models.user import UserData, UserExercise, UserPlaylist

log = logging.getLogger(__name__)


def review_page(keys: list[ndb.Key], run: SweepRun, lac: LastActionCache) -> dict:
    """Counters of one page: seen, processed, skipped, failed (with failures) and badges awarded."""
    clock = run.clock if run.clock_pinned else utcnow()
    rules = due.RuleSet.current()
    todo = [ud for ud in ndb.get_multi(keys) if ud is not None and due.needs_review(ud, clock, rules)]
    exercises = exercise_infos(run.run_id) if todo else {}
    children = page_children([ud.key for ud in todo], contiguous=run.mode != due.DUE)
    page = PageReview(run, lac, exercises, clock, rules, award_stats.shard_number(str(keys[0].id())) if keys else 0)
    predicted = [item for item in (page.predict(ud, children[ud.key.id()]) for ud in todo) if item is not None]
    for chunk in batch.chunks(predicted):
        page.commit(chunk)
    return {"users_seen": len(keys), "users_processed": page.processed, "users_skipped": len(keys) - len(todo),
            "users_failed": len(page.failures), "failures": page.failures, "badges_awarded": page.awarded}


@dataclasses.dataclass
class PageReview:
    """The reviews of one page: predictions, chunk commits, users reviewed alone, and their counters."""

    run: SweepRun
    lac: LastActionCache
    exercises: dict[str, ExerciseInfo]
    clock: datetime.datetime
    rules: due.RuleSet
    shard: int = 0  # the counter shard number the page's chunks count awards on
    processed: int = 0
    awarded: int = 0
    failures: list[dict] = dataclasses.field(default_factory=list)

    def predict(self, ud: UserData, children: Children) -> batch.Pending | None:
        """The user with what its review reads, and its predicted awards; None (counted failed) if that raises."""
        try:
            item = batch.Pending(ud, children.exercises, children.playlists, logs_of(ud, self.lac))
            return batch.predict(item, self.candidates, self.shard)
        except Exception as exc:  # noqa: BLE001 - a poison user must not block the page
            self.fail(ud, exc)
            return None

    def candidates(self, ud: UserData, item: batch.Pending) -> list[engine.Candidate]:
        return candidates(ud, item.entry, item.exercises, item.playlists, self.exercises, self.clock, self.rules.extra)

    def commit(self, chunk: list[batch.Pending]) -> None:
        """Commit a chunk in one transaction; its changed users, or all of them if it fails, are reviewed alone."""
        try:
            awarded, alone = batch.commit(chunk, self.candidates, self.clock, self.run.clock,
                                          self.rules.review_version, self.shard)
            self.processed += len(chunk) - len(alone)
            self.awarded += awarded
        except Exception:  # noqa: BLE001 - e.g. contention with students' actions: fall back to one by one
            log.warning("sweep %s: a chunk of %d users failed; reviewing them one by one", self.run.run_id,
                        len(chunk), exc_info=True)
            alone = chunk
        for item in alone:
            self.alone(item)

    def alone(self, item: batch.Pending) -> None:
        try:
            self.awarded += review_user(item.seen, Children(item.exercises, item.playlists), item.entry,
                                        self.exercises, self.clock, self.run.clock, self.rules)
            self.processed += 1
        except Exception as exc:  # noqa: BLE001 - a poison user must not block the page
            self.fail(item.seen, exc)

    def fail(self, ud: UserData, exc: Exception) -> None:
        log.error("sweep %s: reviewing %s failed", self.run.run_id, ud.key.id(), exc_info=exc)
        self.failures.append({"user_id": ud.key.id(), "error": f"{type(exc).__name__}: {exc}"[:300]})


def candidates(ud: UserData, entry: Entry, user_exercises: list[UserExercise], user_playlists: list[UserPlaylist],
               exercises: dict[str, ExerciseInfo], now: datetime.datetime,
               extra: tuple[Badge, ...] = ()) -> list[engine.Candidate]:
    """Every badge the user could hold: the non-context ones, the exercise badges of every `UserExercise` and
    the playlist badges of every `UserPlaylist` (the same catalogue lists the real-time engine reads), and each
    ``extra`` badge in every context of its kind."""
    found = user_contexts(ud, entry, user_exercises, user_playlists, exercises, now)
    return [*engine.user_candidates(found.base, found.exercises, found.playlists), *badge_candidates(extra, found)]


def review_user(seen: UserData, children: Children | None, entry: Entry, exercises: dict[str, ExerciseInfo],
                now: datetime.datetime, review_mark: datetime.datetime, rules: due.RuleSet) -> int:
    """Award what the user has earned and does not hold, and stamp the review, in a transaction of its own;
    returns how many were awarded. ``children`` and ``entry`` (as read for the page) are used only if ``seen``
    is still current; otherwise they are read again inside the transaction (every action that changes them also
    changes `UserData`)."""
    def txn() -> int:
        ud = seen.key.get()
        if ud is None:
            return 0
        ues, ups, logs = (children or Children()).exercises, (children or Children()).playlists, entry
        if children is None or batch.fingerprint(ud) != batch.fingerprint(seen):
            ues = UserExercise.query(ancestor=ud.key).fetch()
            ups = UserPlaylist.query(ancestor=ud.key).fetch()
            logs = LastActionCache.rebuild(ud.key, ud.problem_log_count, ud.video_log_count)
        found = candidates(ud, logs, ues, ups, exercises, now, rules.extra)
        awards, entities = engine.award_earned(ud, found, now, source="sweep", backfilled=True)
        ud.last_review, ud.reviewed_catalog_version = review_mark, rules.review_version
        ndb.put_multi([ud, *entities])
        return len(awards)

    return transact(txn)
