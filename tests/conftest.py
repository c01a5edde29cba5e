"""Fixtures for the tiers that use real services. A missing service is an error, never a skip.

Isolation: each test gets a fresh Datastore namespace and memcached key prefix (no mocking, no shared state).
"""
from __future__ import annotations

import json
import os
import uuid

import pytest

from config import Config

SERVICE_VARS = ("DATASTORE_EMULATOR_HOST", "MEMCACHED_ADDRESS")


def require_services(*names: str) -> None:
    missing = [n for n in names if not os.environ.get(n)]
    if missing:
        pytest.fail(f"{', '.join(missing)} not set: run the tests with `make test` (it starts the services)")


@pytest.fixture(scope="session")
def ndb_client():
    require_services(*SERVICE_VARS)
    os.environ.setdefault("NO_GCE_CHECK", "true")
    from clients.datastore import make_client

    return make_client(Config())


@pytest.fixture
def namespace() -> str:
    return "t" + uuid.uuid4().hex[:12]


@pytest.fixture
def signing_keys_json() -> str:
    """The credential signing keys of one test: a key made for it (JSON text of a one-key list)."""
    from credentials.keys import new_key, private_jwk

    return json.dumps([private_jwk(new_key())])


@pytest.fixture
def config(namespace, signing_keys_json) -> Config:
    require_services(*SERVICE_VARS)
    return Config(
        env="test", namespace=namespace, cache_prefix=namespace + ":",
        memcached_address=os.environ["MEMCACHED_ADDRESS"],
        tasks_emulator_host=os.environ.get("TASKS_EMULATOR_HOST"),
        project=os.environ.get("DATASTORE_DATASET", "meteorite-dev"),
        admin_emails=("admin@example.com",),
        credential_signing_keys=signing_keys_json,
    )


@pytest.fixture
def ndb_context(ndb_client, config):
    """For tests without an app: the context the app would open for ``config`` (its namespace, no local cache)."""
    from clients.datastore import context

    with context(ndb_client, config) as opened:
        yield opened


@pytest.fixture
def app(config):
    from tests.support import seeded_app

    return seeded_app(config)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def student(app):
    from tests.support import Student

    return Student(app)
