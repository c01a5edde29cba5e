"""The Valkey client parses replies in C (libvalkey, pinned in requirements.txt): a cache read of 1,000 logs is
one multi-bulk reply, about 3.5x the CPU when parsed in Python."""
from __future__ import annotations

from valkey.connection import DefaultParser


def test_valkey_replies_are_parsed_by_libvalkey():
    assert DefaultParser.__name__ == "_LibvalkeyParser"
