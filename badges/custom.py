"""Admin-made custom badges: created with a name, shown title, description, category, points and optional icon;
awarded by an admin to a list of emails; hidden until owned (`catalog.custom_badge` sets ``hidden``). A custom
badge made from a dry run also stores its candidate's family and params: the sweep awards it by that rule (a manual
list is the ``custom`` family with ``emails``, still hidden until owned; any other family is listed to everyone).

Invariants: a custom badge's name is its key (`CustomBadge` id) and never collides with a catalogue row; it is
created once (a transaction refuses an existing name); a stored `CustomBadge` becomes a `Badge` only through
`as_badge`; an award goes through `badges.awards.grant` (or the sweep's award), so awarding the same email twice
awards once, and the student learns of it by a pending notification on their next page.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from google.cloud import ndb

from badges import catalog
from badges.awards import Granted, grant
from badges.catalog import Badge, custom_badge, make_params
from badges.categories import Category
from badges.families import Family
from clients.datastore import transact
from identity.emails import EMAIL
from models.badges import CustomBadge
from models.user import UserData

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{2,63}$")
MAX_POINTS = 1_000_000
MAX_EMAILS = 500


class CustomBadgeError(ValueError):
    """A refused request: the message says what is wrong (answered as 400, or 409 when ``conflict``)."""

    def __init__(self, message: str, conflict: bool = False):
        super().__init__(message)
        self.conflict = conflict


@dataclass(frozen=True)
class Spec:
    name: str
    shown: str
    description: str
    category: Category
    points: int
    icon: str | None = None


def parse(fields: dict) -> Spec:
    """Validate a create request (JSON body or form fields)."""
    name = str(fields.get("name") or "").strip().lower()
    if not NAME.match(name):
        raise CustomBadgeError("name must be 3-64 characters of a-z, 0-9, '_' or '-', starting with a letter or digit")
    if name in catalog.BY_NAME:
        raise CustomBadgeError(f"{name} is a catalogue badge", conflict=True)
    shown = str(fields.get("shown") or fields.get("title") or name).strip()[:100]
    description = str(fields.get("description") or "").strip()[:500]
    if not description:
        raise CustomBadgeError("description is required")
    try:
        category = Category(int(fields.get("category", 0)))
        points = int(fields.get("points", 0))
    except (TypeError, ValueError, OverflowError) as exc:
        raise CustomBadgeError("category must be 0-5 and points an integer") from exc
    if not 0 <= points <= MAX_POINTS:
        raise CustomBadgeError(f"points must be between 0 and {MAX_POINTS}")
    icon = str(fields.get("icon") or "").strip() or None
    if icon and not (icon.startswith("/static/") or icon.startswith("https://")):
        raise CustomBadgeError("icon must be a /static/ path or an https:// URL")
    return Spec(name, shown, description, category, points, icon)


def create(spec: Spec, family: Family | None = None, params: dict | None = None) -> Badge:
    """Store ``spec``; with ``family`` (and its validated ``params``) the sweep awards it by that rule."""
    def txn():
        key = ndb.Key(CustomBadge, spec.name)
        if key.get() is not None:
            raise CustomBadgeError(f"custom badge {spec.name} already exists", conflict=True)
        CustomBadge(key=key, shown=spec.shown, description=spec.description, category=int(spec.category),
                    points=spec.points, icon=spec.icon, family=family.key if family else None,
                    params=params if family else None).put()

    transact(txn)
    return as_badge(CustomBadge.get_by_id(spec.name))


def _family(stored: CustomBadge) -> Family | None:
    """The family a stored badge is awarded by, or None (awarded by hand; also for a family no longer known)."""
    return Family.__members__.get((stored.family or "").upper()) if stored.family else None


def as_badge(stored: CustomBadge) -> Badge:
    family = _family(stored)
    if family is None:
        return custom_badge(stored.key.id(), stored.shown, stored.description, stored.category, stored.points,
                            stored.icon)
    params = dict(stored.params or {})
    if family is Family.CUSTOM:
        params["description"] = stored.description
    return Badge(stored.key.id(), stored.shown, Category(stored.category), stored.points, family,
                 make_params(**params), hidden=family is Family.CUSTOM, icon=stored.icon)


def all_custom() -> list[Badge]:
    return [as_badge(c) for c in CustomBadge.query().fetch()]


def rule_badges() -> list[Badge]:
    """The custom badges the sweep awards by rule (made from a dry run), in name order."""
    return [as_badge(c) for c in CustomBadge.query().fetch() if _family(c) is not None]


def get_custom(name: str) -> Badge | None:
    """The custom badge named ``name``, or None (a name no custom badge could have is never looked up)."""
    stored = CustomBadge.get_by_id(name) if NAME.match(name or "") else None
    return as_badge(stored) if stored else None


def parse_emails(value) -> list[str]:
    """A list, or text separated by commas, spaces or newlines; lower-cased, de-duplicated, in order."""
    items = value if isinstance(value, list) else re.split(r"[\s,;]+", str(value or ""))
    emails = list(dict.fromkeys(str(e).strip().lower() for e in items if str(e).strip()))
    if not emails:
        raise CustomBadgeError("give at least one email")
    if len(emails) > MAX_EMAILS:
        raise CustomBadgeError(f"at most {MAX_EMAILS} emails at once")
    bad = [e for e in emails if not EMAIL.match(e)]
    if bad:
        raise CustomBadgeError(f"not an email: {', '.join(bad[:5])}")
    return emails


def award_to(name: str, emails: list[str], now: datetime.datetime) -> list[dict]:
    """Award custom badge ``name`` to each email's student: ``awarded``, ``already_owned``, ``revoked`` or
    ``no_such_user``."""
    badge = get_custom(name)
    if badge is None:
        raise CustomBadgeError(f"no custom badge named {name}")
    return [{"email": email, "result": _award_email(badge, email, now)} for email in emails]


def _award_email(badge: Badge, email: str, now: datetime.datetime) -> Granted:
    keys = UserData.query(UserData.email == email).fetch(2, keys_only=True)
    if not keys:
        return "no_such_user"
    results = [grant(key, badge, None, now, source="admin") for key in keys]
    return "awarded" if "awarded" in results else results[0]
