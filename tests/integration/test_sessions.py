"""Sessions end for good: a phantom's cookie once it has signed in, a signed-in cookie once it has signed out.
Where sign-in may send the student next. What checking a session costs."""
from __future__ import annotations

import pytest

from identity.generations import Generations
from models.user import UserData
from tests.support import RpcSpy, Student, in_namespace


def _copy_of(student: Student) -> Student:
    """Another browser holding a copy of ``student``'s cookie as it is now (what an attacker could have kept)."""
    return student.second_tab()


def _points(app, user_id: str) -> int:
    with in_namespace(app):
        return UserData.get_by_id(user_id).points


def test_the_phantom_cookie_never_acts_on_the_account_it_signed_in_to(app):
    student = Student(app)
    student.solve("addition_1")
    phantom_id = student.user_id
    number, _ = student.serve("addition_1")
    old = _copy_of(student)
    student.sign_in("grace@example.com")
    assert student.user_id == phantom_id and _points(app, phantom_id) == 75  # progress kept by the account
    # A state change with the old cookie is refused and changes nothing ...
    response = old.attempt("addition_1", number, old.answer_for("addition_1", number))
    assert response.status_code == 403 and "session has ended" in response.get_json()["error"]
    assert _points(app, phantom_id) == 75
    # ... and afterwards that browser is just a fresh phantom, with none of the account's data.
    me = old.client.get("/api/v1/user").get_json()
    assert me["is_phantom"] is True and me["user_id"] != phantom_id and me["points"] == 0
    assert old.client.get("/api/v1/user/exercises/addition_1").get_json()["total_done"] == 0


def test_reading_with_the_old_phantom_cookie_shows_a_fresh_phantom(app):
    student = Student(app)
    student.solve("addition_1")
    old = _copy_of(student)
    student.sign_in("grace@example.com")
    assert old.client.get("/api/v1/user/exercises/addition_1").get_json()["total_done"] == 0
    assert "75" not in old.client.get("/profile").get_data(as_text=True).split("profile-points")[1][:20]


def test_a_phantom_signing_in_to_an_existing_account_is_retired_too(app):
    Student(app).sign_in("ada@example.com").solve("subtraction_1")
    stranger = Student(app)
    stranger.solve("addition_1")
    number, _ = stranger.serve("addition_1")
    old = _copy_of(stranger)
    stranger.sign_in("ada@example.com")
    assert old.attempt("addition_1", number, old.answer_for("addition_1", number)).status_code == 403
    assert _points(app, old.user_id) == 75
    assert old.client.get("/api/v1/user").get_json()["points"] == 0


def test_sign_out_makes_every_copy_of_the_cookie_worthless(app):
    student = Student(app).sign_in("grace@example.com")
    student.solve("addition_1")
    account_id = student.user_id
    number, _ = student.serve("addition_1")
    old = _copy_of(student)
    assert student.client.post("/logout", data={"csrf_token": student.csrf}).status_code == 302
    assert student.client.get("/api/v1/user").get_json()["is_phantom"] is True
    response = old.attempt("addition_1", number, old.answer_for("addition_1", number))
    assert response.status_code == 403
    me = old.client.get("/api/v1/user").get_json()
    assert me["is_phantom"] is True and me["user_id"] != account_id
    assert _points(app, account_id) == 75
    again = Student(app).sign_in("grace@example.com")  # signing in again works, with the same data
    assert again.user_id == account_id and again.get("/api/v1/user").get_json()["points"] == 75


def test_signing_in_elsewhere_does_not_end_other_sessions(app):
    laptop = Student(app).sign_in("grace@example.com")
    phone = Student(app).sign_in("grace@example.com")
    assert phone.user_id == laptop.user_id
    assert laptop.solve("addition_1")["completed"]


def test_a_stale_cached_generation_still_cannot_write(app):
    """The action's own transaction compares the generation with the UserData it reads."""
    student = Student(app).sign_in("grace@example.com")
    student.solve("addition_1")
    number, _ = student.serve("addition_1")
    old = _copy_of(student)
    student.client.post("/logout", data={"csrf_token": student.csrf})
    Generations(app.extensions["meteorite.cache"]).publish(old.user_id, 0)  # a lost update of the cached copy
    response = old.attempt("addition_1", number, old.answer_for("addition_1", number))
    assert response.status_code == 403 and _points(app, old.user_id) == 75


def test_logout_needs_the_csrf_token(app):
    student = Student(app).sign_in("grace@example.com")
    assert student.client.post("/logout").status_code == 403
    assert student.get("/api/v1/user").get_json()["is_phantom"] is False


@pytest.mark.parametrize("next_path", ["/\t/evil.example/", "//evil.example/", "/\n/x", "/\\evil.example",
                                       "https://evil.example/", " /x"])
def test_a_bad_next_is_refused_before_signing_in(app, next_path):
    student = Student(app)
    student.client.get("/login")
    response = student.client.post("/login", data={"email": "ada@example.com", "csrf_token": student.csrf,
                                                   "next": next_path})
    assert response.status_code == 400 and response.is_json and "next" in response.get_json()["error"]
    assert student.client.get("/api/v1/user").get_json()["is_phantom"] is True


def test_the_login_form_never_carries_an_off_site_next(client):
    html = client.get("/login?next=%2F%09%2Fevil.example%2F").get_data(as_text=True)
    assert 'name="next" value="/"' in html


def test_a_good_next_is_where_sign_in_goes(app):
    student = Student(app)
    response = student.client.post("/login", data={"email": "ada@example.com", "csrf_token": student.csrf,
                                                   "next": "/badges?x=1"})
    assert response.status_code == 302 and response.headers["Location"] == "/badges?x=1"


def test_checking_a_session_costs_one_memcached_get_and_a_datastore_lookup_only_when_not_cached(app, monkeypatch):
    student = Student(app).sign_in("grace@example.com")
    cache = app.extensions["meteorite.cache"]
    spy = RpcSpy(monkeypatch)
    path = "/api/v1/user/exercises/addition_1"  # reads the UserExercise (the Exercise: the app's catalogue cache)
    student.get(path)  # warms the cached generation
    spy.reset()
    before = dict(cache.calls)
    student.get(path)
    assert spy.snapshot() == {"lookup": 1}
    assert {k: n - before.get(k, 0) for k, n in cache.calls.items() if n != before.get(k, 0)} == {"get": 1}
    cache.delete(Generations.key(student.user_id))
    spy.reset()
    before = dict(cache.calls)
    student.get(path)
    assert spy.snapshot() == {"lookup": 2}  # a cold copy: one lookup of UserData, then kept again
    assert {k: n - before.get(k, 0) for k, n in cache.calls.items() if n != before.get(k, 0)} == {"get": 1, "add": 1}
