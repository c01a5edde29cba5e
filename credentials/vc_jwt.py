"""A credential as a VC-JWT (Open Badges 3.0 §8.2): a compact JWS whose payload is the credential itself plus
the JWT claims that mirror it.

Invariants: the JOSE header is exactly ``alg``, ``kid`` and ``typ`` (§8.2.3 allows no others); ``iss`` is
``issuer.id``, ``jti`` is ``id``, ``nbf`` is ``validFrom`` (to the second), ``iat`` is when it was signed, and
``sub`` appears only when the subject has an ``id`` (ours are identified by a hashed email instead).
"""
from __future__ import annotations

import base64
import binascii
import datetime
import json

from joserfc import jwt
from joserfc.jwk import ECKey

from credentials.keys import ALGORITHM

CLAIMS = ("iss", "jti", "nbf", "iat", "exp", "sub")


def epoch(moment: datetime.datetime) -> int:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return int(moment.timestamp())


def from_rfc3339(text: str) -> datetime.datetime:
    """"2012-03-05T10:00:00Z" as an aware UTC datetime (ValueError if it is not RFC 3339 with an offset)."""
    moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("a date-time needs a time zone offset")
    return moment.astimezone(datetime.timezone.utc)


def claims_for(credential: dict, signed: datetime.datetime) -> dict:
    claims = {"iss": credential["issuer"]["id"], "jti": credential["id"],
              "nbf": epoch(from_rfc3339(credential["validFrom"])), "iat": epoch(signed)}
    if "id" in credential["credentialSubject"]:
        claims["sub"] = credential["credentialSubject"]["id"]
    return claims


def sign(credential: dict, key: ECKey, kid: str, signed: datetime.datetime) -> str:
    """The compact JWS of ``credential`` signed by ``key`` (ES256)."""
    header = {"alg": ALGORITHM, "kid": kid, "typ": "JWT"}
    return jwt.encode(header, {**credential, **claims_for(credential, signed)}, key, algorithms=[ALGORITHM])


def credential_of(payload: dict) -> dict:
    """The credential inside a VC-JWT payload: the payload without the JWT claims."""
    return {name: value for name, value in payload.items() if name not in CLAIMS}


def _segment(text: str) -> object:
    padded = text + "=" * (-len(text) % 4)
    return json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))


def unverified_parts(token: str) -> tuple[dict, dict]:
    """(header, payload) of a compact JWS, read WITHOUT checking its signature (ValueError if malformed)."""
    parts = token.split(".")
    if len(parts) != 3 or not all(parts):
        raise ValueError("not a compact JWS (three base64url parts separated by '.')")
    try:
        header, payload = _segment(parts[0]), _segment(parts[1])
    except (binascii.Error, UnicodeError, ValueError) as exc:
        raise ValueError("the header or payload is not base64url-encoded JSON") from exc
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise ValueError("the header and payload must be JSON objects")
    return header, payload
