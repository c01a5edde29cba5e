"""Badge awards, admin-made custom badges, holder counters and pending notifications."""
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


class CustomBadge(ndb.Model):
    """An admin-made badge (key id = its name); never earned by rule, awarded by an admin, hidden until owned."""

    shown = ndb.TextProperty()
    description = ndb.TextProperty()
    category = ndb.IntegerProperty(default=0, indexed=False)
    points = ndb.IntegerProperty(default=0, indexed=False)
    icon = ndb.TextProperty()
    created = ndb.DateTimeProperty(auto_now_add=True)
