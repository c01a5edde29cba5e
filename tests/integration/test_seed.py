"""Seeding against the real Datastore emulator: complete, idempotent, and respectful of cron-owned fields.

A missing emulator is a failure, never a skip. Each test works in a fresh namespace.
"""
from __future__ import annotations

from collections import Counter

from google.cloud import ndb

from clients.datastore import context
from content import seed as seed_module
from content.exercises import EXERCISES
from content.seed import SeedReport, desired_entities, seed
from content.videos import PLAYLIST_VIDEOS, PLAYLISTS, VIDEOS
from models.content import Exercise, Playlist, Video, VideoPlaylist

EXPECTED = {
    "Exercise": len(EXERCISES),
    "Video": len(VIDEOS),
    "Playlist": len(PLAYLISTS),
    "VideoPlaylist": sum(len(members) for members in PLAYLIST_VIDEOS.values()),
}


def _stored() -> Counter:
    keys = [entity.key for group in desired_entities() for entity in group]
    return Counter(entity.key.kind() for entity in ndb.get_multi(keys) if entity is not None)


def test_seeding_twice_writes_everything_once(ndb_context):
    first = seed()
    assert first.created == EXPECTED and not first.updated
    assert _stored() == Counter(EXPECTED)
    second = seed()
    assert second == SeedReport(unchanged=EXPECTED)
    assert _stored() == Counter(EXPECTED)


def test_seeded_entities_carry_the_catalogue(ndb_context):
    seed()
    challenge = Exercise.get_by_id("arithmetic_challenge")
    assert challenge.summative and challenge.required_streak == 120 and challenge.subject == "Arithmetic"
    assert Exercise.get_by_id("addition_1").display_name == "Addition 1"
    assert Exercise.get_by_id("addition_1").seconds_per_fast_problem == 2.0
    first_video = VIDEOS[0]
    assert Video.get_by_id(first_video.youtube_id).duration == first_video.duration
    membership = VideoPlaylist.get_by_id(f"arithmetic:{PLAYLIST_VIDEOS['arithmetic'][0]}")
    assert membership.live and membership.playlist == ndb.Key(Playlist, "arithmetic")


def test_reseeding_keeps_the_cron_owned_speed_and_repairs_content(ndb_context):
    seed()
    exercise = Exercise.get_by_id("addition_1")
    exercise.seconds_per_fast_problem = 7.5
    video = Video.get_by_id(VIDEOS[0].youtube_id)
    video.title = "edited by hand"
    ndb.put_multi([exercise, video])
    report = seed()
    assert report.updated == {"Video": 1} and not report.created
    assert Exercise.get_by_id("addition_1").seconds_per_fast_problem == 7.5
    assert Video.get_by_id(VIDEOS[0].youtube_id).title == VIDEOS[0].title


def test_an_association_no_longer_listed_is_retired_not_deleted(ndb_context):
    seed()
    stale = VideoPlaylist(id="algebra:zR5nY9lD3aU", playlist=ndb.Key(Playlist, "algebra"),
                          video=ndb.Key(Video, "zR5nY9lD3aU"), live=True)
    stale.put()
    # non-ancestor queries on the emulator are eventually consistent: a seed may not see the new entity yet
    for _ in range(20):
        if seed().retired:
            break
    stored = VideoPlaylist.get_by_id("algebra:zR5nY9lD3aU")
    assert stored is not None and stored.live is False


def test_the_command_seeds_where_the_app_reads(ndb_client, config, monkeypatch, capsys):
    monkeypatch.setenv("DATASTORE_NAMESPACE", config.namespace)
    seed_module.main()
    assert f"Exercise: {EXPECTED['Exercise']} created, 0 updated, 0 unchanged" in capsys.readouterr().out
    with context(ndb_client, config):
        assert _stored() == Counter(EXPECTED)
