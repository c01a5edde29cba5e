"""An admin revokes one award (a student, a badge, a context) with a reason, or restores it.

Invariants:
- A revocation is one transaction on the student's entity group (plus the badge's counter shards and the audit):
  it reads `UserData` and the `UserBadge`, marks the award ``revoked`` (never deleted: its key, award time and the
  credential's status stay), moves its key from ``owned_badges`` to ``revoked_badges``, takes back exactly the
  points it earned, lowers its category count, the holder counter (when the student holds no other context of the
  badge) and the day counter of the day it was awarded, drops its pending notification, and writes a `BadgeAudit`.
  A restore reverses exactly that. Each happens once: revoking a revoked award (or restoring a live one) is a
  conflict that changes nothing, however many admins race.
- A revoked key stays in ``revoked_badges``, so `badges.awards.award` (the sweep's and real time's only way to
  award) never makes it again until it is restored.
- ``UserBadge.revoked`` / ``revoked_at`` are what a reader of one award's status (its credential) looks at.
"""
from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from google.cloud import ndb

from badges import award_stats, listing
from badges.awards import holds_any, moved_holders
from badges.catalog import Badge, ContextType
from clients.datastore import transact
from credentials import revocation as credential_status
from identity.emails import EMAIL
from models.badges import BadgeAudit, PendingNotification, UserBadge
from models.user import UserData

MAX_REASON = 500
MAX_CONTEXT_BYTES = 500
AUDIT_LISTED = 20


class RevocationError(ValueError):
    """A refused request: ``status`` is 400 (bad input), 404 (no such student, badge or award) or 409."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Target:
    """One award of one student, and why an admin changes it."""

    email: str
    badge: Badge
    context_name: str | None
    reason: str

    @property
    def key(self) -> str:
        return self.badge.key(self.context_name)


def _text(fields: dict, name: str, limit: int) -> str:
    value = fields.get(name)
    if not isinstance(value, str) or not value.strip():
        raise RevocationError(400, f"{name} is required (a non-empty string)")
    if len(value.encode("utf-8", "surrogatepass")) > limit:
        raise RevocationError(400, f"{name} is longer than {limit} bytes")
    return value.strip()


def parse(fields: dict) -> Target:
    """``{"email", "badge", "context" (null for a badge without context), "reason"}``, checked against the badge."""
    email = _text(fields, "email", 254).lower()
    if not EMAIL.match(email):
        raise RevocationError(400, "email is not an email address")
    badge = listing.find(_text(fields, "badge", 500))
    if badge is None:
        raise RevocationError(404, f"no badge named {fields['badge']}")
    context = fields.get("context")
    if badge.context is ContextType.NONE and context not in (None, ""):
        raise RevocationError(400, f"{badge.name} has no context: send context null")
    if badge.context is not ContextType.NONE:
        context = _text(fields, "context", MAX_CONTEXT_BYTES)
    return Target(email, badge, context or None, _text(fields, "reason", MAX_REASON))


def revoke(target: Target, admin: str, now: datetime.datetime) -> dict:
    _change(target, admin, now, revoking=True)
    return {"revoked": True}


def restore(target: Target, admin: str, now: datetime.datetime) -> dict:
    _change(target, admin, now, revoking=False)
    return {"restored": True}


def _student(email: str) -> ndb.Key:
    keys = UserData.query(UserData.email == email).fetch(2, keys_only=True)
    if not keys:
        raise RevocationError(404, f"no student with email {email}")
    if len(keys) > 1:
        raise RevocationError(409, f"several students have email {email}: nothing was changed")
    return keys[0]


def _change(target: Target, admin: str, now: datetime.datetime, *, revoking: bool) -> None:
    user_key = _student(target.email)
    award_key = ndb.Key(UserBadge, target.key, parent=user_key)

    def txn() -> None:
        ud, ub = ndb.get_multi([user_key, award_key])
        if ud is None or ub is None:
            raise RevocationError(404, f"{target.email} does not hold {target.key}")
        if bool(ub.revoked) == revoking:
            raise RevocationError(409, f"{target.key} of {target.email} is already "
                                       f"{'revoked' if revoking else 'live'}: nothing was changed")
        move = _take_back if revoking else _give_back
        puts, deletes = move(ud, ub, target.badge, now)
        audit = BadgeAudit(parent=ud.key, id=f"{now:%Y%m%dT%H%M%S%f}-{secrets.token_hex(4)}",
                           action="revoke" if revoking else "restore", badge_key=target.key,
                           badge_name=target.badge.name, email=target.email, admin=admin, reason=target.reason,
                           points=ub.points_earned or 0, at=now)
        ndb.put_multi([ud, ub, audit, *(e for e in puts if e is not None)])
        if deletes:
            ndb.delete_multi(deletes)
        credential_status.set_revoked(user_key.id(), target.key, revoking, now)  # its status list, same commit

    transact(txn, xg=True)


def _take_back(ud: UserData, ub: UserBadge, badge: Badge, now: datetime.datetime):
    key = ub.key.id()
    ud.owned_badges = [k for k in ud.owned_badges if k != key]
    ud.revoked_badges = [*(ud.revoked_badges or []), key]
    _move_counts(ud, ub, badge, -1)
    ub.revoked, ub.revoked_at = True, now
    puts = [] if holds_any(ud, badge.name) else [moved_holders(badge.name, ud.key.id(), -1)]
    puts += [award_stats.counted(ud, badge.name, ub.awarded or now, -1, now)]
    note = ndb.Key(PendingNotification, key, parent=ud.key)
    deletes = [note] if note.get() is not None else []
    ud.pending_notifications = max(0, (ud.pending_notifications or 0) - len(deletes))
    return puts, deletes


def _give_back(ud: UserData, ub: UserBadge, badge: Badge, now: datetime.datetime):
    key = ub.key.id()
    puts = [] if holds_any(ud, badge.name) else [moved_holders(badge.name, ud.key.id(), +1)]
    ud.revoked_badges = [k for k in (ud.revoked_badges or []) if k != key]
    ud.owned_badges = [*ud.owned_badges, key]
    _move_counts(ud, ub, badge, +1)
    ub.revoked, ub.revoked_at = False, None
    puts += [award_stats.counted(ud, badge.name, ub.awarded or now, +1, now)]
    return puts, []


def _move_counts(ud: UserData, ub: UserBadge, badge: Badge, sign: int) -> None:
    counts = ud.category_counts()
    counts[int(badge.category)] = max(0, counts[int(badge.category)] + sign)
    ud.badge_counts = counts
    ud.points = (ud.points or 0) + sign * (ub.points_earned or 0)


def recent_audit(limit: int = AUDIT_LISTED) -> list[BadgeAudit]:
    """The newest admin changes to awards, newest first."""
    return BadgeAudit.query().order(-BadgeAudit.at).fetch(limit)
