"""Development sign-in (like the old dev_appserver's /_ah/login) and sign-out; off on App Engine."""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for

from actions import users
from handlers.common import config, json_error
from identity import session as identity
from identity.emails import EMAIL

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if not config().dev_login:
        abort(404)
    if request.method == "GET":
        return render_template("auth/login.html", csrf=identity.csrf_token(), next=request.args.get("next", "/"))
    if not identity.csrf_ok():
        return json_error(403, "missing or wrong CSRF token")
    email = (request.form.get("email") or "").strip()
    if not EMAIL.match(email):
        return json_error(400, "a valid email is required")
    user_id = users.claim_account(email.lower(), identity.phantom_user_id())
    identity.sign_in_dev(email, request.form.get("admin") in ("on", "1", "true"), user_id)
    target = request.form.get("next") or "/"
    return redirect(target if target.startswith("/") and not target.startswith("//") else url_for("pages.home"))


@bp.route("/logout", methods=["POST"])
def logout():
    if not identity.csrf_ok():
        return json_error(403, "missing or wrong CSRF token")
    identity.sign_out()
    return redirect("/")
