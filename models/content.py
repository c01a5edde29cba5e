"""Site content: exercises, videos, playlists and the video–playlist association (with its ``live`` flag)."""
from __future__ import annotations

from google.cloud import ndb

from learning import proficiency


class Exercise(ndb.Model):
    """Key id is the exercise name. The problem generator lives in code (``content``); this holds what changes."""

    display_name = ndb.TextProperty()
    subject = ndb.StringProperty()
    prerequisites = ndb.TextProperty(repeated=True)
    covers = ndb.TextProperty(repeated=True)
    summative = ndb.BooleanProperty(default=False, indexed=False)
    seconds_per_fast_problem = ndb.FloatProperty(default=2.0, indexed=False)
    position = ndb.IntegerProperty(default=0, indexed=False)

    @property
    def name(self) -> str:
        return self.key.id()

    @property
    def required_streak(self) -> int:
        return proficiency.required_streak(self.summative, len(self.prerequisites))


class Video(ndb.Model):
    """Key id is the YouTube id."""

    title = ndb.TextProperty()
    duration = ndb.IntegerProperty(indexed=False)
    position = ndb.IntegerProperty(default=0, indexed=False)

    @property
    def youtube_id(self) -> str:
        return self.key.id()


class Playlist(ndb.Model):
    """Key id is a slug."""

    title = ndb.TextProperty()
    subject = ndb.TextProperty()
    position = ndb.IntegerProperty(default=0)


class VideoPlaylist(ndb.Model):
    """A video in a playlist; key id ``<playlist id>:<youtube id>``. Only ``live`` associations count."""

    playlist = ndb.KeyProperty(kind=Playlist)
    video = ndb.KeyProperty(kind=Video)
    live = ndb.BooleanProperty(default=True)
    position = ndb.IntegerProperty(default=0, indexed=False)
