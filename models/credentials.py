"""Issued Open Badges credentials and the status lists that can revoke them.

Invariants: a `CredentialRecord` is created once per award, in the transaction that takes its status slot, and
never changes (its signed JWT is the credential); revocation lives only in its `StatusList`'s bits.
"""
from __future__ import annotations

from google.cloud import ndb


class CredentialRecord(ndb.Model):
    """One issued credential; key id = the credential id (``credentials.credential.credential_id``)."""

    user_id = ndb.StringProperty()
    badge_key = ndb.TextProperty()  # "name" or "name[Context]", as in UserData.owned_badges
    status_list = ndb.IntegerProperty(indexed=False)
    status_index = ndb.IntegerProperty(indexed=False)
    jwt = ndb.TextProperty()
    issued = ndb.DateTimeProperty(indexed=False)


class StatusList(ndb.Model):
    """One Bitstring Status List (key id = its number, from 1); ``bits`` 1 = revoked; absent = all zero."""

    bits = ndb.BlobProperty()
    updated = ndb.DateTimeProperty(indexed=False)


SLOTS_ID = "slots"


class StatusSlots(ndb.Model):
    """The one allocator of status slots (key id ``SLOTS_ID``): how many credentials have taken one."""

    taken = ndb.IntegerProperty(default=0, indexed=False)
