"""Every student endpoint of API.md answers its documented shape; every bad input is a clear 4xx JSON error
that changes nothing."""
from __future__ import annotations

import pytest

from tests.support import Student

USER_FIELDS = {"nickname", "is_phantom", "points", "total_seconds_watched", "badge_counts", "proficient_exercises",
               "csrf_token"}


def state(student: Student) -> tuple:
    me = student.get("/api/v1/user").get_json()
    ue = student.get("/api/v1/user/exercises/addition_1").get_json()
    return me["points"], me["total_seconds_watched"], ue["total_done"], ue["streak"]


def test_user_shape_and_api_header(student):
    response = student.get("/api/v1/user")
    assert response.headers["X-KA-API-Response"] == "true"
    body = response.get_json()
    assert USER_FIELDS <= set(body)
    assert body["is_phantom"] is True and set(body["badge_counts"]) == {"0", "1", "2", "3", "4", "5"}


def test_exercises_and_playlists_shapes(student):
    exercises = student.get("/api/v1/exercises").get_json()
    names = {e["name"] for e in exercises}
    assert {"addition_1", "arithmetic_challenge", "trig_identities_1"} <= names
    assert {"name", "display_name", "prerequisites", "covers", "summative", "seconds_per_fast_problem"} <= set(exercises[0])
    playlists = student.get("/api/v1/playlists").get_json()
    assert len(playlists) >= 4 and sum(len(p["videos"]) for p in playlists) >= 30
    assert {"youtube_id", "title", "duration"} <= set(playlists[0]["videos"][0])


def test_problem_shape_for_level_one_arithmetic(student):
    body = student.get("/api/v1/user/exercises/division_1/problems/1").get_json()
    assert body["answer_type"] == "integer" and body["problem_number"] == 1
    left, op, right = body["question"].split(" ")
    assert op == "/" and int(left) % int(right) == 0


def test_attempt_and_hint_and_video_shapes(student):
    body = student.solve("addition_1")
    assert {"correct", "completed", "user_exercise", "action_results"} <= set(body)
    assert {"badges_earned", "points_earned", "user_info"} <= set(body["action_results"])
    number, _ = student.serve("addition_1")
    hint = student.hint("addition_1", number).get_json()
    assert {"hint", "user_exercise", "action_results"} <= set(hint)
    youtube_id = student.get("/api/v1/playlists").get_json()[0]["videos"][0]["youtube_id"]
    video = student.watch(youtube_id, 0, 0).get_json()
    assert {"youtube_id", "seconds_watched", "last_second_watched", "completed", "points"} <= set(video["user_video"])


def _post_raw(student, path, data, content_type="application/json", headers=None):
    h = student.headers(headers)
    return student.client.post(path, data=data, content_type=content_type, headers=h)


