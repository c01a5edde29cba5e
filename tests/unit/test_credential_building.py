"""An award as an OpenBadgeCredential: the shape Open Badges 3.0 requires (checked with jsonschema, Draft 2019-09
with format checking), stable ids, the award time, and the earner only as a salted hash of their email."""
from __future__ import annotations

import json
import re

import pytest
from jsonschema import Draft201909Validator

from badges.catalog import BY_NAME, custom_badge
from credentials import credential, recipient, schema
from credentials.credential import AwardFacts
from credentials.issuer import profile_document
from tests.unit.credential_fixtures import AWARDED, EMAIL, SITE, STREAK, build, one_award_per_badge

OB_CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]


def test_a_credential_has_every_required_property_with_its_type():
    built = build()
    assert schema.problems(built) == []
    assert built["@context"] == OB_CONTEXT
    assert built["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert re.fullmatch(r"https://meteorite\.example\.org/credentials/[0-9a-f-]{36}", built["id"])
    assert built["validFrom"] == "2012-03-05T10:00:07Z"  # the award time, UTC, to the second
    assert built["credentialStatus"] == {
        "id": "https://meteorite.example.org/credentials/status/1#7", "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation", "statusListIndex": "7",
        "statusListCredential": "https://meteorite.example.org/credentials/status/1"}


def test_the_issuer_is_the_sites_profile_which_is_also_served():
    built = build()
    served = profile_document(SITE)
    assert served["@context"] == OB_CONTEXT
    assert {k: v for k, v in served.items() if k != "@context"} == built["issuer"]
    assert built["issuer"]["id"] == "https://meteorite.example.org/issuer" and "Profile" in built["issuer"]["type"]
    assert Draft201909Validator(schema.PROFILE).is_valid(served)


def test_the_achievement_is_the_catalogue_row():
    badge = BY_NAME["nicestreakbadge"]
    achievement = build()["credentialSubject"]["achievement"]
    assert achievement["id"] == "https://meteorite.example.org/badges/nicestreakbadge"
    assert achievement["type"] == ["Achievement"] and achievement["name"] == "Nice Streak"
    assert achievement["criteria"] == {"narrative": badge.description}
    assert achievement["image"] == {"id": "https://meteorite.example.org/static/icons/category-0.svg",
                                    "type": "Image", "caption": "Nice Streak"}
    assert build()["name"] == "Nice Streak, Addition 1"


def test_a_custom_badge_with_an_https_icon_keeps_it():
    helper = custom_badge("helper", "Helper", "Helped a classmate", 1, 5, icon="https://cdn.example.org/h.png")
    built = build(AwardFacts("dev-a@example.com", helper, None, AWARDED))
    assert schema.problems(built) == []
    assert built["credentialSubject"]["achievement"]["image"]["id"] == "https://cdn.example.org/h.png"
    assert built["credentialSubject"]["achievement"]["criteria"]["narrative"] == "Helped a classmate"


def test_the_earner_is_a_salted_hash_of_their_email_never_the_email():
    built = build(salt="Kosher")
    identity = built["credentialSubject"]["identifier"][0]
    assert identity["type"] == "IdentityObject" and identity["identityType"] == "emailAddress"
    assert identity["hashed"] is True and identity["salt"] == "Kosher"
    assert re.fullmatch(r"sha256\$[0-9a-f]{64}", identity["identityHash"])
    assert recipient.matches(identity, EMAIL) and recipient.matches(identity, " Pupil@Example.com ")
    assert not recipient.matches(identity, "other@example.com")
    text = json.dumps(built).lower()
    assert "pupil@example.com" not in text and "pupil" not in text and "id" not in built["credentialSubject"]


def test_the_hash_is_the_one_open_badges_specifies():
    """The example of the Open Badges IdentityHash type: 'a@example.com' salted with 'Kosher'."""
    assert recipient.identity_hash("a@example.com", "Kosher") == \
        "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399"
    assert recipient.new_salt() != recipient.new_salt()


def test_the_credential_id_is_derived_from_the_award_key_alone():
    assert credential.credential_id("u1", "nicestreakbadge[Addition 1]") == \
        credential.credential_id("u1", "nicestreakbadge[Addition 1]")
    ids = {credential.credential_id(user, key) for user in ("u1", "u2")
           for key in ("nicestreakbadge[Addition 1]", "nicestreakbadge[Addition 2]", "gettingstartedbadge")}
    assert len(ids) == 6
    assert build(salt="one")["id"] == build(salt="two")["id"] == SITE.credential_url(STREAK.credential_id)


@pytest.mark.parametrize("facts", one_award_per_badge(), ids=lambda facts: facts.badge.name)
def test_every_catalogue_badge_makes_a_valid_credential(facts):
    assert schema.problems(build(facts)) == []


BROKEN = [
    ("@context", lambda c: c.update({"@context": list(reversed(c["@context"]))}), "@context.0"),
    ("type", lambda c: c.update({"type": ["VerifiableCredential"]}), "type"),
    ("validFrom", lambda c: c.update({"validFrom": "5 March 2012"}), "validFrom"),
    ("achievement name", lambda c: c["credentialSubject"]["achievement"].pop("name"), "achievement"),
    ("plain email", lambda c: c["credentialSubject"]["identifier"][0].update({"email": EMAIL}), "identifier.0"),
    ("no subject identity", lambda c: c["credentialSubject"].pop("identifier"), "credentialSubject"),
    ("image type", lambda c: c["credentialSubject"]["achievement"]["image"].update({"type": "Picture"}), "image"),
    ("issuer type", lambda c: c["issuer"].update({"type": ["Organization"]}), "issuer"),
]


@pytest.mark.parametrize("what,breaks,where", BROKEN, ids=[b[0] for b in BROKEN])
def test_the_schema_catches_a_broken_credential(what, breaks, where):
    broken = build()
    breaks(broken)
    found = schema.problems(broken)
    assert found and any(where in problem for problem in found), found


def test_awarded_time_with_a_zone_is_written_in_utc():
    import datetime

    aware = datetime.datetime(2012, 3, 5, 11, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
    assert credential.rfc3339(aware) == "2012-03-05T10:00:00Z"
    assert credential.rfc3339(AWARDED) == "2012-03-05T10:00:07Z"
