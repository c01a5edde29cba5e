"""The app's ndb client makes every RPC as a blocking gRPC call (clients.datastore_stub), against the real
emulator: answers and errors reach ndb as they would through gRPC futures."""
from __future__ import annotations

import grpc
import pytest
from google.api_core import exceptions as core_exceptions
from google.cloud import ndb
from google.cloud.datastore_v1.types import datastore as datastore_pb2
from google.cloud.ndb import _datastore_api

from clients.datastore import transact
from clients.datastore_stub import BlockingStub, FinishedCall


class Note(ndb.Model):
    text = ndb.StringProperty()


def test_the_app_client_hands_ndb_finished_calls(ndb_client, namespace):
    assert isinstance(ndb_client.stub, BlockingStub)
    with ndb_client.context(namespace=namespace, cache_policy=False):
        key = Note(id="n", text="hello").put()
        request = datastore_pb2.LookupRequest(project_id=ndb_client.project, keys=[key._key.to_protobuf()])
        future = _datastore_api.stub().lookup.future(request)
        assert isinstance(future, FinishedCall) and future.done() and future.exception() is None
        assert len(future.result().found) == 1
        seen = []
        future.add_done_callback(seen.append)
        assert seen == [future]  # a finished call runs its callback at once


def test_reads_writes_and_transactions_go_through_the_blocking_stub(ndb_client, namespace):
    with ndb_client.context(namespace=namespace, cache_policy=False):
        keys = ndb.put_multi([Note(id=f"n{i}", text=str(i)) for i in range(5)])

        def txn():
            notes = ndb.get_multi(keys)
            for note in notes:
                note.text += "!"
            ndb.put_multi(notes)

        transact(txn, xg=True)
        assert [n.text for n in ndb.get_multi(keys)] == [f"{i}!" for i in range(5)]
        assert sorted(n.text for n in Note.query().fetch()) == sorted(f"{i}!" for i in range(5))


def test_a_refused_call_is_the_error_ndb_would_have_seen(ndb_client, namespace):
    with ndb_client.context(namespace=namespace, cache_policy=False):
        bad = datastore_pb2.CommitRequest(project_id=ndb_client.project, transaction=b"no such transaction")
        future = _datastore_api.stub().commit.future(bad)
        assert isinstance(future.exception(), grpc.RpcError)
        assert future.exception().code() == grpc.StatusCode.INVALID_ARGUMENT
        with pytest.raises(grpc.RpcError):
            future.result()
        with pytest.raises(core_exceptions.InvalidArgument):
            _datastore_api.make_call("commit", bad, retries=0).result()
