"""Baking a credential into its badge image (Open Badges 3.0 §5.3.2, SVG): the image carries its own proof.

Invariant: a baked SVG is the original image with an ``xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"``
attribute on its ``<svg>`` tag and, directly after that tag, one ``<openbadges:credential verify="JWT">`` element
holding the VC-JWT (any credential baked in before is replaced); nothing else of the image changes.
"""
from __future__ import annotations

import re
from xml.sax.saxutils import quoteattr

NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
SVG_START = re.compile(r"<svg\b[^>]*>")
BAKED = re.compile(r"<openbadges:credential\b[^>]*(/>|>.*?</openbadges:credential>)", re.S)


def bake_svg(svg: str, token: str) -> str:
    """``svg`` with the VC-JWT ``token`` baked in (ValueError if ``svg`` has no ``<svg>`` element with content)."""
    svg = BAKED.sub("", svg)
    start = SVG_START.search(svg)
    if start is None or start.group(0).endswith("/>"):
        raise ValueError("not an SVG image with content")
    tag = start.group(0)
    if "xmlns:openbadges=" not in tag:
        tag = f'{tag[:-1]} xmlns:openbadges="{NAMESPACE}">'
    element = f"<openbadges:credential verify={quoteattr(token)}></openbadges:credential>"
    return svg[:start.start()] + tag + element + svg[start.end():]

