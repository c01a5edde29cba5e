"""Sign in with Google in Chromium, as on App Engine: the page loads Google Identity Services, which hands our
script an ID token; the script posts it with the CSRF token and follows ``next``. The browser cannot reach Google
here, so the test answers the library's URL with a minimal library that hands over a token signed by the test's
key; everything after that (our script, the server's google-auth verification, the session) is the real thing."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from identity.google import GSI_CLIENT
from tests.google_tokens import CERTS, CLIENT_ID, token

LIBRARY = """
window.google = {accounts: {id: {
  initialize(config) { window.gsiConfig = config; },
  renderButton(element) {
    const button = document.createElement("button");
    button.id = "gsi-button";
    button.textContent = "Sign in with Google";
    button.addEventListener("click", () => window.gsiConfig.callback({credential: %s}));
    element.append(button);
  },
}}};
"""


@pytest.fixture
def app(config, ndb_client, namespace):
    """The site as on App Engine: no development form, Google sign-in with the test's keys."""
    from content.seed import seed
    from main import create_app

    application = create_app(config.with_(dev_login=False, google_client_id=CLIENT_ID, google_certs=CERTS))
    with application.extensions["meteorite.ndb"].context(namespace=namespace, cache_policy=False):
        seed()
    return application


def _serve_library(page, credential: str) -> list[str]:
    requested: list[str] = []

    def fulfil(route):
        requested.append(route.request.url)
        route.fulfill(status=200, content_type="text/javascript", body=LIBRARY % f'"{credential}"')

    page.route(GSI_CLIENT, fulfil)
    return requested


def test_google_sign_in_signs_the_student_in_and_follows_next(page):
    requested = _serve_library(page, token())
    page.goto("/login?next=/badges")
    page.click("#gsi-button")
    page.wait_for_url(lambda url: urlsplit(url).path == "/badges")
    assert requested == [GSI_CLIENT]
    assert page.locator("form[action='/logout']").count() == 1
    me = page.evaluate("fetch('/api/v1/user').then(r => r.json())")
    assert me["is_phantom"] is False and me["email"] == "grace@example.com"


def test_a_refused_token_is_reported_on_the_page(page):
    _serve_library(page, token(aud="someone-else.apps.googleusercontent.com"))
    page.goto("/login")
    page.click("#gsi-button")
    error = page.locator("#signin-error")
    error.wait_for(state="visible")
    assert "not valid" in error.inner_text()
    assert page.evaluate("fetch('/api/v1/user').then(r => r.json())")["is_phantom"] is True
