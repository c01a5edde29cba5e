"""Loading and creating a student's `UserData`; signing in, signing out and the shown name.

Invariants: a session acts on a `UserData` only while it carries its ``session_generation`` (checked again here,
in the action's own transaction, so even a session that slipped past the cached check cannot write); signing out
and a phantom's sign-in bump that generation, and the new value is published to the cached copy after commit.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from google.cloud import ndb

from clients.datastore import transact
from identity.generations import Generations
from identity.session import Identity, SessionEnded
from models.user import Account, UserData


def user_key(user_id: str) -> ndb.Key:
    return ndb.Key(UserData, user_id)


def new_user(ident: Identity, now: datetime.datetime) -> UserData:
    return UserData(
        key=user_key(ident.user_id), email=ident.email, is_phantom=ident.is_phantom, joined=now,
        badge_counts=[0] * 6, session_generation=ident.generation,
    )


def load_or_new(ident: Identity, now: datetime.datetime, entity: UserData | None = None) -> UserData:
    """The stored user, or an unsaved new one (a visitor who has done nothing yet costs no write).

    Raises SessionEnded if the stored user's session generation is not the session's."""
    if entity is None:
        entity = user_key(ident.user_id).get()
    if entity is not None and (entity.session_generation or 0) != ident.generation:
        raise SessionEnded()
    return entity or new_user(ident, now)


@dataclass(frozen=True)
class Login:
    """A verified sign-in: the Account it names (``email:<address>``, ``google:<sub>``), the user id a new account
    gets when it adopts no phantom, and the verified email."""

    account: str
    fresh_id: str
    email: str


@dataclass(frozen=True)
class SignedIn:
    user_id: str
    generation: int


def sign_in(generations: Generations, login: Login, phantom: Identity | None) -> SignedIn:
    """The user to sign ``login`` in as. A known account keeps its user; a new one adopts the signing-in phantom's
    data if the phantom has any (so anonymous progress is kept), else starts as ``login.fresh_id``. Either way the
    phantom's id is retired: its generation is bumped, so the phantom's cookie never acts on it again."""
    account_key = ndb.Key(Account, login.account)

    def txn() -> tuple[SignedIn, list[UserData]]:
        account = account_key.get()
        old = UserData.get_by_id(phantom.user_id) if phantom else None
        old = old if old is not None and old.is_phantom and old.session_generation == phantom.generation else None
        if account is not None:
            user_id = account.user_id
        elif old is not None and UserData.get_by_id(login.fresh_id) is None:
            user_id = old.key.id()
        else:
            user_id = login.fresh_id
        user = old if old is not None and old.key.id() == user_id else UserData.get_by_id(user_id)
        if account is None:
            Account(key=account_key, user_id=user_id).put()
        changed = _claim(user, old, login.email)
        ndb.put_multi(changed)
        return SignedIn(user_id, user.session_generation if user is not None else 0), changed

    signed_in, changed = transact(txn, xg=True)
    for entity in changed:
        generations.publish(entity.key.id(), entity.session_generation)
    return signed_in


def _claim(user: UserData | None, old: UserData | None, email: str) -> list[UserData]:
    """Mark what a sign-in changes: the phantom retired (and adopted if it is ``user``), the account's email."""
    changed = []
    if old is not None:
        old.session_generation = (old.session_generation or 0) + 1
        changed.append(old)
    if user is not None and (user is old or user.email != email):
        user.is_phantom, user.email = False, email
        if user is not old:
            changed.append(user)
    return changed


def sign_out_everywhere(generations: Generations, ident: Identity, now: datetime.datetime) -> None:
    """Bump the user's session generation: every copy of every session of this user is refused from now on."""
    def txn() -> int | None:
        user = user_key(ident.user_id).get() or new_user(ident, now)
        if (user.session_generation or 0) != ident.generation:
            return None  # this session had already ended
        user.session_generation = ident.generation + 1
        user.put()
        return user.session_generation

    generation = transact(txn)
    if generation is not None:
        generations.publish(ident.user_id, generation)


def set_display_name(ident: Identity, name: str | None, now: datetime.datetime) -> UserData:
    def txn() -> UserData:
        user = load_or_new(ident, now)
        user.display_name = name
        user.put()
        return user

    return transact(txn)
