"""Test helpers shared by the integration and end-to-end tiers: a student driving the API like the pages do, an
RPC counter, and the app's own Datastore context (``in_namespace``), the one way a test reads or writes entities
beside the app."""
from __future__ import annotations

import datetime
import pathlib
import re

import pytest

from clients import datastore
from content import serving
from content.seed import seed

ROOT = pathlib.Path(__file__).resolve().parents[1]
SERVED = object()  # the token the student's own serve of that problem answered

# Runs a test once per cache backend (the `cache_backend` fixture in tests/conftest.py builds the config's URL).
BOTH_BACKENDS = pytest.mark.parametrize("cache_backend", ["memcached", "valkey"], indirect=True)
ALL_BACKENDS = pytest.mark.parametrize("cache_backend", ["memcached", "valkey", "valkey-cluster"], indirect=True)


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


def award_badge(app, user_id: str, name: str, context: str | None,
                when: datetime.datetime = datetime.datetime(2012, 3, 5, 10, 0)) -> None:
    """Award catalogue badge ``name`` in ``context`` to ``user_id`` as an admin would (the one award path), making
    the student's `UserData` first if they have none yet."""
    from google.cloud import ndb

    from badges.awards import award
    from badges.catalog import BY_NAME
    from models.user import UserData

    def txn():
        user = UserData.get_by_id(user_id) or UserData(id=user_id, badge_counts=[0] * 6)
        result = award(user, BY_NAME[name], context, when, source="admin")
        ndb.put_multi([user, *(result[1] if result else [])])

    with in_namespace(app):
        datastore.transact(txn)


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


class OwnTaskQueues:
    """The test's own Cloud Tasks queues on the emulator: queue.yaml's names in a location of the test's own
    (``Config.tasks_location``), created paused so nothing is delivered unless the test `resume`s them, and
    `remove`d at the end (paused, purged, deleted), so no task of one test is ever delivered after it, nor to
    another test's server."""

    def __init__(self, queue):
        self.queue = queue  # clients.tasks.TaskQueue
        self.client = queue.client
        names = re.findall(r"^- name: (\S+)", (ROOT / "queue.yaml").read_text(encoding="utf-8"), re.M)
        self.paths = [queue.queue_path(name) for name in names]
        self.removed = False

    def create(self) -> "OwnTaskQueues":
        config = self.queue.config
        parent = self.client.common_location_path(config.project, config.tasks_location)
        for path in self.paths:
            self.client.create_queue(parent=parent, queue={"name": path})
            self.client.pause_queue(name=path)
        return self

    def resume(self) -> None:
        for path in self.paths:
            self.client.resume_queue(name=path)

    def tasks(self, queue: str) -> list:
        """The tasks waiting in one of the test's queues (by its short name)."""
        return list(self.client.list_tasks(parent=self.queue.queue_path(queue)))

    def deliver(self, client, queue: str, delivered: set[str]) -> list:
        """Deliver, as Cloud Tasks would, each task of ``queue`` whose name is not in ``delivered`` to the app's test
        ``client`` (its URI, body and queue header), until no new task appears; returns the responses. Tasks stay
        in the paused queue (the emulator cannot delete one): ``delivered`` remembers them."""
        from google.cloud import tasks_v2

        responses = []
        while True:
            waiting = [t for t in self.client.list_tasks(request={
                "parent": self.queue.queue_path(queue), "response_view": tasks_v2.Task.View.FULL})
                if t.name not in delivered]
            if not waiting:
                return responses
            for task in waiting:
                delivered.add(task.name)
                request = task.app_engine_http_request
                responses.append(client.post(request.relative_uri, data=request.body, headers={
                    "Content-Type": "application/json", "X-AppEngine-QueueName": queue}))

    def remove(self) -> None:
        if self.removed:
            return
        self.removed = True
        for path in self.paths:
            self.client.pause_queue(name=path)
            self.client.purge_queue(name=path)
            self.client.delete_queue(name=path)
