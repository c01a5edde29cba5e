"""One page of a sweep: processed at least once, counted exactly once; and starting a sweep.

Invariants:
- A page task enqueues the next page *first* (remembered on the page's `SweepClaim`, so a redelivery never fans
  out twice), then reviews its users, then records its result once as `SweepPage` ``<run>:<page>`` (created in
  a transaction). A second delivery finds the result and does nothing; a concurrent one finds a live claim and
  backs off (`Busy`, answered 503 so the queue retries later). The machinery is `badges.sweep.fanout`'s.
- A full run pages every `UserData` key in key order; a due run pages the keys whose ``review_due`` has come
  (badges.sweep.due), in the index's order: a reviewed user leaves that range, so a page's cursor still
  continues after its own users and no user is missed by being reviewed.
- Without a task queue (development without the emulator), `start_sweep` runs the pages itself, in order.
"""
from __future__ import annotations

import collections
import datetime
import logging
import time

from google.cloud import ndb

from badges.last_action_cache import LastActionCache
from badges.sweep import due, fanout, runs
from badges.sweep.fanout import Busy
from badges.sweep.review import review_page
from badges.sweep.tasks import Enqueue, PageTask, task_enqueuer
from models.sweep import SweepPage, SweepRun
from models.user import UserData

log = logging.getLogger(__name__)

__all__ = ["Busy", "run_page", "start_sweep"]


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
    claim = fanout.claim(task)
    started = time.perf_counter()
    keys, next_cursor, more = fanout.user_page(task, run.page_size, page_query(run))
    if more and not claim.next_enqueued:
        fanout.enqueue_next(task, next_cursor, enqueue, lambda reason: runs.fail_run(task.run_id, reason))
    result = review_page(keys, run, lac)
    page = SweepPage(id=task.page_id, run_id=task.run_id, page=task.page, last=not more, finished=runs.utcnow(),
                     seconds=time.perf_counter() - started, has_failures=bool(result["users_failed"]), **result)
    recorded = fanout.record(page, run.key)
    if recorded:
        counts = {k: v for k, v in result.items() if isinstance(v, (int, float))}
        log.info("sweep %s page %d recorded", task.run_id, task.page, extra={"fields": {
            "event": "sweep_page", "run_id": task.run_id, "page": task.page, "last": not more,
            "seconds": round(page.seconds, 3), **counts}})
    runs.maybe_finish(task.run_id)
    return {"status": "recorded" if recorded else "already recorded", "page": task.page, "more": more, **result}


def page_query(run: SweepRun) -> ndb.Query:
    """The users a page of ``run`` reads: all of them (full run), or those due by the run's clock (due run)."""
    if run.mode == due.DUE:
        return UserData.query(UserData.review_due <= run.clock)
    return UserData.query()
