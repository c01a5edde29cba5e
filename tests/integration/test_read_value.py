"""`log_codec.read_value` against ndb's own attribute read: for generated stats entities read back from their
protobuf (ndb's wrapped base values), entities holding values set by an action, and properties never stored, every
attribute reads equal (and of the same type) to ``getattr``, and the entity's stored values are left as they were
(so the put that follows has nothing to convert back)."""
from __future__ import annotations

import datetime

from google.cloud import ndb
from google.cloud.ndb import model as ndb_model
from hypothesis import HealthCheck, given, settings, strategies as st

from badges.log_codec import read_value
from badges.stats_view import StatsView
from models.logs import ProblemLog
from models.user import UserData, UserExercise, UserPlaylist

_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
_datetimes = st.none() | st.datetimes(min_value=datetime.datetime(1, 1, 1), max_value=datetime.datetime(9999, 12, 31))
_text = st.text(max_size=30)
_ints = st.integers(min_value=-2**63, max_value=2**63 - 1)
_floats = st.floats(allow_nan=False)

users = st.builds(
    lambda **fields: UserData(key=ndb.Key(UserData, "u1"), **fields),
    email=st.none() | _text, points=st.none() | _ints, total_seconds_watched=st.none() | _floats,
    proficient_exercises=st.lists(_text, max_size=5), all_proficient_exercises=st.lists(_text, max_size=5),
    owned_badges=st.lists(_text, max_size=8), joined=_datetimes, activity_run_start=_datetimes,
    last_activity=_datetimes, last_video_log_time=_datetimes, problem_log_count=st.none() | _ints,
    problem_run_exercise=st.none() | _text, problem_run=st.none() | _ints, last_problem_done=_datetimes,
    is_phantom=st.none() | st.booleans(), badge_counts=st.lists(_ints, max_size=6))
exercises = st.builds(
    lambda **fields: UserExercise(key=ndb.Key(UserData, "u1", UserExercise, "addition_1"), **fields),
    exercise=st.none() | _text, streak=st.none() | _ints, total_done=st.none() | _ints,
    proficient_date=_datetimes, correct_times=st.none() | st.binary(max_size=40))
playlists = st.builds(
    lambda **fields: UserPlaylist(key=ndb.Key(UserData, "u1", UserPlaylist, "p1"), **fields),
    playlist_id=st.none() | _text, title=st.none() | _text, seconds_watched=st.none() | _floats)


def _read_back(entity: ndb.Model) -> ndb.Model:
    return ndb_model._entity_from_protobuf(ndb_model._entity_to_protobuf(entity))


def _same(fast, slow) -> bool:
    return fast == slow and type(fast) is type(slow) and (
        not isinstance(fast, list) or all(type(a) is type(b) for a, b in zip(fast, slow)))


def _names(entity: ndb.Model) -> list[str]:
    """Every stored property (a computed one is read through ndb, which computes and stores it)."""
    return [name for name, prop in type(entity)._properties.items() if not isinstance(prop, ndb.ComputedProperty)]


@_SETTINGS
@given(entity=st.one_of(users, exercises, playlists))
def test_read_value_equals_ndbs_read_and_leaves_the_stored_values(ndb_context, entity):
    read, fresh = _read_back(entity), _read_back(entity)
    stored = {name: list(v) if isinstance(v, list) else v for name, v in read._values.items()}
    for name in _names(entity):
        assert _same(read_value(read, name), getattr(fresh, name)), name
        assert _same(read_value(entity, name), getattr(entity, name)), name  # values set, never stored
    assert read._values == stored and all(type(v) is type(stored[k]) for k, v in read._values.items())


def test_properties_missing_from_the_stored_entity_read_their_defaults(ndb_context):
    bare = ndb_model._entity_from_protobuf(ndb_model._entity_to_protobuf(UserData(key=ndb.Key(UserData, "u2"))))
    for name in ("problem_log_count", "owned_badges", "video_watch_credited", "problem_run", "review_due"):
        bare._values.pop(name, None)
        assert _same(read_value(bare, name), getattr(_read_back(UserData(key=ndb.Key(UserData, "u2"))), name))


def test_a_view_reads_through_it_and_a_log_too(ndb_context):
    log = _read_back(ProblemLog(key=ndb.Key(UserData, "u1", ProblemLog, "a:1"), exercise="a", correct=True,
                                time_done=datetime.datetime(2026, 3, 2, 9), time_taken=4.5))
    view = StatsView(log)
    assert (view.exercise, view.correct, view.time_done, view.time_taken) == (
        "a", True, datetime.datetime(2026, 3, 2, 9), 4.5)
    assert type(log._values["exercise"]) is ndb_model._BaseValue  # the log itself was not converted


def test_anything_but_an_ndb_model_is_read_with_getattr(ndb_context):
    class Wrapper:  # what the sweep hands the engine: the user's stats with awards it predicts
        owned_badges = ("a", "b[C]")

    assert read_value(Wrapper(), "owned_badges") == ("a", "b[C]")
