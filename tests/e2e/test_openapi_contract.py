"""The OpenAPI 3.1 document of `/api/v1` is valid, names every `/api/v1` route, and the running app keeps to it:
schemathesis fuzzes every operation against the live server as a phantom with a CSRF token and fails on any 5xx
or any response whose status, content type, headers or body the document does not allow."""
from __future__ import annotations

import collections
import copy
import json
import re

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from openapi_spec_validator import OpenAPIV31SpecValidator
from schemathesis import checks

from handlers import openapi
from tests.support import Student, award_badge

MAX_EXAMPLES = 100  # fuzzing examples per operation, on top of the examples and coverage phases
CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
          checks.response_headers_conformance, checks.response_schema_conformance]
CONFIG = {
    "seed": 20111107,  # the same cases on every run: a failure here is a regression, not luck
    "generation": {"mode": "all", "max-examples": MAX_EXAMPLES},
    "phases": {"examples": {"enabled": True}, "coverage": {"enabled": True}, "fuzzing": {"enabled": True},
               "stateful": {"enabled": False}},
}


def test_the_document_is_valid_openapi_3_1(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.headers["X-KA-API-Response"] == "true"
    document = response.get_json()
    assert document["openapi"].startswith("3.1")
    OpenAPIV31SpecValidator(document).validate()


def _routes(app) -> set[tuple[str, str]]:
    out = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
            out |= {(method.lower(), path) for method in rule.methods - {"HEAD", "OPTIONS"}}
    return out


def test_every_api_route_is_documented_and_nothing_more(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    documented = {(method, path) for path, item in document["paths"].items() for method in item}
    assert documented == _routes(app)


CREDENTIAL = "/api/v1/user/badges/{name}/credential"


class Phantom(requests.Session):
    """A phantom student's browser, holding the problem_token of the problem it was served."""

    problem_token: str = ""
    cases: int = 0


@pytest.fixture
def phantom(request, app, live_server) -> Phantom:
    """A phantom student's browser: the session cookie and the CSRF token of GET /api/v1/user, with problem 1 of
    addition_1 served and its token kept, so that attempts and hints can reach the write path. For the credential
    operation (a signed-in holder's only) the student signs in and holds the examples' badge."""
    session = Phantom()
    me = session.get(f"{live_server}/api/v1/user")
    assert me.status_code == 200 and me.json()["is_phantom"]
    session.headers["X-CSRF-Token"] = me.json()["csrf_token"]
    served = session.get(f"{live_server}/api/v1/user/exercises/addition_1/problems/1")
    assert served.status_code == 200
    session.problem_token = served.json()["problem_token"]
    if CREDENTIAL in request.node.name:
        sign_in_holding(app, live_server, session, "nicestreakbadge", "Addition 1")
    return session


def sign_in_holding(app, live_server: str, session: requests.Session, name: str, context: str) -> None:
    """Sign the browser in through the development /login form, and award the student ``name`` in ``context``."""
    signed_in = session.post(f"{live_server}/login", data={
        "email": "holder@example.com", "csrf_token": session.headers["X-CSRF-Token"], "next": "/"})
    assert signed_in.status_code == 200, signed_in.text
    me = session.get(f"{live_server}/api/v1/user").json()
    assert not me["is_phantom"]
    session.headers["X-CSRF-Token"] = me["csrf_token"]
    award_badge(app, me["user_id"], name, context)


def _carry_token(case, phantom: Phantom) -> None:
    """Every other attempt or hint whose generated body has a string problem_token sends the phantom's real one
    instead, as its page would (no generator can guess a valid token); the others keep the generated value."""
    if case.path.endswith(("/attempt", "/hint")) and isinstance(case.body, dict) \
            and isinstance(case.body.get("problem_token"), str):
        phantom.cases += 1
        if phantom.cases % 2:
            case.body = {**case.body, "problem_token": phantom.problem_token}


@pytest.fixture
def tally(request):
    """Responses of one operation per (method, status); afterwards the operation's own method must have answered
    2xx at least once, so a lost session or CSRF token, or an app answering only errors, cannot pass as clean."""
    counts: collections.Counter = collections.Counter()
    yield counts
    print(f"\n{request.node.name}: {sum(counts.values())} calls, {dict(sorted(counts.items()))}")
    method = request.node.name.split("[")[1].split(" ")[0]
    assert any(m == method and 200 <= status < 300 for m, status in counts), counts


# The document the app serves (test_the_served_document_is_the_one_fuzzed checks they are the same), loaded at
# collection so that every operation is its own test.
schema = schemathesis.openapi.from_dict(copy.deepcopy(openapi.document()), config=schemathesis.Config.from_dict(CONFIG))


def test_the_served_document_is_the_one_fuzzed(client):
    assert client.get("/api/v1/openapi.json").get_json() == json.loads(json.dumps(openapi.document()))


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])  # a server per operation
def test_the_live_api_keeps_to_its_document(case, live_server, phantom, tally):
    _carry_token(case, phantom)
    response = case.call_and_validate(base_url=live_server, session=phantom, checks=CHECKS, timeout=30)
    tally[(response.request.method, response.status_code)] += 1


def _conforms(method: str, template: str, response) -> dict:
    """Check one response of the test client against the document, with the same checks as the fuzzing."""
    pattern = re.sub(r"\\{(\w+)\\}", r"(?P<\1>[^/]+)", re.escape(template))
    params = re.fullmatch(pattern, response.request.path).groupdict()
    schema[template][method].Case(path_parameters=params).validate_response(response, checks=CHECKS)
    return response.get_json()


