"""What an `OpenBadgeCredential` must hold, as a JSON Schema (Draft 2019-09, with format checking): the
required properties and their types from Open Badges 3.0's data model (§B.1 AchievementCredential and the
classes it uses), written here in the project's own form. Verification checks every credential against it.

Invariant: ``problems`` returns [] exactly when the credential validates; each problem names where it is.
"""
from __future__ import annotations

from jsonschema import Draft201909Validator

STRING = {"type": "string", "minLength": 1}
DATE_TIME = {"type": "string", "format": "date-time"}


def _types(*required: str) -> dict:
    """An unordered set of type IRIs holding each of ``required`` (a string is one type)."""
    if len(required) == 1:
        return {"type": "array", "minItems": 1, "items": STRING, "contains": {"const": required[0]}}
    return {"type": "array", "items": STRING, "allOf": [{"contains": {"const": name}} for name in required]}


def _object(required: dict, optional: dict | None = None, closed: bool = False) -> dict:
    schema = {"type": "object", "required": list(required), "properties": {**required, **(optional or {})}}
    return {**schema, "additionalProperties": False} if closed else schema


IMAGE = _object({"id": STRING, "type": {"const": "Image"}}, {"caption": {"type": "string"}}, closed=True)
PROFILE = _object({"id": STRING, "type": _types("Profile")},
                  {"name": {"type": "string"}, "url": STRING, "description": {"type": "string"}, "image": IMAGE})
IDENTITY = _object(
    {"type": {"const": "IdentityObject"}, "hashed": {"type": "boolean"}, "identityHash": STRING,
     "identityType": STRING}, {"salt": {"type": "string"}}, closed=True)
ACHIEVEMENT = _object(
    {"id": STRING, "type": _types("Achievement"), "name": STRING, "description": STRING,
     "criteria": _object({}, {"id": STRING, "narrative": STRING})},
    {"achievementType": STRING, "image": IMAGE})
SUBJECT = {**_object({"type": _types("AchievementSubject"), "achievement": ACHIEVEMENT},
                     {"id": STRING, "identifier": {"type": "array", "items": IDENTITY}, "narrative": STRING}),
           "anyOf": [{"required": ["id"]}, {"required": ["identifier"]}]}
OB_CONTEXT = r"^https://purl\.imsglobal\.org/spec/ob/v3p0/context(-3\.[0-9]+\.[0-9]+)?\.json$"
CONTEXT = {"type": "array", "minItems": 2, "additionalItems": {"type": ["string", "object"]},
           "items": [{"const": "https://www.w3.org/ns/credentials/v2"}, {"type": "string", "pattern": OB_CONTEXT}]}
STATUS = _object({"id": STRING, "type": STRING},
                 {"statusPurpose": STRING, "statusListIndex": {"type": "string", "pattern": "^[0-9]+$"},
                  "statusListCredential": STRING})
CREDENTIAL = {
    "$schema": "https://json-schema.org/draft/2019-09/schema",
    **_object(
        {"@context": CONTEXT,
         "id": STRING, "type": _types("VerifiableCredential", "OpenBadgeCredential"),
         "issuer": {"oneOf": [STRING, PROFILE]}, "validFrom": DATE_TIME, "credentialSubject": SUBJECT},
        {"name": STRING, "description": {"type": "string"}, "validUntil": DATE_TIME, "credentialStatus": STATUS,
         "credentialSchema": {"type": "array", "items": _object({"id": STRING, "type": STRING})}}),
}
VALIDATOR = Draft201909Validator(CREDENTIAL, format_checker=Draft201909Validator.FORMAT_CHECKER)


def problems(credential: object) -> list[str]:
    """Where ``credential`` breaks the schema, one line each ("credentialSubject.achievement: 'name' is a
    required property"); [] when it holds."""
    found = sorted(VALIDATOR.iter_errors(credential), key=lambda error: list(map(str, error.absolute_path)))
    return [f"{'.'.join(map(str, error.absolute_path)) or 'credential'}: {error.message}" for error in found]
