"""The name other students see: one the student chose, or a neutral one derived from the user id.

Invariants: a shown name never contains an email or part of one (a chosen name cannot hold "@", and nothing
derived from an email is ever shown); a chosen name is 2-30 characters of letters, marks, digits, spaces and
``- . ' _`` with at least one letter, single-spaced, and cannot pose as a neutral "Student 1234" name.
Templates escape it like any text.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

MIN_LENGTH, MAX_LENGTH = 2, 30
PUNCTUATION = set(" -.'_")
NEUTRAL = re.compile(r"student[\s_.-]*\d+", re.IGNORECASE)


def neutral_name(user_id: str) -> str:
    """A stable "Student 1234" for ``user_id`` (4 digits from its hash, so it reveals nothing of the id)."""
    digest = int.from_bytes(hashlib.sha256(user_id.encode()).digest()[:8], "big")
    return f"Student {1000 + digest % 9000}"


def shown_name(user_id: str, display_name: str | None) -> str:
    return display_name or neutral_name(user_id)


def clean_display_name(raw: object) -> str | None:
    """The display name to store for what the student typed (None = use the neutral name), or ValueError."""
    if not isinstance(raw, str):
        raise ValueError("display_name must be text")
    name = " ".join(unicodedata.normalize("NFC", raw).split())
    if not name:
        return None
    if not MIN_LENGTH <= len(name) <= MAX_LENGTH:
        raise ValueError(f"a display name has {MIN_LENGTH} to {MAX_LENGTH} characters")
    if not all(_allowed(ch) for ch in name) or unicodedata.category(name[0])[0] == "M":
        raise ValueError("a display name may hold letters, digits, spaces and - . ' _ only")
    if not any(unicodedata.category(ch)[0] == "L" for ch in name):
        raise ValueError("a display name needs at least one letter")
    if NEUTRAL.fullmatch(name):
        raise ValueError("choose a name other than “Student” and a number")
    return name


def _allowed(ch: str) -> bool:
    return ch in PUNCTUATION or unicodedata.category(ch)[0] in "LMN"
