"""The student API (`/api/v1`): JSON in, JSON out, never cached (main.py marks every `/api/` answer with
`X-KA-API-Response: true`)."""
from __future__ import annotations

from flask import Blueprint, jsonify, request

from actions import exercises, users, videos
from actions.errors import bad_request, conflict
from content import serve_tokens
from handlers.common import json_body, now, services
from handlers.serializers import exercise_json, playlists_json, user_exercise_json, user_json, user_video_json
from identity import session as identity

bp = Blueprint("api", __name__, url_prefix="/api/v1")
MAX_ANSWER = 200


@bp.after_request
def never_cached(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/user")
def get_user():
    ident = identity.current_identity()
    ud = users.load_or_new(ident, now())
    return jsonify(user_json(ud, ident, identity.csrf_token()))


@bp.get("/exercises")
def get_exercises():
    return jsonify([exercise_json(e) for e in services().catalogue.exercises()])


@bp.get("/user/exercises/<exercise>")
def get_user_exercise(exercise: str):
    ue = exercises.read_user_exercise(services(), identity.current_identity().user_id, exercise)
    return jsonify(user_exercise_json(ue))


@bp.get("/user/exercises/<exercise>/problems/<int:number>")
def get_problem(exercise: str, number: int):
    problem, token = exercises.serve(services(), identity.current_identity(), exercise, number, now())
    return jsonify({"exercise": exercise, "problem_number": number, "question": problem.question,
                    "answer_type": problem.answer_type, "hints_available": len(problem.hints),
                    "problem_token": token})


def _problem_number(number: int) -> int:
    """Problem numbers start at 1: problem 0 is never the one to work on (409, as for any other wrong number)."""
    if number < 1:
        raise conflict(f"problem {number} is not the next problem")
    return number


def _problem_token(body: dict) -> str | None:
    """The serve token the body carries (None when it has none; a missing token is a 409 of the action)."""
    token = body.get("problem_token")
    if token is not None and (not isinstance(token, str) or len(token) > serve_tokens.MAX_LENGTH):
        raise bad_request(f"problem_token must be the string a serve answered (at most {serve_tokens.MAX_LENGTH})")
    return token


@bp.post("/user/exercises/<exercise>/problems/<int:number>/attempt")
def post_attempt(exercise: str, number: int):
    number = _problem_number(number)
    body = json_body()
    answer = body.get("answer")
    if isinstance(answer, (int, float)) and not isinstance(answer, bool):
        answer = str(answer)
    if not isinstance(answer, str) or not answer.strip() or len(answer) > MAX_ANSWER:
        raise bad_request(f"answer must be a non-empty string of at most {MAX_ANSWER} characters")
    outcome = exercises.attempt(services(), identity.current_identity(), exercise, number, answer, now(),
                                token=_problem_token(body))
    return jsonify({"correct": outcome.correct, "completed": outcome.completed,
                    "user_exercise": user_exercise_json(outcome.user_exercise),
                    "action_results": outcome.results.to_json()})


@bp.post("/user/exercises/<exercise>/problems/<int:number>/hint")
def post_hint(exercise: str, number: int):
    number = _problem_number(number)
    body = json_body() if request.get_data() else {}
    text, ue, results = exercises.hint(services(), identity.current_identity(), exercise, number, now(),
                                       token=_problem_token(body))
    return jsonify({"hint": text, "user_exercise": user_exercise_json(ue), "action_results": results.to_json()})


@bp.get("/playlists")
def get_playlists():
    return jsonify(playlists_json(services().catalogue))


@bp.post("/user/videos/<youtube_id>/log")
def post_video_log(youtube_id: str):
    body = json_body()
    seconds = videos.parse_seconds(body.get("seconds_watched"), "seconds_watched")
    last = videos.parse_seconds(body.get("last_second_watched", 0), "last_second_watched")
    outcome = videos.log_progress(services(), identity.current_identity(), youtube_id, seconds, last, now())
    return jsonify({"user_video": user_video_json(outcome.user_video), "action_results": outcome.results.to_json()})
