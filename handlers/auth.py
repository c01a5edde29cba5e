"""Signing in and out, and the name a student shows to others.

On App Engine, "Sign in with Google": the login page loads Google Identity Services, which hands the page an ID
token that the page posts to ``POST /login/google`` with the CSRF token. Off App Engine, ``/login`` is a
development form (any email, and an "admin" box), like the old dev_appserver's.

Invariants: ``next`` is checked (identity.next_url) before anyone is signed in, so a bad one changes nothing and
no redirect leaves the site; a sign-in starts a new session (new CSRF token) carrying the user's current session
generation; signing out bumps that generation, so every copy of the old cookie is worthless.
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request

from actions import users
from handlers import security_headers
from handlers.common import config, json_body, json_error, now
from identity import google, names
from identity import session as identity
from identity.emails import EMAIL
from identity.next_url import safe_next

bp = Blueprint("auth", __name__)
BAD_NEXT = "next must be a path on this site (one leading /, no spaces, control characters or backslashes)"


@bp.app_template_filter("shown_name")
def shown_name(user_data) -> str:
    """The name others see for a `UserData` (its chosen display name, or a neutral "Student 1234")."""
    return names.shown_name(user_data.key.id(), user_data.display_name)


@bp.app_template_filter("neutral_name")
def neutral_name(user_id: str) -> str:
    return names.neutral_name(user_id)


@bp.get("/login")
def login_page():
    target = safe_next(request.args.get("next", "/")) or "/"
    if config().dev_login:
        return render_template("auth/login.html", csrf=identity.csrf_token(), next=target)
    if config().google_client_id:
        security_headers.allow(security_headers.GOOGLE_SIGN_IN)  # this page loads Google Identity Services
        return render_template("auth/google.html", client_id=config().google_client_id, next=target,
                               gsi_client=google.GSI_CLIENT)
    abort(404)


@bp.post("/login")
def login_dev():
    if not config().dev_login:
        abort(404)
    if not identity.csrf_ok():
        return json_error(403, "missing or wrong CSRF token")
    target = safe_next(request.form.get("next") or "/")
    if target is None:
        return json_error(400, BAD_NEXT)
    email = (request.form.get("email") or "").strip().lower()
    if not EMAIL.match(email):
        return json_error(400, "a valid email is required")
    login = users.Login(f"email:{email}", f"dev-{email}", email)
    signed_in = users.sign_in(identity.generations(), login, identity.live_phantom())
    identity.start_session(signed_in.user_id, signed_in.generation, email,
                           admin=request.form.get("admin") in ("on", "1", "true"))
    return redirect(target)


@bp.post("/login/google")
def login_google():
    """``{"credential": "<Google ID token>", "next": "/path"}`` -> ``{"signed_in": true, "next": "/path"}``."""
    if not config().google_client_id:
        return json_error(404, "Google sign-in is not configured")
    if not identity.csrf_ok():
        return json_error(403, "missing or wrong CSRF token")
    body = json_body()
    target = safe_next(body.get("next", "/"))
    if target is None:
        return json_error(400, BAD_NEXT)
    try:
        account = google.verify(body.get("credential"), config().google_client_id, _certs())
    except google.GoogleSignInError as exc:
        return json_error(401, str(exc))
    except google.CertsUnavailable as exc:
        response = json_error(503, str(exc))
        response.headers["Retry-After"] = "30"
        return response
    login = users.Login(f"google:{account.subject}", f"google-{account.subject}", account.email)
    signed_in = users.sign_in(identity.generations(), login, identity.live_phantom())
    identity.start_session(signed_in.user_id, signed_in.generation, account.email)
    return jsonify({"signed_in": True, "next": target})


def _certs() -> google.CertsTransport:
    """One transport per app, so Google's keys are fetched once per max-age, not per sign-in."""
    transport = current_app.extensions.get("meteorite.google_certs")
    if transport is None:
        transport = current_app.extensions.setdefault("meteorite.google_certs",
                                                      google.CertsTransport(config().google_certs))
    return transport


@bp.post("/logout")
def logout():
    if not identity.csrf_ok():
        return json_error(403, "missing or wrong CSRF token")
    try:
        ident = identity.current_identity()
    except identity.SessionEnded:
        ident = None
    if ident is not None and not ident.is_phantom:
        users.sign_out_everywhere(identity.generations(), ident, now())
    identity.end_session()
    return redirect("/")


@bp.post("/profile/display-name")
def set_display_name():
    """Form field ``display_name`` (blank = the neutral name); back to the profile."""
    if not identity.csrf_ok():
        return json_error(403, "missing or wrong CSRF token")
    try:
        name = names.clean_display_name(request.form.get("display_name", ""))
    except ValueError as exc:
        return json_error(400, str(exc))
    users.set_display_name(identity.current_identity(), name, now())
    return redirect("/profile#display-name", code=303)
