"""Security headers on every response the app makes: a page, the API, static files, errors and 404s; HSTS and the
third-party sources (YouTube, Google sign-in) only on App Engine and only on the page that uses them."""
from __future__ import annotations

import pytest

from content.videos import VIDEOS
from tests.support import seeded_app

VIDEO = f"/video/{VIDEOS[0].youtube_id}"
FIXED = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
         "Referrer-Policy": "strict-origin-when-cross-origin"}


def assert_secured(response, production: bool = False) -> str:
    """Every header in place; returns the CSP for more checks."""
    for name, value in FIXED.items():
        assert response.headers.get(name) == value, (name, response.status_code, response.request.path)
    csp = response.headers.get("Content-Security-Policy", "")
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp, csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert ("Strict-Transport-Security" in response.headers) == production, response.request.path
    return csp


@pytest.fixture
def production_client(config):
    """A client of the app as on App Engine: its configuration says production, with Google sign-in."""
    return seeded_app(config.with_(env="production", dev_login=False,
                                   google_client_id="meteorite-test.apps.googleusercontent.com")).test_client()


def test_pages_carry_every_header_and_no_third_party_source(client):
    for path in ("/", "/badges", "/profile", VIDEO, "/login", "/exercise/addition_1"):
        response = client.get(path)
        assert response.status_code == 200, path
        csp = assert_secured(response)
        assert "youtube" not in csp and "google" not in csp, (path, csp)


def test_api_answers_carry_every_header(student):
    assert_secured(student.get("/api/v1/user"))
    assert_secured(student.post("/api/v1/user/exercises/addition_1/problems/1/hint"))
    served = student.get("/api/v1/user/exercises/addition_1/problems/1")
    assert served.status_code == 200 and served.headers["X-KA-API-Response"] == "true"
    assert_secured(served)


def test_error_answers_carry_every_header(client, student):
    refused = client.post("/api/v1/user/exercises/addition_1/problems/1/attempt", json={"answer": "1"})
    assert refused.status_code == 403  # no CSRF token
    assert_secured(refused)
    bad = student.post("/api/v1/user/videos/nosuchvideo/log", {"seconds_watched": "lots"})
    assert 400 <= bad.status_code < 500
    assert_secured(bad)
    wrong_method = client.get("/logout")
    assert wrong_method.status_code == 405
    assert_secured(wrong_method)


def test_not_found_answers_carry_every_header(client):
    for path in ("/no/such/page", "/api/v1/no/such/thing", "/video/nosuchvideo", "/static/no-such-file.js"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert_secured(response)


def test_static_files_carry_every_header(client):
    response = client.get("/static/js/api.js")
    assert response.status_code == 200 and "javascript" in response.content_type
    assert_secured(response)
    response.close()


def test_on_app_engine_hsts_everywhere_and_youtube_only_on_the_video_page(production_client):
    video = production_client.get(VIDEO)
    csp = assert_secured(video, production=True)
    assert "frame-src https://www.youtube.com;" in csp and "script-src 'self' https://www.youtube.com" in csp
    assert 'data-player="youtube"' in video.get_data(as_text=True)
    assert video.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    for path in ("/", "/api/v1/user", "/no/such/page"):
        csp = assert_secured(production_client.get(path), production=True)
        assert "youtube" not in csp and "frame-src 'none'" in csp, (path, csp)


def test_on_app_engine_the_sign_in_page_alone_may_load_google_sign_in(production_client):
    csp = assert_secured(production_client.get("/login"), production=True)
    assert "script-src 'self' https://accounts.google.com/gsi/client;" in csp
    assert "frame-src https://accounts.google.com/gsi/;" in csp
    for path in ("/", VIDEO, "/api/v1/user"):
        assert "accounts.google.com" not in assert_secured(production_client.get(path), production=True), path
