"""The app reads the stored content once per TTL, not per request: a change is seen once the TTL has passed, an
unseeded namespace is never kept as empty, and the cached reads cost no Datastore call."""
from __future__ import annotations

from content.catalogue_cache import TTL_SECONDS, Catalogue
from content.seed import seed
from main import create_app
from models.content import Exercise
from tests.support import RpcSpy, in_namespace


def _with_clock(app) -> list[float]:
    clock = [1000.0]
    app.extensions["meteorite.services"].catalogue = Catalogue(clock=lambda: clock[0])
    return clock


def _fast_time(client) -> float:
    rows = client.get("/api/v1/exercises").get_json()
    return next(e["seconds_per_fast_problem"] for e in rows if e["name"] == "addition_1")


def test_a_stored_change_is_seen_after_the_ttl_and_not_before(app, client):
    clock = _with_clock(app)
    assert _fast_time(client) == 2.0
    with in_namespace(app):
        exercise = Exercise.get_by_id("addition_1")
        exercise.seconds_per_fast_problem = 7.5
        exercise.put()
    clock[0] += TTL_SECONDS - 1
    assert _fast_time(client) == 2.0
    clock[0] += 1
    assert _fast_time(client) == 7.5


def test_cached_content_costs_no_datastore_call(app, client, monkeypatch):
    _with_clock(app)
    client.get("/api/v1/exercises")
    client.get("/api/v1/playlists")
    spy = RpcSpy(monkeypatch)
    assert client.get("/api/v1/exercises").status_code == 200
    assert client.get("/api/v1/playlists").status_code == 200
    assert spy.snapshot() == {}


def test_a_namespace_not_seeded_yet_is_read_again(config):
    app = create_app(config)
    _with_clock(app)
    client = app.test_client()
    assert client.get("/api/v1/exercises").get_json() == []
    assert client.get("/api/v1/user/exercises/addition_1").status_code == 404
    with in_namespace(app):
        seed()
    assert len(client.get("/api/v1/exercises").get_json()) > 80
    assert client.get("/api/v1/user/exercises/addition_1").status_code == 200
