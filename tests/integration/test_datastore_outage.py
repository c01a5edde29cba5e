"""The Datastore going away mid-test: every request answers 503 JSON with Retry-After, then the app recovers.

The test starts its own emulator on a spare port and kills it; the shared emulator of `make test` is untouched.
"""
from __future__ import annotations

import pytest

from tests.own_services import datastore_emulator, free_port
from tests.support import Student, in_namespace


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
    from content.seed import seed

    with in_namespace(app):
        seed()  # the restarted emulator is empty: content again, as after a deploy
    again = Student(app)
    assert again.solve("addition_1")["action_results"]["user_info"]["points"] > 0
