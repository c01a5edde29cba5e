"""Sign in with Google: an ID token signed by an RSA key made here, verified by google-auth's verify_oauth2_token
against the certificates the app is configured with (in production, Google's published ones)."""
from __future__ import annotations

import time

import pytest

from main import create_app
from models.user import Account, UserData
from tests.google_tokens import CERTS, CLIENT_ID, keypair
from tests.google_tokens import token as _token
from tests.support import Student, in_namespace

STRANGER, _ = keypair("k1")  # the same key id, another key: a forged signature


@pytest.fixture
def google_app(config):
    from content.seed import seed

    app = create_app(config.with_(dev_login=False, google_client_id=CLIENT_ID, google_certs=CERTS,
                                  admin_emails=("grace@example.com",)))
    with app.extensions["meteorite.ndb"].context(namespace=config.namespace, cache_policy=False):
        seed()
    return app


def _post(student: Student, credential, next_path="/badges"):
    return student.post("/login/google", {"credential": credential, "next": next_path})


def _accounts(app) -> list:
    with in_namespace(app):
        return Account.query().fetch()


def test_login_page_offers_google_sign_in_and_no_development_form(google_app):
    html = google_app.test_client().get("/login?next=/badges").get_data(as_text=True)
    assert 'id="google-signin"' in html and f'data-client-id="{CLIENT_ID}"' in html
    assert 'data-gsi-client="https://accounts.google.com/gsi/client"' in html and 'data-next="/badges"' in html
    assert 'name="email"' not in html
    assert google_app.test_client().post("/login", data={"email": "x@example.com"}).status_code == 404


def test_verified_token_signs_the_phantom_in_and_keeps_its_progress(google_app):
    student = Student(google_app)
    student.solve("addition_1")
    phantom_id = student.user_id
    response = _post(student, _token())
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"signed_in": True, "next": "/badges"}
    me = student.client.get("/api/v1/user").get_json()
    assert me["is_phantom"] is False and me["email"] == "grace@example.com" and me["is_admin"] is True
    assert me["user_id"] == phantom_id and me["points"] == 75
    assert "grace" not in me["nickname"].lower()
    [account] = _accounts(google_app)
    assert account.key.id() == "google:1098765" and account.user_id == phantom_id


def test_a_new_visitor_gets_a_fresh_google_account_and_the_same_one_next_time(google_app):
    first = Student(google_app)
    assert _post(first, _token()).status_code == 200
    assert first.client.get("/api/v1/user").get_json()["user_id"] == "google-1098765"
    again = Student(google_app)
    assert _post(again, _token(email="grace.new@example.com")).status_code == 200
    me = again.client.get("/api/v1/user").get_json()
    assert me["user_id"] == "google-1098765" and me["email"] == "grace.new@example.com"
    assert me["is_admin"] is False  # admins are the emails listed in ADMIN_EMAILS


@pytest.mark.parametrize("label,credential", [
    ("wrong audience", lambda: _token(aud="999-other.apps.googleusercontent.com")),
    ("expired", lambda: _token(iat=int(time.time()) - 7200, exp=int(time.time()) - 3600)),
    ("wrong issuer", lambda: _token(iss="https://evil.example.com")),
    ("no issuer", lambda: _token(iss=None)),
    ("unverified email", lambda: _token(email_verified=False)),
    ("no email", lambda: _token(email=None)),
    ("bad signature", lambda: _token(STRANGER)),
    ("unknown key", lambda: _token(keypair("k2")[0])),
    ("malformed", lambda: "not.a.jwt"),
    ("garbage segments", lambda: "W10.W10.W10"),
    ("empty", lambda: ""),
    ("not a string", lambda: {"token": 1}),
    ("huge", lambda: "a" * 10_000),
])
def test_a_bad_token_is_refused_and_changes_nothing(google_app, label, credential):
    student = Student(google_app)
    student.solve("addition_1")
    before = student.client.get("/api/v1/user").get_json()
    response = _post(student, credential())
    assert 400 <= response.status_code < 500, (label, response.status_code)
    assert response.is_json and response.get_json()["error"], label
    assert student.client.get("/api/v1/user").get_json() == before, label
    assert _accounts(google_app) == [], label


@pytest.mark.parametrize("next_path", ["//evil.example/", "/\t/evil.example/", "/\n/x", "https://evil.example/",
                                       "/\\evil.example", 7])
def test_a_bad_next_is_refused_before_anyone_is_signed_in(google_app, next_path):
    student = Student(google_app)
    response = _post(student, _token(), next_path)
    assert response.status_code == 400 and "next" in response.get_json()["error"]
    assert student.client.get("/api/v1/user").get_json()["is_phantom"] is True
    assert _accounts(google_app) == []


def test_without_a_csrf_token_nothing_happens(google_app):
    client = google_app.test_client()
    client.get("/api/v1/user")
    response = client.post("/login/google", json={"credential": _token()})
    assert response.status_code == 403 and client.get("/api/v1/user").get_json()["is_phantom"] is True


def test_google_sign_in_is_off_without_a_client_id(app):
    student = Student(app)
    assert _post(student, _token()).status_code == 404


def test_stored_user_has_the_verified_email_for_admin_lookups(google_app):
    student = Student(google_app)
    student.solve("addition_1")
    _post(student, _token())
    with in_namespace(google_app):
        user = UserData.get_by_id(student.user_id)
    assert user.email == "grace@example.com" and user.is_phantom is False
