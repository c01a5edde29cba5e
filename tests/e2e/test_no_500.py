"""No input produces a 500: every route, called with odd path values and bodies, as a phantom, an admin, cron
and Cloud Tasks, answers below 500 (the sweep's deliberate 503 "retry later" needs a live claim, never met here)."""
from __future__ import annotations

import http.client
import json
import re

import pytest
import requests

from tests.support import Student

ODD_VALUES = ["x", "0", "-1", "99999999999999999999", "%00", "a" * 1600, "é" * 250, "..%2f..", "ñ", "__key__"]
BODIES = [None, "{not json", "[]", '{"answer": null, "seconds_watched": "NaN", "keys": {}}',
          '{"run_id": 1, "page": -3}', "[" * 1000, '{"points": Infinity, "emails": "' + "b" * 1600 + '@example.com"}',
          '{"name": "odd", "description": "\\ud800", "emails": "\\udfff@example.com", "keys": ["\\ud800"]}']
HEADER_SETS = [{}, {"X-Appengine-Cron": "true"}, {"X-AppEngine-QueueName": "badge-sweep"}]


def _paths(app) -> list[tuple[str, str]]:
    out = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for value in ODD_VALUES if rule.arguments else [""]:
                out.append((method, re.sub(r"<[^>]+>", value, rule.rule)))
    return out


@pytest.mark.parametrize("as_admin", [False, True], ids=["phantom", "admin"])
def test_every_route_answers_below_500(app, as_admin):
    student = Student(app)
    if as_admin:
        student.sign_in("admin@example.com", admin=True)
    failures = []
    for method, path in _paths(app):
        for headers in HEADER_SETS:
            for body in BODIES if method == "POST" else [None]:
                response = student.client.open(path, method=method, data=body, content_type="application/json",
                                               headers={**student.headers(), **headers})
                if response.status_code >= 500:
                    failures.append((method, path[:80], headers, body, response.status_code))
    assert not failures, failures[:10]


def _chunked_post(base_url: str, path: str, body: bytes, headers: dict) -> tuple[int, dict]:
    """POST ``body`` with ``Transfer-Encoding: chunked`` (no Content-Length), in 1 KB chunks, to the live server."""
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    chunks = (body[i:i + 1024] for i in range(0, len(body), 1024))
    connection.request("POST", path, body=chunks, encode_chunked=True,
                       headers={"Content-Type": "application/json", **headers})
    response = connection.getresponse()
    answer = json.loads(response.read())
    connection.close()
    return response.status, answer


@pytest.mark.parametrize("size,status", [(1024, 400), (64 * 1024 + 1, 413), (1024 * 1024, 413)])
def test_a_chunked_body_is_held_to_the_size_limit(live_server, size, status):
    """A chunked body has no Content-Length: within the limit it is read as usual (here: a 400 for an answer that
    is too long), over it the answer is 413, not a truncated body's 400."""
    session = requests.Session()
    csrf = session.get(f"{live_server}/api/v1/user").json()["csrf_token"]
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    body = b'{"answer": "' + b"1" * (size - 14) + b'"}'
    assert len(body) == size
    got, answer = _chunked_post(live_server, "/api/v1/user/exercises/addition_1/problems/1/attempt", body,
                                {"X-CSRF-Token": csrf, "Cookie": cookie})
    assert got == status and answer["error"], (got, answer)
    assert session.get(f"{live_server}/api/v1/user/exercises/addition_1").json()["total_done"] == 0
