"""Write the content catalogue (exercises, videos, playlists, memberships) to the Datastore. Idempotent.

Invariants:
- key ids are deterministic (exercise name, YouTube id, playlist slug, "<playlist>:<youtube id>"), so seeding twice
  changes nothing the second time and never duplicates an entity;
- an existing ``Exercise.seconds_per_fast_problem`` is never overwritten: the weekly job
  (``jobs/exercise_stats.py``) owns it;
- the code is authoritative for membership: every association listed in ``content.videos`` is live, and a stored
  association the code no longer lists is marked ``live = False`` (kept, never deleted, so history still resolves);
- ``position`` fields follow the order of the catalogue, for stable ordering on pages and in the API.

``seed()`` writes into the current ndb context. ``python -m content.seed`` reads the settings as the app does
(``Config.from_env``), opens the app's context (its project and namespace) and prints what it did.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from google.cloud import ndb

from clients.datastore import context, make_client
from config import Config
from content.exercises import EXERCISES
from content.videos import PLAYLIST_VIDEOS, PLAYLISTS, VIDEOS
from models.content import Exercise, Playlist, Video, VideoPlaylist

_PRESERVED = {Exercise: ("seconds_per_fast_problem",)}


@dataclass
class SeedReport:
    """Per kind: how many entities were created, updated, left unchanged; and associations retired."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    retired: int = 0

    def lines(self) -> list[str]:
        kinds = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        return [
            f"{kind}: {self.created.get(kind, 0)} created, {self.updated.get(kind, 0)} updated, "
            f"{self.unchanged.get(kind, 0)} unchanged"
            for kind in kinds
        ] + [f"VideoPlaylist: {self.retired} retired (no longer listed)"]


def desired_entities() -> list[list[ndb.Model]]:
    """The catalogue as unsaved entities, one list per kind. Needs an ndb context (keys carry the namespace)."""
    exercises = [
        Exercise(id=e.name, display_name=e.display_name, subject=e.subject, prerequisites=list(e.prerequisites),
                 covers=list(e.covers), summative=e.summative, position=i)
        for i, e in enumerate(EXERCISES)
    ]
    videos = [Video(id=v.youtube_id, title=v.title, duration=v.duration, position=i) for i, v in enumerate(VIDEOS)]
    playlists = [Playlist(id=p.id, title=p.title, subject=p.subject, position=i) for i, p in enumerate(PLAYLISTS)]
    members = [
        VideoPlaylist(id=f"{slug}:{youtube_id}", playlist=ndb.Key(Playlist, slug), video=ndb.Key(Video, youtube_id),
                      live=True, position=i)
        for slug, youtube_ids in PLAYLIST_VIDEOS.items()
        for i, youtube_id in enumerate(youtube_ids)
    ]
    return [exercises, videos, playlists, members]


def _sync(desired: list[ndb.Model], stored: list[ndb.Model | None], report: SeedReport) -> list[ndb.Model]:
    """The entities to put so that ``stored`` matches ``desired`` (same order); counts go to ``report``."""
    to_put: list[ndb.Model] = []
    for want, have in zip(desired, stored):
        kind, preserved = type(want).__name__, _PRESERVED.get(type(want), ())
        values = {k: v for k, v in want.to_dict().items() if k not in preserved}
        if have is None:
            to_put.append(want)
            report.created[kind] = report.created.get(kind, 0) + 1
        elif {k: v for k, v in have.to_dict().items() if k in values} != values:
            have.populate(**values)
            to_put.append(have)
            report.updated[kind] = report.updated.get(kind, 0) + 1
        else:
            report.unchanged[kind] = report.unchanged.get(kind, 0) + 1
    return to_put


def _retire(listed: set[ndb.Key]) -> list[VideoPlaylist]:
    stale = [m for m in VideoPlaylist.query(VideoPlaylist.live == True) if m.key not in listed]  # noqa: E712
    for membership in stale:
        membership.live = False
    return stale


def seed() -> SeedReport:
    """Make the stored catalogue match the code, inside the current ndb context."""
    report = SeedReport()
    groups = desired_entities()
    desired = [entity for group in groups for entity in group]
    to_put = _sync(desired, ndb.get_multi([entity.key for entity in desired]), report)
    retired = _retire({m.key for m in groups[-1]})
    report.retired = len(retired)
    if to_put or retired:
        ndb.put_multi(to_put + retired)
    return report


def main() -> None:
    config = Config.from_env()
    with context(make_client(config), config):
        report = seed()
    for line in report.lines():
        print(line)


if __name__ == "__main__":
    main()
