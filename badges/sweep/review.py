"""The sweep's per-user review: who needs looking at, and awarding what each has earned.

Invariants:
- Who is due is `due.needs_review` (the same rule as the indexed ``UserData.review_due``): a due run reads only
  the due users; a full run reads every user of its page and skips the others, at the cost of the page's read.
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
from typing import Iterable

from google.cloud import ndb

from badges import engine
from badges.context import BadgeContext, ExerciseInfo
from badges.last_action_cache import Entry, LastActionCache, LazyLogs
from badges.sweep import batch, due
from badges.sweep.runs import utcnow
from clients.datastore import transact
from models.content import Exercise
from models.sweep import SweepRun
from models.user import UserData, UserExercise, UserPlaylist

log = logging.getLogger(__name__)

@dataclasses.dataclass
class Children:
    """A user's `UserExercise` and `UserPlaylist` entities, read for the whole page at once."""

    exercises: list[UserExercise] = dataclasses.field(default_factory=list)
    playlists: list[UserPlaylist] = dataclasses.field(default_factory=list)


def review_page(keys: list[ndb.Key], run: SweepRun, lac: LastActionCache) -> dict:
    """Counters of one page: seen, processed, skipped, failed (with failures) and badges awarded."""
    clock = run.clock if run.clock_pinned else utcnow()
    todo = [ud for ud in ndb.get_multi(keys) if ud is not None and due.needs_review(ud, clock)]
    exercises = exercise_infos(run.run_id) if todo else {}
    children = page_children([ud.key for ud in todo], contiguous=run.mode != due.DUE)
    page = PageReview(run, lac, exercises, clock)
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
    processed: int = 0
    awarded: int = 0
    failures: list[dict] = dataclasses.field(default_factory=list)

    def predict(self, ud: UserData, children: Children) -> batch.Pending | None:
        """The user with what its review reads, and its predicted awards; None (counted failed) if that raises."""
        try:
            item = batch.Pending(ud, children.exercises, children.playlists, log_entry(ud, self.lac))
            return batch.predict(item, self.candidates)
        except Exception as exc:  # noqa: BLE001 - a poison user must not block the page
            self.fail(ud, exc)
            return None

    def candidates(self, ud: UserData, item: batch.Pending) -> list[engine.Candidate]:
        return candidates(ud, item.entry, item.exercises, item.playlists, self.exercises, self.clock)

    def commit(self, chunk: list[batch.Pending]) -> None:
        """Commit a chunk in one transaction; its changed users, or all of them if it fails, are reviewed alone."""
        try:
            awarded, alone = batch.commit(chunk, self.candidates, self.clock, self.run.clock, due.review_version())
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
                                        self.exercises, self.clock, self.run.clock)
            self.processed += 1
        except Exception as exc:  # noqa: BLE001 - a poison user must not block the page
            self.fail(item.seen, exc)

    def fail(self, ud: UserData, exc: Exception) -> None:
        log.error("sweep %s: reviewing %s failed", self.run.run_id, ud.key.id(), exc_info=exc)
        self.failures.append({"user_id": ud.key.id(), "error": f"{type(exc).__name__}: {exc}"[:300]})


def log_entry(ud: UserData, lac: LastActionCache) -> Entry:
    """The user's logs as the last action cache holds them (rebuilt on any count mismatch); none to read if the
    user has no logs."""
    if not (ud.problem_log_count or ud.video_log_count):
        return Entry()
    return lac.current(lac.read(ud.key.id()), ud.key, ud.problem_log_count, ud.video_log_count)


def exercise_infos(run_id: str) -> dict[str, ExerciseInfo]:
    """Name -> shown name and fast-problem time, from the Datastore (seeded content), else from the code; read
    once per run and namespace in a process (the weekly statistics do not move during a sweep)."""
    from content.exercises import EXERCISES_BY_NAME

    cache_key = (ndb.get_context().get_namespace(), run_id)
    if cache_key not in _EXERCISE_INFOS:
        infos = {name: ExerciseInfo(name, d.display_name) for name, d in EXERCISES_BY_NAME.items()}
        for exercise in Exercise.query().fetch():
            infos[exercise.key.id()] = ExerciseInfo(exercise.key.id(), exercise.display_name,
                                                    exercise.seconds_per_fast_problem or 2.0)
        while len(_EXERCISE_INFOS) >= 8:  # the runs of a few namespaces at most
            _EXERCISE_INFOS.pop(next(iter(_EXERCISE_INFOS)))
        _EXERCISE_INFOS[cache_key] = infos
    return _EXERCISE_INFOS[cache_key]


_EXERCISE_INFOS: dict[tuple, dict[str, ExerciseInfo]] = {}


def page_children(user_keys: list[ndb.Key], contiguous: bool) -> dict[str, Children]:
    """The users' children, all queries in flight at once. ``contiguous`` (a full run's page: the users of a key
    range): one key-range query per kind (children sort right after their parent); otherwise (a due run's
    users, scattered) one ancestor query per user and kind. Read outside the users' transactions: a review uses
    them only if the user has not changed since (every action that changes them also changes `UserData`)."""
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


def candidates(ud: UserData, entry: Entry, user_exercises: Iterable[UserExercise],
               user_playlists: Iterable[UserPlaylist], exercises: dict[str, ExerciseInfo],
               now: datetime.datetime) -> list[engine.Candidate]:
    """Every badge the user could hold: the non-context ones, the exercise badges of every `UserExercise` and
    the playlist badges of every `UserPlaylist` (the same catalogue lists the real-time engine reads)."""
    base = BadgeContext(now=now, user=ud, problem_logs=LazyLogs(entry.problems), video_logs=LazyLogs(entry.videos))
    known = [(ue, exercises[ue.exercise or ue.key.id()]) for ue in user_exercises
             if (ue.exercise or ue.key.id()) in exercises]
    return list(engine.user_candidates(base, known, user_playlists))


def review_user(seen: UserData, children: Children | None, entry: Entry, exercises: dict[str, ExerciseInfo],
                now: datetime.datetime, review_mark: datetime.datetime) -> int:
    """Award what the user has earned and does not hold, and stamp the review, in a transaction of its own;
    returns how many were awarded. ``children`` and ``entry`` (as read for the page) are used only if ``seen``
    is still current; otherwise they are read again inside the transaction."""
    def txn() -> int:
        ud = seen.key.get()
        if ud is None:
            return 0
        ues, ups, logs = (children or Children()).exercises, (children or Children()).playlists, entry
        if children is None or batch.fingerprint(ud) != batch.fingerprint(seen):
            ues = UserExercise.query(ancestor=ud.key).fetch()
            ups = UserPlaylist.query(ancestor=ud.key).fetch()
            logs = LastActionCache.rebuild(ud.key, ud.problem_log_count, ud.video_log_count)
        found = candidates(ud, logs, ues, ups, exercises, now)
        awards, entities = engine.award_earned(ud, found, now, source="sweep", backfilled=True)
        ud.last_review, ud.reviewed_catalog_version = review_mark, due.review_version()
        ndb.put_multi([ud, *entities])
        return len(awards)

    return transact(txn)
