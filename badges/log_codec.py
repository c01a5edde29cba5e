"""Logs as entity-protobuf bytes, the format the platform's own caches use.

Invariant: this is the only module that touches ndb's private entity <-> protobuf helpers (google-cloud-ndb 2.x
has no public pair); its round-trip test pins them, so an ndb upgrade changes one place. Both need an ndb context.
"""
from __future__ import annotations

from google.cloud import ndb
from google.cloud.datastore_v1.types import entity as entity_pb2
from google.cloud.ndb import model as ndb_model


def encode(entity: ndb.Model) -> bytes:
    return ndb_model._entity_to_protobuf(entity)._pb.SerializeToString()


def decode(blob: bytes) -> ndb.Model:
    return ndb_model._entity_from_protobuf(entity_pb2.Entity.deserialize(blob))
