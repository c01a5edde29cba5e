"""Serving problem *n* of an exercise to a user: deterministic, unguessable, generated on the server.

Invariants: ``generate`` is a pure function of (secret, user_id, exercise, number): the same arguments give the same
``Problem`` on every server and every restart, so the server can regenerate the problem to check an answer and
never stores it. The randomness is seeded from HMAC-SHA256(secret, "user_id|exercise|number"), so without the
secret a client can neither predict problems nor shop for easy ones. A summative (challenge) exercise first draws
one of its prerequisites with the same generator, then generates that exercise's problem.
"""
from __future__ import annotations

import hashlib
import hmac
from random import Random

from content.exercises import EXERCISES_BY_NAME
from content.generators import KINDS
from content.problem_types import Problem

__all__ = ["Problem", "generate", "seed_for"]


def seed_for(secret: bytes, user_id: str, exercise: str, number: int) -> int:
    """The 256-bit seed of problem ``number`` of ``exercise`` for ``user_id``."""
    message = f"{user_id}|{exercise}|{number}".encode()
    return int.from_bytes(hmac.new(secret, message, hashlib.sha256).digest(), "big")


def generate(secret: bytes, user_id: str, exercise: str, number: int) -> Problem:
    """Problem ``number`` (1-based) of ``exercise`` for ``user_id``.

    Raises ``KeyError`` for an unknown exercise and ``ValueError`` for a number below 1.
    """
    if number < 1:
        raise ValueError(f"problem numbers start at 1, not {number}")
    definition = EXERCISES_BY_NAME[exercise]
    rng = Random(seed_for(secret, user_id, exercise, number))
    if definition.summative:
        definition = EXERCISES_BY_NAME[rng.choice(definition.prerequisites)]
    return KINDS[definition.kind](rng)
