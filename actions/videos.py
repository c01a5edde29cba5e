"""Video progress logs (SPEC §3 "Video time", "Energy points").

Invariants: a log is bounded by the video's duration and by the student's watch (all videos together are credited
at most the wall-clock time since the watch began plus one fixed slack, `learning.video_time`), and refused when it
overlaps a log of another video; its seconds go to `UserVideo`,
`UserData.total_seconds_watched` and `UserPlaylist.seconds_watched` of every *live* playlist holding the video,
all in one transaction with the log, the points and the badge awards.
"""
from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from google.cloud import ndb

from actions import users
from actions.errors import bad_request, conflict, not_found
from actions.services import Services
from actions.results import ActionResults
from badges import engine
from clients.datastore import transact
from identity.session import Identity
from learning import activity, points, video_time
from models.content import Playlist, Video
from models.logs import VideoLog
from models.user import UserData, UserPlaylist, UserVideo

MAX_SECONDS = 24 * 3600.0


@dataclass
class VideoOutcome:
    user_video: UserVideo
    results: ActionResults


def parse_seconds(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise bad_request(f"{name} must be a number")
    value = float(value)
    if math.isnan(value) or math.isinf(value) or value < 0 or value > MAX_SECONDS:
        raise bad_request(f"{name} must be between 0 and {int(MAX_SECONDS)}")
    return value


def log_progress(services: Services, ident: Identity, youtube_id: str, seconds_watched: float,
                 last_second_watched: float, now: datetime.datetime) -> VideoOutcome:
    """Credit one progress report of the player; the log, its points and the badge awards commit together."""
    video = services.catalogue.video(youtube_id)
    if video is None:
        raise not_found(f"unknown video: {youtube_id}")
    playlists = services.catalogue.live_playlists(youtube_id)
    badges = engine.begin(services.lac, ident.user_id, enabled=services.badge_engine)
    user_key = users.user_key(ident.user_id)
    playlist_keys = [ndb.Key(UserPlaylist, p.key.id(), parent=user_key) for p in playlists]

    def txn():
        ud, uv, *ups = ndb.get_multi([user_key, ndb.Key(UserVideo, youtube_id, parent=user_key)] + playlist_keys)
        ud = users.load_or_new(ident, now, ud)
        accepted = _accepted_seconds(ud, video, seconds_watched, last_second_watched, now)
        uv = uv or UserVideo(key=ndb.Key(UserVideo, youtube_id, parent=user_key), youtube_id=youtube_id)
        gained = _watch(uv, video, accepted, last_second_watched)
        _credit_user(ud, youtube_id, accepted, gained, now)
        user_playlists = [_credit_playlist(playlist, key, up, accepted)
                          for playlist, key, up in zip(playlists, playlist_keys, ups)]
        log = VideoLog(parent=user_key, id=f"{now:%Y%m%d%H%M%S%f}:{youtube_id}", youtube_id=youtube_id,
                       time_watched=now, seconds_watched=accepted, last_second_watched=uv.last_second_watched,
                       points_earned=gained, playlist_ids=[p.key.id() for p in playlists])
        results = ActionResults(ud, points=gained)
        results.awards, awarded = badges.video(ud, user_playlists, log, now)
        ndb.put_multi([ud, uv, log, *user_playlists, *awarded])
        return uv, results

    uv, results = transact(txn, xg=True)
    badges.after_commit()
    return VideoOutcome(uv, results)


def _accepted_seconds(ud: UserData, video: Video, claimed: float, last_second: float,
                      now: datetime.datetime) -> float:
    """The seconds this log may credit, within the watch bound (409 when it overlaps another video's log, 400
    when it cannot be true)."""
    since = (now - ud.last_video_log_time).total_seconds() if ud.last_video_log_time else None
    if video_time.overlaps_other_video(previous_youtube_id=ud.last_video_youtube_id, youtube_id=video.youtube_id,
                                       seconds_since_previous_log=since, claimed=claimed):
        raise conflict("this log overlaps the log of another video")
    try:
        accepted, watch = video_time.credit(
            claimed=claimed, last_second=last_second, duration=video.duration, previous_log=ud.last_video_log_time,
            watch=video_time.Watch(ud.video_watch_start, ud.video_watch_credited or 0.0), now=now)
    except video_time.VideoLogRejected as exc:
        raise bad_request(str(exc)) from exc
    ud.video_watch_start, ud.video_watch_credited = watch.start, watch.credited
    return accepted


def _watch(uv: UserVideo, video: Video, accepted: float, last_second: float) -> int:
    """Add ``accepted`` seconds to the user's video; returns the video points newly gained (never negative)."""
    uv.duration = video.duration
    uv.seconds_watched += accepted
    uv.last_second_watched = video_time.clamp_last_second(last_second, video.duration)
    gained = max(0, points.video_points(uv.seconds_watched, video.duration) - uv.points)
    uv.points += gained
    uv.completed = uv.completed or uv.seconds_watched >= 0.9 * video.duration
    return gained


def _credit_user(ud: UserData, youtube_id: str, accepted: float, gained: int, now: datetime.datetime) -> None:
    ud.points = (ud.points or 0) + gained
    ud.total_seconds_watched = (ud.total_seconds_watched or 0.0) + accepted
    ud.last_video_log_time, ud.last_video_youtube_id = now, youtube_id
    ud.activity_run_start, ud.last_activity = activity.record_activity(ud.activity_run_start, ud.last_activity, now)


def _credit_playlist(playlist: Playlist, key: ndb.Key, up: UserPlaylist | None, accepted: float) -> UserPlaylist:
    up = up or UserPlaylist(key=key, playlist_id=playlist.key.id(), seconds_watched=0.0)
    up.title = playlist.title
    up.seconds_watched += accepted
    return up
