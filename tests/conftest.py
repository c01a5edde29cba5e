"""Fixtures for the tiers that use real services. A missing service is an error, never a skip.

Isolation: each test gets a fresh Datastore namespace and cache key prefix (no mocking, no shared state).
The cache backend is memcached unless a test is parametrized over ``cache_backend`` (see tests/support.py
BOTH_BACKENDS): "valkey" uses the test profile's server (VALKEY_ADDRESS), "valkey-cluster" a three-node cluster
this session starts on free ports and stops by PID.
"""
from __future__ import annotations

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
def cache_backend(request) -> str:
    return getattr(request, "param", "memcached")


@pytest.fixture(scope="session")
def valkey_cluster_url():
    from tests.cache_servers import valkey_cluster

    with valkey_cluster() as url:
        yield url


@pytest.fixture
def cache_url(cache_backend, request) -> str:
    if cache_backend == "valkey-cluster":
        return request.getfixturevalue("valkey_cluster_url")
    variable = {"memcached": "MEMCACHED_ADDRESS", "valkey": "VALKEY_ADDRESS"}[cache_backend]
    require_services(variable)
    return f"{cache_backend}://{os.environ[variable]}"


@pytest.fixture
def config(namespace, cache_url) -> Config:
    require_services(*SERVICE_VARS)
    return Config(
        env="test", namespace=namespace, cache_prefix=namespace + ":", cache_url=cache_url,
        tasks_emulator_host=os.environ.get("TASKS_EMULATOR_HOST"),
        project=os.environ.get("DATASTORE_DATASET", "meteorite-dev"),
        admin_emails=("admin@example.com",),
    )


@pytest.fixture
def ndb_context(ndb_client, namespace):
    with ndb_client.context(namespace=namespace, cache_policy=False) as context:
        yield context


@pytest.fixture
def app(config, ndb_client, namespace):
    from content.seed import seed
    from main import create_app

    application = create_app(config)
    with application.extensions["meteorite.ndb"].context(namespace=namespace, cache_policy=False):
        seed()
    return application


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def student(app):
    from tests.support import Student

    return Student(app)