ATTEMPT = "/api/v1/user/exercises/addition_1/problems/1/attempt"
BAD_REQUESTS = [
    ("malformed JSON", lambda s: _post_raw(s, ATTEMPT, "{not json"), 400),
    ("JSON not an object", lambda s: _post_raw(s, ATTEMPT, "[1, 2]"), 400),
    ("missing answer", lambda s: s.post(ATTEMPT, {}), 400),
    ("absurd answer", lambda s: s.post(ATTEMPT, {"answer": "9" * 5000}), 400),
    ("unknown exercise", lambda s: s.post("/api/v1/user/exercises/nope/problems/1/attempt", {"answer": "1"}), 404),
    ("unknown exercise read", lambda s: s.get("/api/v1/user/exercises/nope"), 404),
    ("wrong problem number", lambda s: s.post("/api/v1/user/exercises/addition_1/problems/7/attempt",
                                              {"answer": "1"}), 409),
    ("not a problem number", lambda s: s.get("/api/v1/user/exercises/addition_1/problems/x"), 404),
    ("problem zero", lambda s: s.get("/api/v1/user/exercises/addition_1/problems/0"), 409),
    ("hint on wrong number", lambda s: s.post("/api/v1/user/exercises/addition_1/problems/9/hint"), 409),
    ("unknown video", lambda s: s.watch("zzzzzzzzzzz", 10, 10), 404),
    ("negative seconds", lambda s: s.watch(VIDEO, -5, 10), 400),
    ("NaN seconds", lambda s: _post_raw(s, f"/api/v1/user/videos/{VIDEO}/log",
                                        '{"seconds_watched": NaN, "last_second_watched": 1}'), 400),
    ("huge seconds", lambda s: s.watch(VIDEO, 1e12, 10), 400),
    ("infinite seconds", lambda s: _post_raw(s, f"/api/v1/user/videos/{VIDEO}/log",
                                             '{"seconds_watched": 1e999, "last_second_watched": 1}'), 400),
    ("string seconds", lambda s: s.post(f"/api/v1/user/videos/{VIDEO}/log", {"seconds_watched": "ten"}), 400),
    ("playhead past the end", lambda s: s.watch(VIDEO, 5, 99999), 400),
    ("missing CSRF token", lambda s: s.client.post(ATTEMPT, json={"answer": "1"}), 403),
    ("wrong CSRF token", lambda s: s.client.post(ATTEMPT, json={"answer": "1"}, headers={"X-CSRF-Token": "forged"}),
     403),
    ("an Identity-Aware Proxy header is ignored (no IAP), CSRF still required",
     lambda s: s.client.post(ATTEMPT, json={"answer": "1"}, headers={"X-Goog-IAP-JWT-Assertion": "x.y.z"}), 403),
    ("non-admin on /admin", lambda s: s.get("/admin/badges"), 403),
    ("non-admin starting a sweep", lambda s: s.get("/admin/startnewbadgemapreduce"), 403),
]
VIDEO = None


@pytest.fixture
def video_id(student):
    global VIDEO
    VIDEO = student.get("/api/v1/playlists").get_json()[0]["videos"][0]["youtube_id"]
    return VIDEO


@pytest.mark.parametrize("label,call,status", BAD_REQUESTS, ids=[b[0] for b in BAD_REQUESTS])
def test_bad_input_is_a_clear_4xx_and_changes_nothing(student, video_id, label, call, status):
    student.serve("addition_1")
    before = state(student)
    response = call(student)
    assert response.status_code == status, (label, response.status_code, response.get_data(as_text=True)[:200])
    assert response.is_json and response.get_json()["error"]
    assert state(student) == before


def test_a_student_only_ever_sees_their_own_data(app, student):
    student.solve("addition_1")
    other = Student(app)
    assert other.user_id != student.user_id
    assert other.get("/api/v1/user/exercises/addition_1").get_json()["total_done"] == 0
    assert other.get("/api/v1/user").get_json()["points"] == 0


def test_signed_in_student_keeps_progress_across_sessions(app):
    first = Student(app).sign_in("ada@example.com")
    first.solve("addition_1")
    again = Student(app).sign_in("ada@example.com")
    assert again.get("/api/v1/user/exercises/addition_1").get_json()["total_done"] == 1
    assert again.get("/api/v1/user").get_json()["is_phantom"] is False


def test_a_phantom_who_signs_up_keeps_their_progress(app):
    phantom = Student(app)
    phantom.solve("addition_1")
    phantom_id = phantom.user_id
    phantom.sign_in("grace@example.com")
    assert phantom.user_id == phantom_id
    me = phantom.get("/api/v1/user").get_json()
    assert me["is_phantom"] is False and me["points"] == 75 and me["email"] == "grace@example.com"
    again = Student(app).sign_in("grace@example.com")  # another browser, same account
    assert again.user_id == phantom_id
    assert again.get("/api/v1/user/exercises/addition_1").get_json()["total_done"] == 1


def test_an_existing_account_is_not_replaced_by_a_phantom(app):
    Student(app).sign_in("ada@example.com").solve("subtraction_1")
    stranger = Student(app)
    stranger.solve("addition_1")
    stranger.sign_in("ada@example.com")
    assert stranger.get("/api/v1/user/exercises/subtraction_1").get_json()["total_done"] == 1
    assert stranger.get("/api/v1/user/exercises/addition_1").get_json()["total_done"] == 0
