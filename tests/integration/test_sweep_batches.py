"""The sweep's due runs and its chunked reviews, against the real emulators, pages run in-process (no queue).

Users are written straight to the Datastore (tests.integration.sweep_users: each profile says which awards it
deserves, independently of the rule code).
"""
from __future__ import annotations

import datetime

import pytest
from google.cloud import ndb

from badges import catalog
from badges.sweep import batch, due, pages, review, runs
from badges.sweep.contexts import logs_of
from models.badges import BadgeAwardShard, BadgeHolderShard
from models.user import UserData
from tests.integration.sweep_users import NOW, assert_exact, awards_by_user, populate, profile


@pytest.fixture
def inline(config, ndb_client, namespace):
    """The app without a task queue (pages run in this process), sweeping pages of 7 users."""
    from content.seed import seed
    from main import create_app

    application = create_app(config.with_(tasks_emulator_host=None, sweep_page_size=7))
    with ndb_client.context(namespace=namespace, cache_policy=False):
        seed()
    return application


@pytest.fixture
def ds(ndb_client, namespace):
    return lambda: ndb_client.context(namespace=namespace, cache_policy=False)


def sweep(app, ds, clock: datetime.datetime) -> dict:
    """One run at ``clock``, every page in this process; its status."""
    lac = app.extensions["meteorite.services"].lac
    with ds():
        run = pages.start_sweep(clock=clock, pinned=True, page_size=7, triggered_by="test", namespace=None,
                                queue=None, lac=lac)
        return runs.run_status(run.run_id)


def test_after_a_clean_full_run_a_run_reads_only_the_users_due(inline, ds):
    with ds():
        populate(30, kinds=("blank",))
    first = sweep(inline, ds, NOW)
    assert (first["mode"], first["users_processed"], first["pages_recorded"]) == ("full", 30, 5)
    with ds():
        active = ndb.get_multi([ndb.Key(UserData, "u00003"), ndb.Key(UserData, "u00011")])
        for user in active:
            user.last_activity = NOW + datetime.timedelta(hours=1)
        ndb.put_multi(active)
    later = sweep(inline, ds, NOW + datetime.timedelta(hours=12))
    assert (later["mode"], later["users_seen"], later["users_processed"], later["users_skipped"]) == (
        "due", 30, 2, 28)
    assert later["pages_recorded"] == 1  # the two due users: no page of dormant users was read


def test_a_due_run_finds_a_dormant_user_whose_tenure_badge_comes_due(inline, ds):
    with ds():
        populate(10, kinds=("blank",))
        entities, _, _ = profile("blank", "almost")
        entities[0].joined = NOW - datetime.timedelta(days=364)
        ndb.put_multi(entities)
    assert sweep(inline, ds, NOW)["badges_awarded"] == 0
    later = sweep(inline, ds, NOW + datetime.timedelta(days=2))
    assert (later["mode"], later["users_processed"], later["users_skipped"], later["badges_awarded"]) == (
        "due", 1, 10, 1)
    with ds():
        assert awards_by_user() == {"almost": {"yearonebadge"}}


def holders(badge_name: str) -> int:
    return sum(s.count for s in BadgeHolderShard.query(BadgeHolderShard.badge_name == badge_name).fetch())


def awards_counted(badge_name: str) -> tuple[int, int]:
    """The award counters' total and their sum by day."""
    shards = BadgeAwardShard.query(BadgeAwardShard.badge_name == badge_name).fetch()
    return sum(s.awards for s in shards), sum(sum((s.by_day or {}).values()) for s in shards)


def test_users_of_one_chunk_counted_on_one_holder_and_award_shard_add_up(inline, ds):
    with ds():
        expected = populate(40, kinds=("rich",))  # 40 holders of each badge over 16 shards: shards are shared
    assert sweep(inline, ds, NOW)["badges_awarded"] == 80
    with ds():
        assert_exact(expected)
        assert holders("tenthousandairebadge") == holders("hundredthousandairebadge") == 40
        assert awards_counted("tenthousandairebadge") == awards_counted("hundredthousandairebadge") == (40, 40)


def test_a_chunk_whose_transaction_fails_is_reviewed_user_by_user(inline, ds, monkeypatch):
    monkeypatch.setattr(batch, "MAX_GROUPS", 500)  # chunks beyond the Datastore's 25 entity groups: refused
    with ds():
        expected = populate(21)
    status = sweep(inline, ds, NOW)
    assert (status["users_processed"], status["users_failed"]) == (21, 0)
    with ds():
        assert_exact(expected)
        assert holders("gettingstartedbadge") == sum("gettingstartedbadge" in d for d, _ in expected.values())


