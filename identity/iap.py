"""Identity-Aware Proxy sign-in: verify the signed header JWT with google-auth.

IAP signs ``X-Goog-IAP-JWT-Assertion`` with ES256; its public keys (kid -> PEM) are published by Google. Tests
inject their own keys through ``Config.iap_certs``.
"""
from __future__ import annotations

import threading
import time

import requests
from google.auth import jwt

IAP_CERTS_URL = "https://www.gstatic.com/iap/verify/public_key"
IAP_ISSUER = "https://cloud.google.com/iap"

_certs: dict = {}
_fetched_at = 0.0
_lock = threading.Lock()


class IapError(ValueError):
    pass


def _published_certs() -> dict:
    global _certs, _fetched_at
    with _lock:
        if not _certs or time.time() - _fetched_at > 3600:
            _certs = requests.get(IAP_CERTS_URL, timeout=5).json()
            _fetched_at = time.time()
        return _certs


def verify(assertion: str, audience: str, certs: dict | None = None) -> dict:
    """Returns the verified claims ({sub, email, ...}) or raises IapError."""
    try:
        claims = jwt.decode(assertion, certs=certs if certs is not None else _published_certs(), audience=audience)
    except Exception as exc:  # noqa: BLE001 - any failure to verify is a refusal
        raise IapError(f"invalid IAP assertion: {exc}") from exc
    if claims.get("iss") != IAP_ISSUER:
        raise IapError("invalid IAP assertion: wrong issuer")
    if not claims.get("email") or not claims.get("sub"):
        raise IapError("invalid IAP assertion: no identity")
    return claims
