"""The current identity of a request, held in Flask's signed session cookie.

Invariants:
- A student can only ever touch their own data: every handler gets the user id from here, never from the
  request's URL or body. Without any identity a request gets a phantom user (an anonymous student).
- A session carries its user's session generation (identity.generations) and acts as that user only while the
  generation is current. An ended session (its user signed out, or its phantom signed in to an account) is
  dropped: a page or other GET continues as a fresh phantom; a state-changing request is refused (403).
- Admins are signed-in users listed in ``ADMIN_EMAILS`` (and, with the development sign-in only, those who ticked
  "admin").
"""
from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from flask import current_app, g, request, session

from identity.generations import Generations

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


@dataclass(frozen=True)
class Identity:
    user_id: str
    email: str | None
    is_phantom: bool
    is_admin: bool
    generation: int = 0


class Forbidden(Exception):
    """A request whose identity could not be established (forged or invalid)."""


class SessionEnded(Forbidden):
    """The session's user signed out (or, a phantom, signed in to an account) since this cookie was issued."""

    def __init__(self):
        super().__init__("this session has ended (signed out, or signed in to an account): reload the page")


def _config():
    return current_app.extensions["meteorite.config"]


def generations() -> Generations:
    return Generations(current_app.extensions["meteorite.cache"])


def current_identity() -> Identity:
    if "identity" in g:
        return g.identity
    ended = bool(session.get("uid")) and generations().current(session["uid"]) != session.get("gen", 0)
    if ended:
        session.clear()
    if not session.get("uid"):
        session["uid"] = "phantom-" + secrets.token_hex(12)
        session["phantom"] = True
    g.identity = _from_session()
    if ended and request.method not in SAFE_METHODS:
        raise SessionEnded()
    return g.identity


def _from_session() -> Identity:
    config = _config()
    user_id, email, generation = session["uid"], session.get("email"), session.get("gen", 0)
    if session.get("phantom") or not email:
        return Identity(user_id, None, True, False, generation)
    admin = email in config.admin_emails or (config.dev_login and bool(session.get("admin")))
    return Identity(user_id, email, False, admin, generation)


def live_phantom() -> Identity | None:
    """The request's phantom, if it is one with a live session (an ended one is dropped, never signed in)."""
    try:
        ident = current_identity()
    except SessionEnded:
        return None
    return ident if ident.is_phantom else None


def start_session(user_id: str, generation: int, email: str, admin: bool = False) -> None:
    """Sign the browser in as ``user_id``: a new session (and so a new CSRF token)."""
    session.clear()
    session.update(uid=user_id, gen=generation, email=email, admin=bool(admin))
    g.pop("identity", None)


def end_session() -> None:
    session.clear()
    g.pop("identity", None)


def csrf_token() -> str:
    if not session.get("csrf"):
        session["csrf"] = secrets.token_urlsafe(24)
    return session["csrf"]


def csrf_ok() -> bool:
    sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf_token") or ""
    expected = session.get("csrf") or ""
    return bool(expected) and hmac.compare_digest(sent.encode(), expected.encode())
