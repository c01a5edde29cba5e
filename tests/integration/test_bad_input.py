"""Inputs that once answered 500 now answer a clear 4xx and change nothing: deeply nested JSON, path values
longer than the Datastore accepts as a key, JSON that is not RFC 8259 (Infinity, overflowing numbers) or not
Unicode (lone surrogates), JSON that is not an object, emails longer than an indexed value may be, and problem 0."""
from __future__ import annotations

import pytest

from handlers.request_parsing import MAX_PATH_VALUE_BYTES
from models.badges import CustomBadge
from tests.support import Student, in_namespace

NESTED = "[" * 1000  # 1 KB of nesting: the parser's recursion limit used to escape get_json(silent=True)
LONG = "a" * 1600  # the Datastore refuses key names over 1,500 bytes
JSON_ROUTES = ["/api/v1/user/exercises/addition_1/problems/1/attempt",
               "/api/v1/user/exercises/addition_1/problems/1/hint",
               "/api/v1/user/videos/{video}/log",
               "/api/v1/user/notifications/ack"]
LONG_PATHS = ["/exercise/{long}", "/video/{long}", "/badges/{long}", "/api/v1/user/exercises/{long}",
              "/api/v1/user/exercises/{long}/problems/1"]
LONG_POSTS = ["/api/v1/user/videos/{long}/log", "/api/v1/user/exercises/{long}/problems/1/attempt",
              "/api/v1/user/exercises/{long}/problems/1/hint"]
ADMIN_PATHS = [("GET", "/admin/badgemapreduce/{long}"), ("POST", "/admin/badges/custom/{long}/award")]


def progress(student: Student) -> tuple:
    me = student.get("/api/v1/user").get_json()
    ue = student.get("/api/v1/user/exercises/addition_1").get_json()
    return me["points"], me["total_seconds_watched"], ue["total_done"], ue["streak"], ue["longest_streak"]


@pytest.fixture
def served(student):
    """A student with problem 1 of addition_1 served, so an attempt or hint would change something."""
    student.serve("addition_1")
    return student


@pytest.fixture
def video(student) -> str:
    return student.get("/api/v1/playlists").get_json()[0]["videos"][0]["youtube_id"]


def _is_error(response, status: int) -> None:
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True)[:200])
    assert response.is_json and response.get_json()["error"]


@pytest.mark.parametrize("route", JSON_ROUTES)
@pytest.mark.parametrize("body", [NESTED, "{" + '"a":{' * 40 + "}" * 41, '{"answer": Infinity}',
                                  '{"seconds_watched": NaN}', '{"seconds_watched": 1e999}',
                                  '{"seconds_watched": 1' + "0" * 400 + ', "answer": 1' + "0" * 400 + "}",
                                  '{"answer": "\\ud800", "keys": ["\\udfff"], "seconds_watched": 1}'],
                         ids=["1000 brackets", "41 objects deep", "Infinity", "NaN", "overflowing number",
                              "overflowing integer", "lone surrogates"])
def test_json_that_is_not_plain_json_is_a_400(served, video, route, body):
    before = progress(served)
    response = served.client.post(route.format(video=video), data=body, content_type="application/json",
                                  headers=served.headers())
    _is_error(response, 400)
    assert progress(served) == before


def test_nesting_within_the_limit_is_still_read(served):
    token = served.tokens[("addition_1", 1)]
    body = '{"answer": "1", "problem_token": "' + token + '", "extra": ' + "[" * 30 + "]" * 30 + "}"
    response = served.client.post(JSON_ROUTES[0], data=body, content_type="application/json",
                                  headers=served.headers())
    assert response.status_code == 200 and response.get_json()["correct"] in (True, False)


@pytest.mark.parametrize("path", LONG_PATHS)
def test_an_overlong_id_in_a_page_or_api_path_is_a_404(served, path):
    before = progress(served)
    response = served.get(path.format(long=LONG))
    assert response.status_code == 404
    if path.startswith("/api/"):
        _is_error(response, 404)
    assert progress(served) == before


@pytest.mark.parametrize("path", LONG_POSTS)
def test_an_overlong_id_in_an_action_path_is_a_404(served, path):
    before = progress(served)
    _is_error(served.post(path.format(long=LONG), {"answer": "1", "seconds_watched": 5}), 404)
    assert progress(served) == before


