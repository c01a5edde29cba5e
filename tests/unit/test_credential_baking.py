"""The badge image with its credential baked in (Open Badges 3.0 §5.3.2, SVG), and the earner's shown name."""
from __future__ import annotations

import pathlib
import xml.etree.ElementTree as ElementTree

import pytest

from credentials import baking

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
