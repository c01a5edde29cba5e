"""The site as an Open Badges issuer: one `Profile`, embedded in every credential and served at ``/issuer``."""
from __future__ import annotations

from credentials.site import Site

CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
NAME = "Meteorite"
DESCRIPTION = "Badges for practising exercises and watching videos, re-created from Khan Academy's 2011 badges."
LOGO = "/static/icons/category-0.svg"


def profile(site: Site) -> dict:
    """The issuer `Profile` as a credential embeds it (its ``id`` is the URL that serves it)."""
    return {"id": site.issuer_id, "type": ["Profile"], "name": NAME, "url": site.base + "/",
            "description": DESCRIPTION, "image": {"id": site.absolute(LOGO), "type": "Image", "caption": NAME}}


def profile_document(site: Site) -> dict:
    """The `Profile` served on its own, with the JSON-LD context that makes its terms mean what they say."""
    return {"@context": CONTEXT, **profile(site)}
