"""Sign in with Google: verify a Google Identity Services ID token (the page's "credential") with google-auth.

Invariant: a token signs someone in only if google-auth's ``id_token.verify_oauth2_token`` accepts it (signature by
one of Google's published keys, audience = our OAuth client id, not expired, issued by accounts.google.com) and
Google says the email is verified. Any other token is refused with `GoogleSignInError`, whatever its shape.

The keys come through `CertsTransport`, the HTTP transport google-auth fetches them with: Google's certificates
endpoint, fetched once and kept for its ``Cache-Control`` max-age, or, when configured (tests), a fixed kid -> PEM
mapping, so the same verification code runs against a key made in the test.
"""
from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass
from typing import Mapping

import requests
from google.auth import exceptions
from google.oauth2 import id_token

GSI_CLIENT = "https://accounts.google.com/gsi/client"
CLOCK_SKEW = 10
MAX_TOKEN = 4096
MAX_AGE = re.compile(r"max-age=(\d+)")


class GoogleSignInError(ValueError):
    """The token is not a valid Google sign-in for this site."""


class CertsUnavailable(RuntimeError):
    """Google's keys could not be fetched, so no token can be checked right now."""


@dataclass(frozen=True)
class GoogleUser:
    subject: str  # Google's stable account id
    email: str


@dataclass(frozen=True)
class _Response:
    """The `google.auth.transport.Response` shape: what google-auth reads from a fetch."""

    status: int
    data: bytes
    headers: Mapping[str, str]


class CertsTransport:
    """A `google.auth.transport.Request` that answers google-auth's fetch of Google's public keys."""

    def __init__(self, certs: Mapping[str, str] | None = None, default_max_age: int = 3600):
        self._fixed = json.dumps(dict(certs)).encode() if certs is not None else None
        self._default_max_age = default_max_age
        self._cached: dict[str, tuple[float, _Response]] = {}
        self._lock = threading.Lock()

    def __call__(self, url, method="GET", body=None, headers=None, timeout=None, **kwargs) -> _Response:
        if self._fixed is not None:
            return _Response(200, self._fixed, {})
        with self._lock:
            expires, kept = self._cached.get(url, (0.0, None))
            if kept is not None and time.time() < expires:
                return kept
            fetched = self._fetch(url)
            if fetched.status != 200:
                return kept or fetched  # Google unreachable: the keys we had are still the best answer
            self._cached[url] = (time.time() + self._max_age(fetched.headers), fetched)
            return fetched

    @staticmethod
    def _fetch(url: str) -> _Response:
        try:
            answer = requests.get(url, timeout=5)
        except requests.RequestException:
            return _Response(503, b"", {})
        return _Response(answer.status_code, answer.content, dict(answer.headers))

    def _max_age(self, headers: Mapping[str, str]) -> int:
        found = MAX_AGE.search(headers.get("Cache-Control", ""))
        return int(found.group(1)) if found else self._default_max_age


def verify(token: object, client_id: str | None, transport: CertsTransport) -> GoogleUser:
    """The verified Google account of ``token``, or GoogleSignInError (CertsUnavailable if Google is unreachable)."""
    if not client_id:
        raise GoogleSignInError("Google sign-in is not configured")
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN:
        raise GoogleSignInError(f"credential must be a Google ID token of at most {MAX_TOKEN} characters")
    try:
        claims = id_token.verify_oauth2_token(token, transport, audience=client_id,
                                              clock_skew_in_seconds=CLOCK_SKEW)
    except exceptions.TransportError as exc:
        raise CertsUnavailable("Google's sign-in keys could not be fetched; try again shortly") from exc
    except Exception as exc:  # noqa: BLE001 - any failure to verify (shape, signature, claims) is a refusal
        raise GoogleSignInError(f"the Google ID token is not valid: {exc}") from exc
    return _user(claims)


def _user(claims: Mapping) -> GoogleUser:
    subject, email = claims.get("sub"), claims.get("email")
    if not isinstance(subject, str) or not 0 < len(subject) <= 255:
        raise GoogleSignInError("the Google ID token has no account id")
    if not isinstance(email, str) or "@" not in email or len(email) > 254:
        raise GoogleSignInError("the Google ID token has no email")
    if claims.get("email_verified") not in (True, "true"):
        raise GoogleSignInError("Google has not verified this email address")
    return GoogleUser(subject, email.lower())
