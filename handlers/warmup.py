"""App Engine's warm-up request (`inbound_services: warmup`): a new instance gets ready before its first student.

Invariant: warming up changes nothing. It loads the catalogue and content tables, compiles every template, and
opens the connections to the Datastore and the cache, so the first real request pays none of that.
"""
from __future__ import annotations

from flask import Blueprint, current_app

from badges import catalog
from content.exercises import EXERCISES_BY_NAME

bp = Blueprint("warmup", __name__)


@bp.get("/_ah/warmup")
def warmup():
    env = current_app.jinja_env
    templates = [name for name in env.list_templates() if name.endswith(".html")]
    for name in templates:
        env.get_template(name)
    catalogue = current_app.extensions["meteorite.services"].catalogue
    catalogue.exercises()  # the stored content, read into the app's cache (this opens the gRPC channel)
    catalogue.playlists()
    current_app.extensions["meteorite.cache"].get("warmup")
    return {"badges": len(catalog.CATALOG), "exercises": len(EXERCISES_BY_NAME), "templates": len(templates)}
