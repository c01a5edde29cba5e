"""Verifying a VC-JWT this site issued (Open Badges 3.0 §8.2.6 and §9.1): signature, claims, schema, status.

Invariants: nothing a caller sends raises; every failure is a sentence in ``errors`` and ``verified`` is true
only when there is none (a revoked credential is not verified); the signature is checked against this site's
own keys only (a key named by the token itself is never trusted), before anything in the payload is believed.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Callable

from joserfc import jwt
from joserfc.errors import BadSignatureError, JoseError
from joserfc.jwk import ECKey

from credentials import schema, status_list, vc_jwt
from credentials.keys import ALGORITHM, SigningKeys
from credentials.site import Site

StatusLookup = Callable[[int, int], bool]
"""(status list number, index) -> is that bit set (revoked)."""


@dataclass(frozen=True)
class Verification:
    verified: bool
    revoked: bool
    errors: tuple[str, ...]
    credential: dict | None = None  # what the token says, once its signature holds

    def to_json(self) -> dict:
        return {"verified": self.verified, "revoked": self.revoked, "errors": list(self.errors)}


def refused(reason: str) -> Verification:
    return Verification(False, False, (reason,))


def verify(token: str, keys: SigningKeys, site: Site, is_revoked: StatusLookup,
           now: datetime.datetime) -> Verification:
    try:
        header, payload = vc_jwt.unverified_parts(token)
    except (ValueError, RecursionError) as exc:
        return refused(f"malformed: {exc}" if isinstance(exc, ValueError) else "malformed: nested too deeply")
    key = _key(header, keys, site)
    if isinstance(key, str):
        return refused(key)
    try:
        jwt.decode(token, key, algorithms=[ALGORITHM])
    except BadSignatureError:
        return refused("the signature does not match: the credential was changed after it was signed")
    except (JoseError, ValueError) as exc:
        return refused(f"the signature cannot be checked: {exc}")
    credential = vc_jwt.credential_of(payload)
    errors = claim_problems(payload, credential, site, now) + schema.problems(credential)
    revoked = False
    try:
        revoked = is_revoked(*status_list.parse_entry(credential.get("credentialStatus"), site))
    except ValueError as exc:
        errors.append(str(exc))
    if revoked:
        errors.append("the credential has been revoked by its issuer")
    return Verification(not errors, revoked, tuple(errors), credential)


def _key(header: dict, keys: SigningKeys, site: Site) -> ECKey | str:
    """This site's key that the header names, or why there is none."""
    if header.get("alg") != ALGORITHM:
        return f"unsupported algorithm {str(header.get('alg'))[:20]!r}: this site signs with {ALGORITHM}"
    kid = header.get("kid")
    key = keys.find(kid, site.jwks_url) if isinstance(kid, str) else None
    if key is None:
        return f"signed by a key this site does not publish at {site.jwks_url}: not a credential issued here"
    return key


def claim_problems(payload: dict, credential: dict, site: Site, now: datetime.datetime) -> list[str]:
    """The JWT claims against the credential they mirror (§8.2.6.1), and its validity period against ``now``."""
    issuer = credential.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    subject = credential.get("credentialSubject")
    subject_id = subject.get("id") if isinstance(subject, dict) else None
    problems = []
    if payload.get("iss") != issuer_id or issuer_id != site.issuer_id:
        problems.append(f"iss and issuer.id must both be this site's issuer, {site.issuer_id}")
    if payload.get("jti") != credential.get("id") or not isinstance(payload.get("jti"), str):
        problems.append("jti must be the credential's id")
    if payload.get("sub") != subject_id:
        problems.append("sub must be credentialSubject.id (absent when the subject has no id)")
    problems += _period_problems(payload, credential, now)
    return problems


def _period_problems(payload: dict, credential: dict, now: datetime.datetime) -> list[str]:
    try:
        valid_from = vc_jwt.epoch(vc_jwt.from_rfc3339(str(credential.get("validFrom"))))
    except (ValueError, OverflowError):
        return ["validFrom must be an RFC 3339 date-time"]
    problems = []
    nbf, exp = payload.get("nbf"), payload.get("exp")
    if type(nbf) is not int or nbf != valid_from:
        problems.append("nbf must equal validFrom")
    if valid_from > vc_jwt.epoch(now):
        problems.append("the credential is not valid yet (validFrom is in the future)")
    if exp is not None and (type(exp) is not int or exp <= vc_jwt.epoch(now)):
        problems.append("the credential has expired")
    return problems
