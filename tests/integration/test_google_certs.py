"""Google's keys as production fetches them: once per Cache-Control max-age, and the keys already held are kept
while the endpoint is unreachable. A local HTTP server plays the certificates endpoint."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from identity import google
from tests.google_tokens import CERTS, CLIENT_ID, token


class CertsEndpoint(BaseHTTPRequestHandler):
    hits = 0
    status = 200
    max_age = 3600

    def do_GET(self):  # noqa: N802 - the http.server hook's name
        type(self).hits += 1
        body = json.dumps(CERTS).encode() if self.status == 200 else b"{}"
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Cache-Control", f"public, max-age={self.max_age}, must-revalidate, no-transform")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def endpoint():
    handler = type("Endpoint", (CertsEndpoint,), {})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield handler, f"http://127.0.0.1:{server.server_port}/oauth2/v1/certs"
    server.shutdown()
    thread.join(timeout=5)


def test_keys_are_fetched_once_per_max_age(endpoint):
    handler, url = endpoint
    transport = google.CertsTransport()
    for _ in range(3):
        response = transport(url, method="GET")
        assert response.status == 200 and json.loads(response.data) == CERTS
    assert handler.hits == 1
    handler.max_age = 0
    expiring = google.CertsTransport()
    expiring(url)
    expiring(url)
    assert handler.hits == 3


def test_keys_held_are_kept_while_the_endpoint_fails(endpoint):
    handler, url = endpoint
    handler.max_age = 0
    transport = google.CertsTransport()
    assert transport(url).status == 200
    handler.status = 500
    response = transport(url)
    assert response.status == 200 and json.loads(response.data) == CERTS and handler.hits == 2


def test_unreachable_google_without_keys_is_a_retry_later_not_a_refusal():
    transport = google.CertsTransport()
    with pytest.raises(google.CertsUnavailable):
        google.verify(token(), CLIENT_ID, _Unreachable(transport))


class _Unreachable:
    """The transport asked for a port nothing listens on, as if Google were unreachable."""

    def __init__(self, transport: google.CertsTransport):
        self.transport = transport

    def __call__(self, url, **kwargs):
        return self.transport("http://127.0.0.1:9/oauth2/v1/certs", **kwargs)
