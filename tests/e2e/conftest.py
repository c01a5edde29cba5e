"""Fixtures of the end-to-end tier: entities written in the app's own namespace, and a live server for browsers."""
from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server


@pytest.fixture
def in_app_namespace(app):
    """Run code against the app's Datastore namespace: ``with in_app_namespace(): Entity(...).put()``."""
    client = app.extensions["meteorite.ndb"]
    namespace = app.extensions["meteorite.config"].namespace
    return lambda: client.context(namespace=namespace, cache_policy=False)


@pytest.fixture
def live_server(app):
    """The app served by werkzeug on 127.0.0.1 and a free port, in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
