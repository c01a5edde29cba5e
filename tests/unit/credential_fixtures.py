"""Shared facts for the credential unit tests: a site, keys, one award and its credential (no services)."""
from __future__ import annotations

import datetime

from badges.catalog import BY_NAME, CATALOG
from credentials import credential, status_list, vc_jwt
from credentials.credential import AwardFacts
from credentials.keys import SigningKeys, new_key
from credentials.site import Site

SITE = Site("https://meteorite.example.org")
EMAIL = "pupil@example.com"
AWARDED = datetime.datetime(2012, 3, 5, 10, 0, 7, 250_000)
SIGNED = datetime.datetime(2012, 3, 6, 9, 0)
NOW = datetime.datetime(2013, 1, 1)
STREAK = AwardFacts("dev-pupil@example.com", BY_NAME["nicestreakbadge"], "Addition 1", AWARDED)


def build(facts: AwardFacts = STREAK, salt: str = "5a1t", index: int = 7) -> dict:
    return credential.build(facts, SITE, EMAIL, salt, status_list.entry(SITE, 1, index))


def sign(built: dict, keys: SigningKeys) -> str:
    return vc_jwt.sign(built, keys.current, keys.kid(keys.current, SITE.jwks_url), SIGNED)


def fresh_keys(count: int = 1) -> SigningKeys:
    return SigningKeys([new_key() for _ in range(count)])


def one_award_per_badge() -> list[AwardFacts]:
    """An award of every catalogue badge, with a context where the badge is earned in one."""
    contexts = {"none": None, "exercise": "Addition 1", "playlist": "Algebra", "month": "Mar '12"}
    return [AwardFacts("dev-pupil@example.com", badge, contexts[badge.context.value], AWARDED) for badge in CATALOG]
