"""The admin area and the cron endpoints (API.md "Background and admin"). Thin: the work is in `badges.sweep`,
`badges.custom` and `jobs.exercise_stats`.

Invariants: every route here names who may call it: an admin session, App Engine cron (``X-Appengine-Cron:
true``) or Cloud Tasks (``X-AppEngine-QueueName``); anyone else gets 403 JSON. The headers are trusted as sent:
App Engine strips them from outside requests in production, and outside production tests send them. A form POST
passes the app's CSRF guard (the token is in the form).
"""
from __future__ import annotations

import collections
import functools
from urllib.parse import urlencode

from flask import Blueprint, current_app, jsonify, redirect, render_template, request

from badges import custom, listing, sweep
from clients import datastore
from handlers.common import config, json_error, json_or_form, now, services
from identity import session as identity
from jobs import exercise_stats
from models.sweep import SweepPage, SweepRun

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
    """Only the named callers may use the route (checked in the order given, admin last being cheapest to skip)."""
    def decorate(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            if not any(CALLERS[name]() for name in who):
                return json_error(403, f"only {' or '.join(who)} may call {request.path}")
            return view(*args, **kwargs)
        return guarded
    return decorate


def task_queue():
    return current_app.extensions.get("meteorite.tasks")


def sweep_workers() -> int:
    return int(config().extra.get("sweep_workers", 1))


def context_factory():
    client, cfg = current_app.extensions["meteorite.ndb"], config()
    return lambda: datastore.context(client, cfg)


def start_sweep(triggered_by: str) -> SweepRun:
    """Start a run; without a task queue (development without the emulator) its pages run here, in order."""
    cfg, queue = config(), task_queue()
    pinned = bool(request.headers.get("X-Test-Now")) and not cfg.production
    pending: collections.deque = collections.deque()
    enqueue = sweep.task_enqueuer(queue) if queue is not None else pending.append
    run = sweep.start_run(clock=now(), pinned=pinned, page_size=cfg.sweep_page_size, triggered_by=triggered_by,
                          enqueue=enqueue, namespace=cfg.namespace)
    while pending:
        sweep.run_page(pending.popleft(), lac=services().lac, enqueue=pending.append, workers=sweep_workers(),
                       context_factory=context_factory())
    return run


def run_status(run_id: str) -> dict | None:
    """The run's status; finishes a run whose pages are all in, and fails one that has stalled."""
    run = SweepRun.get_by_id(run_id)
    if run is None:
        return None
    pages = SweepPage.query(SweepPage.run_id == run_id).fetch()
    if run.state == "running":
        sweep.maybe_finish(run_id)
        latest = max([run.created] + [p.finished for p in pages if p.finished])
        if run.state == "running" and sweep.utcnow() - latest > sweep.STALL_AFTER:
            sweep.fail_run(run_id, f"stalled: no page recorded since {latest.isoformat()}Z")
        run = SweepRun.get_by_id(run_id)
    return run.summary(pages)


def _who() -> str:
    if request.headers.get("X-Appengine-Cron") == "true":
        return "cron"
    return f"admin:{identity.current_identity().email}"


@bp.get("/startnewbadgemapreduce")
@allow("cron", "admin")
def start_new_badge_map_reduce():
    run = start_sweep(_who())
    return f"OK: {run.run_id}", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/badgemapreduce")
@allow("admin")
def list_runs():
    runs = SweepRun.query().order(-SweepRun.created).fetch(RUNS_LISTED, keys_only=True)
    return jsonify([run_status(key.id()) for key in runs])


@bp.get("/badgemapreduce/<run_id>")
@allow("admin", "cron", "tasks")
def badge_map_reduce_status(run_id: str):
    status = run_status(run_id)
    return jsonify(status) if status else json_error(404, f"no sweep run {run_id}")


@bp.get("/cron/exercise_stats")
@allow("cron", "admin")
def cron_exercise_stats():
    return jsonify(exercise_stats.run(task_queue()))


@bp.get("/badges")
@allow("admin")
def badges_page():
    runs = [run_status(key.id()) for key in
            SweepRun.query().order(-SweepRun.created).fetch(RUNS_LISTED, keys_only=True)]
    return render_template("admin/badges.html", runs=runs, custom_badges=custom.all_custom(), categories=listing.categories(),
                           ident=identity.current_identity(), message=request.args.get("message"))


@bp.post("/badges/sweep")
@allow("admin")
def start_from_page():
    run = start_sweep(_who())
    if request.is_json:
        return jsonify({"run_id": run.run_id}), 202
    return _back(f"Started sweep {run.run_id}")


def _back(message: str):
    return redirect("/admin/badges?" + urlencode({"message": message}), 303)


def _fields() -> dict:
    return json_or_form()


def _refused(exc: custom.CustomBadgeError):
    if request.is_json:
        return json_error(409 if exc.conflict else 400, str(exc))
    return _back(str(exc))


@bp.get("/badges/custom")
@allow("admin")
def list_custom():
    return jsonify([{"name": b.name, "shown": b.shown, "description": b.description,
                     "badge_category": int(b.category), "points": b.points, "icon": b.icon_url}
                    for b in custom.all_custom()])


@bp.post("/badges/custom")
@allow("admin")
def create_custom():
    try:
        badge = custom.create(custom.parse(_fields() or {}))
    except custom.CustomBadgeError as exc:
        return _refused(exc)
    if request.is_json:
        return jsonify({"name": badge.name, "shown": badge.shown, "description": badge.description,
                        "badge_category": int(badge.category), "points": badge.points, "icon": badge.icon_url}), 201
    return _back(f"Created {badge.name}")


@bp.post("/badges/custom/award")
@bp.post("/badges/custom/<name>/award")
@allow("admin")
def award_custom(name: str | None = None):
    fields = _fields() or {}
    try:
        emails = custom.parse_emails(fields.get("emails"))
        results = custom.award_to(name or str(fields.get("name") or ""), emails, now())
    except custom.CustomBadgeError as exc:
        return _refused(exc)
    if request.is_json:
        return jsonify({"results": results})
    done = sum(r["result"] == "awarded" for r in results)
    return _back(f"Awarded to {done} of {len(results)}: " + ", ".join(f"{r['email']} {r['result']}" for r in results[:10]))

