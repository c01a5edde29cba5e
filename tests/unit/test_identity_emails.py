"""The one email pattern: what the sign-in form and the custom-badge award list accept."""
from __future__ import annotations

import pytest

from identity.emails import EMAIL


@pytest.mark.parametrize("value", ["a@example.com", "Pupil@example.com", "first.last+tag@mail.example.co.uk",
                                   "x" * 64 + "@example.com"])
def test_accepts_ordinary_addresses(value):
    assert EMAIL.match(value)


@pytest.mark.parametrize("value", ["", "example.com", "a@", "@example.com", "a@b", "a@@example.com",
                                   "a@exa mple.com", " a@example.com", "a@example.com\n", "a@b@example.com",
                                   "x" * 65 + "@example.com", "a@example." + "c" * 21])
def test_refuses_what_is_not_an_address(value):
    assert not EMAIL.match(value)
