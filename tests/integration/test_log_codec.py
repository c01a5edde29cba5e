"""`log_codec.encode` against ndb's own encoding: the message built straight on the C protobuf equals ndb's for
generated logs (None values, empty and non-empty lists, any namespace, int and str ids, decoded entities), and
decodes to the same model and the same rule fields; anything it does not mirror goes through ndb."""
from __future__ import annotations

import datetime

import pytest
from google.cloud import ndb
from hypothesis import HealthCheck, given, settings, strategies as st

from badges import log_codec
from badges.log_codec import _RawEntity, decode, decode_fields, encode, ndb_encode
from models.logs import ProblemLog, VideoLog
from models.user import UserData

_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
_text = st.text(max_size=40)
_datetimes = st.datetimes(min_value=datetime.datetime(1, 1, 1), max_value=datetime.datetime(9999, 12, 31))
_floats = st.floats(allow_nan=False)
_ints = st.integers(min_value=-2**63, max_value=2**63 - 1)
_ids = st.one_of(st.integers(min_value=1, max_value=2**63 - 1), st.text(min_size=1, max_size=30))
_namespaces = st.sampled_from([None, "", "ns-1", "tests.x_9"])


def _key(kind: type, ident, namespace: str | None, user) -> ndb.Key:
    return ndb.Key(UserData, user, kind, ident, namespace=namespace)


problem_logs = st.builds(
    lambda ident, ns, user, **fields: ProblemLog(key=_key(ProblemLog, ident, ns, user), **fields),
    _ids, _namespaces, _ids, exercise=st.none() | st.text(max_size=30), problem_number=st.none() | _ints,
    correct=st.none() | st.booleans(), time_done=st.none() | _datetimes, time_taken=st.none() | _floats,
    count_attempts=st.none() | _ints, count_hints=st.none() | _ints, points_earned=st.none() | _ints)
video_logs = st.builds(
    lambda ident, ns, user, **fields: VideoLog(key=_key(VideoLog, ident, ns, user), **fields),
    _ids, _namespaces, _ids, youtube_id=st.none() | _text, time_watched=st.none() | _datetimes,
    seconds_watched=st.none() | _floats, last_second_watched=st.none() | _floats, points_earned=st.none() | _ints,
    playlist_ids=st.lists(_text, max_size=4))


def _same_as_ndb(log: ndb.Model) -> bytes:
    fast, slow = encode(log), ndb_encode(log)
    assert _RawEntity.FromString(fast) == _RawEntity.FromString(slow)
    assert decode(fast) == decode(slow) == log
    assert decode_fields(fast) == decode_fields(slow)
    return fast


@_SETTINGS
@given(log=st.one_of(problem_logs, video_logs))
def test_encode_equals_ndbs_encoding(ndb_context, log):
    _same_as_ndb(log)
    _same_as_ndb(decode(ndb_encode(log)))  # an entity read back holds ndb's wrapped base values


def test_edge_values_equal_ndbs_encoding(ndb_context):
    key = ndb.Key(UserData, 7, VideoLog, 9)
    for log in [VideoLog(key=key), VideoLog(key=key, playlist_ids=[]), VideoLog(key=key, playlist_ids=["", "é"]),
                VideoLog(key=key, youtube_id=b"bytes", playlist_ids=[b"x"], time_watched=datetime.datetime(1970, 1, 1)),
                ProblemLog(key=ndb.Key(ProblemLog, "x:1"), correct=False,
                           time_done=datetime.datetime(1969, 12, 31, 23, 59, 59, 500000), time_taken=0.0,
                           problem_number=0)]:
        blob = _same_as_ndb(log)
        assert _RawEntity.FromString(blob).key.partition_id.project_id


def test_the_key_carries_the_contexts_namespace_as_ndb_does(ndb_context):
    default = ProblemLog(key=ndb.Key(UserData, "u", ProblemLog, "a:1"), exercise="a")
    other = ProblemLog(key=ndb.Key(UserData, "u", ProblemLog, "a:1", namespace="elsewhere"), exercise="a")
    assert _RawEntity.FromString(_same_as_ndb(default)).key.partition_id.namespace_id == ndb_context.namespace
    assert _RawEntity.FromString(_same_as_ndb(other)).key.partition_id.namespace_id == "elsewhere"


class _Expanding(ndb.Expando):
    name = ndb.StringProperty()


class _Keyed(ndb.Model):
    owner = ndb.KeyProperty()


def test_anything_else_goes_through_ndb(ndb_context):
    """Models with other properties, a log without a key, and values ndb would convert or refuse."""
    odd = VideoLog(key=ndb.Key(VideoLog, "v"), playlist_ids=["a"])
    odd.playlist_ids.append(3)  # never validated: ndb refuses it, so must encode
    for entity in [_Expanding(id="e", name="n", extra=[1, 2]), _Keyed(id="k", owner=ndb.Key(UserData, "u")),
                   ProblemLog(exercise="no key", time_done=datetime.datetime(2026, 1, 1))]:
        assert _RawEntity.FromString(encode(entity)) == _RawEntity.FromString(ndb_encode(entity))
    with pytest.raises(Exception) as refused:  # whatever ndb raises, encode raises the same
        ndb_encode(odd)
    with pytest.raises(refused.type):
        encode(odd)


def test_the_logs_never_go_through_ndbs_encoding(ndb_context, monkeypatch):
    logs = [ProblemLog(key=ndb.Key(UserData, "u", ProblemLog, "a:1"), exercise="a", problem_number=1,
                       time_done=datetime.datetime(2026, 3, 2, 9, 0, 0, 123456)),
            VideoLog(key=ndb.Key(UserData, "u", VideoLog, 3), youtube_id="y", playlist_ids=["p"],
                     time_watched=datetime.datetime(1960, 1, 1, 0, 0, 0, 1))]
    logs += [decode(ndb_encode(log)) for log in logs]  # holding ndb's base values (an aware UTC datetime)
    expected = [ndb_encode(log) for log in logs]
    monkeypatch.setattr(log_codec, "ndb_encode", None)
    assert [_RawEntity.FromString(encode(log)) for log in logs] == [_RawEntity.FromString(b) for b in expected]
