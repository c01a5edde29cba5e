"""`GET /api/v1/openapi.json`: the OpenAPI 3.1 document of every `/api/v1` operation, built once from the
operations below and the body schemas of `handlers.openapi_schemas`.

Invariants: each operation lists exactly the statuses its handler can answer (the app-wide ones included: 403
for a refused identity, 403 for a state change without the CSRF token, 409 when a transaction's contention never
settles, 413 for a body over the limit, 503 with Retry-After when the Datastore is unavailable); every error is ``{"error": "..."}``; every response carries
``X-KA-API-Response: true``. The tests check the document with openapi-spec-validator and fuzz the live app
against it with schemathesis.
"""
from __future__ import annotations

import functools

from flask import Blueprint, jsonify

from content.videos import VIDEOS
from handlers.openapi_schemas import EXERCISE_NAME, PATH_VALUE, SCHEMAS, array, ref

bp = Blueprint("openapi", __name__, url_prefix="/api/v1")
PREFIX = "/api/v1"
API_HEADER = {"X-KA-API-Response": {"$ref": "#/components/headers/ApiResponse"}}
ERRORS = {
    400: "the request is malformed or its values are out of range",
    403: "the identity could not be established, or (a state change) the X-CSRF-Token header is missing or wrong, "
         "or (a credential) the student is a phantom and must sign in first",
    404: "no such exercise, video or badge, or no such award held (or a path value too long to name one)",
    409: "not the problem to work on now, not served to this student (no valid problem_token), or too many "
         "simultaneous changes to the same data (nothing changed)",
    413: "the request body is over 64 KiB (with Content-Length or chunked)",
    503: "the Datastore is unavailable or timing out; try again after Retry-After seconds",
}
NAMES = {400: "BadRequest", 403: "Forbidden", 404: "NotFound", 409: "Conflict", 413: "TooLarge",
         503: "Unavailable"}
EXERCISE = {"name": "exercise", "in": "path", "required": True, "schema": EXERCISE_NAME, "example": "addition_1"}
NUMBER = {"name": "number", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1},
          "example": 1, "description": "the problem's number; only total_done + 1 is the problem to work on"}
YOUTUBE_ID = {"name": "youtube_id", "in": "path", "required": True, "schema": PATH_VALUE,
              "example": VIDEOS[0].youtube_id}
PROBLEM = f"{PREFIX}/user/exercises/{{exercise}}/problems/{{number}}"
BADGE_NAME = {"name": "name", "in": "path", "required": True, "schema": PATH_VALUE, "example": "nicestreakbadge",
              "description": "a badge's name, as the catalogue spells it"}
CONTEXT = {"name": "context", "in": "query", "required": False, "schema": PATH_VALUE, "example": "Addition 1",
           "description": "the award's target_context_name: required for a badge earned per context, else absent"}
EXAMPLE_TOKEN = "1.1700000000000.AAAAAAAAAAAAAAAAAAAAAA"  # the shape of a token; only a real serve's verifies


def _json(schema: dict, example=None) -> dict:
    return {"application/json": {"schema": schema, **({"example": example} if example is not None else {})}}


def _op(summary: str, ok: dict, *errors: int, params: tuple = (), body: dict | None = None,
        body_required: bool = True, example=None, csrf: bool = True) -> dict:
    """One operation: its 200 body, its error statuses, parameters and JSON request body (a body needs the CSRF
    token unless ``csrf`` is False)."""
    operation = {"summary": summary, "operationId": summary.split(":")[0],
                 "responses": {"200": {"description": "OK", "headers": API_HEADER, "content": _json(ok)}}}
    operation["responses"].update({str(code): {"$ref": f"#/components/responses/{NAMES[code]}"}
                                   for code in sorted({*errors, 503})})
    if params:
        operation["parameters"] = list(params)
    if body is not None:
        operation["requestBody"] = {"required": body_required, "content": _json(body, example)}
        operation["security"] = [{"session": [], "csrf": []}] if csrf else []
    return operation


