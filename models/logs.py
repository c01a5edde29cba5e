"""Action logs, children of the user's ``UserData``; the last action cache holds their entity protobufs."""
from __future__ import annotations

from google.cloud import ndb


class ProblemLog(ndb.Model):
    """A completed problem; key id ``<exercise>:<problem number>`` so a completion is logged once."""

    exercise = ndb.StringProperty()
    problem_number = ndb.IntegerProperty(indexed=False)
    correct = ndb.BooleanProperty(indexed=False)
    time_done = ndb.DateTimeProperty()
    time_taken = ndb.FloatProperty(indexed=False)
    count_attempts = ndb.IntegerProperty(indexed=False)
    count_hints = ndb.IntegerProperty(indexed=False)
    points_earned = ndb.IntegerProperty(indexed=False)


class VideoLog(ndb.Model):
    """One progress report of the video player."""

    youtube_id = ndb.TextProperty()
    time_watched = ndb.DateTimeProperty()
    seconds_watched = ndb.FloatProperty(indexed=False)
    last_second_watched = ndb.FloatProperty(indexed=False)
    points_earned = ndb.IntegerProperty(indexed=False)
    playlist_ids = ndb.TextProperty(repeated=True)
