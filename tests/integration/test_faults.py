"""Fault trials: a service the test started itself is killed mid-test; the app answers truthfully and recovers.

- The Datastore: every request answers 503 JSON with Retry-After, then the same app recovers.
- The Cloud Tasks emulator, when a sweep starts: the run is recorded `failed` with its reason; a later start works.
(memcached killed or flushed mid-streak: tests/integration/test_cache_faults.py, on every cache backend.)
Each trial starts its own service on a spare port; the shared services of `make test` are never touched.
"""
from __future__ import annotations

import time

import pytest

from models.sweep import SweepRun
from tests.own_services import datastore_emulator, free_port, tasks_emulator
from tests.support import OwnTaskQueues, Student, in_namespace


@pytest.fixture
def outage_app(config, monkeypatch):
    """An app on its own emulator, seeded; yields ``(app, emulator)`` and stops the emulator after."""
    port = free_port()
    emulator = datastore_emulator(port)
    emulator.start()
    monkeypatch.setenv("DATASTORE_EMULATOR_HOST", f"127.0.0.1:{port}")
    from content.seed import seed
    from main import create_app

    app = create_app(config)
    with in_namespace(app):
        seed()
    try:
        yield app, emulator
    finally:
        emulator.kill()


def wait_until_answering(app, timeout: float = 90.0) -> None:
    """Poll an API read until the app answers 200 again (gRPC backs off reconnecting, by up to a minute or two)."""
    client, deadline = app.test_client(), time.monotonic() + timeout
    while (status := client.get("/api/v1/user").status_code) != 200:
        assert status == 503 and time.monotonic() < deadline, f"no recovery: {status}"
        time.sleep(1)


def assert_unavailable(response) -> None:
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.get_json()["error"]
    assert int(response.headers["Retry-After"]) > 0


def test_an_outage_answers_503_then_the_app_recovers(outage_app):
    app, emulator = outage_app
    student = Student(app)
    first = student.solve("addition_1")
    assert first["action_results"]["user_info"]["points"] > 0

    assert student.serve("addition_1", 2)[1].status_code == 200  # its token lets the attempt reach its transaction
    emulator.kill()
    assert_unavailable(student.serve("addition_1", 2)[1])  # a read outside any transaction
    assert_unavailable(student.attempt("addition_1", 2, "1"))  # inside the attempt's transaction

    emulator.start()
    wait_until_answering(app)  # the same app: its gRPC channel reconnects by itself
    from content.seed import seed

    with in_namespace(app):
        seed()  # the restarted emulator is empty: content again, as after a deploy
    again = Student(app)
    assert again.solve("addition_1")["action_results"]["user_info"]["points"] > 0


@pytest.fixture
def tasks_down_app(config, monkeypatch):
    """An app whose Cloud Tasks emulator is the test's own; yields ``(app, emulator, config)``."""
    port = free_port()
    emulator = tasks_emulator(port)
    emulator.start()
    own = config.with_(tasks_emulator_host=f"127.0.0.1:{port}")
    from tests.support import seeded_app

    app = seeded_app(own)
    try:
        yield app, emulator, own
    finally:
        emulator.kill()


def _queues(config) -> OwnTaskQueues:
    from clients.tasks import make_task_queue

    return OwnTaskQueues(make_task_queue(config)).create()


def test_a_sweep_started_while_cloud_tasks_is_down_fails_with_a_reason_then_a_later_start_works(tasks_down_app):
    app, emulator, config = tasks_down_app
    admin = Student(app).sign_in("admin@example.com", admin=True)
    _queues(config)  # queues exist: the only fault is the emulator being down
    emulator.kill()
    started = admin.post("/admin/startnewbadgemapreduce")
    assert started.status_code == 202, started.get_data(as_text=True)
    failed = admin.get(f"/admin/badgemapreduce/{started.get_json()['run_id']}").get_json()
    assert failed["state"] == "failed" and "could not enqueue page 0" in failed["reason"], failed
    assert "failed to connect" in failed["reason"]

    emulator.start()
    queues = retried(lambda: _queues(config))  # the restarted emulator has no queues: as after a queue.yaml deploy
    try:
        status = retried(lambda: _started_running(admin))  # the app's channel reconnects by itself
        assert status["state"] == "running" and len(queues.tasks("badge-sweep")) == 1
    finally:
        queues.remove()
    with in_namespace(app):
        states = sorted(run.state for run in SweepRun.query().fetch())
    assert states[0] == "failed" and states[-1] == "running", states


def _started_running(admin) -> dict:
    again = admin.post("/admin/startnewbadgemapreduce")
    assert again.status_code == 202
    status = admin.get(f"/admin/badgemapreduce/{again.get_json()['run_id']}").get_json()
    assert status["state"] == "running", status
    return status


def retried(fn, timeout: float = 60.0):
    """``fn()`` once it stops failing (a restarted service and a reconnecting gRPC channel take a moment)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return fn()
        except Exception:  # noqa: BLE001 - retried until the deadline, then raised
            if time.monotonic() > deadline:
                raise
            time.sleep(1)
