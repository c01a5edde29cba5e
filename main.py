"""The app factory. gunicorn serves `main:app`; tests call `create_app(config)`.

Invariant: every external client (ndb, the cache, Cloud Tasks) and the credential signing keys are built once
here and kept in `app.extensions`; every request runs in one ndb context (NdbMiddleware); no input produces a 500
without a JSON body saying so.
"""
from __future__ import annotations

import logging

from flask import Flask, request
from werkzeug.exceptions import HTTPException

from actions.errors import ActionError
from actions.services import Services
from badges.last_action_cache import LastActionCache
from clients.cache import make_cache
from clients.datastore import RETRY_AFTER_SECONDS, Contention, NdbMiddleware, is_unavailable, make_client
from config import Config
from credentials.keys import SigningKeys
from handlers import (admin, admin_badges, api, auth, badges_api, credentials, openapi, pages, request_parsing,
                      security_headers, tasks, warmup)
from handlers.common import json_error
from identity import session as identity
import structured_log

log = logging.getLogger(__name__)
BLUEPRINTS = (auth.bp, api.bp, badges_api.bp, pages.bp, admin.bp, admin_badges.bp, tasks.bp, security_headers.bp,
              openapi.bp, warmup.bp, credentials.bp)
# Verifying a credential changes nothing and is offered to anyone (other sites' verifiers too): no CSRF token.
CSRF_EXEMPT_PREFIXES = ("/admin/tasks/", "/login", "/api/v1/credentials/verify")


def create_app(config: Config | None = None) -> Flask:
    config = config or Config.from_env()
    if config.production:
        structured_log.install(config.project)
    app = Flask(__name__)
    app.config.update(SECRET_KEY=config.secret_key, SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      SESSION_COOKIE_SECURE=config.production, JSON_SORT_KEYS=False, MAX_CONTENT_LENGTH=64 * 1024)
    request_parsing.install(app)
    cache = make_cache(config)
    app.extensions["meteorite.config"] = config
    app.extensions["meteorite.ndb"] = make_client(config)
    app.extensions["meteorite.cache"] = cache
    app.extensions["meteorite.services"] = Services(
        problem_secret=config.problem_secret.encode(), lac=LastActionCache(cache), badge_engine=config.badge_engine)
    app.extensions["meteorite.credential_keys"] = SigningKeys.from_config(config)
    app.extensions["meteorite.tasks"] = None
    if config.tasks_emulator_host or config.production:
        from clients.tasks import make_task_queue

        app.extensions["meteorite.tasks"] = make_task_queue(config)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    _install_guards(app)
    _install_error_handlers(app)
    app.wsgi_app = NdbMiddleware(app.wsgi_app, app.extensions["meteorite.ndb"], config)
    return app


def _wants_json() -> bool:
    return request.path.startswith(("/api/", "/admin/")) or request.is_json


def _install_guards(app: Flask) -> None:
    @app.before_request
    def csrf_guard():
        if request.method in ("GET", "HEAD", "OPTIONS") or request.path.startswith(CSRF_EXEMPT_PREFIXES):
            return None
        if not identity.csrf_ok():
            return json_error(403, "missing or wrong CSRF token (send X-CSRF-Token from GET /api/v1/user)")
        return None

    @app.after_request
    def api_header(response):
        if request.path.startswith("/api/"):
            response.headers["X-KA-API-Response"] = "true"
        return response


def _install_error_handlers(app: Flask) -> None:
    """Every refusal is JSON with its 4xx status; the Datastore being away is 503 with Retry-After."""

    @app.errorhandler(ActionError)
    def action_error(exc: ActionError):
        return json_error(exc.status, exc.message)

    @app.errorhandler(Contention)
    def contention(exc: Contention):
        return json_error(409, str(exc))

    @app.errorhandler(identity.Forbidden)
    def forbidden(exc):
        return json_error(403, str(exc))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if _wants_json():
            return json_error(exc.code or 500, exc.description or exc.name)
        return exc

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        if is_unavailable(exc):
            log.warning("Datastore unavailable on %s %s: %s", request.method, request.path, exc)
            response = json_error(503, "the Datastore is unavailable; try again shortly")
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response
        log.exception("unhandled error on %s %s", request.method, request.path)
        return json_error(500, "internal error")


app = create_app()
