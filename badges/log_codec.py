"""Logs as entity-protobuf bytes, the format the platform's own caches use.

Invariant: this is the only module that touches ndb's private entity <-> protobuf helpers and its private query
iterator (google-cloud-ndb 2.x has no public pair, nor a public way to a query's raw results); its round-trip
tests pin them, so an ndb upgrade changes one place. All of them need an ndb context.
"""
from __future__ import annotations

from google.cloud import ndb
from google.cloud.datastore_v1.types import entity as entity_pb2
from google.cloud.ndb import _datastore_query
from google.cloud.ndb import model as ndb_model


def encode(entity: ndb.Model) -> bytes:
    return ndb_model._entity_to_protobuf(entity)._pb.SerializeToString()


def decode(blob: bytes) -> ndb.Model:
    return ndb_model._entity_from_protobuf(entity_pb2.Entity.deserialize(blob))


def fetch_encoded(query: ndb.Query, limit: int) -> list[bytes]:
    """What ``query.fetch(limit)`` returns, as entity-protobuf bytes taken from the query's own results: no model
    is built and nothing is encoded (a third of the CPU of fetching and encoding); `decode` gives the entities."""
    results = _datastore_query.iterate(query.iter(limit=limit)._query, raw=True)
    blobs = []
    while results.has_next():
        blobs.append(results.next().result_pb.entity._pb.SerializeToString())
    return blobs
