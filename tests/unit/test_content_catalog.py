"""The content catalogue: every exercise docs/BADGES.md §5 names exists, the prerequisite graph is sound,
challenges follow their subject's level badges, and the video library has what the playlist and video-time badges
need."""
from __future__ import annotations

import re
from collections import Counter

import pytest

from content.exercises import EXERCISES, EXERCISES_BY_NAME, SUBJECTS
from content.generators import KINDS
from content.videos import PLAYLIST_VIDEOS, PLAYLISTS, VIDEOS, VIDEOS_BY_ID
from tests.unit.badges_doc import completion_rows

YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
LEVEL_BADGE = re.compile(r"level(?:one|two|three|four|five)(\w+)badge")


def test_the_doc_parses_into_completion_rows():
    rows = completion_rows()  # a parser that finds nothing would make the next tests pass vacuously
    assert len(rows) >= 10 and rows["levelonearithmeticianbadge"][0] == "addition_1"


def test_every_exercise_named_by_a_completion_badge_exists():
    named = {name for names in completion_rows().values() for name in names}
    assert named - set(EXERCISES_BY_NAME) == set()


def test_each_challenge_has_exactly_its_subjects_level_badge_exercises():
    rows = completion_rows()
    expected: dict[str, set[str]] = {}
    for badge, names in rows.items():
        match = LEVEL_BADGE.fullmatch(badge)
        if match:
            (challenge,) = rows[f"toplevel{match[1]}badge"]
            expected.setdefault(challenge, set()).update(names)
    assert set(expected) == {e.name for e in EXERCISES if e.summative}
    for challenge, names in expected.items():
        definition = EXERCISES_BY_NAME[challenge]
        assert set(definition.prerequisites) == names and len(definition.prerequisites) == len(names)
        assert definition.required_streak == 10 * len(names)


def test_names_and_display_names_are_unique():
    assert len(EXERCISES_BY_NAME) == len(EXERCISES)
    assert len({e.display_name for e in EXERCISES}) == len(EXERCISES)
    assert EXERCISES_BY_NAME["addition_1"].display_name == "Addition 1"


def test_prerequisites_and_covers_point_backwards_so_there_are_no_cycles():
    seen: set[str] = set()
    for exercise in EXERCISES:
        assert set(exercise.prerequisites) <= seen, exercise.name
        assert set(exercise.covers) <= seen, exercise.name
        assert exercise.name not in exercise.prerequisites
        seen.add(exercise.name)


def test_every_subject_has_one_challenge_and_every_exercise_a_subject_and_generator():
    assert Counter(e.subject for e in EXERCISES if e.summative) == Counter(SUBJECTS)
    for exercise in EXERCISES:
        assert exercise.subject in SUBJECTS
        assert exercise.summative or exercise.kind in KINDS, exercise.name
        assert exercise.summative or exercise.required_streak == 10


def test_level_chains_lead_from_one_level_to_the_next():
    for family in ("addition", "subtraction", "multiplication", "division"):
        for level in (2, 3, 4):
            exercise = EXERCISES_BY_NAME[f"{family}_{level}"]
            assert f"{family}_{level - 1}" in exercise.prerequisites
            assert exercise.covers == (f"{family}_{level - 1}",)


def test_playlists_cover_every_subject():
    assert len(PLAYLISTS) >= 4 and len({p.id for p in PLAYLISTS}) == len(PLAYLISTS)
    assert set(SUBJECTS) <= {p.subject for p in PLAYLISTS}
    assert set(PLAYLIST_VIDEOS) == {p.id for p in PLAYLISTS}


def test_videos_look_like_youtube_videos():
    assert len(VIDEOS) >= 30 and len(VIDEOS_BY_ID) == len(VIDEOS)
    for video in VIDEOS:
        assert YOUTUBE_ID.fullmatch(video.youtube_id), video
        assert 180 <= video.duration <= 1200 and video.title


@pytest.mark.parametrize("playlist", sorted(PLAYLIST_VIDEOS))
def test_playlist_members_are_known_and_listed_once(playlist):
    members = PLAYLIST_VIDEOS[playlist]
    assert members and len(set(members)) == len(members)
    assert set(members) <= set(VIDEOS_BY_ID)


def test_some_videos_are_in_two_playlists_and_one_is_in_none():
    counts = Counter(youtube_id for members in PLAYLIST_VIDEOS.values() for youtube_id in members)
    assert sum(1 for n in counts.values() if n >= 2) >= 3
    assert set(VIDEOS_BY_ID) - set(counts)


def test_every_playlist_holds_at_least_fifteen_minutes():
    # so that the first playlist-time badge (15 min) is reachable by watching one playlist once
    for slug, members in PLAYLIST_VIDEOS.items():
        assert sum(VIDEOS_BY_ID[v].duration for v in members) >= 15 * 60, slug
