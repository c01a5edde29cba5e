"""The JSON shapes of API.md for users, exercises, videos and playlists, shared by the API and the pages (a
badge's shapes are in `badges.presentation`)."""
from __future__ import annotations

from content.catalogue_cache import Catalogue
from identity.names import shown_name
from identity.session import Identity
from models.content import Exercise
from models.user import UserData, UserExercise, UserVideo


def _iso(value):
    return value.isoformat() + "Z" if value else None


def user_json(ud: UserData, ident: Identity, csrf: str) -> dict:
    return {
        "user_id": ident.user_id, "nickname": shown_name(ident.user_id, ud.display_name), "email": ident.email,
        "is_phantom": ident.is_phantom, "is_admin": ident.is_admin, "points": ud.points or 0,
        "total_seconds_watched": ud.total_seconds_watched or 0.0, "badge_counts": ud.badge_counts_json(),
        "proficient_exercises": list(ud.proficient_exercises), "csrf_token": csrf,
        "joined": _iso(ud.joined),
    }


def exercise_json(e: Exercise) -> dict:
    return {"name": e.key.id(), "display_name": e.display_name, "subject": e.subject,
            "prerequisites": list(e.prerequisites), "covers": list(e.covers), "summative": bool(e.summative),
            "seconds_per_fast_problem": e.seconds_per_fast_problem, "required_streak": e.required_streak}


def user_exercise_json(ue: UserExercise) -> dict:
    return {"exercise": ue.exercise, "streak": ue.streak, "longest_streak": ue.longest_streak,
            "total_done": ue.total_done, "total_correct": ue.total_correct,
            "proficient": ue.proficient_date is not None, "proficient_date": _iso(ue.proficient_date)}


def user_video_json(uv: UserVideo) -> dict:
    return {"youtube_id": uv.youtube_id, "seconds_watched": uv.seconds_watched,
            "last_second_watched": uv.last_second_watched, "completed": bool(uv.completed), "points": uv.points,
            "duration": uv.duration}


def playlists_json(catalogue: Catalogue) -> list[dict]:
    return [{"id": playlist.key.id(), "title": playlist.title, "subject": playlist.subject, "videos": [
        {"youtube_id": video.key.id(), "title": video.title, "duration": video.duration} for video in videos]}
        for playlist, videos in catalogue.playlists()]
