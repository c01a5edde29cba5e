"""Bookkeeping of the badge sweep and of the monthly top badges.

Invariants:
- A run's counters are never incremented: each page's result is written once, as a `SweepPage` keyed
  ``<run>:<page>`` created in a transaction, and the run's counters are the sum over its pages, computed on read.
- A `SweepClaim` (same key id) is taken before a page is processed, so a duplicate delivery running concurrently
  with the first backs off instead of double-counting; it also remembers that the next page was enqueued, so a
  redelivery never fans out twice. The claims of a run are deleted when it is done (badges.sweep.fanout).
- A run is ``full`` (every user, in key order) or ``due`` (only the users whose indexed ``review_due`` has come,
  badges.sweep.due); a due run reads no dormant user, so when it is done it counts the users it never read (the
  start's ``users_estimate`` less those its pages saw) as seen and skipped.
- The one `SweepBackfill` names the review version of the latest full run that finished with no failure.
- A `MonthlyAward` keyed ``<YYYY-MM>:<subject>`` is created once per month and subject, with the winners fixed at
  creation; awarding is idempotent on top of it (the `UserBadge` natural key).
All entities here are roots: pages of one run never contend on one entity group.
"""
from __future__ import annotations

import datetime

from google.cloud import ndb

MAX_LISTED_FAILURES = 200


def _iso(when: datetime.datetime | None) -> str | None:
    return when.isoformat() + "Z" if when else None


class SweepRun(ndb.Model):
    """One sweep over every `UserData`; key id is the run id (safe in a task name)."""

    created = ndb.DateTimeProperty()  # wall clock (UTC): the run list is ordered by it
    clock = ndb.DateTimeProperty(indexed=False)  # the run's clock: rules evaluate at it, reviews are stamped with it
    clock_pinned = ndb.BooleanProperty(default=False, indexed=False)  # X-Test-Now outside production
    state = ndb.TextProperty()  # running | done | failed
    reason = ndb.TextProperty()
    page_size = ndb.IntegerProperty(indexed=False)
    users_estimate = ndb.IntegerProperty(indexed=False)
    last_page = ndb.IntegerProperty(indexed=False)  # set by the page that found no more users
    finished = ndb.DateTimeProperty(indexed=False)
    monthly_awarded = ndb.IntegerProperty(default=0, indexed=False)
    triggered_by = ndb.TextProperty()
    catalog_version = ndb.IntegerProperty(indexed=False)  # of the rule set at the start (badges.sweep.due)
    mode = ndb.TextProperty()  # full | due (badges.sweep.due)

    @property
    def run_id(self) -> str:
        return self.key.id()

    def summary(self, pages: list["SweepPage"]) -> dict:
        """The status of API.md: counters summed over the recorded pages (each recorded once)."""
        total = {name: sum(getattr(p, name) or 0 for p in pages) for name in COUNTERS}
        if self.mode == "due" and self.state == "done":  # the users a due run never read were skipped
            unread = max(0, (self.users_estimate or 0) - total["users_seen"])
            total["users_seen"] += unread
            total["users_skipped"] += unread
        failures = [f for p in sorted(pages, key=lambda p: p.page) for f in (p.failures or [])]
        end = self.finished or max((p.finished for p in pages if p.finished), default=None)
        return {
            "run_id": self.run_id, "state": self.state, "reason": self.reason, "mode": self.mode or "full", **total,
            "badges_awarded": total["badges_awarded"] + (self.monthly_awarded or 0),
            "monthly_awarded": self.monthly_awarded or 0, "failures": failures[:MAX_LISTED_FAILURES],
            "pages_recorded": len(pages), "last_page": self.last_page, "page_size": self.page_size,
            "users_estimate": self.users_estimate, "triggered_by": self.triggered_by,
            "started": _iso(self.created), "finished": _iso(self.finished), "clock": _iso(self.clock),
            "duration_seconds": round((end - self.created).total_seconds(), 3) if end and self.created else None,
        }


class SweepClaim(ndb.Model):
    """Who is processing page ``<run>:<page>`` of a sweep or a dry run (a lease, `badges.sweep.fanout`), and
    whether it already enqueued the next page."""

    run_id = ndb.TextProperty()
    token = ndb.TextProperty()
    claimed = ndb.DateTimeProperty(indexed=False)
    next_enqueued = ndb.BooleanProperty(default=False, indexed=False)


class SweepPage(ndb.Model):
    """The result of page ``<run>:<page>``, written once."""

    run_id = ndb.StringProperty()
    page = ndb.IntegerProperty(indexed=False)
    last = ndb.BooleanProperty(default=False, indexed=False)
    users_seen = ndb.IntegerProperty(default=0, indexed=False)
    users_processed = ndb.IntegerProperty(default=0, indexed=False)
    users_skipped = ndb.IntegerProperty(default=0, indexed=False)
    users_failed = ndb.IntegerProperty(default=0, indexed=False)
    has_failures = ndb.BooleanProperty(default=False)  # indexed: a full run with none marks its version backfilled
    badges_awarded = ndb.IntegerProperty(default=0, indexed=False)
    failures = ndb.JsonProperty(indexed=False)  # [{"user_id": ..., "error": ...}]
    finished = ndb.DateTimeProperty(indexed=False)
    seconds = ndb.FloatProperty(indexed=False)


class SweepBackfill(ndb.Model):
    """One entity (key id `LATEST`): the full run ``run_id``, the latest to finish with no failure, reviewed every
    user at review version ``version`` (badges.sweep.due.review_version): runs at that version may read only the
    due users."""

    LATEST = "latest"
    version = ndb.IntegerProperty(indexed=False)
    run_id = ndb.TextProperty()


COUNTERS = ("users_seen", "users_processed", "users_skipped", "users_failed", "badges_awarded")


class MonthlyAward(ndb.Model):
    """The top students of one subject in one month; key id ``<YYYY-MM>:<subject>``."""

    month = ndb.TextProperty()
    subject = ndb.TextProperty()
    badge_name = ndb.TextProperty()
    winners = ndb.TextProperty(repeated=True)  # user ids, best first
    state = ndb.TextProperty()  # awarding | done
    created = ndb.DateTimeProperty(indexed=False)
    run_id = ndb.TextProperty()
