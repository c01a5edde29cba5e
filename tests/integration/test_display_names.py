"""Public pages never show an email or its local part: a display name the student chose, or "Student 1234"."""
from __future__ import annotations

import datetime

import pytest
from google.cloud import ndb

from identity.names import neutral_name
from models.badges import UserBadge
from models.user import UserData
from tests.support import Student, in_namespace

BADGE_PAGE = "/badges/nicetimedproblembadge"


def _earn_a_badge(student: Student) -> None:
    student.now = datetime.datetime(2012, 3, 5, 10, 0)
    for _ in range(5):
        student.solve("addition_1")


def _set_name(student: Student, name: str):
    return student.client.post("/profile/display-name", data={"display_name": name, "csrf_token": student.csrf})


def _page(client, path: str) -> str:
    return client.get(path).get_data(as_text=True)


def test_badge_page_shows_a_neutral_name_never_the_email(app):
    student = Student(app).sign_in("grace.hopper@example.com")
    _earn_a_badge(student)
    html = _page(app.test_client(), BADGE_PAGE)  # anyone
    assert neutral_name(student.user_id) in html
    assert "grace" not in html.lower() and "hopper" not in html.lower()


def test_a_chosen_name_is_shown_escaped_everywhere(app):
    student = Student(app).sign_in("grace.hopper@example.com")
    _earn_a_badge(student)
    response = _set_name(student, "  Amazing   O'Grace ")
    assert response.status_code == 303 and response.headers["Location"].endswith("/profile#display-name")
    assert "Amazing O&#39;Grace" in _page(app.test_client(), BADGE_PAGE)
    assert "Amazing O&#39;Grace" in _page(student.client, "/profile")
    assert student.get("/api/v1/user").get_json()["nickname"] == "Amazing O'Grace"
    assert _set_name(student, "").status_code == 303  # empty: back to the neutral name
    assert student.get("/api/v1/user").get_json()["nickname"] == neutral_name(student.user_id)


def test_a_phantom_can_choose_a_name_too(app):
    student = Student(app)
    assert student.get("/api/v1/user").get_json()["nickname"] == neutral_name(student.user_id)
    assert _set_name(student, "Ada").status_code == 303
    assert student.get("/api/v1/user").get_json()["nickname"] == "Ada"


@pytest.mark.parametrize("name", ["grace@example.com", "<b>x</b>", "x", "y" * 31, "Student 1234", "\u202eevil"])
def test_a_bad_name_is_refused_and_changes_nothing(app, name):
    student = Student(app).sign_in("grace@example.com")
    _set_name(student, "Grace")
    response = _set_name(student, name)
    assert response.status_code == 400 and response.is_json and response.get_json()["error"]
    assert student.get("/api/v1/user").get_json()["nickname"] == "Grace"


def test_setting_a_name_needs_the_csrf_token(app):
    student = Student(app)
    response = student.client.post("/profile/display-name", data={"display_name": "Ada"})
    assert response.status_code == 403
    assert student.get("/api/v1/user").get_json()["nickname"] == neutral_name(student.user_id)


def test_names_stored_by_older_code_are_never_shown(app):
    """Before display names, a signed-in student's nickname (and their awards' copy of it) was the email's local
    part; the pages now ignore both."""
    student = Student(app).sign_in("grace.hopper@example.com")
    _earn_a_badge(student)

    def older_data():
        user = UserData.get_by_id(student.user_id)
        user.nickname = "grace.hopper"
        badges = UserBadge.query(ancestor=user.key).fetch()
        for badge in badges:
            badge.nickname = "grace.hopper"
        ndb.put_multi([user, *badges])

    with in_namespace(app):
        older_data()
    for path in (BADGE_PAGE, "/profile", "/badges", "/"):
        assert "grace" not in _page(student.client, path).lower(), path
    assert student.get("/api/v1/user").get_json()["nickname"] == neutral_name(student.user_id)


def test_profile_page_has_the_name_form(app):
    student = Student(app)
    html = _page(student.client, "/profile")
    assert 'action="/profile/display-name"' in html and 'name="display_name"' in html
    assert 'name="csrf_token"' in html and 'maxlength="30"' in html
