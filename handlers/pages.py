"""The student-facing HTML pages. Thin: they read entities and the badge listing, the JS talks to `/api/v1`.

Invariant: every page embeds the student's pending badge notifications and leaves them waiting; the slide-down
shows them and acknowledges them by POST, so an award made outside a request (the sweep, an admin) slides down
on the next page until it has been shown.
"""
from __future__ import annotations

import datetime

from flask import Blueprint, render_template
from google.cloud import ndb

from actions import users
from badges import listing, notifications, presentation
from handlers import security_headers
from handlers.common import cache, config, now, services
from handlers.serializers import playlists_json
from identity import session as identity
from models.content import Exercise
from models.user import UserData, UserVideo

bp = Blueprint("pages", __name__)


@bp.app_context_processor
def _template_globals() -> dict:
    return {"csrf_token": identity.csrf_token}


def _student() -> tuple[identity.Identity, UserData]:
    ident = identity.current_identity()
    return ident, users.load_or_new(ident, now())


def render(template: str, status: int = 200, **values):
    """Render a page with the header's student (points, badge counts, sign-in state) and pending notifications."""
    ident, ud = values.pop("student", None) or _student()
    html = render_template(template, ident=ident, ud=ud, badge_counts=ud.badge_counts_json(),
                           notifications=notifications.pending(ud), categories=presentation.categories_json(),
                           **values)
    return html, status


def not_found(what: str):
    return render("pages/not_found.html", 404, what=what)


@bp.get("/")
def home():
    catalogue = services().catalogue
    subjects: dict[str, list[Exercise]] = {}
    for entity in catalogue.exercises():  # subjects in the order of their first exercise
        subjects.setdefault(entity.subject or "Other", []).append(entity)
    return render("pages/home.html", subjects=subjects.items(), playlists=playlists_json(catalogue))


@bp.get("/exercise/<name>")
def exercise(name: str):
    entity = services().catalogue.exercise(name)
    if entity is None:
        return not_found(f"the exercise “{name}”")
    return render("pages/exercise.html", exercise=entity)


@bp.get("/video/<youtube_id>")
def video(youtube_id: str):
    entity = services().catalogue.video(youtube_id)
    if entity is None:
        return not_found(f"the video “{youtube_id}”")
    ident, ud = _student()
    progress = ndb.Key(UserVideo, youtube_id, parent=ud.key).get()
    production = config().production
    if production:  # the YouTube player on App Engine; the offline player elsewhere
        security_headers.allow(security_headers.YOUTUBE_PLAYER)
    return render("pages/video.html", student=(ident, ud), video=entity, user_video=progress, production=production)


@bp.get("/profile")
def profile():
    ident, ud = _student()
    names = {e.key.id(): e.display_name for e in services().catalogue.exercises()}
    proficient = [names.get(n, n) for n in ud.proficient_exercises]
    return render("pages/profile.html", student=(ident, ud), proficient=proficient,
                  watched=hms(ud.total_seconds_watched or 0), owned=listing.user_badges(ud),
                  progress=listing.progress(ud, now(), limit=5))


@bp.get("/badges")
def badges():
    ident, ud = _student()
    catalog = listing.catalog_for(ud, cache())
    return render("pages/badges.html", student=(ident, ud), catalog=catalog)


@bp.get("/badges/<name>")
def badge(name: str):
    ident, ud = _student()
    detail = listing.badge_detail(name, ud, cache())
    if detail is None:
        return not_found(f"the badge “{name}”")
    return render("pages/badge.html", student=(ident, ud), badge=detail, held_contexts=listing.held_contexts(ud, name))


@bp.app_template_filter("day")
def day(value) -> str:
    """An ISO timestamp ("2012-03-05T10:00:00Z") or datetime as "Mar 5, 2012"."""
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value.rstrip("Z"))
        except ValueError:
            return value
    return f"{value:%b} {value.day}, {value.year}" if value else ""


def hms(seconds: float) -> str:
    """Seconds as h:mm:ss (the profile's "time watched")."""
    total = int(seconds)
    return f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"