def test_the_path_limit_counts_utf8_bytes_not_characters(served):
    emoji = "\N{GRINNING FACE}"  # 4 bytes of UTF-8
    too_long = emoji * (MAX_PATH_VALUE_BYTES // 4 + 1)  # few enough characters, too many bytes
    _is_error(served.post(f"/api/v1/user/videos/{too_long}/log", {"seconds_watched": 5}), 404)
    fits = served.post(f"/api/v1/user/videos/{emoji * (MAX_PATH_VALUE_BYTES // 4)}/log", {"seconds_watched": 5})
    _is_error(fits, 404)
    assert "unknown video" in fits.get_json()["error"]  # reached the handler, which looked the id up


@pytest.fixture
def admin(app) -> Student:
    return Student(app).sign_in("admin@example.com", admin=True)


@pytest.mark.parametrize("method,path", ADMIN_PATHS)
def test_an_overlong_id_in_an_admin_path_is_a_404(admin, method, path):
    response = admin.client.open(path.format(long=LONG), method=method, json={"emails": "a@example.com"},
                                 headers=admin.headers())
    _is_error(response, 404)


def test_an_overlong_id_in_a_task_path_is_a_404(app, student):
    response = student.client.post(f"/admin/tasks/exercise_stats/{LONG}",
                                   headers={**student.headers(), "X-AppEngine-QueueName": "exercise-stats"})
    _is_error(response, 404)


def _custom_badges(app) -> list[str]:
    with in_namespace(app):
        return [k.id() for k in CustomBadge.query().fetch(keys_only=True)]


@pytest.mark.parametrize("body", ['{"name": "big_points", "description": "d", "points": Infinity}',
                                  '{"name": "big_points", "description": "d", "points": 1e999}',
                                  '[{"name": "big_points", "description": "d"}]', '"big_points"',
                                  '{"name": "big_points", "description": "\\ud800", "shown": "\\udfff"}'],
                         ids=["Infinity", "overflowing number", "a list", "a string", "lone surrogates"])
def test_custom_badge_bodies_that_overflow_or_are_not_objects_are_a_400(app, admin, body):
    response = admin.client.post("/admin/badges/custom", data=body, content_type="application/json",
                                 headers=admin.headers())
    _is_error(response, 400)
    assert _custom_badges(app) == []


def test_custom_badge_points_past_the_maximum_are_a_400(app, admin):
    response = admin.post("/admin/badges/custom", {"name": "big_points", "description": "d", "points": 1e300})
    _is_error(response, 400)
    assert _custom_badges(app) == []


def _make_badge(admin) -> None:
    created = admin.post("/admin/badges/custom", {"name": "helper", "description": "Helped", "points": 5})
    assert created.status_code == 201, created.get_json()


def test_an_overlong_email_on_the_award_form_is_refused(app, admin):
    _make_badge(admin)
    email = "b" * 1590 + "@example.com"
    response = admin.client.post("/admin/badges/custom/award",
                                 data={"name": "helper", "emails": email, "csrf_token": admin.csrf})
    assert response.status_code == 303 and "not+an+email" in response.headers["Location"]
    as_json = admin.post("/admin/badges/custom/helper/award", {"emails": [email]})
    _is_error(as_json, 400)
    assert "not an email" in as_json.get_json()["error"]


def test_an_email_at_the_longest_accepted_lengths_is_looked_up(app, admin):
    _make_badge(admin)
    email = "b" * 64 + "@" + "d" * 190 + "." + "c" * 20  # identity.emails.EMAIL's limits
    response = admin.post("/admin/badges/custom/helper/award", {"emails": [email]})
    assert response.status_code == 200 and response.get_json()["results"] == [
        {"email": email, "result": "no_such_user"}]


@pytest.mark.parametrize("action", ["attempt", "hint"])
def test_an_action_on_problem_zero_is_a_409(served, action):
    """Problem numbers start at 1; problem 0 once reached the problem generator, which refused it with a 500."""
    before = progress(served)
    _is_error(served.post(f"/api/v1/user/exercises/addition_1/problems/0/{action}", {"answer": "1"}), 409)
    assert progress(served) == before


def test_an_acknowledged_key_too_long_for_a_key_name_is_a_400(app, admin):
    """500 characters can be 2,000 bytes: with a notification pending, such a key once reached the Datastore."""
    pupil = Student(app).sign_in("pupil@example.com")
    pupil.solve("addition_1")
    _make_badge(admin)
    assert admin.post("/admin/badges/custom/helper/award", {"emails": ["pupil@example.com"]}).status_code == 200
    _is_error(pupil.post("/api/v1/user/notifications/ack", {"keys": ["\N{GRINNING FACE}" * 400]}), 400)
    assert pupil.post("/api/v1/user/notifications/ack", {"keys": ["helper"]}).get_json() == {"acknowledged": 1}
