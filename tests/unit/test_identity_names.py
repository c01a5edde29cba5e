"""Shown names: a chosen display name, validated, or a neutral "Student 1234"; never anything from an email."""
import pytest

from identity.names import clean_display_name, neutral_name, shown_name


def test_neutral_name_is_stable_four_digits_and_reveals_nothing():
    name = neutral_name("dev-ada@example.com")
    assert name == neutral_name("dev-ada@example.com") and name.startswith("Student ")
    assert 1000 <= int(name.split()[1]) <= 9999 and "ada" not in name
    assert len({neutral_name(f"phantom-{i}") for i in range(200)}) > 150


def test_shown_name_prefers_the_chosen_one():
    assert shown_name("u1", "Ada L.") == "Ada L."
    assert shown_name("u1", None) == shown_name("u1", "") == neutral_name("u1")


@pytest.mark.parametrize("raw,cleaned", [
    ("  Ada   Lovelace ", "Ada Lovelace"), ("José", "José"), ("Jose\u0301", "José"), ("O'Brien-Smith_2", "O'Brien-Smith_2"),
    ("李小龍", "李小龍"), ("", None), ("   ", None),
])
def test_good_names_are_normalised(raw, cleaned):
    assert clean_display_name(raw) == cleaned


@pytest.mark.parametrize("raw", [
    "a", "x" * 31, "ada@example.com", "<script>alert(1)</script>", "Ada\u0000", "Ada\u202e", "1234", "--",
    "Student 4821", "student4821", "\u0301abc", None, 42, ["Ada"],
])
def test_bad_names_are_refused(raw):
    with pytest.raises(ValueError):
        clean_display_name(raw)
