"""The twice-daily badge sweep: pages of user keys fanned out over Cloud Tasks, each user judged by the same rule
code as real time (Khan Academy's ``startnewbadgemapreduce``).

Invariants:
- At least once, exactly right. A page task enqueues the next page *first* (named after run and page, and
  remembered on the page's `SweepClaim`, so a redelivery never fans out twice), then reviews its users, then
  records its result once as `SweepPage` ``<run>:<page>`` (created in a transaction). A second delivery finds the
  result and does nothing; a concurrent one finds a live claim and backs off (`Busy`, answered 503 so the queue
  retries later). Each user's awards go through the engine's transactional award, so duplicates never double
  an award or its points.
- Skip at near-zero cost: a user with no activity since the last review, reviewed under the current
  ``catalog.CATALOG_VERSION``, and with no time-driven badge (tenure) now due, costs no read beyond the page's
  one ``get_multi``. A catalogue change reaches dormant users through the version.
- A user whose review raises is logged and counted failed; the page still records and answers 200.
- The review stamps ``last_review`` with the run's clock (its start), not the moment of review, so activity that
  raced the sweep is looked at again next time rather than missed.
- The run is ``done`` when the page that found no more users has recorded and so has every page before it.
"""
from __future__ import annotations

import dataclasses
import datetime
import hashlib
import logging
import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from typing import Callable, ContextManager, Iterable

from google.cloud import ndb

from badges import catalog, engine, monthly, rules
from badges.catalog import Family
from badges.context import BadgeContext, ExerciseInfo
from badges.last_action_cache import Entry, LastActionCache, LazyLogs
from clients.datastore import transact
from models.content import Exercise
from models.sweep import SweepClaim, SweepPage, SweepRun
from models.user import UserData, UserExercise, UserPlaylist

log = logging.getLogger(__name__)

QUEUE = "badge-sweep"  # queue.yaml is definitive
PAGE_URI = "/admin/tasks/sweep/page"
CLAIM_LEASE = datetime.timedelta(minutes=2)
STALL_AFTER = datetime.timedelta(minutes=30)
ESTIMATE_LIMIT = 100_000
TIME_DRIVEN = (Family.TENURE,)  # families that become due with no activity at all


class Busy(Exception):
    """Another delivery of this page holds a live claim: retry later."""


