"""JSON Schemas (2020-12, as OpenAPI 3.1 uses) of the `/api/v1` bodies, written from what the handlers and
serializers send (`handlers.serializers`, `badges.listing`, `badges.awards.notification_json`,
`actions.results`).

Invariant: ``required`` lists the fields API.md promises; other fields the code sends today are described but
optional, and objects stay open (API.md: more fields are welcome). A change to a serializer changes this file.
"""
from __future__ import annotations

from actions.videos import MAX_SECONDS
from badges.notifications import MAX_ACK
from content import serve_tokens
from content.exercises import EXERCISES_BY_NAME
from handlers.api import MAX_ANSWER
from handlers.credentials import MAX_JWT
from handlers.request_parsing import MAX_PATH_VALUE_BYTES


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(required: dict, optional: dict | None = None) -> dict:
    """An object with these required and optional properties."""
    return {"type": "object", "required": list(required), "properties": {**required, **(optional or {})}}


def array(items: dict, **extra) -> dict:
    return {"type": "array", "items": items, **extra}


STR = {"type": "string"}
INT = {"type": "integer"}
COUNT = {"type": "integer", "minimum": 0}
NUM = {"type": "number"}
BOOL = {"type": "boolean"}
MAYBE_STR = {"type": ["string", "null"]}
TIMESTAMP = {"type": ["string", "null"], "format": "date-time"}
CATEGORY = {"type": "integer", "minimum": 0, "maximum": 5, "description": "0 Meteorite ... 5 Challenge Patch"}
SECONDS = {"type": "number", "minimum": 0, "maximum": MAX_SECONDS}
EXERCISE_NAME = {"type": "string", "enum": sorted(EXERCISES_BY_NAME)}
JWT = {"type": "string", "pattern": "^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$",
       "description": "a compact JWS (VC-JWT, ES256)"}
PROBLEM_TOKEN = {"type": "string", "maxLength": serve_tokens.MAX_LENGTH,
                 "description": "the problem_token the problem's serve answered; a missing, foreign or stale one "
                                "is a 409 (the problem has not been served to this student)"}
PATH_VALUE = {"type": "string", "minLength": 1, "maxLength": MAX_PATH_VALUE_BYTES,
              "description": f"a Datastore key name: at most {MAX_PATH_VALUE_BYTES} bytes of UTF-8, not __reserved__"}

