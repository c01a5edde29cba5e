"""When the sweep must look at a user (badges.sweep.due): pure, no services."""
from __future__ import annotations

import dataclasses
import datetime
from types import SimpleNamespace

import pytest

from badges import catalog, rules
from badges.catalog import make_params
from badges.context import BadgeContext
from badges.sweep import due

NOW = datetime.datetime(2012, 4, 2, 6, 0)
JOINED = NOW - datetime.timedelta(days=100)


def user(**changes) -> SimpleNamespace:
    """A user reviewed at NOW under the current version, inactive since the day before, joined 100 days ago."""
    values = dict(last_review=NOW, reviewed_catalog_version=due.review_version(), owned_badges=[], revoked_badges=[],
                  joined=JOINED, last_activity=NOW - datetime.timedelta(days=1))
    return SimpleNamespace(**{**values, **changes})


CATALOGUE = due.RuleSet((), catalog.CATALOG_VERSION)
TENURE = next(b for b in catalog.NON_CONTEXT if b.family.due_at is not None)


@pytest.mark.parametrize("changes", [{"last_review": None}, {"last_activity": NOW + datetime.timedelta(seconds=1)}])
def test_a_user_never_reviewed_or_active_since_is_due_at_once(changes):
    assert due.review_due(user(**changes)) == due.DUE_NOW
    assert due.needs_review(user(**changes), NOW, CATALOGUE)


@pytest.mark.parametrize("version", [0, catalog.CATALOG_VERSION])  # the second: stamped before review_due was kept
def test_a_user_reviewed_under_another_version_needs_review(version):
    assert due.needs_review(user(reviewed_catalog_version=version), NOW, CATALOGUE)
    assert not due.needs_review(user(), NOW, CATALOGUE)


def test_a_dormant_user_is_due_when_the_first_unowned_tenure_badge_starts_to_hold():
    assert due.review_due(user()) == JOINED + datetime.timedelta(days=365)
    assert not due.needs_review(user(), NOW, CATALOGUE)
    assert due.needs_review(user(), JOINED + datetime.timedelta(days=365), CATALOGUE)
    assert due.review_due(user(owned_badges=["yearonebadge"])) == JOINED + datetime.timedelta(days=730)
    assert due.review_due(user(revoked_badges=["yearonebadge"])) == JOINED + datetime.timedelta(days=730)


def test_a_custom_time_driven_badge_makes_its_users_due_in_memory_and_every_run_full():
    custom = dataclasses.replace(TENURE, name="tenure-ten-days", params=make_params(days=10))
    rules = due.RuleSet((custom,), catalog.catalog_version(catalog.CATALOG + (custom,)))
    stamped = user(reviewed_catalog_version=rules.review_version)
    assert rules.time_driven and not CATALOGUE.time_driven
    assert due.review_due(stamped) == JOINED + datetime.timedelta(days=365)  # the stored moment: catalogue only
    assert due.needs_review(stamped, NOW, rules)
    assert not due.needs_review(user(owned_badges=["tenure-ten-days"], reviewed_catalog_version=rules.review_version),
                                NOW, rules)


def test_a_dormant_user_with_every_tenure_badge_or_no_join_date_is_never_due():
    everything = [b.name for b in catalog.NON_CONTEXT if b.family.due_at is not None]
    assert due.review_due(user(owned_badges=everything)) == due.NEVER
    assert due.review_due(user(joined=None)) == due.NEVER


def test_the_version_follows_the_catalogue_and_the_review_format(monkeypatch):
    before = due.review_version()
    assert CATALOGUE.review_version == before
    monkeypatch.setattr(catalog, "CATALOG_VERSION", catalog.CATALOG_VERSION + 1)
    assert due.review_version() != before
    assert due.review_version(catalog.CATALOG_VERSION - 1) == before
    monkeypatch.setattr(due, "REVIEW_FORMAT", due.REVIEW_FORMAT + 1)
    assert due.review_version(catalog.CATALOG_VERSION - 1) != before


@pytest.mark.parametrize("badge", [b for b in catalog.NON_CONTEXT if b.family.due_at is not None],
                         ids=lambda b: b.name)
def test_a_time_driven_badge_holds_from_its_due_moment_and_not_a_second_before(badge):
    stats = user()
    moment = badge.family.due_at(stats, **badge.params)
    assert rules.evaluate(badge, BadgeContext(now=moment, user=stats))
    assert not rules.evaluate(badge, BadgeContext(now=moment - datetime.timedelta(seconds=1), user=stats))
