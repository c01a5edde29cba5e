"""Cloud Tasks endpoints (``POST /admin/tasks/...``): the sweep's page task and the weekly statistics per exercise.

Invariants: only requests carrying ``X-AppEngine-QueueName`` get in (App Engine strips it from outside requests);
they are exempt from CSRF (main.CSRF_EXEMPT_PREFIXES). Every handler is idempotent on its own, because Cloud Tasks
(and, more often, its emulator) may deliver a task twice, late or concurrently. A task that can never succeed
answers 2xx or 400 so it is not retried for nothing; only `sweep.Busy` asks for a retry (503).
"""
from __future__ import annotations

from flask import Blueprint, jsonify, request

from badges import sweep
from handlers.admin import context_factory, sweep_workers, task_queue
from handlers.common import config, json_body, json_error, services
from jobs import exercise_stats

bp = Blueprint("tasks", __name__, url_prefix="/admin/tasks")


@bp.before_request
def only_cloud_tasks():
    if not request.headers.get("X-AppEngine-QueueName"):
        return json_error(403, "task endpoints take requests from Cloud Tasks only (X-AppEngine-QueueName)")
    return None


def _enqueue() -> sweep.Enqueue:
    queue = task_queue()
    if queue is not None:
        return sweep.task_enqueuer(queue)

    def refuse(task: sweep.PageTask) -> None:
        raise RuntimeError("no task queue is configured")

    return refuse


@bp.post("/sweep/page")
def sweep_page():
    try:
        task = sweep.PageTask.from_payload(json_body())
    except ValueError as exc:
        return json_error(400, str(exc))
    if task.namespace != config().namespace:
        return jsonify({"status": "ignored: task of another namespace"})
    try:
        result = sweep.run_page(task, lac=services().lac, enqueue=_enqueue(), workers=sweep_workers(),
                                context_factory=context_factory())
    except sweep.Busy as exc:
        response = json_error(503, str(exc))
        response.headers["Retry-After"] = "30"
        return response
    return jsonify(result)


@bp.post("/exercise_stats/<exercise>")
def exercise_stats_task(exercise: str):
    return jsonify({"exercise": exercise, "seconds_per_fast_problem": exercise_stats.update_exercise(exercise)})