SCHEMAS = {
    "Error": obj({"error": {"type": "string", "minLength": 1}}),
    "BadgeCounts": obj({str(i): COUNT for i in range(6)}),
    "User": obj({"nickname": STR, "is_phantom": BOOL, "points": COUNT, "total_seconds_watched": {**NUM, "minimum": 0},
                 "badge_counts": ref("BadgeCounts"), "proficient_exercises": array(STR), "csrf_token": STR},
                {"user_id": STR, "email": MAYBE_STR, "is_admin": BOOL, "joined": TIMESTAMP}),
    "Exercise": obj({"name": STR, "display_name": STR, "prerequisites": array(STR), "covers": array(STR),
                     "summative": BOOL, "seconds_per_fast_problem": NUM},
                    {"subject": MAYBE_STR, "required_streak": COUNT}),
    "UserExercise": obj({"exercise": STR, "streak": COUNT, "longest_streak": COUNT, "total_done": COUNT,
                         "total_correct": COUNT, "proficient": BOOL, "proficient_date": TIMESTAMP}),
    "Problem": obj({"exercise": STR, "problem_number": {"type": "integer", "minimum": 1}, "question": STR,
                    "answer_type": STR, "problem_token": {
                        **STR, "maxLength": serve_tokens.MAX_LENGTH,
                        "description": "send it back with the attempt or hint; a re-serve answers one with the same "
                                       "(first) serve time, the start of time_taken"}},
                   {"hints_available": COUNT}),
    "EarnedBadge": obj({"name": STR, "description": STR, "badge_category": CATEGORY, "points": COUNT,
                        "target_context_name": MAYBE_STR},
                       {"key": STR, "safe_extended_description": STR, "icon": STR, "backfilled": BOOL}),
    "ActionResults": obj({"badges_earned": array(ref("EarnedBadge")), "points_earned": obj({"points": COUNT}),
                          "user_info": obj({"points": COUNT, "badge_counts": ref("BadgeCounts")})}),
    "AttemptResult": obj({"correct": BOOL, "completed": BOOL, "user_exercise": ref("UserExercise"),
                          "action_results": ref("ActionResults")}),
    "HintResult": obj({"hint": STR, "user_exercise": ref("UserExercise"), "action_results": ref("ActionResults")}),
    "Playlist": obj({"id": STR, "title": STR, "videos": array(obj(
        {"youtube_id": STR, "title": STR, "duration": {"type": ["integer", "null"], "minimum": 0}}))},
        {"subject": MAYBE_STR}),
    "UserVideo": obj({"youtube_id": STR, "seconds_watched": {**NUM, "minimum": 0},
                      "last_second_watched": {**NUM, "minimum": 0}, "completed": BOOL, "points": COUNT},
                     {"duration": {"type": ["integer", "null"]}}),
    "VideoLogResult": obj({"user_video": ref("UserVideo"), "action_results": ref("ActionResults")}),
    "CatalogBadge": obj({"name": STR, "description": STR, "safe_extended_description": STR,
                         "badge_category": CATEGORY, "points": COUNT, "holders": COUNT, "is_owned": BOOL},
                        {"category_label": STR, "icon": STR, "teaser": BOOL, "hidden": BOOL,
                         "context": {"type": "string", "enum": ["none", "exercise", "playlist", "month"]}}),
    "Category": obj({"category": CATEGORY, "type_label": STR, "description": STR}, {"icon": STR}),
    "UserBadges": obj({"badge_counts": ref("BadgeCounts"), "badges": array(obj(
        {"name": STR, "description": STR, "badge_category": CATEGORY, "points": COUNT,
         "count": {"type": "integer", "minimum": 1}, "target_context_names": array(STR),
         "last_earned_date": TIMESTAMP},
        {"safe_extended_description": STR, "icon": STR}))}),
    "BadgeProgress": obj({"name": STR, "description": STR, "target_context_name": MAYBE_STR,
                          "current": NUM, "target": {"type": "number", "exclusiveMinimum": 0}},
                         {"safe_extended_description": STR, "badge_category": CATEGORY, "icon": STR,
                          "ratio": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1}}),
    "AttemptRequest": obj({"answer": {"type": ["string", "number"], "minLength": 1, "maxLength": MAX_ANSWER,
                                      "description": "a number is read as its decimal text"},
                           "problem_token": PROBLEM_TOKEN}),
    "HintRequest": obj({"problem_token": PROBLEM_TOKEN}),
    "VideoLogRequest": obj({"seconds_watched": SECONDS}, {"last_second_watched": {**SECONDS, "default": 0}}),
    "AckRequest": obj({"keys": array(PATH_VALUE, maxItems=MAX_ACK)}),
    "AckResult": obj({"acknowledged": COUNT}),
    "OpenBadgeCredential": obj(
        {"@context": array(STR, minItems=2), "id": STR, "type": array(STR), "validFrom": {**STR, "format": "date-time"},
         "issuer": obj({"id": STR, "type": array(STR)}),
         "credentialSubject": obj({"type": array(STR), "achievement": obj(
             {"id": STR, "type": array(STR), "name": STR, "description": STR, "criteria": {"type": "object"}})}),
         "credentialStatus": obj({"id": STR, "type": STR, "statusPurpose": STR, "statusListIndex": STR,
                                  "statusListCredential": STR})},
        {"name": STR, "description": STR, "credentialSchema": array({"type": "object"})}),
    "CredentialResult": obj({"credential": ref("OpenBadgeCredential"), "jwt": JWT}),
    "VerifyRequest": obj({"jwt": {"type": "string", "minLength": 1, "maxLength": MAX_JWT}}),
    "VerifyResult": obj({"verified": BOOL, "revoked": BOOL, "errors": array({"type": "string", "minLength": 1})}),
    "OpenApiDocument": obj({"openapi": STR, "info": {"type": "object"}, "paths": {"type": "object"}}),
}
