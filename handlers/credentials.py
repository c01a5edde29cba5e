"""Open Badges 3.0 credentials over HTTP: a holder's credential (JSON API and downloads), verification, the
issuer's profile, keys and status lists, and each credential's public page.

Invariants: only a signed-in student (never a phantom) gets credentials, and only of awards they hold now; the
first request for an award's credential issues it (one record, one status slot, once: `credentials.issuance`)
and every later one reads the same credential; the public page, the JWKS, the issuer profile, the status lists
and verification need no identity and write nothing; every refusal is a 4xx JSON error.
"""
from __future__ import annotations

import pathlib
import re

from flask import Blueprint, Response, current_app, jsonify, request

from actions.errors import ActionError, bad_request, not_found
from badges import listing
from badges.catalog import Badge, ContextType
from credentials import baking, issuance, revocation, status_list
from credentials.credential import rfc3339
from credentials.issuer import profile_document
from credentials.keys import SigningKeys
from credentials.site import Site
from credentials.verify import verify
from handlers import pages
from handlers.common import config, json_body, json_error, now
from handlers.request_parsing import MAX_PATH_VALUE_BYTES, fits_key_name
from identity import session as identity
from identity.names import shown_name
from models.credentials import CredentialRecord
from models.user import UserData

bp = Blueprint("credentials", __name__)
MAX_JWT = 32 * 1024
CREDENTIAL_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
PUBLIC_CACHE = "public, max-age=60"
SIGN_IN = "sign in to get your badges as credentials: a phantom student has no identity to bind them to"


def signing_keys() -> SigningKeys:
    return current_app.extensions["meteorite.credential_keys"]


def site() -> Site:
    return Site.of(config().public_url, request.url_root, config().production)


def held(name: str) -> tuple[Badge, CredentialRecord]:
    """The signed-in student's badge ``name`` and its credential in ``?context=``, issued on first request."""
    ident = identity.current_identity()
    if ident.is_phantom or not ident.email:
        raise ActionError(403, SIGN_IN)
    badge = listing.find(name)
    if badge is None:
        raise not_found(f"no badge named {name}")
    context = request.args.get("context") or None
    if context is not None and not fits_key_name(context):
        raise bad_request(f"context must be a target context name of at most {MAX_PATH_VALUE_BYTES} bytes")
    if badge.context is not ContextType.NONE and context is None:
        raise bad_request(f"{name} is earned per context: give ?context=<target_context_name>")
    if badge.context is ContextType.NONE and context is not None:
        raise bad_request(f"{name} is earned once, not per context: leave out ?context=")
    record = issuance.issue(ident.user_id, ident.email, badge, context, site(), signing_keys(), now())
    if record is None:
        raise not_found(f"you do not hold {badge.key(context)}")
    return badge, record


@bp.get("/api/v1/user/badges/<name>/credential")
def get_credential(name: str):
    _, record = held(name)
    response = jsonify({"credential": issuance.credential_json(record), "jwt": record.jwt})
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/api/v1/credentials/verify")
def post_verify():
    token = json_body().get("jwt")
    if not isinstance(token, str) or not 0 < len(token.strip()) <= MAX_JWT:
        raise bad_request(f"jwt must be a compact JWS string of at most {MAX_JWT} characters")
    return jsonify(verify(token.strip(), signing_keys(), site(), revocation.is_revoked, now()).to_json())


def public_json(document: dict):
    response = jsonify(document)
    response.headers["Cache-Control"] = PUBLIC_CACHE
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/.well-known/jwks.json")
def jwks():
    return public_json(signing_keys().public_jwks(site().jwks_url))


@bp.get("/issuer")
def issuer_profile():
    return public_json(profile_document(site()))


@bp.get("/credentials/status/<int:number>")
def status(number: int):
    state = revocation.list_state(number)
    if state is None:
        return json_error(404, f"no status list {number}")
    bits, updated = state
    return public_json(status_list.list_credential(site(), number, bits, rfc3339(updated or now())))


@bp.get("/credentials/<credential_id>")
def credential_page(credential_id: str):
    """Anyone's view of one credential: the badge, the earner's shown name, the date, and whether it verifies."""
    record = issuance.find(credential_id) if CREDENTIAL_ID.fullmatch(credential_id) else None
    if record is None:
        return pages.not_found("this credential")
    checked = verify(record.jwt, signing_keys(), site(), revocation.is_revoked, now())
    return pages.render("pages/credential.html", credential=checked.credential or issuance.credential_json(record),
                        checked=checked, earner=_earner_name(record.user_id))


def attachment(body: str, mimetype: str, record: CredentialRecord, suffix: str) -> Response:
    stem = re.sub(r"[^a-z0-9]+", "-", record.badge_key.lower()).strip("-")[:80] or "badge"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{stem}{suffix}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/user/badges/<name>/credential.jwt")
def download_jwt(name: str):
    _, record = held(name)
    return attachment(record.jwt, "application/jwt", record, ".jwt")


@bp.get("/user/badges/<name>/credential.svg")
def download_svg(name: str):
    """The badge's image with its credential baked in (Open Badges 3.0 §5.3.2)."""
    badge, record = held(name)
    return attachment(baking.bake_svg(badge_svg(badge), record.jwt), "image/svg+xml", record, ".svg")


def badge_svg(badge: Badge) -> str:
    """The badge's own SVG icon under static/ (a custom badge's https icon is never fetched: its category's)."""
    static = pathlib.Path(current_app.static_folder).resolve()
    for url in (badge.icon_url, badge.category.icon):
        path = (static / url.removeprefix("/static/")).resolve()
        if url.startswith("/static/") and url.endswith(".svg") and path.is_relative_to(static) and path.is_file():
            return path.read_text(encoding="utf-8")
    raise not_found(f"no image of {badge.name}")


def _earner_name(user_id: str) -> str:
    user = UserData.get_by_id(user_id)
    return shown_name(user_id, user.display_name if user is not None else None)
