"""Fixtures for the tiers that use real services. A missing service is an error, never a skip.

Isolation: each test gets a fresh Datastore namespace and cache key prefix (no mocking, no shared state).
The cache backend is memcached unless a test is parametrized over ``cache_backend`` (see tests/support.py
BOTH_BACKENDS): "valkey" uses the test profile's server (VALKEY_ADDRESS), "valkey-cluster" a three-node cluster
this session starts on free ports and stops by PID.
"""
from __future__ import annotations

import json
import urllib.request
import os
import uuid

import pytest

from config import Config

SERVICE_VARS = ("DATASTORE_EMULATOR_HOST", "MEMCACHED_ADDRESS")
_worker_emulator = None


def pytest_configure(config):
    """Under `make test`'s pytest-xdist workers (TEST_WORKER_DATASTORES=1), every worker but the first gets a
    Datastore emulator of its own on a spare port, started before any client is built and stopped at the end:
    `emulator_emptied_after_each_module` wipes a worker's emulator, never another worker's. The first worker
    (and a run without xdist) uses the profile's emulator. memcached, Valkey and Cloud Tasks stay shared: each
    test has its own key prefix and its own paused queues."""
    global _worker_emulator
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    if os.environ.get("TEST_WORKER_DATASTORES") != "1" or worker == "gw0":
        return
    from tests.own_services import datastore_emulator, free_port

    port = free_port()
    _worker_emulator = datastore_emulator(port)
    _worker_emulator.start(timeout=120)
    os.environ["DATASTORE_EMULATOR_HOST"] = f"127.0.0.1:{port}"


def pytest_unconfigure(config):
    if _worker_emulator is not None:
        _worker_emulator.kill()


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
def signing_keys_json() -> str:
    """The credential signing keys of one test: a key made for it (JSON text of a one-key list)."""
    from credentials.keys import new_key, private_jwk

    return json.dumps([private_jwk(new_key())])


@pytest.fixture
def config(namespace, cache_url, signing_keys_json) -> Config:
    require_services(*SERVICE_VARS)
    return Config(
        env="test", namespace=namespace, cache_prefix=namespace + ":", cache_url=cache_url,
        cache_timeout=0.5,  # a loaded test machine can take longer than production's 50 ms to answer
        tasks_emulator_host=os.environ.get("TASKS_EMULATOR_HOST"),
        tasks_location=namespace,  # the test's own queues there (tests.support.OwnTaskQueues)
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
def task_queues(config):
    """The test's own Cloud Tasks queues (tests.support.OwnTaskQueues; None without the emulator): created
    paused, and removed with whatever is still in them when the test ends."""
    if not config.tasks_emulator_host:
        yield None
        return
    from clients.tasks import make_task_queue
    from tests.support import OwnTaskQueues

    queues = OwnTaskQueues(make_task_queue(config)).create()
    yield queues
    queues.remove()


@pytest.fixture
def app(config, task_queues):
    from tests.support import seeded_app

    return seeded_app(config)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def student(app):
    from tests.support import Student

    return Student(app)


@pytest.fixture(scope="module", autouse=True)
def emulator_emptied_after_each_module():
    """With DATASTORE_RESET_AFTER_MODULE=1 (`make test`: one pytest process owns the emulator), wipe the Datastore
    emulator after each test module. Tests never share entities across modules (each has its own namespace), and
    the emulator keeps everything it is given in its Java heap: a whole suite's entities outgrow it."""
    yield
    host = os.environ.get("DATASTORE_EMULATOR_HOST")
    if host and os.environ.get("DATASTORE_RESET_AFTER_MODULE") == "1":
        request = urllib.request.Request(f"http://{host}/reset", method="POST")
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status == 200, response.status
