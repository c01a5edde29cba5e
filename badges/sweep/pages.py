"""One page of a sweep: processed at least once, counted exactly once; and starting a sweep.

Invariants:
- A page task enqueues the next page *first* (remembered on the page's `SweepClaim`, so a redelivery never fans
  out twice), then reviews its users, then records its result once as `SweepPage` ``<run>:<page>`` (created in
  a transaction). A second delivery finds the result and does nothing; a concurrent one finds a live claim and
  backs off (`Busy`, answered 503 so the queue retries later).
- Only a short page is the last: a full page always has a next one, even if the query said there were no more.
- A full run pages every `UserData` key in key order; a due run pages the keys whose ``review_due`` has come
  (badges.sweep.due), in the index's order: a reviewed user leaves that range, so a page's cursor still
  continues after its own users and no user is missed by being reviewed.
- Without a task queue (development without the emulator), `start_sweep` runs the pages itself, in order.
"""
from __future__ import annotations

import collections
import datetime
import logging
import secrets
import time

from google.cloud import ndb

from badges.last_action_cache import LastActionCache
from badges.sweep import due, runs
from badges.sweep.review import review_page
from badges.sweep.tasks import Enqueue, PageTask, task_enqueuer
from clients.datastore import transact
from models.sweep import SweepClaim, SweepPage, SweepRun
from models.user import UserData

log = logging.getLogger(__name__)

CLAIM_LEASE = datetime.timedelta(minutes=2)


class Busy(Exception):
    """Another delivery of this page holds a live claim: retry later."""


def start_sweep(*, clock: datetime.datetime, pinned: bool, page_size: int, triggered_by: str,
                namespace: str | None, queue, lac: LastActionCache) -> SweepRun:
    """Start a run whose pages go to ``queue`` (clients.tasks.TaskQueue); with no queue, run them here."""
    pending: collections.deque = collections.deque()
    enqueue = task_enqueuer(queue) if queue is not None else pending.append
    run = runs.start_run(clock=clock, pinned=pinned, page_size=page_size, triggered_by=triggered_by,
                         enqueue=enqueue, namespace=namespace)
    while pending:
        run_page(pending.popleft(), lac=lac, enqueue=pending.append)
    return run


def run_page(task: PageTask, *, lac: LastActionCache, enqueue: Enqueue) -> dict:
    """Process one page task (see the module invariants). Raises `Busy` if a live duplicate holds the page."""
    run, recorded = ndb.get_multi([ndb.Key(SweepRun, task.run_id), ndb.Key(SweepPage, task.page_id)])
    if run is None:
        return {"status": "unknown run"}
    if recorded is not None:
        return {"status": "already recorded"}
    claim = _claim(task)
    started = time.perf_counter()
    cursor = ndb.Cursor(urlsafe=task.cursor) if task.cursor else None
    keys, next_cursor, _ = page_query(run).fetch_page(run.page_size, start_cursor=cursor, keys_only=True)
    # The "more results" flag is a hint (the emulator can say no at an exact page boundary): trusting it would
    # drop the users after that boundary.
    more = bool(next_cursor) and len(keys) == run.page_size
    if more and not claim.next_enqueued:
        _enqueue_next(task, next_cursor, enqueue)
    result = review_page(keys, run, lac)
    page = SweepPage(id=task.page_id, run_id=task.run_id, page=task.page, last=not more, finished=runs.utcnow(),
                     seconds=time.perf_counter() - started, has_failures=bool(result["users_failed"]), **result)
    recorded = _record(page, run.key)
    runs.maybe_finish(task.run_id)
    return {"status": "recorded" if recorded else "already recorded", "page": task.page, "more": more, **result}


def page_query(run: SweepRun) -> ndb.Query:
    """The users a page of ``run`` reads: all of them (full run), or those due by the run's clock (due run)."""
    if run.mode == due.DUE:
        return UserData.query(UserData.review_due <= run.clock)
    return UserData.query()


def _claim(task: PageTask) -> SweepClaim:
    token, now = secrets.token_hex(8), runs.utcnow()

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
        runs.fail_run(task.run_id, f"could not enqueue page {nxt.page}: {exc}")
        return

    def txn():
        claim = SweepClaim.get_by_id(task.page_id)
        claim.next_enqueued = True
        claim.put()

    transact(txn)


def _record(page: SweepPage, run_key: ndb.Key) -> bool:
    """Write the page's result unless one exists; the last page also tells the run its number."""
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
