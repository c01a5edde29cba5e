"""The programme on the admin page against the real emulators: per-day award counters kept in the awards' own
transactions (two awards of one badge in one transaction counted twice), revocations taken off the award's day,
the table and its server-drawn SVG charts, and a page whose cost does not grow with the number of awards."""
from __future__ import annotations

import datetime
import re

from google.cloud import ndb

from badges import award_chart, catalog
from badges.award_stats import programme, window
from badges.awards import grant
from models.badges import UserBadge
from models.user import UserData
from tests.integration.sweep_users import populate
from tests.support import RpcSpy, Student, in_namespace, seeded_app

NOW = datetime.datetime(2012, 4, 2, 6, 0)
AGO = (0, 0, 3, 10, 45, 100)  # days before NOW of each award of the tests' badge
BADGE = "gettingstartedbadge"


def _admin(app) -> Student:
    admin = Student(app).sign_in("admin@example.com", admin=True)
    admin.now = NOW
    return admin


def _award(app, uids, ago_days=AGO, name=BADGE) -> None:
    with in_namespace(app):
        for uid, ago in zip(uids, ago_days):
            key = ndb.Key(UserData, uid)
            if key.get() is None:
                UserData(key=key, email=f"{uid}@example.com", nickname=uid, badge_counts=[0] * 6).put()
            when = NOW - datetime.timedelta(days=ago, hours=1)
            assert grant(key, catalog.BY_NAME[name], None, when, source="admin") == "awarded"


def test_awards_are_counted_per_day_and_a_revocation_comes_off_the_day_of_its_award(app):
    uids = [f"p{i}" for i in range(len(AGO))]
    _award(app, uids)
    admin = _admin(app)
    revoke = {"email": "p2@example.com", "badge": BADGE, "context": None, "reason": "duplicate account"}
    assert admin.post("/admin/badges/revoke", revoke).status_code == 200
    with in_namespace(app):
        stats = programme(NOW.date())[BADGE]
    assert (stats.holders, stats.awards, stats.last_7, stats.last_30) == (5, 5, 2, 3)
    assert stats.first == NOW - datetime.timedelta(days=100, hours=1)  # older than the chart, still the first
    assert stats.last == NOW - datetime.timedelta(hours=1)
    days = window(NOW.date())
    assert stats.per_day[-1] == 2 and stats.per_day[days.index("2012-03-30")] == 0  # p2's day, revoked
    assert sum(stats.per_day) == 4  # the award 100 days ago is outside the 90 days
    assert (NOW - datetime.timedelta(days=45, hours=1)).strftime("%Y-%m-%d") in days


def test_two_awards_of_one_badge_in_one_transaction_are_both_counted(config, task_queues):
    app = seeded_app(config.with_(tasks_emulator_host=None))
    with in_namespace(app):
        populate(5, kinds=("streaks",))  # the sweep awards Nice Streak in two exercises at once to each
    swept = app.test_client().get("/admin/startnewbadgemapreduce",
                                  headers={"X-Appengine-Cron": "true", "X-Test-Now": NOW.isoformat()})
    assert swept.status_code == 200
    with in_namespace(app):
        stats = programme(NOW.date())
        awards = UserBadge.query().fetch()
    for name in ("nicestreakbadge", "greatstreakbadge"):
        mine = [ub for ub in awards if ub.badge_name == name]
        assert (stats[name].awards, stats[name].per_day[-1], stats[name].holders) == (len(mine), len(mine), 5)
    assert stats["nicestreakbadge"].awards == 10


def test_the_admin_page_shows_each_badge_with_its_figures_and_chart(app):
    _award(app, [f"p{i}" for i in range(len(AGO))])
    page = _admin(app).get("/admin/badges").data.decode()
    row = re.search(r'<tr>\s*<th scope="row">Just Getting Started.*?</tr>', page, re.S).group(0)
    cells = re.findall(r'<td class="num">(\d+)</td>', row)
    assert cells == ["6", "6", "3", "4"]  # holders, awards, last 7 days, last 30 days
    with in_namespace(app):
        expected = award_chart.chart(programme(NOW.date())[BADGE].per_day, window(NOW.date()))
    assert expected.label == ("Awards per day from 2012-01-04 to 2012-04-02: 5 in all, at most 2 in a day "
                              "(2012-04-02)")
    assert f'role="img" aria-label="{expected.label}"' in row
    assert f'<path class="award-chart-bars" d="{expected.path}">' in row
    assert "2012-04-02 05:00" in row and "2011-12-24 05:00" in row  # last and first award
    assert page.count('<svg class="award-chart"') == len(catalog.CATALOG)
    assert " style=" not in page and "<style" not in page  # the page's CSP allows no inline style


def test_the_page_costs_the_same_whatever_the_number_of_awards(app, monkeypatch):
    admin = _admin(app)
    _award(app, ["p0", "p1"], (0, 1))
    spy = RpcSpy(monkeypatch)
    assert admin.get("/admin/badges").status_code == 200
    few = spy.snapshot()
    _award(app, [f"q{i}" for i in range(40)], [i % 30 for i in range(40)])
    spy.reset()
    assert admin.get("/admin/badges").status_code == 200
    assert spy.snapshot() == few, (few, spy.snapshot())
