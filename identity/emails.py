"""What the app accepts as an email address, wherever one is typed in (the sign-in form, an admin's award list).

Invariant: ``EMAIL`` matches an address with exactly one ``@``, no whitespace, a local part of 1-64 characters
and a domain with at least one dot; anything else is refused before it is looked up or stored.
"""
from __future__ import annotations

import re

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{1,20}\Z")
