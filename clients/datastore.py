"""The ndb client and the WSGI middleware that opens one ndb context per request (python-ndb's Flask pattern)."""
from __future__ import annotations

import logging
import os
import random
import time
from typing import Callable, TypeVar

from google.api_core import exceptions as core_exceptions
from google.cloud import ndb

from clients.datastore_stub import BlockingStub
from config import Config


def make_client(config: Config) -> ndb.Client:
    """The app's ndb client; its RPCs are blocking gRPC calls (`clients.datastore_stub`)."""
    os.environ.setdefault("NO_GCE_CHECK", "true")  # never probe the metadata server locally
    if os.environ.get("DATASTORE_EMULATOR_HOST"):
        from google.auth.credentials import AnonymousCredentials

        client = ndb.Client(project=config.project, credentials=AnonymousCredentials())
    else:
        client = ndb.Client(project=config.project)
    client.stub = BlockingStub(client.stub)
    return client


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


T = TypeVar("T")
ATTEMPTS = 8
CONTENTION = (core_exceptions.Aborted, core_exceptions.Conflict)
UNAVAILABLE = (core_exceptions.ServiceUnavailable, core_exceptions.DeadlineExceeded,
               core_exceptions.GatewayTimeout, core_exceptions.InternalServerError)
RETRY_AFTER_SECONDS = 5
log = logging.getLogger(__name__)


class Contention(Exception):
    """A transaction kept racing others on the same entity group; nothing was changed (handlers answer 409)."""


class Unavailable(Exception):
    """The Datastore did not answer (down, overloaded or timing out); handlers answer 503 with Retry-After."""


def _cause(exc: BaseException) -> BaseException:
    """What an ndb RetryError gave up on (ndb retries transient errors itself, then wraps the last one)."""
    return exc.cause if isinstance(exc, core_exceptions.RetryError) and exc.cause is not None else exc


def is_unavailable(exc: BaseException) -> bool:
    return isinstance(exc, Unavailable) or isinstance(_cause(exc), UNAVAILABLE)


def transact(fn: Callable[[], T], *, xg: bool = False, attempts: int = ATTEMPTS) -> T:
    """Run ``fn`` in a transaction, retrying the whole function with jittered backoff on contention.

    The Datastore (and its emulator, which locks pessimistically) refuses a transaction that races another
    (ABORTED, or a RetryError around one): that is retried here (ndb itself does not retry the transaction), up
    to ``attempts`` times, then `Contention`.
    A Datastore that does not answer is `Unavailable` at once, never retried as if it were a race. Either way the
    transaction did not commit, so nothing was half-written. Every transaction in the app goes through here.
    """
    for attempt in range(attempts):
        try:
            return ndb.transaction(fn, retries=0, xg=xg)
        except (core_exceptions.RetryError, *CONTENTION, *UNAVAILABLE) as exc:
            cause = _cause(exc)
            if isinstance(cause, UNAVAILABLE):
                raise Unavailable(f"the Datastore is unavailable: {type(cause).__name__}") from exc
            if not isinstance(cause, CONTENTION):
                raise
            log.info("transaction contention (attempt %d): %s", attempt + 1, exc)
            time.sleep(random.uniform(0.005, 0.02 * 2 ** attempt))
    raise Contention("too many simultaneous changes to the same data; nothing was changed, try again")
