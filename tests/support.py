"""Test helpers shared by the integration and end-to-end tiers: a student driving the API like the pages do, an
RPC counter, and the app's own Datastore context (``in_namespace``), the one way a test reads or writes entities
beside the app."""
from __future__ import annotations

import datetime

SERVED = object()  # the token the student's own serve of that problem answered
from clients import datastore
from content import serving
from content.seed import seed


class Student:
    """One browser session against the app (Flask test client), with its CSRF token and answer key."""

    def __init__(self, app, client=None):
        self.app = app
        self.client = client or app.test_client()
        me = self.client.get("/api/v1/user").get_json()
        self.user_id = me["user_id"]
        self.csrf = me["csrf_token"]
        self.now: datetime.datetime | None = None
        self.tokens: dict[tuple[str, int], str] = {}  # (exercise, number) -> the problem_token its serve answered

    def headers(self, extra=None) -> dict:
        headers = {"X-CSRF-Token": self.csrf}
        if self.now is not None:
            headers["X-Test-Now"] = self.now.isoformat()
        headers.update(extra or {})
        return headers

    def get(self, path: str):
        return self.client.get(path, headers=self.headers())

    def post(self, path: str, body=None, **kw):
        return self.client.post(path, json=body if body is not None else {}, headers=self.headers(kw.pop("headers", None)), **kw)

    def second_tab(self) -> "Student":
        """The same student in another tab: a new client carrying this one's session cookie."""
        tab = Student(self.app)
        with self.client.session_transaction() as mine, tab.client.session_transaction() as theirs:
            theirs.clear()
            theirs.update(dict(mine))
        tab.user_id, tab.csrf, tab.now, tab.tokens = self.user_id, self.csrf, self.now, dict(self.tokens)
        return tab

    def sign_in(self, email: str, admin: bool = False) -> "Student":
        self.client.get("/login")
        with self.client.session_transaction() as session:
            token = session.get("csrf")
        self.client.post("/login", data={"email": email, "admin": "on" if admin else "", "csrf_token": token})
        me = self.client.get("/api/v1/user").get_json()
        self.user_id, self.csrf = me["user_id"], me["csrf_token"]
        return self

    def answer_for(self, exercise: str, number: int) -> str:
        secret = self.app.extensions["meteorite.config"].problem_secret.encode()
        return serving.generate(secret, self.user_id, exercise, number).answer

    def next_number(self, exercise: str) -> int:
        return self.get(f"/api/v1/user/exercises/{exercise}").get_json()["total_done"] + 1

    def serve(self, exercise: str, number: int | None = None):
        number = number or self.next_number(exercise)
        response = self.get(f"/api/v1/user/exercises/{exercise}/problems/{number}")
        if response.status_code == 200:
            self.tokens[(exercise, number)] = response.get_json()["problem_token"]
        return number, response

    def _with_token(self, exercise: str, number: int, body: dict, token) -> dict:
        token = self.tokens.get((exercise, number)) if token is SERVED else token
        return body if token is None else {**body, "problem_token": token}

    def attempt(self, exercise: str, number: int, answer: str, token=SERVED):
        """Answer problem ``number`` with the token of this student's serve of it (or ``token``; None sends none)."""
        return self.post(f"/api/v1/user/exercises/{exercise}/problems/{number}/attempt",
                         self._with_token(exercise, number, {"answer": answer}, token))

    def hint(self, exercise: str, number: int, token=SERVED):
        return self.post(f"/api/v1/user/exercises/{exercise}/problems/{number}/hint",
                         self._with_token(exercise, number, {}, token))

    def solve(self, exercise: str, correct: bool = True, advance: datetime.timedelta | None = None) -> dict:
        """Serve the next problem and complete it: right at once, or wrong first then right."""
        number, served = self.serve(exercise)
        assert served.status_code == 200, served.get_json()
        if advance and self.now is not None:
            self.now += advance
        if not correct:
            wrong = self.attempt(exercise, number, "-999999")
            assert wrong.status_code == 200 and not wrong.get_json()["completed"], wrong.get_json()
        response = self.attempt(exercise, number, self.answer_for(exercise, number))
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def watch(self, youtube_id: str, seconds: float, last_second: float | None = None):
        return self.post(f"/api/v1/user/videos/{youtube_id}/log",
                         {"seconds_watched": seconds, "last_second_watched": last_second if last_second is not None else seconds})


class RpcSpy:
    """Counts the Datastore RPCs ndb makes (lookup, run_query, begin_transaction, commit, ...) by wrapping the one
    function every RPC goes through; the real call still happens."""

    def __init__(self, monkeypatch):
        from collections import Counter

        from google.cloud.ndb import _datastore_api

        self.calls: Counter[str] = Counter()
        real = _datastore_api.make_call

        def counted(rpc_name, request, *args, **kwargs):
            self.calls[rpc_name] += 1
            return real(rpc_name, request, *args, **kwargs)

        monkeypatch.setattr(_datastore_api, "make_call", counted)

    def reset(self) -> None:
        self.calls.clear()

    def snapshot(self) -> dict:
        return dict(self.calls)


def in_namespace(app):
    """The app's own ndb context (its namespace, no in-process cache), to prepare or read back entities as the
    app sees them: ``with in_namespace(app): ...``."""
    return datastore.context(app.extensions["meteorite.ndb"], app.extensions["meteorite.config"])


def seeded_app(config):
    """The app built from ``config``, with the content catalogue seeded in its namespace."""
    from main import create_app

    app = create_app(config)
    with in_namespace(app):
        seed()
    return app
