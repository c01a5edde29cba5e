"""The admin's tools for the badge programme (API.md "Admin tools"): dry-running a candidate badge and turning it
into a custom badge, and revoking or restoring one award. Thin: the work is in `badges.dryrun`,
`badges.dryrun_candidate`, `badges.custom` and `badges.revocation`.

Invariants: admin only (403 JSON for anyone else); every change is a POST that passed the app's CSRF guard; a JSON
request gets JSON (bad input: a 4xx JSON error that changed nothing), a form gets a redirect back to the admin
page with a message.
"""
from __future__ import annotations

import re

from flask import Blueprint, current_app, jsonify, request

from badges import custom, dryrun, listing, presentation, revocation
from badges.dryrun_candidate import CandidateError, parse
from badges.families import Family
from handlers.admin import allow, back
from handlers.common import cache, config, json_body, json_error, json_or_form, now, services, task_queue
from identity import session as identity

bp = Blueprint("admin_badges", __name__, url_prefix="/admin/badges")


def _candidate_body() -> dict:
    """The candidate of a JSON body, or of the page's form (``family``, ``params`` as JSON text, or ``emails``)."""
    if request.is_json:
        return json_body()
    form = request.form
    if form.get("family") == Family.CUSTOM.key:
        emails = [e for e in re.split(r"[\s,;]+", form.get("emails") or "") if e]
        return {"family": Family.CUSTOM.key, "params": {"emails": emails}}
    try:
        params = current_app.json.loads(form.get("params") or "{}")
    except ValueError as exc:
        raise CandidateError('params must be JSON, e.g. {"streak": 30}') from exc
    return {"family": form.get("family"), "params": params}


@bp.post("/dryrun")
@allow("admin")
def start_dry_run():
    try:
        candidate = parse(_candidate_body())
    except CandidateError as exc:
        return json_error(400, str(exc)) if request.is_json else back(str(exc))
    cfg = config()
    run = dryrun.start(candidate, clock=now(), pinned=bool(request.headers.get("X-Test-Now")) and not cfg.production,
                       page_size=cfg.sweep_page_size, triggered_by=f"admin:{identity.current_identity().email}",
                       namespace=cfg.namespace, queue=task_queue(), lac=services().lac)
    if request.is_json:
        return jsonify({"run_id": run.run_id}), 202
    return back(f"Started dry run {run.run_id}: {candidate.description}", dryrun=run.run_id)


@bp.get("/dryrun/<run_id>")
@allow("admin")
def dry_run_status(run_id: str):
    status = dryrun.status(run_id)
    return jsonify(status) if status else json_error(404, f"no dry run {run_id}")


@bp.post("/dryrun/<run_id>/badge")
@allow("admin")
def badge_from_dry_run(run_id: str):
    """The candidate of dry run ``run_id`` as a custom badge (name, shown, category, points, icon from the body);
    the next sweep awards it by the candidate's rule."""
    run = dryrun.find(run_id)
    if run is None:
        return json_error(404, f"no dry run {run_id}")
    candidate = dryrun.candidate_of(run)
    fields = dict(json_or_form())
    if candidate.family is not Family.CUSTOM or not str(fields.get("description") or "").strip():
        fields["description"] = candidate.description
    try:
        badge = custom.create(custom.parse(fields), candidate.family, dict(candidate.params))
    except custom.CustomBadgeError as exc:
        if request.is_json:
            return json_error(409 if exc.conflict else 400, str(exc))
        return back(str(exc), dryrun=run_id)
    if request.is_json:
        return jsonify({**presentation.custom_json(badge), **candidate.to_json()}), 201
    return back(f"Created {badge.name} from dry run {run_id}: the next sweep awards it")


def _change_award(change, done: str):
    try:
        target = revocation.parse(json_or_form())
        result = change(target, identity.current_identity().email, now())
    except revocation.RevocationError as exc:
        return json_error(exc.status, str(exc)) if request.is_json else back(str(exc))
    cache().delete(listing.HOLDERS_CACHE_KEY)  # the catalogue's holder counts, cached briefly
    return jsonify(result) if request.is_json else back(f"{done} {target.key} of {target.email}")


@bp.post("/revoke")
@allow("admin")
def revoke_award():
    return _change_award(revocation.revoke, "Revoked")


@bp.post("/restore")
@allow("admin")
def restore_award():
    return _change_award(revocation.restore, "Restored")
