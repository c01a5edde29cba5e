"""A sweep run's life: started (monthly top badges awarded, page 0 enqueued), then done or failed.

Invariants:
- A run's counters are the sum of its recorded pages (`SweepRun.summary`), never incremented in place.
- The run is ``done`` once the page that found no more users has recorded and so has every page before it;
  finishing is idempotent and any reader of the status may do it.
- A run that cannot go on is ``failed`` with a reason: page 0 (or a later page) could not be enqueued, or no
  page has recorded for `STALL_AFTER`. Only a ``running`` run changes state.
- A run's mode (``full`` or ``due``, badges.sweep.due) is fixed at its start; a full run that finishes with no
  failed user marks its version backfilled, so the runs after it read only the due users.
- ``users_estimate`` is a count of the users at the start, exact up to `ESTIMATE_LIMIT`.
"""
from __future__ import annotations

import datetime
import logging
import secrets

from badges import monthly
from badges.sweep import due, fanout
from badges.sweep.fanout import utcnow
from badges.sweep.tasks import MAX_RUN_ID, Enqueue, PageTask
from models.sweep import SweepPage, SweepRun
from models.user import UserData

log = logging.getLogger(__name__)

STALL_AFTER = datetime.timedelta(minutes=30)
ESTIMATE_LIMIT = 100_000


def start_run(*, clock: datetime.datetime, pinned: bool, page_size: int, triggered_by: str, enqueue: Enqueue,
              namespace: str | None, mode: str | None = None) -> SweepRun:
    """Record a run, award last month's top badges, and enqueue page 0 (a failed enqueue fails the run).
    ``mode`` None: `due.run_mode` decides (``due.FULL`` forces a full run). The run keeps the version of the rule
    set at its start (``catalog_version``): a clean full run marks that version backfilled."""
    wall = utcnow()
    rules = due.RuleSet.current()
    run = SweepRun(id=f"{wall:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}", created=wall, clock=clock,
                   clock_pinned=pinned, state="running", page_size=max(1, page_size), triggered_by=triggered_by,
                   catalog_version=rules.version, mode=mode or due.run_mode(rules),
                   users_estimate=UserData.query().count(limit=ESTIMATE_LIMIT))
    run.put()
    try:
        run.monthly_awarded = monthly.award_previous_month(clock, run.run_id)
    except Exception:  # noqa: BLE001 - the month stays unfinished; the next run finishes it
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
    fanout.fail(SweepRun, run_id, reason)


def maybe_finish(run_id: str) -> None:
    """Mark the run done once its last page is known and every page up to it has recorded."""
    finished = fanout.maybe_finish(SweepRun, SweepPage, run_id)
    if finished is not None and finished.mode != due.DUE and _no_failures(run_id):
        due.mark_backfilled(run_id, finished.catalog_version)


def _no_failures(run_id: str) -> bool:
    failed = SweepPage.query(SweepPage.run_id == run_id, SweepPage.has_failures == True)  # noqa: E712
    return not failed.fetch(1, keys_only=True)


def run_status(run_id: str) -> dict | None:
    """The run's status (`SweepRun.summary`), or None for an unknown run; finishes a run whose pages are all in
    and fails one that has stalled."""
    run = SweepRun.get_by_id(run_id) if len(run_id.encode()) <= MAX_RUN_ID else None
    if run is None:
        return None
    pages = SweepPage.query(SweepPage.run_id == run_id).fetch()
    if run.state == "running":
        maybe_finish(run_id)
        latest = max([run.created] + [p.finished for p in pages if p.finished])
        if utcnow() - latest > STALL_AFTER:  # a no-op if maybe_finish just finished it
            fail_run(run_id, f"stalled: no page recorded since {latest.isoformat()}Z")
        run = SweepRun.get_by_id(run_id)
    return run.summary(pages)


def recent_statuses(limit: int) -> list[dict]:
    """The status of the ``limit`` newest runs, newest first."""
    keys = SweepRun.query().order(-SweepRun.created).fetch(limit, keys_only=True)
    return [status for status in (run_status(key.id()) for key in keys) if status is not None]
