"""Bookkeeping of dry runs: a candidate badge counted over every `UserData`, page by page, awarding nothing.

Invariants: a run's counters are never incremented: each page's result is written once, as a `DryRunPage` keyed
``<run>:<page>`` created in a transaction, and the run's counts are the sum over its pages, computed on read (page
claims are `models.sweep.SweepClaim` entities, keyed alike). All entities here are roots.
"""
from __future__ import annotations

from google.cloud import ndb


class DryRun(ndb.Model):
    """One dry run; key id is the run id (``dry-…``, safe in a task name)."""

    created = ndb.DateTimeProperty()  # wall clock (UTC)
    clock = ndb.DateTimeProperty(indexed=False)  # the rules evaluate at it when pinned (X-Test-Now outside production)
    clock_pinned = ndb.BooleanProperty(default=False, indexed=False)
    family = ndb.TextProperty()  # the candidate: a family key and its validated params
    params = ndb.JsonProperty()
    state = ndb.TextProperty()  # running | done | failed
    reason = ndb.TextProperty()
    page_size = ndb.IntegerProperty(indexed=False)
    users_estimate = ndb.IntegerProperty(indexed=False)
    last_page = ndb.IntegerProperty(indexed=False)  # set by the page that found no more users
    finished = ndb.DateTimeProperty(indexed=False)
    triggered_by = ndb.TextProperty()

    @property
    def run_id(self) -> str:
        return self.key.id()


class DryRunPage(ndb.Model):
    """The counts of page ``<run>:<page>``, written once; ``per_context`` maps a context name to its students."""

    run_id = ndb.StringProperty()
    page = ndb.IntegerProperty(indexed=False)
    last = ndb.BooleanProperty(default=False, indexed=False)
    users_seen = ndb.IntegerProperty(default=0, indexed=False)
    users_failed = ndb.IntegerProperty(default=0, indexed=False)
    would_earn = ndb.IntegerProperty(default=0, indexed=False)
    awards = ndb.IntegerProperty(default=0, indexed=False)
    per_context = ndb.JsonProperty(indexed=False)
    finished = ndb.DateTimeProperty(indexed=False)
