"""The ndb client and the WSGI middleware that opens one ndb context per request (python-ndb's Flask pattern)."""
from __future__ import annotations

import os

from google.cloud import ndb

from config import Config


def make_client(config: Config) -> ndb.Client:
    os.environ.setdefault("NO_GCE_CHECK", "true")  # never probe the metadata server locally
    if os.environ.get("DATASTORE_EMULATOR_HOST"):
        from google.auth.credentials import AnonymousCredentials

        return ndb.Client(project=config.project, credentials=AnonymousCredentials())
    return ndb.Client(project=config.project)


def context(client: ndb.Client, config: Config):
    """An ndb context for this app: its namespace, no in-process cache (entities are read in transactions)."""
    return client.context(namespace=config.namespace, cache_policy=False)


class NdbMiddleware:
    """Wraps the WSGI app so every request runs inside exactly one ndb context."""

    def __init__(self, wsgi_app, client: ndb.Client, config: Config):
        self.wsgi_app = wsgi_app
        self.client = client
        self.config = config

    def __call__(self, environ, start_response):
        with context(self.client, self.config):
            return self.wsgi_app(environ, start_response)
