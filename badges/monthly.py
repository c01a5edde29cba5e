"""The monthly top badges (background only): after a month ends, per subject, "Top <Subject>, <Mon 'YY>" goes to
the 10 students with the most energy points in that subject's exercises during that month.

Invariants:
- Ranking is one indexed query per subject on the per-user monthly counters kept on write
  (`UserMonthlyPoints`: month ==, subject ==, order by -points, limit 10; index.yaml), never a scan.
- Exactly once per month and subject: a `MonthlyAward` keyed ``<YYYY-MM>:<subject>`` is created in a transaction
  with the winners fixed at that moment; every later sweep reuses that list, and each award is itself idempotent
  (the `UserBadge` natural key ``name[Mon 'YY]``), so racing or repeated sweeps award each winner once.
- Only students with points > 0 are ranked; ties keep the query's order (points, then key).
- Only the month that ended most recently is considered: the sweep runs twice a day, so a month is never missed
  unless the sweep stops for a whole month.
- The awards are not "backfilled" (they are on time by nature) and wait as pending notifications.
"""
from __future__ import annotations

import datetime
import logging

from google.cloud import ndb

from badges import catalog
from badges.awards import grant
from badges.catalog import Badge
from clients.datastore import transact
from models.sweep import MonthlyAward
from models.user import UserMonthlyPoints

log = logging.getLogger(__name__)

TOP = 10


def previous_month(now: datetime.datetime) -> tuple[int, int]:
    """The (year, month) that ended most recently before ``now``."""
    return (now.year - 1, 12) if now.month == 1 else (now.year, now.month - 1)


def top_students(month: str, subject: str, limit: int = TOP) -> list[str]:
    """User ids of the month's best students of a subject, best first (one indexed query)."""
    rows = (UserMonthlyPoints.query(UserMonthlyPoints.month == month, UserMonthlyPoints.subject == subject)
            .order(-UserMonthlyPoints.points).fetch(limit))
    return [row.key.parent().id() for row in rows if row.key.parent() is not None and (row.points or 0) > 0]


def award_previous_month(now: datetime.datetime, run_id: str | None = None) -> int:
    """Award the month that ended most recently; returns how many awards this call made."""
    year, month = previous_month(now)
    return sum(award_month(badge, year, month, now, run_id) for badge in catalog.MONTHLY_BADGES)


def award_month(badge: Badge, year: int, month: int, now: datetime.datetime, run_id: str | None = None) -> int:
    subject = badge.params["subject"]
    month_id = f"{year:04d}-{month:02d}"
    key = ndb.Key(MonthlyAward, f"{month_id}:{subject}")
    existing = key.get()
    if existing is not None and existing.state == "done":
        return 0
    winners = existing.winners if existing is not None else top_students(month_id, subject)

    def claim():
        record = key.get()
        if record is None:
            record = MonthlyAward(key=key, month=month_id, subject=subject, badge_name=badge.name,
                                  winners=winners, state="awarding", created=now, run_id=run_id)
            record.put()
        return record

    record = transact(claim)
    if record.state == "done":
        return 0
    context = catalog.month_context_name(year, month)
    made = sum(grant(ndb.Key("UserData", uid), badge, context, now, source="sweep") == "awarded"
               for uid in record.winners)

    def finish():
        current = key.get()
        current.state = "done"
        current.put()

    transact(finish)
    log.info("monthly %s %s: %d winners, %d new awards", month_id, subject, len(record.winners), made)
    return made
