"""One award as an `OpenBadgeCredential` (Open Badges 3.0 on the VC 2.0 data model), built from plain facts.

Invariants: the credential id is derived from the award's key alone (``UserData/<uid>/UserBadge/<key>``), so an
award has exactly one credential; ``validFrom`` is the award time in UTC to the second (RFC 3339, "Z"), so the
JWT's ``nbf`` equals it exactly; the earner appears only as a salted hash of their email.
"""
from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from badges.catalog import Badge
from credentials import achievement, issuer, recipient
from credentials.site import Site

CONTEXT = issuer.CONTEXT
TYPE = ["VerifiableCredential", "OpenBadgeCredential"]
ID_NAMESPACE = uuid.UUID("6d1f3b0e-6f0a-5c39-9d7e-2f6c8a4b1e57")  # fixed forever: ids derive from it
SCHEMA = {"id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
          "type": "1EdTechJsonSchemaValidator2019"}


@dataclass(frozen=True)
class AwardFacts:
    """What a credential says about one award."""

    user_id: str
    badge: Badge
    context_name: str | None
    awarded: datetime.datetime  # naive UTC, as stored

    @property
    def badge_key(self) -> str:
        return self.badge.key(self.context_name)

    @property
    def credential_id(self) -> str:
        return credential_id(self.user_id, self.badge_key)


def credential_id(user_id: str, badge_key: str) -> str:
    """The stable id of the credential of award ``badge_key`` of ``user_id``: a UUID v5 of the award's key path."""
    return str(uuid.uuid5(ID_NAMESPACE, f"UserData/{user_id}/UserBadge/{badge_key}"))


def rfc3339(moment: datetime.datetime) -> str:
    """A naive-UTC (or aware) datetime as "2012-03-05T10:00:00Z", to the second."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return moment.replace(microsecond=0).isoformat() + "Z"


def build(facts: AwardFacts, site: Site, email: str, salt: str, status: dict) -> dict:
    """The credential of ``facts``; ``status`` is its `BitstringStatusListEntry` (``status_list.entry``)."""
    title = achievement.award_title(facts.badge, facts.context_name)
    subject = {"type": ["AchievementSubject"], "identifier": [recipient.identity_object(email, salt)],
               "achievement": achievement.achievement(facts.badge, site)}
    if facts.context_name:
        subject["narrative"] = f"Earned in {facts.context_name}."
    return {
        "@context": list(CONTEXT),
        "id": site.credential_url(facts.credential_id),
        "type": list(TYPE),
        "name": title,
        "description": f"{title}, awarded by {issuer.NAME}.",
        "issuer": issuer.profile(site),
        "validFrom": rfc3339(facts.awarded),
        "credentialSubject": subject,
        "credentialStatus": status,
        "credentialSchema": [dict(SCHEMA)],
    }
