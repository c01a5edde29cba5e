"""Issuing an award's credential: once, on its first request, then the same signed credential every time.

Invariants: a credential is handed out only for an award its student holds now (the key is in
``UserData.owned_badges`` and its `UserBadge` exists); the first request issues it in one cross-group
transaction that reads the student, takes the next status slot and creates the `CredentialRecord`; later
requests read the record, so an award has one credential, one status bit and one salt, and its JWT never changes
(it stays verifiable across key rotations: old keys stay published).
"""
from __future__ import annotations

import datetime

from google.cloud import ndb

from badges.catalog import Badge
from clients.datastore import transact
from credentials import credential, recipient, status_list, vc_jwt
from credentials.credential import AwardFacts
from credentials.keys import SigningKeys
from credentials.site import Site
from models.badges import UserBadge
from models.credentials import SLOTS_ID, CredentialRecord, StatusSlots
from models.user import UserData


def find(credential_id: str) -> CredentialRecord | None:
    return CredentialRecord.get_by_id(credential_id)


def issue(user_id: str, email: str, badge: Badge, context_name: str | None, site: Site, keys: SigningKeys,
          now: datetime.datetime) -> CredentialRecord | None:
    """The credential of ``user_id``'s award of ``badge`` in ``context_name``, issued now if it is the first
    request; None if the student does not hold that award."""
    badge_key = badge.key(context_name)
    record_key = ndb.Key(CredentialRecord, credential.credential_id(user_id, badge_key))
    existing, user = ndb.get_multi([record_key, ndb.Key(UserData, user_id)])
    if user is None or badge_key not in user.owned_badges:
        return None
    if existing is not None:
        return existing

    def txn() -> CredentialRecord | None:
        record = record_key.get()
        if record is not None:
            return record
        user, award = ndb.get_multi([ndb.Key(UserData, user_id), ndb.Key(UserBadge, badge_key,
                                                                           parent=ndb.Key(UserData, user_id))])
        if user is None or award is None or badge_key not in user.owned_badges:
            return None
        slots = StatusSlots.get_by_id(SLOTS_ID) or StatusSlots(id=SLOTS_ID, taken=0)
        number, index = status_list.position(slots.taken)
        slots.taken += 1
        facts = AwardFacts(user_id, badge, context_name if badge_key != badge.name else None, award.awarded)
        built = credential.build(facts, site, email, recipient.new_salt(), status_list.entry(site, number, index))
        record = CredentialRecord(key=record_key, user_id=user_id, badge_key=badge_key, status_list=number,
                                  status_index=index, issued=now,
                                  jwt=vc_jwt.sign(built, keys.current, keys.kid(keys.current, site.jwks_url), now))
        ndb.put_multi([record, slots])
        return record

    return transact(txn, xg=True)


def credential_json(record: CredentialRecord) -> dict:
    """The credential a record holds: its JWT's payload without the JWT claims."""
    return vc_jwt.credential_of(vc_jwt.unverified_parts(record.jwt)[1])
