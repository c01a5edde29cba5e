"""The badge image with its credential baked in (Open Badges 3.0 §5.3.2, SVG), and the earner's shown name."""
from __future__ import annotations

import pathlib
import re
import xml.etree.ElementTree as ElementTree
from types import SimpleNamespace

import pytest

from credentials import baking, earner

ICON = (pathlib.Path(__file__).resolve().parents[2] / "static/icons/category-2.svg").read_text()
TOKEN = "eyJhbGciOiJFUzI1NiJ9.eyJpZCI6IngifQ.c2lnbmF0dXJl"
NS = "https://purl.imsglobal.org/ob/v3p0"


def test_the_jwt_goes_in_an_openbadges_credential_element_right_after_the_svg_tag():
    baked = baking.bake_svg(ICON, TOKEN)
    root = ElementTree.fromstring(baked)
    assert root[0].tag == f"{{{NS}}}credential" and root[0].get("verify") == TOKEN and not root[0].text
    assert f'xmlns:openbadges="{NS}"' in baked.split(">", 1)[0]
    assert len(root) == len(ElementTree.fromstring(ICON)) + 1


def test_nothing_else_of_the_image_changes():
    baked = baking.bake_svg(ICON, TOKEN)
    unbaked = baked.replace(f' xmlns:openbadges="{NS}"', "").replace(
        f'<openbadges:credential verify="{TOKEN}"></openbadges:credential>', "")
    assert unbaked == ICON


def test_baking_again_replaces_the_credential():
    twice = baking.bake_svg(baking.bake_svg(ICON, TOKEN), "a.b.c")
    found = ElementTree.fromstring(twice).findall(f"{{{NS}}}credential")
    assert [element.get("verify") for element in found] == ["a.b.c"] and twice.count("xmlns:openbadges") == 1


@pytest.mark.parametrize("svg", ["", "<png/>", "<svg/>"])
def test_only_an_svg_image_is_baked(svg):
    with pytest.raises(ValueError):
        baking.bake_svg(svg, TOKEN)


def test_the_earner_is_shown_by_display_name_or_a_neutral_name_never_an_email():
    user = SimpleNamespace(email="pupil@example.com", nickname="pupil")  # a UserData without a display name
    shown = earner.shown_name("dev-pupil@example.com", user)
    assert re.fullmatch(r"Student [1-9][0-9]{3}", shown) and shown == earner.neutral_name("dev-pupil@example.com")
    assert earner.shown_name("dev-pupil@example.com", None) == shown
    assert len({earner.neutral_name(f"dev-{n}@example.com") for n in range(1000)}) > 800
    user.display_name = "Ada L."
    assert earner.shown_name("dev-pupil@example.com", user) == "Ada L."
    user.display_name = "  "
    assert earner.shown_name("dev-pupil@example.com", user) == shown
