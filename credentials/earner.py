"""The name a credential's public page shows for its earner: never an email or any part of one.

Invariant: the student's chosen display name if they have one, else a neutral "Student 1234" derived from the
user id by a hash (the same for the same student everywhere, and revealing nothing of the id).
"""
from __future__ import annotations

import hashlib

from models.user import UserData


def neutral_name(user_id: str) -> str:
    digest = int.from_bytes(hashlib.sha256(user_id.encode("utf-8")).digest()[:8], "big")
    return f"Student {1000 + digest % 9000}"


def shown_name(user_id: str, user: UserData | None) -> str:
    chosen = getattr(user, "display_name", None) if user is not None else None
    return chosen if isinstance(chosen, str) and chosen.strip() else neutral_name(user_id)
