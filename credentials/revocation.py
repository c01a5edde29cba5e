"""Revoking and restoring an award's credential, and reading the status lists that say so.

Invariant: a credential is revoked exactly when its bit in its `StatusList` is 1; `set_revoked` is the one
writer of those bits. It works inside a caller's transaction (which must then be cross-group: it touches the
credential's record and its status list) or opens its own.
"""
from __future__ import annotations

import datetime

from google.cloud import ndb

from clients.datastore import transact
from credentials import credential, status_list
from models.credentials import SLOTS_ID, CredentialRecord, StatusList, StatusSlots


def set_revoked(user_id: str, badge_key: str, revoked: bool, now: datetime.datetime | None = None) -> bool:
    """Mark the credential of award ``badge_key`` (``"name"`` or ``"name[Context]"``) of ``user_id`` revoked
    (or restored, ``revoked=False``) in its status list. Returns whether a credential had been issued for that
    award: if not, there is nothing to mark (a credential is only ever issued for an award the student holds)."""
    now = now or datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    record_key = ndb.Key(CredentialRecord, credential.credential_id(user_id, badge_key))

    def txn() -> bool:
        record = record_key.get()
        if record is None:
            return False
        entity = StatusList.get_by_id(record.status_list) or StatusList(id=record.status_list)
        entity.bits = status_list.with_bit(entity.bits or b"", record.status_index, revoked)
        entity.updated = now
        entity.put()
        return True

    return txn() if ndb.in_transaction() else transact(txn, xg=True)


def is_revoked(number: int, index: int) -> bool:
    entity = StatusList.get_by_id(number)
    return bool(entity and entity.bits) and status_list.bit(entity.bits, index)


def list_state(number: int) -> tuple[bytes, datetime.datetime | None] | None:
    """(bits, last change) of status list ``number``, or None when no credential has a slot in it."""
    slots = StatusSlots.get_by_id(SLOTS_ID)
    lists = status_list.position(slots.taken - 1)[0] if slots and slots.taken else 0
    if not 1 <= number <= max(lists, 1):
        return None
    entity = StatusList.get_by_id(number)
    return (entity.bits or status_list.empty(), entity.updated) if entity else (status_list.empty(), None)
