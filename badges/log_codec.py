"""Logs as entity-protobuf bytes, the format the platform's own caches use.

Invariant: this is the only module that touches ndb's private entity <-> protobuf helpers and its private query
runner (google-cloud-ndb 2.x has no public pair, nor a public way to a query's raw results); its round-trip
tests pin them, so an ndb upgrade changes one place. All of them need an ndb context; a query run inside a
transaction reads that transaction's snapshot.
"""
from __future__ import annotations

import dataclasses
import datetime

from google.cloud import ndb
from google.cloud.datastore_v1.types import entity as entity_pb2
from google.cloud.ndb import _datastore_query
from google.cloud.ndb import model as ndb_model

_RawEntity = entity_pb2.Entity.pb()


def encode(entity: ndb.Model) -> bytes:
    return ndb_model._entity_to_protobuf(entity)._pb.SerializeToString()


def decode(blob: bytes) -> ndb.Model:
    return ndb_model._entity_from_protobuf(_RawEntity.FromString(blob))


@dataclasses.dataclass(frozen=True, slots=True)
class ProblemFields:
    """What the badge rules read of a `ProblemLog` (badges.context.ProblemLogView), and its number."""

    problem_number: int | None
    exercise: str | None
    correct: bool | None
    time_done: datetime.datetime | None
    time_taken: float | None


@dataclasses.dataclass(frozen=True, slots=True)
class VideoFields:
    """What the badge rules read of a `VideoLog` (badges.context.VideoLogView), and its video."""

    youtube_id: str | None
    time_watched: datetime.datetime | None
    seconds_watched: float | None


_FIELDS = {"ProblemLog": ProblemFields, "VideoLog": VideoFields}


def _value(value_pb):
    """A property's value as ndb gives it: a timestamp as a naive UTC datetime (microseconds), null as None."""
    which = value_pb.WhichOneof("value_type")
    if which == "timestamp_value":
        return value_pb.timestamp_value.ToDatetime()
    return None if which in (None, "null_value") else getattr(value_pb, which)


def decode_fields(blob: bytes) -> ProblemFields | VideoFields:
    """The rules' fields of a log's entity-protobuf bytes, read straight from the C protobuf: no model, no key, no
    proto-plus wrapper (a fraction of `decode`'s CPU). Equal to `decode`'s attributes (tests pin it); a missing
    property reads None, as on the model."""
    entity = _RawEntity.FromString(blob)
    fields = _FIELDS[entity.key.path[-1].kind]
    properties = entity.properties
    return fields(*(_value(properties[name]) if name in properties else None
                    for name in fields.__dataclass_fields__))


class EncodedPages:
    """The results of ``query`` (at most ``limit``) as entity-protobuf bytes, fetched as far as asked.

    Each batch is taken from the raw RunQuery response (C protobuf): no model, no key object and no proto-plus
    wrapper is built per result, and nothing is encoded (a tenth of the CPU of ndb's own iterator). ``blobs``
    only grows, in the query's order; ``done`` once the query has no more results or ``limit`` are held.
    """

    def __init__(self, query: ndb.Query, limit: int):
        self._options = query.iter(limit=limit)._query
        self.limit = limit
        self.blobs: list[bytes] = []
        self.done = limit <= 0

    def fetch(self, upto: int) -> list[bytes]:
        """Fetches until ``upto`` results (capped at ``limit``) are held or the query is done; returns them all."""
        upto = min(upto, self.limit)
        while not self.done and len(self.blobs) < upto:
            asked = upto - len(self.blobs)
            response = _datastore_query._datastore_run_query(self._options.copy(limit=asked)).result()
            batch = response._pb.batch
            got = [result.entity.SerializeToString() for result in batch.entity_results]
            self.blobs.extend(got)
            # The emulator never says "no more results": a short batch that is not "not finished" ends the query.
            finished = batch.more_results != _datastore_query.NOT_FINISHED and len(got) < asked
            self.done = finished or len(self.blobs) >= self.limit
            self._options = self._options.copy(start_cursor=_datastore_query.Cursor(batch.end_cursor))
        return self.blobs


def fetch_encoded(query: ndb.Query, limit: int) -> list[bytes]:
    """What ``query.fetch(limit)`` returns, as entity-protobuf bytes taken from the query's own results: no model
    is built and nothing is encoded; `decode` gives the entities."""
    return EncodedPages(query, limit).fetch(limit)
