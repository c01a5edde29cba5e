"""What every handler shares: the app's clients and services, the clock, JSON errors and the body parser."""
from __future__ import annotations

import datetime

from flask import current_app, jsonify, request

from actions.errors import ActionError, bad_request


def services():
    return current_app.extensions["meteorite.services"]


def config():
    return current_app.extensions["meteorite.config"]


def cache():
    """The app's memcached client (clients.cache.Cache)."""
    return current_app.extensions["meteorite.cache"]


def task_queue():
    """The app's Cloud Tasks client (clients.tasks.TaskQueue), or None where there is none (development)."""
    return current_app.extensions.get("meteorite.tasks")


def now() -> datetime.datetime:
    """The request's clock (UTC, naive). Tests may pin it with the X-Test-Now header outside production."""
    pinned = request.headers.get("X-Test-Now")
    if pinned and not config().production:
        try:
            return datetime.datetime.fromisoformat(pinned).replace(tzinfo=None)
        except ValueError as exc:
            raise bad_request("X-Test-Now must be an ISO datetime") from exc
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def json_error(status: int, message: str):
    response = jsonify({"error": message})
    response.status_code = status
    return response


def json_body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ActionError(400, "the request body must be a JSON object")
    return body


def json_or_form() -> dict:
    """The fields of a JSON object body, or of a form; a JSON body that is not an object is a 400."""
    return json_body() if request.is_json else request.form.to_dict()
