"""Contention in the real Datastore emulator: two transactions that both read before either commits."""
from __future__ import annotations

import logging
import threading
from collections import Counter

from google.cloud import ndb

from clients.datastore import transact


class Tally(ndb.Model):
    n = ndb.IntegerProperty(default=0)


def test_a_real_conflict_is_retried_and_both_increments_land(ndb_client, namespace, caplog):
    with ndb_client.context(namespace=namespace, cache_policy=False):
        key = Tally(id="tally").put()
    both_read = threading.Barrier(2, timeout=20)
    runs: Counter[str] = Counter()
    errors: list[BaseException] = []

    def bump(name: str) -> None:
        def txn():
            runs[name] += 1
            tally = key.get()
            if runs[name] == 1:
                both_read.wait()  # neither commits before both have read: a real conflict
            tally.n += 1
            tally.put()

        try:
            with ndb_client.context(namespace=namespace, cache_policy=False):
                transact(txn)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    caplog.set_level(logging.INFO, logger="clients.datastore")
    threads = [threading.Thread(target=bump, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    with ndb_client.context(namespace=namespace, cache_policy=False):
        assert key.get().n == 2
    assert sum(runs.values()) >= 3, runs  # one of them ran again
    assert any("transaction contention" in r.getMessage() for r in caplog.records)
