"""Cloud Tasks endpoints (``POST /admin/tasks/...``): the page tasks of the sweep and of the dry run, and the weekly
statistics per exercise.

Invariants: only requests carrying ``X-AppEngine-QueueName`` get in (App Engine strips it from outside requests);
they are exempt from CSRF (main.CSRF_EXEMPT_PREFIXES). Every handler is idempotent on its own, because Cloud Tasks
(and, more often, its emulator) may deliver a task twice, late or concurrently. A task that can never succeed
answers 2xx or 400 so it is not retried for nothing; only `fanout.Busy` asks for a retry (503).
"""
from __future__ import annotations

from flask import Blueprint, jsonify, request

from badges import dryrun
from badges.sweep import fanout, pages, tasks
from handlers.common import config, json_body, json_error, services, task_queue
from jobs import exercise_stats

bp = Blueprint("tasks", __name__, url_prefix="/admin/tasks")


@bp.before_request
def only_cloud_tasks():
    if not request.headers.get("X-AppEngine-QueueName"):
        return json_error(403, "task endpoints take requests from Cloud Tasks only (X-AppEngine-QueueName)")
    return None


@bp.post("/sweep/page")
def sweep_page():
    return _page(tasks.PageTask, pages.run_page)


@bp.post("/dryrun/page")
def dry_run_page():
    return _page(tasks.DryRunTask, dryrun.run_page)


def _page(task_type: type[tasks.PageTask], run_page):
    """Deliver one page task of a fan-out (the sweep's or a dry run's); a page another delivery holds is a 503."""
    try:
        task = task_type.from_payload(json_body())
    except ValueError as exc:
        return json_error(400, str(exc))
    if task.namespace != config().namespace:
        return jsonify({"status": "ignored: task of another namespace"})
    queue = task_queue()
    enqueue = tasks.task_enqueuer(queue) if queue is not None else tasks.refuse
    try:
        result = run_page(task, lac=services().lac, enqueue=enqueue)
    except fanout.Busy as exc:
        response = json_error(503, str(exc))
        response.headers["Retry-After"] = "30"
        return response
    return jsonify(result)


@bp.post("/exercise_stats/<exercise>")
def exercise_stats_task(exercise: str):
    return jsonify({"exercise": exercise, "seconds_per_fast_problem": exercise_stats.update_exercise(exercise)})
