"""Logs as entity-protobuf bytes, the format the platform's own caches use.

Invariants:
- this is the only module that touches ndb's private entity <-> protobuf helpers, its value wrapper, an entity's
  stored values (`read_value`) and its private query runner (google-cloud-ndb 2.x has no public pair, nor a
  public way to a query's raw results); its round-trip tests pin them, so an ndb upgrade changes one place. All
  of them need an ndb context; a query run inside a transaction reads that transaction's snapshot;
- `encode` gives exactly the message ndb's own encoding gives (tests compare them over generated logs): a model
  whose properties are all of simple types is built straight on the C protobuf, from its class's properties
  (name, type, indexed, repeated); any other model, or a value ndb would convert or refuse, goes through ndb.
"""
from __future__ import annotations

import dataclasses
import datetime
import functools

from google.cloud import ndb
from google.cloud.datastore_v1.types import entity as entity_pb2
from google.cloud.ndb import _datastore_query
from google.cloud.ndb import model as ndb_model

_RawEntity = entity_pb2.Entity.pb()


def encode(entity: ndb.Model) -> bytes:
    plan = _plan(type(entity))
    if plan is not None and entity._key is not None and not entity._projection:
        try:
            return _encode_simple(entity, plan)
        except _NotSimple:
            pass
    return ndb_encode(entity)


def ndb_encode(entity: ndb.Model) -> bytes:
    """ndb's own encoding (through the proto-plus wrappers): what `encode` must equal."""
    return ndb_model._entity_to_protobuf(entity)._pb.SerializeToString()


class _NotSimple(Exception):
    """A value `_encode_simple` does not take as it is (ndb would convert or refuse it): ndb encodes the entity."""


# What each simple property holds once validated; a text property may hold bytes (ndb stores them as text).
_USER_TYPES = {ndb.StringProperty: (str, bytes), ndb.TextProperty: (str, bytes), ndb.IntegerProperty: (int,),
               ndb.FloatProperty: (float,), ndb.BooleanProperty: (bool,), ndb.DateTimeProperty: (datetime.datetime,)}
# google.cloud.datastore's value fields by the base value's exact type (helpers._pb_attr_value).
_SCALAR_FIELDS = {bool: "boolean_value", int: "integer_value", float: "double_value", str: "string_value",
                  bytes: "blob_value"}
_EPOCH = datetime.datetime(1970, 1, 1)
_EPOCH_UTC = _EPOCH.replace(tzinfo=datetime.timezone.utc)
_MICROSECOND = datetime.timedelta(microseconds=1)


@functools.cache
def _plan(model: type) -> tuple | None:
    """Per property (name, accepted user types, excluded from indexes, repeated, default), or None when the model
    has a property (or an option) `_encode_simple` does not mirror."""
    if issubclass(model, ndb.Expando):
        return None
    plan = []
    for prop in model._properties.values():
        types = _USER_TYPES.get(type(prop))
        if types is None or prop._required or getattr(prop, "_tzinfo", None) is not None:
            return None
        plan.append((prop._name, types, not prop._indexed, prop._repeated, prop._default))
    return tuple(plan)


def _encode_simple(entity: ndb.Model, plan: tuple) -> bytes:
    """What ndb's `_entity_to_protobuf` builds, built on the C message: None as a null value, a repeated property
    as an array (empty when it holds nothing), an unindexed property's value (or each of its array's values)
    excluded from indexes."""
    pb = _RawEntity()
    _set_key(pb.key, entity._key)
    properties, values = pb.properties, entity._values
    for name, types, unindexed, repeated, default in plan:
        value = values.get(name, default)
        value_pb = properties[name]
        if not repeated:
            _set_value(value_pb, None if value is None else _base(value, types), unindexed)
            continue
        array = value_pb.array_value
        array.SetInParent()
        for item in value or ():
            if item is None:
                raise _NotSimple(name)
            _set_value(array.values.add(), _base(item, types), unindexed)
    return pb.SerializeToString()


def _set_key(key_pb, key: ndb.Key) -> None:
    """google.cloud.datastore's `Key.to_protobuf`: project, database and namespace when set, then the path."""
    partition = key_pb.partition_id
    partition.project_id = key.project()
    if key.database():
        partition.database_id = key.database()
    if key.namespace():
        partition.namespace_id = key.namespace()
    flat = key.flat()
    for at in range(0, len(flat), 2):
        element = key_pb.path.add()
        element.kind = flat[at]
        ident = flat[at + 1]
        if type(ident) is int:
            element.id = ident
        elif ident is not None:
            element.name = ident


