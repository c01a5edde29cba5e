"""Where to send a student after signing in: only a path on this site.

Invariant: ``safe_next`` returns its input only if it is a same-site path: printable ASCII (no space, control
character or backslash, which browsers drop or read as "/"), starting with exactly one "/", at most 2,000
characters. Anything else is refused (None), so no ``next`` can redirect to another host.
"""
from __future__ import annotations

import re

MAX_LENGTH = 2000
SAME_SITE_PATH = re.compile(r"/(?![/\\])[!-\[\]-~]*\Z")


def safe_next(value: object) -> str | None:
    if not isinstance(value, str) or len(value) > MAX_LENGTH or not SAME_SITE_PATH.match(value):
        return None
    return value
