"""The admin area: who gets in, the badges page, state changes only by POST with CSRF (or by cron), and admin-made
custom badges (hidden until owned, awarded by email, told by a pending notification)."""
from __future__ import annotations

from google.cloud import ndb

from models.sweep import SweepRun
from models.user import UserData
from tests.support import Student, in_namespace

CRON = {"X-Appengine-Cron": "true"}


def _admin(app):
    return Student(app).sign_in("admin@example.com", admin=True)


def test_non_admins_get_403_json_everywhere_in_admin(app, student):
    for path in ("/admin/badges", "/admin/badges/custom", "/admin/badgemapreduce"):
        response = student.get(path)  # a phantom
        assert response.status_code == 403 and "error" in response.get_json()
    student.sign_in("pupil@example.com")
    assert student.get("/admin/badges").status_code == 403
    assert student.post("/admin/badges/custom", {"name": "x", "description": "y"}).status_code == 403
    assert student.post("/admin/startnewbadgemapreduce", {}).status_code == 403
    with in_namespace(app):
        assert SweepRun.query().count() == 0


def test_the_admin_page_lists_runs_and_starts_one_by_post_with_csrf(app, task_queues):
    admin = _admin(app)
    page = admin.get("/admin/badges")
    assert page.status_code == 200 and b"Start a sweep now" in page.data and b"Custom badges" in page.data
    assert b'<form method="post" action="/admin/startnewbadgemapreduce">' in page.data
    assert admin.client.post("/admin/startnewbadgemapreduce", data={}).status_code == 403  # no CSRF token
    started = admin.client.post("/admin/startnewbadgemapreduce", data={"csrf_token": admin.csrf})
    assert started.status_code == 303 and "Started" in started.headers["Location"]
    runs = admin.get("/admin/badgemapreduce").get_json()
    assert len(runs) == 1 and runs[0]["triggered_by"] == "admin:admin@example.com"
    assert runs[0]["run_id"].encode() in admin.get("/admin/badges").data
    assert len(task_queues.tasks("badge-sweep")) == 1  # page 0, waiting in the test's paused queue
    again = admin.post("/admin/startnewbadgemapreduce")  # JSON with the token in the header
    assert again.status_code == 202 and again.get_json()["run_id"] != runs[0]["run_id"]


def test_an_admin_get_starts_nothing_only_cron_may(app, task_queues):
    admin = _admin(app)
    for path in ("/admin/startnewbadgemapreduce", "/admin/cron/exercise_stats"):
        refused = admin.get(path)
        assert refused.status_code == 403 and "cron" in refused.get_json()["error"], path
    assert admin.get("/admin/badgemapreduce").get_json() == []
    assert task_queues.tasks("badge-sweep") == [] and task_queues.tasks("default") == []
    started = app.test_client().get("/admin/startnewbadgemapreduce", headers=CRON)
    assert started.status_code == 200 and started.get_data(as_text=True).startswith("OK: ")
    (run,) = admin.get("/admin/badgemapreduce").get_json()
    assert run["triggered_by"] == "cron" and len(task_queues.tasks("badge-sweep")) == 1


def test_custom_badge_is_hidden_until_awarded_then_notified(app):
    admin = _admin(app)
    pupil = Student(app).sign_in("pupil@example.com")
    with in_namespace(app):
        UserData(id=pupil.user_id, email="pupil@example.com", nickname="pupil", badge_counts=[0] * 6).put()
    body = {"name": "helpful_peer", "shown": "Helpful Peer", "description": "Helped classmates in the forum",
            "category": 2, "points": 250}
    created = admin.post("/admin/badges/custom", body)
    assert created.status_code == 201, created.get_json()
    assert admin.post("/admin/badges/custom", body).status_code == 409
    assert admin.post("/admin/badges/custom", {**body, "name": "nicestreakbadge"}).status_code == 409
    assert admin.post("/admin/badges/custom", {**body, "name": "x y", "icon": "javascript:1"}).status_code == 400
    assert "helpful_peer" not in {b["name"] for b in pupil.get("/api/v1/badges").get_json()}

    award = admin.post("/admin/badges/custom/helpful_peer/award",
                       {"emails": ["Pupil@example.com", "nobody@example.com"]})
    assert award.get_json()["results"] == [{"email": "pupil@example.com", "result": "awarded"},
                                           {"email": "nobody@example.com", "result": "no_such_user"}]
    again = admin.post("/admin/badges/custom/helpful_peer/award", {"emails": "pupil@example.com"})
    assert again.get_json()["results"][0]["result"] == "already_owned"

    notes = pupil.get("/api/v1/user/notifications").get_json()
    assert [(n["name"], n["points"], n["backfilled"]) for n in notes] == [("helpful_peer", 250, False)]
    assert pupil.get("/api/v1/user/notifications").get_json() == notes  # reading changes nothing
    assert pupil.post("/api/v1/user/notifications/ack", {"keys": [notes[0]["key"]]}).get_json() == {
        "acknowledged": 1}
    assert pupil.get("/api/v1/user/notifications").get_json() == []
    listed = {b["name"]: b for b in pupil.get("/api/v1/badges").get_json()}
    assert listed["helpful_peer"]["is_owned"] and listed["helpful_peer"]["badge_category"] == 2
    assert "helpful_peer" not in {b["name"] for b in admin.get("/api/v1/badges").get_json()}
    with in_namespace(app):
        assert ndb.Key(UserData, pupil.user_id).get().points == 250
    assert b"Helpful Peer" in admin.get("/admin/badges").data


def test_custom_badge_forms_redirect_back_with_a_message(app):
    admin = _admin(app)
    form = {"csrf_token": admin.csrf, "name": "form_badge", "description": "Made by a form", "category": "1",
            "points": "5"}
    created = admin.client.post("/admin/badges/custom", data=form)
    assert created.status_code == 303 and "Created" in created.headers["Location"]
    awarded = admin.client.post("/admin/badges/custom/award", data={"csrf_token": admin.csrf, "name": "form_badge",
                                                                    "emails": "a@example.com, b@example.com"})
    assert awarded.status_code == 303 and "no_such_user" in awarded.headers["Location"]


def test_admin_values_that_cannot_be_stored_are_refused_with_400_or_404(app):
    admin = _admin(app)
    headers = {"X-CSRF-Token": admin.csrf, "Content-Type": "application/json"}
    infinite = admin.client.post("/admin/badges/custom", headers=headers,
                                 data='{"name": "big_badge", "description": "d", "points": Infinity}')
    assert infinite.status_code == 400 and "JSON" in infinite.get_json()["error"]  # Infinity is not JSON
    listed = admin.client.post("/admin/badges/custom", headers=headers, data='[{"name": "big_badge"}]')
    assert listed.status_code == 400
    admin.post("/admin/badges/custom", {"name": "tiny_badge", "description": "d"})
    long_email = admin.post("/admin/badges/custom/tiny_badge/award", {"emails": "a" * 1600 + "@example.com"})
    assert long_email.status_code == 400 and "not an email" in long_email.get_json()["error"]
    assert admin.get("/admin/badgemapreduce/" + "a" * 1600).status_code == 404
    assert admin.get("/admin/badges/custom").get_json()[0]["name"] == "tiny_badge"
