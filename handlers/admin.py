"""The admin area and the cron endpoints (API.md "Background and admin"). Thin: the work is in `badges.sweep`,
`badges.custom`, `badges.programme` and `jobs.exercise_stats`; the admin's badge tools are `handlers.admin_badges`.

Invariants: every route here names who may call it: an admin session, App Engine cron (``X-Appengine-Cron:
true``) or Cloud Tasks (``X-AppEngine-QueueName``); anyone else gets 403 JSON. The headers are trusted as sent:
App Engine strips them from outside requests in production, and outside production tests send them. A GET changes
nothing unless cron calls it; an admin changes things only by POST, which passes the app's CSRF guard.
"""
from __future__ import annotations

import functools
from urllib.parse import urlencode

from flask import Blueprint, jsonify, redirect, render_template, request

from badges import custom, dryrun, dryrun_candidate, presentation, programme, revocation
from badges.sweep import pages, runs
from handlers.common import config, json_error, json_or_form, now, services, task_queue
from handlers.request_parsing import fits_key_name
from identity import session as identity
from jobs import exercise_stats

bp = Blueprint("admin", __name__, url_prefix="/admin")
RUNS_LISTED = 20


def _is_admin() -> bool:
    try:
        return identity.current_identity().is_admin
    except identity.Forbidden:
        return False


CALLERS = {
    "admin": _is_admin,
    "cron": lambda: request.headers.get("X-Appengine-Cron") == "true",
    "tasks": lambda: bool(request.headers.get("X-AppEngine-QueueName")),
}


def allow(*who: str):
    """Only the named callers may use the route (checked in the order given)."""
    def decorate(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            if not any(CALLERS[name]() for name in who):
                return json_error(403, f"only {' or '.join(who)} may call {request.method} {request.path}")
            return view(*args, **kwargs)
        return guarded
    return decorate


def _start_sweep(triggered_by: str):
    cfg = config()
    return pages.start_sweep(clock=now(), pinned=bool(request.headers.get("X-Test-Now")) and not cfg.production,
                             page_size=cfg.sweep_page_size, triggered_by=triggered_by, namespace=cfg.namespace,
                             queue=task_queue(), lac=services().lac)


@bp.get("/startnewbadgemapreduce")
@allow("cron")
def start_new_badge_map_reduce():
    run = _start_sweep("cron")
    return f"OK: {run.run_id}", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.post("/startnewbadgemapreduce")
@allow("admin")
def start_from_page():
    run = _start_sweep(f"admin:{identity.current_identity().email}")
    if request.is_json:
        return jsonify({"run_id": run.run_id}), 202
    return back(f"Started sweep {run.run_id}")


@bp.get("/badgemapreduce")
@allow("admin")
def list_runs():
    return jsonify(runs.recent_statuses(RUNS_LISTED))


@bp.get("/badgemapreduce/<run_id>")
@allow("admin", "cron", "tasks")
def badge_map_reduce_status(run_id: str):
    status = runs.run_status(run_id)
    return jsonify(status) if status else json_error(404, f"no sweep run {run_id}")


@bp.get("/cron/exercise_stats")
@allow("cron")
def cron_exercise_stats():
    return jsonify(exercise_stats.run(task_queue()))


@bp.get("/badges")
@allow("admin")
def badges_page():
    """The admin page: sweeps, the programme's figures, dry runs (``?dryrun=<run id>`` shows one), revocations
    and custom badges."""
    dry_run_id = request.args.get("dryrun") or ""
    dry_run = dryrun.status(dry_run_id) if fits_key_name(dry_run_id) else None
    return render_template("admin/badges.html", runs=runs.recent_statuses(RUNS_LISTED),
                           custom_badges=custom.all_custom(), categories=presentation.categories_json(),
                           ident=identity.current_identity(), message=request.args.get("message"),
                           programme=programme.rows(now().date()), audit=revocation.recent_audit(),
                           families=dryrun_candidate.examples(), dry_run=dry_run)


def back(message: str, **more: str):
    """Back to the admin page (after a form's POST), saying ``message``; ``more`` adds query parameters."""
    return redirect("/admin/badges?" + urlencode({"message": message, **more}), 303)


def _fields() -> dict:
    return json_or_form()


def _refused(exc: custom.CustomBadgeError):
    if request.is_json:
        return json_error(409 if exc.conflict else 400, str(exc))
    return back(str(exc))


@bp.get("/badges/custom")
@allow("admin")
def list_custom():
    return jsonify([presentation.custom_json(b) for b in custom.all_custom()])


@bp.post("/badges/custom")
@allow("admin")
def create_custom():
    try:
        badge = custom.create(custom.parse(_fields()))
    except custom.CustomBadgeError as exc:
        return _refused(exc)
    if request.is_json:
        return jsonify(presentation.custom_json(badge)), 201
    return back(f"Created {badge.name}")


@bp.post("/badges/custom/award")
@bp.post("/badges/custom/<name>/award")
@allow("admin")
def award_custom(name: str | None = None):
    fields = _fields()
    try:
        emails = custom.parse_emails(fields.get("emails"))
        results = custom.award_to(name or str(fields.get("name") or ""), emails, now())
    except custom.CustomBadgeError as exc:
        return _refused(exc)
    if request.is_json:
        return jsonify({"results": results})
    done = sum(r["result"] == "awarded" for r in results)
    return back(f"Awarded to {done} of {len(results)}: " + ", ".join(f"{r['email']} {r['result']}" for r in results[:10]))