@dataclasses.dataclass(frozen=True)
class PageTask:
    """The payload of one page task; ``namespace`` guards against a task reaching another tenant's app."""

    run_id: str
    page: int
    cursor: str | None = None
    namespace: str | None = None

    @property
    def page_id(self) -> str:
        return f"{self.run_id}:{self.page}"

    @property
    def task_name(self) -> str:
        """Stable per run and page; a hash prefix spreads names (sequential names hot-spot the queue)."""
        digest = hashlib.sha1(self.page_id.encode()).hexdigest()[:8]
        return f"{digest}-sweep-{self.run_id}-p{self.page}"

    def payload(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_payload(cls, body: dict) -> "PageTask":
        run_id, page, cursor = body.get("run_id"), body.get("page"), body.get("cursor")
        if not isinstance(run_id, str) or not isinstance(page, int) or isinstance(page, bool) or page < 0:
            raise ValueError("a page task needs run_id (string) and page (integer >= 0)")
        if cursor is not None and not isinstance(cursor, str):
            raise ValueError("cursor must be a string")
        return cls(run_id, page, cursor, body.get("namespace"))


Enqueue = Callable[[PageTask], None]
ContextFactory = Callable[[], ContextManager]


def utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def task_enqueuer(queue, attempts: int = 3) -> Enqueue:
    """Enqueue page tasks on ``queue`` (clients.tasks.TaskQueue); an existing task of that name is success."""
    from google.api_core.exceptions import AlreadyExists

    def enqueue(task: PageTask) -> None:
        for attempt in range(attempts):
            try:
                queue.enqueue(QUEUE, PAGE_URI, task.payload(), name=task.task_name)
                return
            except AlreadyExists:
                return
            except Exception:  # noqa: BLE001 - transient gRPC errors: retry, then let the caller fail the run
                if attempt == attempts - 1:
                    raise
                time.sleep(0.2 * 2 ** attempt)

    return enqueue


# ------------------------------------------------------------------------------------------------ runs

def start_run(*, clock: datetime.datetime, pinned: bool, page_size: int, triggered_by: str, enqueue: Enqueue,
              namespace: str | None) -> SweepRun:
    """Record a run, award last month's top badges, and enqueue page 0 (a failed enqueue fails the run)."""
    wall = utcnow()
    run = SweepRun(id=f"{wall:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}", created=wall, clock=clock,
                   clock_pinned=pinned, state="running", page_size=max(1, page_size), triggered_by=triggered_by,
                   catalog_version=catalog.CATALOG_VERSION,
                   users_estimate=UserData.query().count(limit=ESTIMATE_LIMIT))
    run.put()
    try:
        run.monthly_awarded = monthly.award_previous_month(clock, run.run_id)
    except Exception:  # noqa: BLE001 - the month stays unclaimed-done; the next run finishes it
        log.exception("sweep %s: monthly top badges failed", run.run_id)
        run.monthly_awarded = 0
    run.put()
    try:
        enqueue(PageTask(run.run_id, 0, None, namespace))
    except Exception as exc:  # noqa: BLE001
        log.exception("sweep %s: could not enqueue page 0", run.run_id)
        fail_run(run.run_id, f"could not enqueue page 0: {exc}")
    return run


def fail_run(run_id: str, reason: str) -> None:
    def txn():
        run = SweepRun.get_by_id(run_id)
        if run and run.state == "running":
            run.state, run.reason, run.finished = "failed", reason[:500], utcnow()
            run.put()

    transact(txn)


def maybe_finish(run_id: str) -> None:
    """Mark the run done once its last page is known and every page up to it has recorded (idempotent)."""
    run = SweepRun.get_by_id(run_id)
    if run is None or run.state != "running" or run.last_page is None:
        return
    recorded = SweepPage.query(SweepPage.run_id == run_id).count(keys_only=True)
    if recorded < run.last_page + 1:
        return

    def txn():
        current = SweepRun.get_by_id(run_id)
        if current.state == "running":
            current.state, current.finished = "done", utcnow()
            current.put()

    transact(txn)


# ------------------------------------------------------------------------------------------------ pages

def run_page(task: PageTask, *, lac: LastActionCache, enqueue: Enqueue, workers: int = 1,
             context_factory: ContextFactory | None = None) -> dict:
    """Process one page task (see the module invariants). Raises `Busy` if a live duplicate holds the page."""
    run = SweepRun.get_by_id(task.run_id)
    if run is None:
        return {"status": "unknown run"}
    if SweepPage.get_by_id(task.page_id) is not None:
        return {"status": "already recorded"}
    claim = _claim(task)
    started = time.perf_counter()
    cursor = ndb.Cursor(urlsafe=task.cursor) if task.cursor else None
    keys, next_cursor, _ = UserData.query().fetch_page(run.page_size, start_cursor=cursor, keys_only=True)
    # Only a short page is the last: the "more results" flag is a hint (the emulator can say no at an exact
    # page boundary), and trusting it would drop the users after that boundary. A full page always has a next.
    more = bool(next_cursor) and len(keys) == run.page_size
    if more and not claim.next_enqueued:
        _enqueue_next(task, next_cursor, enqueue)
    result = review_page(keys, run, lac, workers, context_factory)
    page = SweepPage(id=task.page_id, run_id=task.run_id, page=task.page, last=not more, finished=utcnow(),
                     seconds=time.perf_counter() - started, **result)
    recorded = _record(page, run.key)
    maybe_finish(task.run_id)
    return {"status": "recorded" if recorded else "already recorded", "page": task.page, "more": more, **result}


def _claim(task: PageTask) -> SweepClaim:
    token, now = secrets.token_hex(8), utcnow()

    def txn():
        claim = SweepClaim.get_by_id(task.page_id)
        if claim and claim.claimed and now - claim.claimed < CLAIM_LEASE:
            raise Busy(f"page {task.page_id} is being processed by another delivery")
        claim = claim or SweepClaim(id=task.page_id, run_id=task.run_id)
        claim.token, claim.claimed = token, now
        claim.put()
        return claim

    return transact(txn)


def _enqueue_next(task: PageTask, cursor: ndb.Cursor, enqueue: Enqueue) -> None:
    nxt = PageTask(task.run_id, task.page + 1, cursor.urlsafe().decode(), task.namespace)
    try:
        enqueue(nxt)
    except Exception as exc:  # noqa: BLE001 - the chain is broken: the run cannot finish
        log.exception("sweep %s: could not enqueue page %d", task.run_id, nxt.page)
        fail_run(task.run_id, f"could not enqueue page {nxt.page}: {exc}")
        return

    def txn():
        claim = SweepClaim.get_by_id(task.page_id)
        claim.next_enqueued = True
        claim.put()

    transact(txn)


def _record(page: SweepPage, run_key: ndb.Key) -> bool:
    def txn():
        if page.key.get() is not None:
            return False
        entities = [page]
        if page.last:
            run = run_key.get()
            run.last_page = page.page
            entities.append(run)
        ndb.put_multi(entities)
        return True

    return transact(txn, xg=True)


# ------------------------------------------------------------------------------------------------ users

def review_page(keys: list[ndb.Key], run: SweepRun, lac: LastActionCache, workers: int = 1,
                context_factory: ContextFactory | None = None) -> dict:
    """Counters of one page: seen, processed, skipped, failed (with failures) and badges awarded."""
    clock = run.clock if run.clock_pinned else utcnow()
    todo = [ud for ud in ndb.get_multi(keys) if ud is not None and needs_review(ud, clock)]
    exercises = exercise_infos() if todo else {}
    children = page_children([ud.key for ud in todo])
    failures: list[dict] = []
    factory = context_factory if workers > 1 and context_factory else nullcontext

    def one(ud: UserData) -> int | None:
        with factory():
            try:
                return review_user(ud, children.get(ud.key.id()), lac, exercises, clock, run.clock)
            except Exception as exc:  # noqa: BLE001 - a poison user must not block the page
                log.exception("sweep %s: reviewing %s failed", run.run_id, ud.key.id())
                failures.append({"user_id": ud.key.id(), "error": f"{type(exc).__name__}: {exc}"[:300]})
                return None

    if workers > 1 and len(todo) > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            outcomes = list(pool.map(one, todo))
    else:
        outcomes = [one(ud) for ud in todo]
    done = [n for n in outcomes if n is not None]
    return {"users_seen": len(keys), "users_processed": len(done), "users_skipped": len(keys) - len(todo),
            "users_failed": len(failures), "failures": failures, "badges_awarded": sum(done)}


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


@dataclasses.dataclass
class Children:
    """A user's `UserExercise` and `UserPlaylist` entities, read for the whole page at once."""

    exercises: list[UserExercise] = dataclasses.field(default_factory=list)
    playlists: list[UserPlaylist] = dataclasses.field(default_factory=list)


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
    """Award what the user has earned and does not hold, and stamp the review, in one transaction that read
    the `UserData`. The page's prefetched children and the log list are used only if ``seen`` is still current;
    otherwise they are read again inside the transaction."""
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