def paths() -> dict:
    user_exercise = f"{PREFIX}/user/exercises/{{exercise}}"
    return {
        f"{PREFIX}/user": {"get": _op("getUser: the student, with the CSRF token", ref("User"), 403)},
        f"{PREFIX}/exercises": {"get": _op("listExercises: every exercise", array(ref("Exercise")))},
        user_exercise: {"get": _op("getUserExercise: the student's stats on one exercise", ref("UserExercise"),
                                   403, 404, params=(EXERCISE,))},
        PROBLEM: {"get": _op("getProblem: serve the next problem and its problem_token, which carries the "
                             "problem's first serve time (writes nothing to the Datastore)",
                             ref("Problem"),
                             403, 404, 409, params=(EXERCISE, NUMBER))},
        f"{PROBLEM}/attempt": {"post": _op("attemptProblem: answer the served problem", ref("AttemptResult"),
                                           400, 403, 404, 409, 413, params=(EXERCISE, NUMBER),
                                           body=ref("AttemptRequest"),
                                           example={"answer": "42", "problem_token": EXAMPLE_TOKEN})},
        f"{PROBLEM}/hint": {"post": _op("takeHint: a hint for the served problem (resets the streak)",
                                        ref("HintResult"), 400, 403, 404, 409, 413, params=(EXERCISE, NUMBER),
                                        body=ref("HintRequest"), body_required=False,
                                        example={"problem_token": EXAMPLE_TOKEN})},
        f"{PREFIX}/playlists": {"get": _op("listPlaylists: playlists with their videos", array(ref("Playlist")))},
        f"{PREFIX}/user/videos/{{youtube_id}}/log": {"post": _op(
            "logVideo: credit watched seconds of one video", ref("VideoLogResult"), 400, 403, 404, 409, 413,
            params=(YOUTUBE_ID,), body=ref("VideoLogRequest"),
            example={"seconds_watched": 10, "last_second_watched": 10})},
        f"{PREFIX}/badges": {"get": _op("listBadges: every listed badge", array(ref("CatalogBadge")), 403)},
        f"{PREFIX}/badges/categories": {"get": _op("listCategories: the six badge categories",
                                                   array(ref("Category")))},
        f"{PREFIX}/user/badges": {"get": _op("getUserBadges: the student's badges", ref("UserBadges"), 403)},
        f"{PREFIX}/user/badges/progress": {"get": _op("getBadgeProgress: the nearest unearned badges",
                                                      array(ref("BadgeProgress")), 403)},
        f"{PREFIX}/user/notifications": {"get": _op("getNotifications: awards made outside the student's requests",
                                                    array(ref("EarnedBadge")), 403, 409)},
        f"{PREFIX}/user/notifications/ack": {"post": _op("ackNotifications: drop notifications already shown",
                                                         ref("AckResult"), 400, 403, 409, 413,
                                                         body=ref("AckRequest"),
                                                         example={"keys": ["nicestreakbadge[Addition 1]"]})},
        **credential_paths(),
        f"{PREFIX}/openapi.json": {"get": _op("getOpenApi: this document", ref("OpenApiDocument"))},
    }


def credential_paths() -> dict:
    """The Open Badges operations: a holder's credential, and verification (open to anyone, so no CSRF token)."""
    return {
        f"{PREFIX}/user/badges/{{name}}/credential": {"get": _op(
            "getCredential: a held award as an Open Badges 3.0 credential and its VC-JWT (issued on first request)",
            ref("CredentialResult"), 400, 403, 404, 409, params=(BADGE_NAME, CONTEXT))},
        f"{PREFIX}/credentials/verify": {"post": _op(
            "verifyCredential: check a VC-JWT's signature, schema and status (anyone; no CSRF token)",
            ref("VerifyResult"), 400, 413, body=ref("VerifyRequest"), csrf=False,
            example={"jwt": "eyJhbGciOiJFUzI1NiJ9.e30.c2lnbmF0dXJl"})},
    }


def _error_response(code: int) -> dict:
    headers = dict(API_HEADER)
    if code == 503:
        headers["Retry-After"] = {"required": True, "schema": {"type": "string", "pattern": "^[0-9]+$"}}
    return {"description": ERRORS[code], "headers": headers, "content": _json(ref("Error"))}


@functools.cache
def document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Meteorite student API", "version": "1",
                 "description": "Khan Academy's 2011 API shape. Every response is JSON with X-KA-API-Response: "
                                "true; errors are {\"error\": \"...\"} with a 4xx status and change nothing. "
                                "A state change needs the X-CSRF-Token header with csrf_token of GET /api/v1/user, "
                                "sent with that response's session cookie."},
        "paths": paths(),
        "components": {
            "schemas": SCHEMAS,
            "responses": {NAMES[code]: _error_response(code) for code in sorted(ERRORS)},
            "headers": {"ApiResponse": {"required": True, "schema": {"type": "string", "const": "true"}}},
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": "session",
                            "description": "Flask's signed session cookie; a request without one gets a phantom"},
                "csrf": {"type": "apiKey", "in": "header", "name": "X-CSRF-Token"}},
        },
    }


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(document())
