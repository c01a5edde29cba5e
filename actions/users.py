"""Loading and creating a student's `UserData`."""
from __future__ import annotations

import datetime

from google.cloud import ndb

from identity.session import Identity
from models.user import UserData


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


def utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
