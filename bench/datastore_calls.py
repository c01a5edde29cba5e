"""Counting what the Datastore is asked for while a block runs: RPCs by name, entities and keys read (lookups and
query results, keys-only results apart) and entities written or deleted (commit mutations), by wrapping the one
function every ndb RPC goes through (the real call still happens). For the capacity model (docs/SCALE.md)."""
from __future__ import annotations

import collections
import contextlib
from typing import Iterator


def _tally(counts: collections.Counter, rpc_name: str, request, future) -> None:
    counts[rpc_name] += 1
    if rpc_name == "commit":
        counts["entities_written"] += len(request.mutations)
    if rpc_name not in ("lookup", "run_query"):
        return

    def on_done(done) -> None:
        if done.exception() is not None:
            return
        response = done.result()
        if rpc_name == "lookup":
            counts["entities_read"] += len(response.found)
        elif request.query.projection and request.query.projection[0].property.name == "__key__":
            counts["keys_read"] += len(response.batch.entity_results)
        else:
            counts["entities_read"] += len(response.batch.entity_results)

    future.add_done_callback(on_done)


@contextlib.contextmanager
def counting() -> Iterator[collections.Counter]:
    """Counts (``lookup``, ``run_query``, ``begin_transaction``, ``commit``, ``entities_read``, ``keys_read``,
    ``entities_written``) of the RPCs made inside the block."""
    from google.cloud.ndb import _datastore_api

    counts: collections.Counter = collections.Counter()
    real = _datastore_api.make_call

    def counted(rpc_name, request, *args, **kwargs):
        future = real(rpc_name, request, *args, **kwargs)
        _tally(counts, rpc_name, request, future)
        return future

    _datastore_api.make_call = counted
    try:
        yield counts
    finally:
        _datastore_api.make_call = real
