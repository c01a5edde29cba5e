"""Loading and creating a student's `UserData`."""
from __future__ import annotations

import datetime

from google.cloud import ndb

from clients.datastore import transact
from identity.session import Identity
from models.user import Account, UserData


def user_key(user_id: str) -> ndb.Key:
    return ndb.Key(UserData, user_id)


def new_user(ident: Identity, now: datetime.datetime) -> UserData:
    return UserData(
        key=user_key(ident.user_id), email=ident.email, nickname=ident.nickname, is_phantom=ident.is_phantom,
        joined=now, badge_counts=[0] * 6,
    )


def load_or_new(ident: Identity, now: datetime.datetime, entity: UserData | None = None) -> UserData:
    """The stored user, or an unsaved new one (a visitor who has done nothing yet costs no write)."""
    if entity is None:
        entity = user_key(ident.user_id).get()
    return entity or new_user(ident, now)


def claim_account(email: str, phantom_user_id: str | None) -> str:
    """The user id to sign ``email`` in as. A known account keeps its id; a new one adopts the signing-in
    phantom's data if the phantom has any (so anonymous progress is kept), else starts fresh as ``dev-<email>``."""
    account_key = ndb.Key(Account, f"email:{email}")
    fresh_id = "dev-" + email

    def txn() -> str:
        account = account_key.get()
        if account is not None:
            return account.user_id
        user_id = fresh_id
        if UserData.get_by_id(fresh_id) is None and phantom_user_id:
            phantom = UserData.get_by_id(phantom_user_id)
            if phantom is not None and phantom.is_phantom:
                phantom.is_phantom, phantom.email, phantom.nickname = False, email, email.split("@")[0]
                phantom.put()
                user_id = phantom_user_id
        Account(key=account_key, user_id=user_id).put()
        return user_id

    return transact(txn, xg=True)