PROBLEM = "/api/v1/user/exercises/{exercise}/problems/{number}"


def test_a_scripted_session_keeps_to_the_document(app, student):
    """Answers the fuzzing rarely reaches: a badge earned by an attempt, owned badges, progress, a notification,
    and each documented error status."""
    for path in ("/api/v1/user", "/api/v1/exercises", "/api/v1/playlists", "/api/v1/badges",
                 "/api/v1/badges/categories", "/api/v1/openapi.json"):
        _conforms("GET", path, student.get(path))
    for _ in range(19):
        student.solve("addition_1")
    number, served = student.serve("addition_1")
    _conforms("GET", PROBLEM, served)
    wrong = _conforms("POST", PROBLEM + "/attempt", student.attempt("addition_1", number, "-999999"))
    assert wrong["completed"] is False
    right = _conforms("POST", PROBLEM + "/attempt", student.attempt("addition_1", number, student.answer_for(
        "addition_1", number)))
    assert right["completed"] and right["user_exercise"]["total_done"] == 20
    number, _ = student.serve("subtraction_1")
    _conforms("POST", PROBLEM + "/hint", student.hint("subtraction_1", number))
    youtube_id = student.get("/api/v1/playlists").get_json()[0]["videos"][0]["youtube_id"]
    _conforms("POST", "/api/v1/user/videos/{youtube_id}/log", student.watch(youtube_id, 5, 5))
    _conforms("GET", "/api/v1/user/exercises/{exercise}", student.get("/api/v1/user/exercises/addition_1"))
    assert _conforms("GET", "/api/v1/user/badges", student.get("/api/v1/user/badges"))["badges"]
    _conforms("GET", "/api/v1/user/badges/progress", student.get("/api/v1/user/badges/progress"))


def test_a_notification_keeps_to_the_document(app, student):
    student.sign_in("pupil@example.com")
    student.solve("addition_1")  # the account's UserData exists, so the award finds the student
    admin = Student(app).sign_in("admin@example.com", admin=True)
    created = admin.post("/admin/badges/custom", {"name": "helper", "description": "Helped", "points": 5})
    assert created.status_code == 201
    assert admin.post("/admin/badges/custom/helper/award", {"emails": ["pupil@example.com"]}).get_json()[
        "results"][0]["result"] == "awarded"
    notes = _conforms("GET", "/api/v1/user/notifications", student.get("/api/v1/user/notifications"))
    assert [n["name"] for n in notes] == ["helper"]
    _conforms("POST", "/api/v1/user/notifications/ack",
              student.post("/api/v1/user/notifications/ack", {"keys": [notes[0]["key"]]}))


def test_a_credential_and_its_verification_keep_to_the_document(app, student):
    student.sign_in("holder@example.com")
    award_badge(app, student.user_id, "nicestreakbadge", "Addition 1")
    path = "/api/v1/user/badges/nicestreakbadge/credential?context=Addition%201"
    issued = _conforms("GET", CREDENTIAL, student.get(path))
    checked = _conforms("POST", "/api/v1/credentials/verify",
                        student.client.post("/api/v1/credentials/verify", json={"jwt": issued["jwt"]}))
    assert checked == {"verified": True, "revoked": False, "errors": []}
    for wrong, status in (("nicestreakbadge/credential", 400), ("nicestreakbadge/credential?context=Subtraction%201",
                                                                   404), ("nosuchbadge/credential", 404)):
        response = student.get(f"/api/v1/user/badges/{wrong}")
        assert response.status_code == status and _conforms("GET", CREDENTIAL, response)["error"], wrong


ERRORS = [
    ("POST", PROBLEM + "/attempt", "/api/v1/user/exercises/addition_1/problems/1/attempt", {"answer": ""}, 400),
    ("POST", "/api/v1/user/notifications/ack", "/api/v1/user/notifications/ack", {"keys": "x"}, 400),
    ("GET", "/api/v1/user/exercises/{exercise}", "/api/v1/user/exercises/nope", None, 404),
    ("POST", "/api/v1/user/videos/{youtube_id}/log", "/api/v1/user/videos/nope/log", {"seconds_watched": 1}, 404),
    ("GET", PROBLEM, "/api/v1/user/exercises/addition_1/problems/5", None, 409),
    ("POST", PROBLEM + "/hint", "/api/v1/user/exercises/addition_1/problems/5/hint", {}, 409),
    ("POST", PROBLEM + "/attempt", "/api/v1/user/exercises/addition_1/problems/1/attempt",
     {"answer": "1" * 70000}, 413),
    ("GET", CREDENTIAL, "/api/v1/user/badges/nicestreakbadge/credential", None, 403),
    ("POST", "/api/v1/credentials/verify", "/api/v1/credentials/verify", {"jwt": 7}, 400),
    ("POST", "/api/v1/credentials/verify", "/api/v1/credentials/verify", {"jwt": "x" * 70000}, 413),
]


@pytest.mark.parametrize("method,template,path,body,status", ERRORS, ids=[f"{e[4]} {e[2]}" for e in ERRORS])
def test_documented_errors_keep_to_the_document(student, method, template, path, body, status):
    response = student.client.open(path, method=method, json=body, headers=student.headers())
    assert response.status_code == status
    assert _conforms(method, template, response)["error"]


def test_a_state_change_without_the_csrf_token_keeps_to_the_document(student):
    response = student.client.post("/api/v1/user/notifications/ack", json={"keys": []})
    assert response.status_code == 403
    assert "CSRF" in _conforms("POST", "/api/v1/user/notifications/ack", response)["error"]
