"""The student pages over HTTP (Flask test client): every page renders with its key text, unknown things get the
404 page, badges show with their teasers, holders and progress, and nothing is fetched from another host (the site
works offline)."""
from __future__ import annotations

import datetime
import json
import pathlib
import re

from google.cloud import ndb

from content.videos import VIDEOS
from identity.names import neutral_name
from tests.support import in_namespace

ROOT = pathlib.Path(__file__).resolve().parents[2]
VIDEO = VIDEOS[0]
EXTERNAL = re.compile(r"""(?:https?:)?//(?!127\.0\.0\.1|localhost)[A-Za-z0-9.-]+\.[A-Za-z]{2,}""")
YOUTUBE_API = "https://www.youtube.com/iframe_api"
SVG_NAMESPACES = ("http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink")


def text(response) -> str:
    return response.get_data(as_text=True)


def pending_badges(html: str) -> list[dict]:
    found = re.search(r'<script type="application/json" id="pending-badges">(.*?)</script>', html, re.S)
    assert found, "the page must embed its pending notifications"
    return json.loads(found.group(1))


def test_home_lists_exercises_by_subject_and_playlists(client):
    response = client.get("/")
    html = text(response)
    assert response.status_code == 200
    assert "Meteorite" in html and "Arithmetic" in html
    assert 'href="/exercise/addition_1"' in html and "Addition 1" in html
    assert f'href="/video/{VIDEO.youtube_id}"' in html and VIDEO.title in html
    assert re.search(r'<meta name="csrf-token" content="[^"]+">', html)
    assert 'href="/login' in html and "Sign out" not in html
    assert html.count("data-badge-count=") == 6 and 'id="user-points">0<' in html


def test_exercise_page_carries_its_exercise(client):
    html = text(client.get("/exercise/addition_1"))
    assert 'data-exercise="addition_1"' in html and 'data-required-streak="10"' in html
    assert 'id="answer"' in html and "/static/js/exercise.js" in html


def test_unknown_things_get_the_not_found_page(client):
    for path in ("/exercise/no_such_exercise", "/video/nosuchvideo", "/badges/nosuchbadge"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Not found" in text(response) and "Meteorite" in text(response)


def test_video_page_plays_locally_off_app_engine(client):
    html = text(client.get(f"/video/{VIDEO.youtube_id}"))
    assert VIDEO.title in html and f'data-duration="{VIDEO.duration}"' in html
    assert 'data-player="local"' in html and "youtube.com" not in html


def test_video_page_uses_the_youtube_player_in_production(app, config):
    from main import create_app

    production = create_app(config.with_(env="production"))  # same namespace: the content is already seeded
    html = text(production.test_client().get(f"/video/{VIDEO.youtube_id}"))
    assert 'data-player="youtube"' in html and YOUTUBE_API in html


def test_profile_shows_points_time_badges_and_progress(student):
    student.now = datetime.datetime(2012, 3, 5, 10, 0)
    for _ in range(5):  # five fast right answers: "Picking Up Steam" in Addition 1
        student.solve("addition_1")
    student.now += datetime.timedelta(minutes=2)
    assert student.watch(VIDEO.youtube_id, 0).status_code == 200  # the watch begins
    student.now += datetime.timedelta(seconds=65)
    assert student.watch(VIDEO.youtube_id, 65).status_code == 200
    html = text(student.get("/profile"))
    assert "0:01:05" in html  # time watched, h:mm:ss
    assert "Picking Up Steam" in html and "Addition 1" in html
    points = student.get("/api/v1/user").get_json()["points"]
    assert f"{points:,}" in html and points > 0
    assert "Almost there" in html and 'class="progress"' in html


def test_badges_page_groups_by_category_with_teasers_and_holders(client):
    html = text(client.get("/badges"))
    for label in ("Meteorite", "Moon", "Earth", "Sun", "Black Hole", "Challenge Patch"):
        assert f"{label} badges" in html
    assert "Just Getting Started" in html and "Achieve proficiency in 3 exercises" in html
    assert "Atlas" in html and "???" in html and "Achieve proficiency in 500" not in html
    assert "0 students" in html


def test_hidden_custom_badge_is_absent_until_owned(client, app):
    from models.badges import CustomBadge

    with in_namespace(app):
        CustomBadge(id="secretbadge", shown="Secret Handshake", description="Met the team", category=1).put()
    assert "Secret Handshake" not in text(client.get("/badges"))
    assert client.get("/badges/secretbadge").status_code == 404


def test_badge_page_says_how_to_earn_it_and_who_holds_it(student):
    student.now = datetime.datetime(2012, 3, 5, 10, 0)
    for _ in range(5):
        student.solve("addition_1")
    html = text(student.get("/badges/nicetimedproblembadge"))
    assert "Picking Up Steam" in html and "How to earn it" in html and "Quickly and correctly answer 5" in html
    assert '<b id="holders">1</b>' in html and "Mar 5, 2012" in html


def test_pending_notifications_wait_on_every_page_until_acknowledged(student, app):
    from badges import awards
    from badges.catalog import BY_NAME

    now = datetime.datetime(2012, 3, 5, 10, 0)
    student.solve("addition_1")  # the student now exists

    def sweep_award():
        user = ndb.Key("UserData", student.user_id).get()
        made = awards.award(user, BY_NAME["nicestreakbadge"], "Addition 1", now, source="sweep", backfilled=True)
        ndb.put_multi([user, *made[1]])

    with in_namespace(app):
        ndb.transaction(sweep_award)
    shown = pending_badges(text(student.get("/profile")))
    assert [(b["name"], b["target_context_name"], b["backfilled"]) for b in shown] == [
        ("nicestreakbadge", "Addition 1", True)]
    assert pending_badges(text(student.get("/"))) == shown  # a page GET changes nothing
    ack = student.post("/api/v1/user/notifications/ack", {"keys": [shown[0]["key"]]})  # as the slide-down does
    assert ack.get_json() == {"acknowledged": 1}
    assert pending_badges(text(student.get("/"))) == []


def test_signed_in_header_offers_sign_out_with_csrf(student):
    student.sign_in("ada@example.com")
    html = text(student.get("/"))
    assert neutral_name(student.user_id) in html and 'action="/logout"' in html and 'name="csrf_token"' in html
    assert 'href="/login' not in html and "ada@" not in html


def test_login_form_has_the_dev_sign_in_fields(client):
    html = text(client.get("/login?next=/badges"))
    for field in ('name="email"', 'name="admin"', 'name="csrf_token"', 'name="next" value="/badges"'):
        assert field in html


def test_no_page_or_asset_reaches_another_host():
    for path in [*ROOT.joinpath("templates").rglob("*.html"), *ROOT.joinpath("static").rglob("*.*")]:
        if path.suffix not in (".html", ".css", ".js", ".svg"):
            continue
        source = path.read_text()
        for ns in SVG_NAMESPACES:
            source = source.replace(ns, "")
        if path.name == "video.html":
            assert source.count(YOUTUBE_API) == 1 and "{% if production %}" in source
            source = source.replace(YOUTUBE_API, "")
        assert not EXTERNAL.search(source), f"{path.relative_to(ROOT)}: {EXTERNAL.search(source).group(0)}"
