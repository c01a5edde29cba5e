"""The current identity of a request, held in Flask's signed session cookie.

Invariant: a student can only ever touch their own data: every handler gets the user id from here, never from
the request's URL or body. Without any identity a request gets a phantom user (an anonymous student).
"""
from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from flask import current_app, g, request, session

from identity import iap


@dataclass(frozen=True)
class Identity:
    user_id: str
    email: str | None
    nickname: str
    is_phantom: bool
    is_admin: bool


class Forbidden(Exception):
    """A request whose identity could not be established (forged or invalid)."""


def _config():
    return current_app.extensions["meteorite.config"]


def current_identity() -> Identity:
    if "identity" in g:
        return g.identity
    config = _config()
    ident = None
    assertion = request.headers.get("X-Goog-IAP-JWT-Assertion")
    if config.iap_audience:
        if not assertion:
            raise Forbidden("missing Identity-Aware Proxy assertion")
        try:
            claims = iap.verify(assertion, config.iap_audience, config.iap_certs)
        except iap.IapError as exc:
            raise Forbidden(str(exc)) from exc
        email = claims["email"].split(":")[-1].lower()
        ident = Identity(f"iap-{claims['sub'].split(':')[-1]}", email, email.split("@")[0], False,
                         email in config.admin_emails)
    elif session.get("uid") and not session.get("phantom"):
        ident = Identity(session["uid"], session.get("email"), session.get("nickname", "student"), False,
                         bool(session.get("admin")))
    if ident is None:
        if not session.get("uid"):
            session["uid"] = "phantom-" + secrets.token_hex(12)
            session["phantom"] = True
        ident = Identity(session["uid"], None, "Phantom student", True, False)
    g.identity = ident
    return ident


def phantom_user_id() -> str | None:
    return session.get("uid") if session.get("phantom") else None


def sign_in_dev(email: str, admin: bool, user_id: str | None = None) -> None:
    email = email.strip().lower()
    session.clear()
    session["uid"] = user_id or "dev-" + email
    session["email"] = email
    session["nickname"] = email.split("@")[0]
    session["admin"] = bool(admin)
    g.pop("identity", None)


def sign_out() -> None:
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
