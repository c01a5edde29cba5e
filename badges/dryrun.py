"""Dry-running a candidate badge: how many students would earn it now, and in which contexts, judged by the
sweep's own rules over the same stats, fanned out over Cloud Tasks like the sweep.

Invariants:
- Read-only for students: a dry run reads users, their children and their logs, and writes only its own
  bookkeeping (`DryRun`, `DryRunPage`, page claims). It awards nothing, writes no notification, changes no user.
- A student is judged exactly as the sweep's review judges a badge of the candidate's family and params: the same
  contexts (`badges.sweep.contexts`), the same log list, `badges.rules.evaluate`; a student whose judging raises is
  counted failed (the sweep fails that student too). So once the candidate is a custom badge, the next sweep over
  the same data awards it to ``would_earn`` students, ``awards`` times, ``per_context[c]`` times in context ``c``
  (a ``points`` candidate: on students already swept, since a catalogue badge the same sweep awards first may
  carry a student's points over the threshold).
- Each page is counted exactly once (`badges.sweep.fanout`), so the counts are the sums of the recorded pages.
"""
from __future__ import annotations

import collections
import datetime
import logging
import secrets

from google.cloud import ndb

from badges import rules
from badges.catalog import Badge
from badges.dryrun_candidate import Candidate
from badges.families import Family
from badges.last_action_cache import LastActionCache
from badges.sweep import fanout
from badges.sweep.contexts import Children, badge_candidates, exercise_infos, logs_of, page_children, user_contexts
from badges.sweep.fanout import utcnow
from badges.sweep.tasks import MAX_RUN_ID, DryRunTask, Enqueue, task_enqueuer
from models.dryrun import DryRun, DryRunPage
from models.user import UserData

log = logging.getLogger(__name__)

ESTIMATE_LIMIT = 100_000
STALL_AFTER = datetime.timedelta(minutes=30)


def candidate_of(run: DryRun) -> Candidate:
    return Candidate(Family[run.family.upper()], run.params)


def start(candidate: Candidate, *, clock: datetime.datetime, pinned: bool, page_size: int, triggered_by: str,
          namespace: str | None, queue, lac: LastActionCache) -> DryRun:
    """Record a run and enqueue its page 0 on ``queue`` (clients.tasks.TaskQueue); with no queue, run the pages
    here, in order. A failed enqueue fails the run."""
    pending: collections.deque = collections.deque()
    enqueue = task_enqueuer(queue) if queue is not None else pending.append
    wall = utcnow()
    run = DryRun(id=f"dry-{wall:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}", created=wall, clock=clock,
                 clock_pinned=pinned, family=candidate.family.key, params=dict(candidate.params), state="running",
                 page_size=max(1, page_size), triggered_by=triggered_by,
                 users_estimate=UserData.query().count(limit=ESTIMATE_LIMIT))
    run.put()
    try:
        enqueue(DryRunTask(run.run_id, 0, None, namespace))
    except Exception as exc:  # noqa: BLE001
        log.exception("dry run %s: could not enqueue page 0", run.run_id)
        fanout.fail(DryRun, run.run_id, f"could not enqueue page 0: {exc}")
    while pending:
        run_page(pending.popleft(), lac=lac, enqueue=pending.append)
    return run


def run_page(task: DryRunTask, *, lac: LastActionCache, enqueue: Enqueue) -> dict:
    """Count one page (at least once, recorded once). Raises `fanout.Busy` if a live duplicate holds the page."""
    run = DryRun.get_by_id(task.run_id)
    if run is None:
        return {"status": "unknown run"}
    if DryRunPage.get_by_id(task.page_id) is not None:
        return {"status": "already recorded"}
    claim = fanout.claim(task)
    keys, next_cursor, more = fanout.user_page(task, run.page_size)
    if more and not claim.next_enqueued:
        fanout.enqueue_next(task, next_cursor, enqueue, lambda reason: fanout.fail(DryRun, task.run_id, reason))
    counts = count_page(keys, run, lac)
    page = DryRunPage(id=task.page_id, run_id=task.run_id, page=task.page, last=not more, finished=utcnow(),
                      **counts)
    recorded = fanout.record(page, run.key)
    fanout.maybe_finish(DryRun, DryRunPage, task.run_id)
    return {"status": "recorded" if recorded else "already recorded", "page": task.page, "more": more, **counts}


def count_page(keys: list[ndb.Key], run: DryRun, lac: LastActionCache) -> dict:
    """Who of the page's users would earn the candidate now, and in which contexts."""
    clock = run.clock if run.clock_pinned else utcnow()
    badge = candidate_of(run).badge()
    users = [ud for ud in ndb.get_multi(keys) if ud is not None]
    exercises = exercise_infos() if users else {}
    children = page_children([ud.key for ud in users])
    per_context: collections.Counter = collections.Counter()
    would_earn = failed = 0
    for ud in users:
        try:
            hits = earned_contexts(ud, children.get(ud.key.id()) or Children(), lac, exercises, clock, badge)
        except Exception:  # noqa: BLE001 - a poison user must not block the page (the sweep fails it too)
            log.exception("dry run %s: judging %s failed", run.run_id, ud.key.id())
            failed += 1
            continue
        would_earn += bool(hits)
        per_context.update(hits)
    awards = sum(per_context.values())
    return {"users_seen": len(keys), "users_failed": failed, "would_earn": would_earn, "awards": awards,
            "per_context": {name: n for name, n in per_context.items() if name is not None}}


def earned_contexts(ud: UserData, children: Children, lac: LastActionCache, exercises: dict,
                    clock: datetime.datetime, badge: Badge) -> list[str | None]:
    """The contexts (None: the badge has none) in which ``ud`` satisfies ``badge``'s rule now."""
    found = user_contexts(ud, logs_of(ud, lac), children.exercises, children.playlists, exercises, clock)
    return [name for b, name, ctx in badge_candidates([badge], found) if rules.evaluate(b, ctx)]


def find(run_id: str) -> DryRun | None:
    return DryRun.get_by_id(run_id) if 0 < len(run_id.encode()) <= MAX_RUN_ID else None


def status(run_id: str) -> dict | None:
    """The run's counts summed over its recorded pages, or None for an unknown run; finishes a run whose pages
    are all in and fails one that has stalled."""
    run = find(run_id)
    if run is None:
        return None
    pages = DryRunPage.query(DryRunPage.run_id == run_id).fetch()
    if run.state == "running":
        fanout.maybe_finish(DryRun, DryRunPage, run_id)
        latest = max([run.created] + [p.finished for p in pages if p.finished])
        if utcnow() - latest > STALL_AFTER:
            fanout.fail(DryRun, run_id, f"stalled: no page recorded since {latest.isoformat()}Z")
        run = DryRun.get_by_id(run_id)
    return summary(run, pages)


def summary(run: DryRun, pages: list[DryRunPage]) -> dict:
    per_context: collections.Counter = collections.Counter()
    for page in pages:
        per_context.update(page.per_context or {})
    return {
        "run_id": run.run_id, "state": run.state, "reason": run.reason, **candidate_of(run).to_json(),
        "users_seen": sum(p.users_seen or 0 for p in pages), "would_earn": sum(p.would_earn or 0 for p in pages),
        "awards": sum(p.awards or 0 for p in pages), "users_failed": sum(p.users_failed or 0 for p in pages),
        "per_context": dict(sorted(per_context.items())), "users_estimate": run.users_estimate,
        "pages_recorded": len(pages), "started": run.created.isoformat() + "Z",
        "finished": run.finished.isoformat() + "Z" if run.finished else None,
    }
