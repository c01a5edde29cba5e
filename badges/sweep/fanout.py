"""Pages of users fanned out over Cloud Tasks, each page processed at least once and recorded exactly once: the
machinery the sweep and the dry run share.

Invariants:
- A page is claimed (`SweepClaim` ``<run>:<page>``, a lease) before it is processed, so a concurrent duplicate
  delivery backs off (`Busy`); the claim remembers that the next page was enqueued, so a redelivery never fans out
  twice.
- A page's result is one entity keyed ``<run>:<page>``, created in a transaction only if absent; the page that
  found no more users tells its run its number (``last_page``), and the run is done once that many pages have
  recorded. A run's counters are sums over its recorded pages, never incremented in place.
- Only a short page is the last: a full page always has a next one, even if the query said there were no more.
- A run that cannot go on is failed with a reason; only a running run changes state.
- A page's claim outlives the page only until its run is done: the call that marks the run done deletes the
  claims of every page (a later delivery finds the page's result first and never reads its claim), so what a run
  leaves behind is its run and one result per page.
"""
from __future__ import annotations

import datetime
import logging
import secrets
from typing import Callable

from google.cloud import ndb

from badges.sweep.tasks import Enqueue, PageTask
from clients.datastore import transact
from models.sweep import SweepClaim
from models.user import UserData

log = logging.getLogger(__name__)

CLAIM_LEASE = datetime.timedelta(minutes=2)


class Busy(Exception):
    """Another delivery of this page holds a live claim: retry later."""


def utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def claim(task: PageTask) -> SweepClaim:
    token, now = secrets.token_hex(8), utcnow()

    def txn():
        found = SweepClaim.get_by_id(task.page_id)
        if found and found.claimed and now - found.claimed < CLAIM_LEASE:
            raise Busy(f"page {task.page_id} is being processed by another delivery")
        found = found or SweepClaim(id=task.page_id, run_id=task.run_id)
        found.token, found.claimed = token, now
        found.put()
        return found

    return transact(txn)


def user_page(task: PageTask, page_size: int,
              query: ndb.Query | None = None) -> tuple[list[ndb.Key], ndb.Cursor | None, bool]:
    """The page's user keys (of ``query``, default every `UserData` in key order), where the next page starts,
    and whether there is one."""
    cursor = ndb.Cursor(urlsafe=task.cursor) if task.cursor else None
    query = query or UserData.query()
    keys, next_cursor, _ = query.fetch_page(page_size, start_cursor=cursor, keys_only=True)
    # The "more results" flag is a hint (the emulator can say no at an exact page boundary): trusting it would
    # drop the users after that boundary.
    return keys, next_cursor, bool(next_cursor) and len(keys) == page_size


def enqueue_next(task: PageTask, cursor: ndb.Cursor, enqueue: Enqueue, fail: Callable[[str], None]) -> None:
    """Enqueue the page after ``task`` and remember it on the claim; an enqueue that fails calls ``fail``."""
    nxt = type(task)(task.run_id, task.page + 1, cursor.urlsafe().decode(), task.namespace)
    try:
        enqueue(nxt)
    except Exception as exc:  # noqa: BLE001 - the chain is broken: the run cannot finish
        log.exception("%s: could not enqueue page %d", task.run_id, nxt.page)
        fail(f"could not enqueue page {nxt.page}: {exc}")
        return

    def txn():
        found = SweepClaim.get_by_id(task.page_id)
        if found is not None:  # None only once the run is done (its claims deleted): nothing left to remember
            found.next_enqueued = True
            found.put()

    transact(txn)


def record(page: ndb.Model, run_key: ndb.Key) -> bool:
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


def fail(run_model: type[ndb.Model], run_id: str, reason: str) -> None:
    def txn():
        run = run_model.get_by_id(run_id)
        if run and run.state == "running":
            run.state, run.reason, run.finished = "failed", reason[:500], utcnow()
            run.put()

    transact(txn)


def maybe_finish(run_model: type[ndb.Model], page_model: type[ndb.Model], run_id: str) -> ndb.Model | None:
    """Mark the run done once its last page is known and every page up to it has recorded; returns the run if
    this call is the one that marked it (None otherwise)."""
    run = run_model.get_by_id(run_id)
    if run is None or run.state != "running" or run.last_page is None:
        return None
    if page_model.query(page_model.run_id == run_id).count(keys_only=True) < run.last_page + 1:
        return None

    def txn():
        current = run_model.get_by_id(run_id)
        if current.state != "running":
            return None
        current.state, current.finished = "done", utcnow()
        current.put()
        return current

    finished = transact(txn)
    if finished is not None:
        ndb.delete_multi([ndb.Key(SweepClaim, f"{run_id}:{page}") for page in range(run.last_page + 1)])
    return finished