def _base(value, types: tuple):
    """A held value as ndb's encoding takes it: a base value unwrapped, text held as bytes decoded."""
    if type(value) is ndb_model._BaseValue:
        return value.b_val
    if type(value) not in types:
        raise _NotSimple(value)
    if type(value) is bytes:
        try:
            return value.decode("utf-8")
        except UnicodeError:
            raise _NotSimple(value) from None
    return value


def _set_value(value_pb, value, unindexed: bool) -> None:
    kind = type(value)
    if kind in _SCALAR_FIELDS:
        setattr(value_pb, _SCALAR_FIELDS[kind], value)
    elif value is None:
        value_pb.null_value = 0
    elif isinstance(value, datetime.datetime):  # a base value read back may be aware, or carry nanoseconds
        epoch = _EPOCH if value.tzinfo is None else _EPOCH_UTC
        seconds, micros = divmod((value - epoch) // _MICROSECOND, 10**6)
        stamp = value_pb.timestamp_value
        stamp.seconds, stamp.nanos = seconds, micros * 1000
    else:
        raise _NotSimple(value)
    if unindexed:
        value_pb.exclude_from_indexes = True


_MISSING = object()


def _text(value):
    if type(value) is bytes:
        try:
            return value.decode("utf-8")
        except UnicodeError:
            pass
    return value


def _naive(value):
    return value.replace(tzinfo=None) if value.tzinfo is not None else value


def _bool(value):
    return bool(value) if type(value) is int else value


# How ndb's own `_from_base_type` turns each simple property's stored value into what an attribute read gives
# (a datetime stored as an int comes only from a projection query, which `read_value` leaves to ndb).
_FROM_BASE = {ndb.IntegerProperty: None, ndb.FloatProperty: None, ndb.BooleanProperty: _bool,
              ndb.StringProperty: _text, ndb.TextProperty: _text, ndb.BlobProperty: None,
              ndb.DateTimeProperty: _naive}


def _reader(model: type, name: str) -> tuple | None:
    """(stored name, repeated, conversion) of ``model``'s attribute ``name`` when `read_value` mirrors ndb for it;
    None for anything else (compressed, time-zoned, structured, computed, or not a property, or ``model`` is not
    an ndb model). Kept per model and name in `_READERS`."""
    prop = model._properties.get(name) if issubclass(model, ndb.Model) else None
    if prop is None or type(prop) not in _FROM_BASE or getattr(prop, "_compressed", False) \
            or getattr(prop, "_tzinfo", None) is not None or prop._code_name != name:
        reader = None
    else:
        reader = prop._name, prop._repeated, _FROM_BASE[type(prop)]
    _READERS.setdefault(model, {})[name] = reader
    return reader


_READERS: dict[type, dict[str, tuple | None]] = {}


def read_value(entity: ndb.Model, name: str):
    """``getattr(entity, name)``, without ndb converting the entity's stored values in place (which costs the
    first read and then the put, that must convert them back): a stored value is read and converted as ndb's
    property would, into a new value; the entity is left as it was. A property missing from the entity, one
    `_reader` does not mirror, a projection, or any object that is not an ndb model is read with ``getattr``.
    Tests pin the two reads equal."""
    try:
        reader = _READERS[type(entity)][name]
    except KeyError:
        reader = _reader(type(entity), name)
    if reader is None or entity._projection:
        return getattr(entity, name)
    stored, repeated, convert = reader
    value = entity._values.get(stored, _MISSING)
    if value is _MISSING or (repeated and value is None):
        return getattr(entity, name)
    if repeated:
        return [_user(item, convert) for item in value]
    return _user(value, convert)


def _user(value, convert):
    if type(value) is ndb_model._BaseValue:
        value = value.b_val
        if value is not None and convert is not None:
            value = convert(value)
    return value


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
_FIELD_NAMES = {kind: tuple(fields.__dataclass_fields__) for kind, fields in _FIELDS.items()}


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
    kind = entity.key.path[-1].kind
    properties = entity.properties
    return _FIELDS[kind](*[_value(properties[name]) if name in properties else None for name in _FIELD_NAMES[kind]])


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
