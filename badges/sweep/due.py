"""When the sweep must look at a user: the one definition, stored on every `UserData` write as the indexed
``UserData.review_due`` so a sweep can read the due users alone.

Invariants:
- A user is due at once (`DUE_NOW`) if never reviewed, reviewed under another `review_version`, or active since
  the review; otherwise when the first unowned badge of a time-driven family (``Family.due_at``) starts to hold;
  otherwise never (`NEVER`). `needs_review` is ``review_due(user) <= clock``, in the Datastore and in memory alike.
- `review_version` mixes the catalogue version with `REVIEW_FORMAT`: users stamped by code that did not keep
  ``review_due`` carry another version, so they are due, and the next full run rewrites every one of them.
- A run reads only the due users (mode ``due``) when the latest *full* run (every user, in key order) to finish
  with no user failed did so at the current `review_version` (the one `SweepBackfill`); otherwise runs are full,
  which is how a catalogue change, or a return to an earlier catalogue, reaches dormant users.
"""
from __future__ import annotations

import datetime
import zlib

from badges import catalog
from models.sweep import SweepBackfill

REVIEW_FORMAT = 2  # bump when the meaning of review_due changes: every user becomes due once
DUE_NOW = datetime.datetime(1970, 1, 1)
NEVER = datetime.datetime(9999, 12, 31)
FULL, DUE = "full", "due"


def review_version(catalog_version: int | None = None) -> int:
    """The version a review is stamped with, of ``catalog_version`` (default: the catalogue's, read at call time)."""
    version = catalog.CATALOG_VERSION if catalog_version is None else catalog_version
    return zlib.crc32(f"{version}:{REVIEW_FORMAT}".encode())


def time_driven_due(user) -> datetime.datetime:
    """When the first unowned badge of a time-driven family starts to hold for ``user`` (`NEVER` if none)."""
    owned = set(user.owned_badges or ())
    moments = (badge.family.due_at(user, **badge.params) for badge in catalog.NON_CONTEXT
               if badge.family.due_at is not None and badge.name not in owned)
    return min((m for m in moments if m is not None), default=NEVER)


def review_due(user) -> datetime.datetime:
    """When the sweep must next look at ``user`` (see the module invariants)."""
    if user.last_review is None or user.reviewed_catalog_version != review_version():
        return DUE_NOW
    if user.last_activity is not None and user.last_activity > user.last_review:
        return DUE_NOW
    return time_driven_due(user)


def needs_review(user, clock: datetime.datetime) -> bool:
    return review_due(user) <= clock


def run_mode() -> str:
    """``due`` if the latest clean full run was at the current `review_version`, else ``full``."""
    latest = SweepBackfill.get_by_id(SweepBackfill.LATEST)
    return DUE if latest is not None and latest.version == review_version() else FULL


def mark_backfilled(run_id: str, catalog_version: int) -> None:
    """Record that full run ``run_id`` reviewed every user at ``catalog_version`` with no failure."""
    SweepBackfill(id=SweepBackfill.LATEST, version=review_version(catalog_version), run_id=run_id).put()
