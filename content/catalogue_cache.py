"""The stored content (exercises, videos, playlists and their live links) read through a cache per app: at most one
query per kind every `TTL_SECONDS`, instead of Datastore reads on every request that names an exercise or video.

Invariants: stored content changes only when the catalogue is seeded and when the weekly stats job sets an
exercise's ``seconds_per_fast_problem``; an app sees either within `TTL_SECONDS`. An empty read (a namespace not
seeded yet) is never kept. The entities handed out are shared by every request of the app: callers read them and
never modify or put them. The cache is read outside transactions (its queries cannot run inside one).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Generic, TypeVar

from models.content import Exercise, Playlist, Video, VideoPlaylist

TTL_SECONDS = 60.0
T = TypeVar("T")


class Cached(Generic[T]):
    """What ``load()`` returned, kept ``ttl`` seconds of ``clock``; an empty (falsy) value is read again next time.
    Two threads may both reload at expiry: they read the same thing."""

    def __init__(self, load: Callable[[], T], ttl: float, clock: Callable[[], float]):
        self._load, self._ttl, self._clock = load, ttl, clock
        self._kept: tuple[float, T] | None = None

    def get(self) -> T:
        now, kept = self._clock(), self._kept
        if kept is not None and now < kept[0]:
            return kept[1]
        value = self._load()
        self._kept = (now + self._ttl, value) if value else None
        return value


@dataclass(frozen=True)
class Exercises:
    by_name: dict[str, Exercise]
    ordered: tuple[Exercise, ...]  # by position, then name

    def __bool__(self) -> bool:
        return bool(self.ordered)


@dataclass(frozen=True)
class Videos:
    by_id: dict[str, Video]
    playlists: tuple[Playlist, ...]  # by position, then id
    live_links: tuple[VideoPlaylist, ...]  # live links only, by key (playlist id, then YouTube id)
    live_playlists: dict[str, tuple[Playlist, ...]]  # by YouTube id: its live links' playlists, by link key

    def __bool__(self) -> bool:
        return bool(self.by_id)


def read_exercises() -> Exercises:
    rows = tuple(sorted(Exercise.query().fetch(), key=lambda e: (e.position, e.key.id())))
    return Exercises({e.key.id(): e for e in rows}, rows)


def read_videos() -> Videos:
    playlists = tuple(sorted(Playlist.query().fetch(), key=lambda p: (p.position, p.key.id())))
    links = tuple(sorted((link for link in VideoPlaylist.query().fetch() if link.live), key=lambda l: l.key.id()))
    by_id = {p.key.id(): p for p in playlists}
    live: dict[str, list[Playlist]] = {}
    for link in links:
        if link.playlist.id() in by_id:
            live.setdefault(link.video.id(), []).append(by_id[link.playlist.id()])
    return Videos({v.key.id(): v for v in Video.query().fetch()}, playlists, links,
                  {video: tuple(found) for video, found in live.items()})


class Catalogue:
    """The app's stored content, through `Cached`."""

    def __init__(self, ttl: float = TTL_SECONDS, clock: Callable[[], float] = time.monotonic):
        self._exercises = Cached(read_exercises, ttl, clock)
        self._videos = Cached(read_videos, ttl, clock)

    def exercise(self, name: str) -> Exercise | None:
        return self._exercises.get().by_name.get(name)

    def exercises(self) -> tuple[Exercise, ...]:
        """Every stored exercise, by position, then name."""
        return self._exercises.get().ordered

    def video(self, youtube_id: str) -> Video | None:
        return self._videos.get().by_id.get(youtube_id)

    def live_playlists(self, youtube_id: str) -> list[Playlist]:
        """The playlists a live link puts the video in, in the order of the links' keys (indexed once per load:
        a video log reads it on every action)."""
        return list(self._videos.get().live_playlists.get(youtube_id, ()))

    def playlists(self) -> list[tuple[Playlist, list[Video]]]:
        """Every playlist (by position) with its live videos (by the link's position)."""
        videos = self._videos.get()
        out = []
        for playlist in videos.playlists:
            mine = sorted((link for link in videos.live_links if link.playlist == playlist.key),
                          key=lambda link: link.position)
            out.append((playlist, [videos.by_id[link.video.id()] for link in mine
                                   if link.video.id() in videos.by_id]))
        return out
