"""Serve tokens: the server's signed word that it served problem *n* of an exercise to a user at a given time.

Serving a problem writes nothing: the serve answers a token, and the attempt or hint sends it back.

Invariants: a token is ``<number>.<serve time, ms since the epoch>.<MAC>``, the MAC an HMAC-SHA256 (with a key
derived from the problem secret, used for nothing else) over the user id, the exercise, the number and the serve
time. So it verifies only for that user, exercise and number, with that serve time: without the secret nobody can
make one, move one to another student or problem, or change its time. A token says nothing about whether its
problem is still the one to work on: the caller checks ``number == total_done + 1``, so the token of a completed
problem is worthless.
"""
from __future__ import annotations

import base64
import datetime
import hashlib
import hmac

MAX_LENGTH = 100
EPOCH = datetime.datetime(1970, 1, 1)
MILLISECOND = datetime.timedelta(milliseconds=1)
MAC_BYTES = 16


class InvalidToken(ValueError):
    """The token was not made by this server for this user, exercise and problem number."""


def _key(secret: bytes) -> bytes:
    return hmac.new(secret, b"meteorite serve tokens", hashlib.sha256).digest()


def _mac(secret: bytes, user_id: str, exercise: str, number: int, served_ms: int) -> str:
    message = f"{user_id}\x00{exercise}\x00{number}\x00{served_ms}".encode()
    digest = hmac.new(_key(secret), message, hashlib.sha256).digest()[:MAC_BYTES]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def sign(secret: bytes, user_id: str, exercise: str, number: int, served_at: datetime.datetime) -> str:
    """The token of serving problem ``number`` of ``exercise`` to ``user_id`` at ``served_at`` (naive UTC)."""
    served_ms = (served_at - EPOCH) // MILLISECOND
    return f"{number}.{served_ms}.{_mac(secret, user_id, exercise, number, served_ms)}"


def verify(secret: bytes, token: str, user_id: str, exercise: str, number: int) -> datetime.datetime:
    """The serve time a valid ``token`` carries; `InvalidToken` unless this server signed it for exactly this
    user, exercise and number."""
    parts = token.split(".") if len(token) <= MAX_LENGTH else []
    if len(parts) != 3 or not all(part.isascii() for part in parts) or parts[0] != str(number):
        raise InvalidToken(f"not a serve token of problem {number}")
    try:
        served_ms = int(parts[1])
        served_at = EPOCH + served_ms * MILLISECOND
    except (ValueError, OverflowError) as exc:
        raise InvalidToken("the token's serve time is not a time") from exc
    if not hmac.compare_digest(parts[2], _mac(secret, user_id, exercise, number, served_ms)):
        raise InvalidToken(f"the token was not made for problem {number} of {exercise} for this student")
    return served_at
