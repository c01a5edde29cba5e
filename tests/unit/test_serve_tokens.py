"""Serve tokens verify only for the user, exercise and number they were made for, with their own serve time, and
nothing else a client can send verifies or escapes as anything but InvalidToken."""
from __future__ import annotations

import datetime

import pytest
from hypothesis import given, strategies as st

from content import serve_tokens

SECRET = b"test problem secret"
T0 = datetime.datetime(2026, 3, 2, 9, 0, 0, 123000)


def test_a_token_carries_its_serve_time_to_the_millisecond():
    token = serve_tokens.sign(SECRET, "phantom-1", "addition_1", 7, T0)
    assert serve_tokens.verify(SECRET, token, "phantom-1", "addition_1", 7) == T0
    assert len(token) <= serve_tokens.MAX_LENGTH


@pytest.mark.parametrize("user,exercise,number,secret", [
    ("phantom-2", "addition_1", 7, SECRET),   # another student
    ("phantom-1", "subtraction_1", 7, SECRET),  # another exercise
    ("phantom-1", "addition_1", 8, SECRET),   # another problem
    ("phantom-1", "addition_1", 7, b"another server's secret"),
])
def test_a_token_verifies_for_nothing_else(user, exercise, number, secret):
    token = serve_tokens.sign(SECRET, "phantom-1", "addition_1", 7, T0)
    with pytest.raises(serve_tokens.InvalidToken):
        serve_tokens.verify(secret, token, user, exercise, number)


def test_the_serve_time_cannot_be_changed():
    number, served_ms, mac = serve_tokens.sign(SECRET, "phantom-1", "addition_1", 7, T0).split(".")
    later = f"{number}.{int(served_ms) + 60_000}.{mac}"
    with pytest.raises(serve_tokens.InvalidToken):
        serve_tokens.verify(SECRET, later, "phantom-1", "addition_1", 7)


def test_the_number_in_the_token_must_be_the_problem_answered():
    token = serve_tokens.sign(SECRET, "phantom-1", "addition_1", 7, T0)
    with pytest.raises(serve_tokens.InvalidToken):
        serve_tokens.verify(SECRET, "8" + token[1:], "phantom-1", "addition_1", 8)


@given(st.text(max_size=150))
def test_any_string_is_refused_as_invalid_token_only(garbage):
    with pytest.raises(serve_tokens.InvalidToken):
        serve_tokens.verify(SECRET, garbage, "phantom-1", "addition_1", 7)


@given(st.from_regex(r"7\.-?[0-9]{1,30}\.[A-Za-z0-9_-]{0,30}", fullmatch=True))
def test_well_formed_forgeries_are_refused(forged):
    with pytest.raises(serve_tokens.InvalidToken):
        serve_tokens.verify(SECRET, forged, "phantom-1", "addition_1", 7)
