"""Where sign-in may send the student: a path on this site only."""
import pytest

from identity.next_url import safe_next


@pytest.mark.parametrize("value", ["/", "/badges", "/badges/nicestreakbadge?x=1#top", "/exercise/addition_1",
                                   "/%09/evil.example/", "/a%2F%2Fb"])
def test_same_site_paths_are_kept(value):
    assert safe_next(value) == value


@pytest.mark.parametrize("value", [
    "//evil.example/", "/\t/evil.example/", "/\n/x", "/\r\n/x", "/\\evil.example", "/\\/evil", "/ok\\x",
    "https://evil.example/", "javascript:alert(1)", "evil.example", "", " /x", "/x y", "/\x7f", "/ñ",
    "/" + "a" * 2000, None, 7, ["/"],
])
def test_anything_else_is_refused(value):
    assert safe_next(value) is None
