"""Badge awards (and their revocations), admin-made custom badges, holder and award counters, pending
notifications and the audit of admins' changes to awards."""
from __future__ import annotations

from google.cloud import ndb


class UserBadge(ndb.Model):
    """One award. Natural key ``UserData/<uid>/UserBadge/<name>[<context>]``: created once, in the transaction
    that adds its points, so racing requests, retries and sweeps award it exactly once."""

    badge_name = ndb.StringProperty()
    target_context_name = ndb.TextProperty()
    awarded = ndb.DateTimeProperty()
    points_earned = ndb.IntegerProperty(default=0, indexed=False)
    source = ndb.TextProperty()  # "realtime" | "sweep" | "admin"
    backfilled = ndb.BooleanProperty(default=False, indexed=False)
    nickname = ndb.TextProperty()
    # Revoked by an admin (badges.revocation): kept, never deleted, so the award keeps its key and the credential
    # its status; restoring clears both. A revoked award shows nowhere and earns no points.
    revoked = ndb.BooleanProperty(default=False, indexed=False)
    revoked_at = ndb.DateTimeProperty(indexed=False)


class PendingNotification(ndb.Model):
    """An award waiting for the slide-down to show it (every award has one until then).

    Key ``UserData/<uid>/PendingNotification/<badge key>``: written in the award's transaction, deleted only when
    the slide-down acknowledges it (`badges.notifications`); reading it changes nothing.
    """

    badge_name = ndb.TextProperty()
    target_context_name = ndb.TextProperty()
    points = ndb.IntegerProperty(default=0, indexed=False)
    backfilled = ndb.BooleanProperty(default=False, indexed=False)
    created = ndb.DateTimeProperty(indexed=False)


class BadgeHolderShard(ndb.Model):
    """Sharded count of students holding a badge; key id ``<badge name>:<shard>``; kept in the award transaction."""

    badge_name = ndb.StringProperty()
    count = ndb.IntegerProperty(default=0, indexed=False)


class BadgeAwardShard(ndb.Model):
    """Sharded counts of one badge's live awards (key id ``<badge name>:<shard>``, the shard of the holder
    counter): in total, per UTC day over the last `badges.award_stats.DAYS` days (``by_day``: ``{"YYYY-MM-DD":
    n}``), and the first and last award times. Changed only in the transaction of an award, a revocation or a
    restore, so the admin page sums shards and never counts `UserBadge` entities."""

    badge_name = ndb.StringProperty()
    awards = ndb.IntegerProperty(default=0, indexed=False)
    by_day = ndb.JsonProperty(indexed=False)
    first_award = ndb.DateTimeProperty(indexed=False)
    last_award = ndb.DateTimeProperty(indexed=False)


class BadgeAudit(ndb.Model):
    """One admin change to one award (a revocation or a restore); key ``UserData/<uid>/BadgeAudit/<id>``, written
    in the change's own transaction, so an audit entry exists exactly when the change committed."""

    action = ndb.StringProperty()  # "revoke" | "restore"
    badge_key = ndb.TextProperty()  # "name" or "name[Context]"
    badge_name = ndb.StringProperty()
    email = ndb.TextProperty()  # the student's
    admin = ndb.TextProperty()  # the admin's email
    reason = ndb.TextProperty()
    points = ndb.IntegerProperty(default=0, indexed=False)  # taken back (revoke) or given back (restore)
    at = ndb.DateTimeProperty()


class CustomBadge(ndb.Model):
    """An admin-made badge (key id = its name). Without ``family`` it is awarded by hand and hidden until owned;
    with one (made from a dry run) the sweep awards it by that family's rule and ``params``."""

    shown = ndb.TextProperty()
    description = ndb.TextProperty()
    category = ndb.IntegerProperty(default=0, indexed=False)
    points = ndb.IntegerProperty(default=0, indexed=False)
    icon = ndb.TextProperty()
    created = ndb.DateTimeProperty(auto_now_add=True)
    family = ndb.TextProperty()  # a `badges.families.Family` key, e.g. "streak"; None: awarded by hand
    params = ndb.JsonProperty()  # the family's keyword arguments