def test_a_user_whose_stats_moved_after_the_page_read_is_left_to_be_reviewed_alone(inline, ds):
    with ds():
        populate(2, kinds=("rich",))
        seen = ndb.get_multi([ndb.Key(UserData, "u00000"), ndb.Key(UserData, "u00001")])
        moved = seen[1].key.get()
        moved.points += 1
        moved.put()
        items = [batch.Pending(user, [], [], logs_of(user, inline.extensions["meteorite.services"].lac))
                 for user in seen]
        build = review.PageReview(None, None, {}, NOW, due.RuleSet((), catalog.CATALOG_VERSION)).candidates
        awarded, stale = batch.commit(items, build, NOW, NOW, 1, 0)
        assert (awarded, [item.seen.key.id() for item in stale]) == (2, ["u00001"])
        assert set(awards_by_user()) == {"u00000"}
        assert ndb.Key(UserData, "u00001").get().last_review is None


def test_a_catalogue_change_and_a_return_to_the_earlier_catalogue_each_make_the_next_run_full(inline, ds):
    with ds():
        populate(8, kinds=("blank",))
    assert sweep(inline, ds, NOW)["mode"] == "full"
    assert sweep(inline, ds, NOW)["mode"] == "due"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(catalog, "CATALOG_VERSION", catalog.CATALOG_VERSION + 1)
        changed = sweep(inline, ds, NOW)
        assert (changed["mode"], changed["users_processed"]) == ("full", 8)
    back = sweep(inline, ds, NOW)  # users were stamped under the other catalogue: all looked at again
    assert (back["mode"], back["users_processed"]) == ("full", 8)
    assert sweep(inline, ds, NOW)["mode"] == "due"


def test_a_rule_badge_makes_the_next_run_full_and_while_one_is_time_driven_every_run_is(inline, ds):
    from badges import custom
    from badges.categories import Category
    from badges.families import Family

    with ds():
        populate(8, kinds=("blank",))  # joined 10 days before NOW, no video watched
    assert [sweep(inline, ds, NOW)["mode"] for _ in range(2)] == ["full", "due"]
    with ds():
        custom.create(custom.Spec("video-minute", "A minute", "Watch a minute", Category(0), 5), Family.VIDEO_TIME,
                      {"seconds": 60})
    changed = sweep(inline, ds, NOW)
    assert (changed["mode"], changed["users_processed"], changed["badges_awarded"]) == ("full", 8, 0)
    assert sweep(inline, ds, NOW)["mode"] == "due"
    with ds():
        custom.create(custom.Spec("five-days", "Five days", "Five days here", Category(0), 5), Family.TENURE,
                      {"days": 5})
    tenure = sweep(inline, ds, NOW)
    assert (tenure["mode"], tenure["users_processed"], tenure["badges_awarded"]) == ("full", 8, 8)
    again = sweep(inline, ds, NOW)
    assert (again["mode"], again["users_skipped"], again["badges_awarded"]) == ("full", 8, 0)
    with ds():
        assert all("five-days" in deserved for deserved in awards_by_user().values())


def test_a_finished_run_leaves_its_run_and_one_result_per_page_and_a_late_delivery_changes_nothing(inline, ds):
    from models.sweep import SweepClaim, SweepPage, SweepRun

    lac = inline.extensions["meteorite.services"].lac
    with ds():
        populate(15, kinds=("blank",))
        queued: list = []
        run = runs.start_run(clock=NOW, pinned=True, page_size=7, triggered_by="test", enqueue=queued.append,
                             namespace=None)
        delivered = []
        while queued:
            delivered.append(queued.pop(0))
            pages.run_page(delivered[-1], lac=lac, enqueue=queued.append)
        assert SweepRun.get_by_id(run.run_id).state == "done"
        assert (SweepClaim.query().count(), SweepPage.query().count()) == (0, 3)
        late = pages.run_page(delivered[1], lac=lac, enqueue=queued.append)
        assert (late["status"], queued, SweepClaim.query().count()) == ("already recorded", [], 0)
    assert sweep(inline, ds, NOW)["users_seen"] == 15  # the next run is whole
