"""The badge endpoints of API.md: the catalogue, categories, the student's badges and progress."""
from __future__ import annotations

from flask import Blueprint, jsonify

from actions import users
from actions.errors import bad_request
from badges import listing, notifications, presentation
from handlers.common import cache, json_body, now
from handlers.request_parsing import MAX_PATH_VALUE_BYTES, fits_key_name
from identity import session as identity

bp = Blueprint("badges_api", __name__, url_prefix="/api/v1")


def _user():
    return users.load_or_new(identity.current_identity(), now())


@bp.get("/badges")
def get_badges():
    return jsonify(listing.catalog_for(_user(), cache()))


@bp.get("/badges/categories")
def get_categories():
    return jsonify(presentation.categories_json())


@bp.get("/user/badges")
def get_user_badges():
    return jsonify(listing.user_badges(_user()))


@bp.get("/user/badges/progress")
def get_progress():
    return jsonify(listing.progress(_user(), now()))


@bp.get("/user/notifications")
def get_notifications():
    """Awards waiting for the slide-down; reading them changes nothing (the slide-down acknowledges them)."""
    return jsonify(notifications.pending(_user()))


@bp.post("/user/notifications/ack")
def acknowledge_notifications():
    """The slide-down showed these awards (their ``key``s): they no longer wait for the next page."""
    keys = json_body().get("keys")
    if not isinstance(keys, list) or len(keys) > notifications.MAX_ACK or \
            not all(isinstance(k, str) and fits_key_name(k) for k in keys):
        raise bad_request(f"keys must be a list of at most {notifications.MAX_ACK} badge keys "
                          f"(each at most {MAX_PATH_VALUE_BYTES} bytes)")
    return jsonify({"acknowledged": notifications.acknowledge(_user(), keys)})
