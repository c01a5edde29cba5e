"""Pending badge notifications: every award waits as a `PendingNotification` until the slide-down has shown it.

Invariants: reading them changes nothing (a page or `GET /api/v1/user/notifications` may show them any number of
times); only an acknowledgement of their keys deletes them, in a transaction that also lowers
``UserData.pending_notifications``, so that count always equals the number of entities waiting. Reading costs
nothing when the count is zero (the page has already read `UserData`).
"""
from __future__ import annotations

import datetime

from google.cloud import ndb

from badges import listing, presentation
from clients.datastore import transact
from models.badges import PendingNotification
from models.user import UserData

MAX_ACK = 50


def pending(ud: UserData) -> list[dict]:
    """The student's waiting awards, oldest first, in the `badges_earned` shape."""
    if not ud.key or not ud.pending_notifications:
        return []
    notes = sorted(PendingNotification.query(ancestor=ud.key).fetch(),
                   key=lambda n: n.created or datetime.datetime.min)
    out = []
    for note in notes:
        badge = listing.find(note.badge_name)
        if badge:
            out.append(presentation.earned_json(badge, note.target_context_name, note.points, bool(note.backfilled)))
    return out


def acknowledge(ud: UserData, keys: list[str]) -> int:
    """The slide-down showed these awards (their badge keys): delete their notifications; returns how many."""
    if not ud.key or not ud.pending_notifications or not keys:
        return 0
    note_keys = [ndb.Key(PendingNotification, k, parent=ud.key) for k in dict.fromkeys(keys)]

    def txn():
        user = ud.key.get()
        found = [n.key for n in ndb.get_multi(note_keys) if n is not None]
        if user is None or not found:
            return 0
        ndb.delete_multi(found)
        user.pending_notifications = max(0, (user.pending_notifications or 0) - len(found))
        user.put()
        return len(found)

    return transact(txn)
