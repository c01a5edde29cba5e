"""Running an action's transaction, with retries on contention.

The Datastore (and its emulator, which locks pessimistically) refuses a transaction that races another on the
same entity group ("too much contention", ABORTED). ndb retries some of these; this retries the whole function
with jittered backoff a bounded number of times, then refuses the action with a 409 that changed nothing.
"""
from __future__ import annotations

import logging
import random
import time
from typing import Callable, TypeVar

from google.api_core import exceptions as core_exceptions
from google.cloud import ndb

from actions.errors import ActionError

T = TypeVar("T")
ATTEMPTS = 8
log = logging.getLogger(__name__)
CONTENTION = (core_exceptions.Aborted, core_exceptions.Conflict, core_exceptions.RetryError,
              core_exceptions.DeadlineExceeded, core_exceptions.ServiceUnavailable)


def transact(fn: Callable[[], T], *, xg: bool = False, attempts: int = ATTEMPTS) -> T:
    for attempt in range(attempts):
        try:
            return ndb.transaction(fn, retries=2, xg=xg)
        except CONTENTION as exc:
            log.info("transaction contention (attempt %d): %s", attempt + 1, exc)
            time.sleep(random.uniform(0.005, 0.02 * 2 ** attempt))
    raise ActionError(409, "too many simultaneous changes to this student's data; nothing was changed, try again")
