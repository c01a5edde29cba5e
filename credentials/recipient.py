"""The earner in a credential: a salted SHA-256 hash of their email (an `IdentityObject`), never the email.

Invariant: ``identityHash`` is ``"sha256$" + hex(sha256(email + salt))`` over the lower-cased email, as Open
Badges §9.3 checks it: whoever knows the email can confirm it; nobody can read it back.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets


def new_salt() -> str:
    return secrets.token_hex(16)


def identity_hash(email: str, salt: str) -> str:
    digest = hashlib.sha256((email.strip().lower() + salt).encode("utf-8")).hexdigest()
    return f"sha256${digest}"


def identity_object(email: str, salt: str) -> dict:
    return {"type": "IdentityObject", "identityType": "emailAddress", "hashed": True,
            "identityHash": identity_hash(email, salt), "salt": salt}


def matches(identity: dict, email: str) -> bool:
    """Does this `IdentityObject` name ``email``? (What a verifier who knows the email checks.)"""
    expected = identity_hash(email, str(identity.get("salt", "")))
    return hmac.compare_digest(str(identity.get("identityHash", "")).lower(), expected)
