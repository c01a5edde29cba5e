"""When the sweep must look at a user, and by which rules: the one definition, stored on every `UserData` write as
the indexed ``UserData.review_due`` so a sweep can read the due users alone.

Invariants:
- A page judges users by the `RuleSet`: the catalogue plus the custom badges made from dry runs (read once per
  page). Its version mixed with `REVIEW_FORMAT` (`review_version`) is stamped on every user reviewed under it.
- A user is due at once (`DUE_NOW`) if never reviewed or active since the review; otherwise when the first
  catalogue badge of a time-driven family (``Family.due_at``) that it neither owns nor had revoked starts to hold;
  otherwise never (`NEVER`). That is ``UserData.review_due``, kept with no read beyond the user itself.
- `needs_review` (in memory, on a user a page read) also holds for a user stamped under another review version
  and for the rule set's own time-driven badges: ``review_due(user) <= clock`` alone is the due runs' query.
- A run reads only the due users (mode ``due``) when the latest *full* run (every user, in key order) to finish
  with no user failed did so at the current review version (the one `SweepBackfill`) and no custom badge is
  time-driven (the stored moment knows the catalogue's alone); otherwise runs are full. That is how a change of
  the rule set, a return to an earlier one, or of `REVIEW_FORMAT` (users written by code that did not keep
  ``review_due``) reaches dormant users.
"""
from __future__ import annotations

import dataclasses
import datetime
import zlib
from typing import Iterable

from badges import catalog, custom
from badges.catalog import Badge
from models.sweep import SweepBackfill

REVIEW_FORMAT = 2  # bump when the meaning of review_due changes: every user becomes due once
DUE_NOW = datetime.datetime(1970, 1, 1)
NEVER = datetime.datetime(9999, 12, 31)
FULL, DUE = "full", "due"


@dataclasses.dataclass(frozen=True)
class RuleSet:
    """What a page judges users by: the catalogue plus ``extra`` (custom badges awarded by rule), and its version
    (the catalogue's own when there is no extra badge)."""

    extra: tuple[Badge, ...]
    version: int

    @classmethod
    def current(cls) -> "RuleSet":
        extra = tuple(custom.rule_badges())
        return cls(extra, catalog.catalog_version(catalog.CATALOG + extra) if extra else catalog.CATALOG_VERSION)

    @property
    def review_version(self) -> int:
        return review_version(self.version)

    @property
    def time_driven(self) -> bool:
        """Whether a custom badge can come due with no activity (then every run is full)."""
        return any(badge.family.due_at is not None for badge in self.extra)


def review_version(rules_version: int | None = None) -> int:
    """The version a review is stamped with, of a rule set's version (default: the catalogue's, read at call time)."""
    version = catalog.CATALOG_VERSION if rules_version is None else rules_version
    return zlib.crc32(f"{version}:{REVIEW_FORMAT}".encode())


def time_driven_due(user, badges: Iterable[Badge] = ()) -> datetime.datetime:
    """When the first badge of a time-driven family among the catalogue's (and ``badges``) that ``user`` neither
    owns nor had revoked starts to hold (`NEVER` if none)."""
    settled = set(user.owned_badges or ()) | set(user.revoked_badges or ())
    moments = (badge.family.due_at(user, **badge.params) for badge in (*catalog.NON_CONTEXT, *badges)
               if badge.family.due_at is not None and badge.name not in settled)
    return min((m for m in moments if m is not None), default=NEVER)


def review_due(user) -> datetime.datetime:
    """When the sweep must next look at ``user`` (see the module invariants)."""
    if user.last_review is None:
        return DUE_NOW
    if user.last_activity is not None and user.last_activity > user.last_review:
        return DUE_NOW
    return time_driven_due(user)


def needs_review(user, clock: datetime.datetime, rules: RuleSet) -> bool:
    if user.reviewed_catalog_version != rules.review_version or review_due(user) <= clock:
        return True
    return bool(rules.time_driven) and time_driven_due(user, rules.extra) <= clock


def run_mode(rules: RuleSet) -> str:
    """``due`` if the latest clean full run was at ``rules``' review version and none of them is time-driven by a
    custom badge, else ``full``."""
    latest = SweepBackfill.get_by_id(SweepBackfill.LATEST)
    fresh = latest is not None and latest.version == rules.review_version
    return DUE if fresh and not rules.time_driven else FULL


def mark_backfilled(run_id: str, rules_version: int) -> None:
    """Record that full run ``run_id`` reviewed every user under the rule set of version ``rules_version`` with no
    failure."""
    SweepBackfill(id=SweepBackfill.LATEST, version=review_version(rules_version), run_id=run_id).put()
