"""Revoking and restoring one award against the real emulators: exactly once each, everything the award moved moved
back (points, counts, holder and day counters, the notification), shown nowhere, never re-awarded by the sweep or
in real time until restored, audited; bad requests refused; racing admins and awards leave every count exact."""
from __future__ import annotations

import datetime
import threading

import pytest
from google.cloud import ndb

from badges import catalog
from badges.award_stats import programme
from badges.awards import grant
from models.badges import BadgeAudit, PendingNotification, UserBadge
from models.user import UserData
from tests.support import Student, in_namespace

NOW = datetime.datetime(2012, 4, 2, 6, 0)
PINNED = {"X-Test-Now": NOW.isoformat()}
PROFICIENT = ["addition_1", "subtraction_1", "multiplication_1"]


def _admin(app) -> Student:
    admin = Student(app).sign_in("admin@example.com", admin=True)
    admin.now = NOW
    return admin


def _body(badge: str, context: str | None = None, reason: str = "awarded by mistake") -> dict:
    return {"email": "pupil@example.com", "badge": badge, "context": context, "reason": reason}


@pytest.fixture
def pupil(app) -> Student:
    """A signed-in student who deserves (and holds) the three-exercise badge, and holds Nice Streak twice."""
    pupil = Student(app).sign_in("pupil@example.com")
    pupil.now = NOW
    with in_namespace(app):
        key = ndb.Key(UserData, pupil.user_id)
        UserData(key=key, email="pupil@example.com", nickname="pupil", badge_counts=[0] * 6, points=0,
                 proficient_exercises=PROFICIENT, all_proficient_exercises=PROFICIENT,
                 joined=NOW - datetime.timedelta(days=20), last_activity=NOW - datetime.timedelta(days=3)).put()
        streak = catalog.BY_NAME["nicestreakbadge"]
        assert grant(key, catalog.BY_NAME["gettingstartedbadge"], None, NOW - datetime.timedelta(days=2),
                     source="realtime") == "awarded"
        assert grant(key, streak, "Addition 1", NOW - datetime.timedelta(days=1), source="realtime") == "awarded"
        assert grant(key, streak, "Subtraction 1", NOW, source="realtime") == "awarded"
    return pupil


def _state(app, uid: str) -> tuple[UserData, dict[str, UserBadge], dict]:
    with in_namespace(app):
        ud = UserData.get_by_id(uid)
        awards = {ub.key.id(): ub for ub in UserBadge.query(ancestor=ud.key).fetch()}
        return ud, awards, programme(NOW.date())


def test_a_revocation_takes_back_exactly_what_the_award_gave_and_is_audited(app, pupil):
    admin = _admin(app)
    revoked = admin.post("/admin/badges/revoke", _body("gettingstartedbadge"))
    assert revoked.status_code == 200 and revoked.get_json() == {"revoked": True}
    ud, awards, stats = _state(app, pupil.user_id)
    assert (ud.points, ud.badge_counts[0], ud.pending_notifications) == (0, 2, 2)
    assert "gettingstartedbadge" not in ud.owned_badges and ud.revoked_badges == ["gettingstartedbadge"]
    award = awards["gettingstartedbadge"]  # kept, marked: what the credential's status reads
    assert (award.revoked, award.revoked_at, award.points_earned) == (True, NOW, 100)
    gone = stats["gettingstartedbadge"]
    assert (gone.holders, gone.awards, gone.last_7, gone.first) == (0, 0, 0, NOW - datetime.timedelta(days=2))
    with in_namespace(app):
        assert PendingNotification.get_by_id("gettingstartedbadge", parent=ud.key) is None
        (audit,) = BadgeAudit.query().fetch()
    assert (audit.action, audit.admin, audit.email, audit.reason, audit.at, audit.points) == (
        "revoke", "admin@example.com", "pupil@example.com", "awarded by mistake", NOW, 100)
    assert audit.key.parent() == ud.key and audit.badge_key == "gettingstartedbadge"

    again = admin.post("/admin/badges/revoke", _body("gettingstartedbadge"))
    assert again.status_code == 409 and "already revoked" in again.get_json()["error"]
    assert _state(app, pupil.user_id)[0].points == 0
    with in_namespace(app):
        assert BadgeAudit.query().count() == 1


def test_a_revoked_award_shows_nowhere_and_is_never_awarded_again_until_restored(app, pupil):
    admin = _admin(app)
    assert admin.post("/admin/badges/revoke", _body("gettingstartedbadge")).status_code == 200
    assert "gettingstartedbadge" not in {b["name"] for b in pupil.get("/api/v1/user/badges").get_json()["badges"]}
    listed = {b["name"]: b for b in pupil.get("/api/v1/badges").get_json()}
    assert not listed["gettingstartedbadge"]["is_owned"] and listed["gettingstartedbadge"]["holders"] == 0
    assert "gettingstartedbadge" not in {n["name"] for n in pupil.get("/api/v1/user/notifications").get_json()}
    assert b'data-badge-name="gettingstartedbadge"' not in pupil.get("/profile").data
    assert b"Nobody yet" in pupil.get("/badges/gettingstartedbadge").data

    solved = pupil.solve("addition_1")  # real time judges the badge again: deserved, but revoked
    assert "gettingstartedbadge" not in {b["name"] for b in solved["action_results"]["badges_earned"]}
    swept = app.test_client().get("/admin/startnewbadgemapreduce", headers={"X-Appengine-Cron": "true", **PINNED})
    assert swept.status_code == 200
    with in_namespace(app):
        assert grant(ndb.Key(UserData, pupil.user_id), catalog.BY_NAME["gettingstartedbadge"], None, NOW,
                     source="admin") == "revoked"
    before, awards, _ = _state(app, pupil.user_id)
    assert awards["gettingstartedbadge"].revoked and "gettingstartedbadge" not in before.owned_badges

    restored = admin.post("/admin/badges/restore", _body("gettingstartedbadge", reason="checked again"))
    assert restored.status_code == 200 and restored.get_json() == {"restored": True}
    ud, awards, stats = _state(app, pupil.user_id)
    assert (ud.points, ud.badge_counts[0]) == (before.points + 100, before.badge_counts[0] + 1)
    assert "gettingstartedbadge" in ud.owned_badges and ud.revoked_badges == []
    assert (awards["gettingstartedbadge"].revoked, awards["gettingstartedbadge"].revoked_at) == (False, None)
    back = stats["gettingstartedbadge"]
    assert (back.holders, back.awards, back.last_7, back.per_day[-3]) == (1, 1, 1, 1)  # its award day, not today's
    assert admin.post("/admin/badges/restore", _body("gettingstartedbadge")).status_code == 409
    assert "gettingstartedbadge" in {b["name"] for b in pupil.get("/api/v1/user/badges").get_json()["badges"]}
    with in_namespace(app):
        audits = {a.action: a.reason for a in BadgeAudit.query().fetch()}
    assert audits == {"revoke": "awarded by mistake", "restore": "checked again"}


def test_the_holder_count_falls_only_when_no_context_of_the_badge_is_left(app, pupil):
    admin = _admin(app)
    assert admin.post("/admin/badges/revoke", _body("nicestreakbadge", "Addition 1")).status_code == 200
    _, _, stats = _state(app, pupil.user_id)
    assert (stats["nicestreakbadge"].holders, stats["nicestreakbadge"].awards) == (1, 1)
    assert admin.post("/admin/badges/revoke", _body("nicestreakbadge", "Subtraction 1")).status_code == 200
    ud, _, stats = _state(app, pupil.user_id)
    assert (stats["nicestreakbadge"].holders, stats["nicestreakbadge"].awards, ud.badge_counts[0]) == (0, 0, 1)
    assert admin.post("/admin/badges/restore", _body("nicestreakbadge", "Subtraction 1")).status_code == 200
    assert _state(app, pupil.user_id)[2]["nicestreakbadge"].holders == 1


@pytest.mark.parametrize("body, status", [
    ({**_body("gettingstartedbadge"), "reason": ""}, 400), ({**_body("gettingstartedbadge"), "reason": None}, 400),
    ({**_body("gettingstartedbadge"), "reason": "r" * 501}, 400), ({**_body("gettingstartedbadge"), "email": "x"}, 400),
    ({**_body("gettingstartedbadge"), "email": 5}, 400), (_body("gettingstartedbadge", "Addition 1"), 400),
    (_body("nicestreakbadge"), 400), (_body("nicestreakbadge", "é" * 300), 400), (_body("nosuchbadge"), 404),
    ({**_body("gettingstartedbadge"), "email": "nobody@example.com"}, 404),
    (_body("greatstreakbadge", "Addition 1"), 404),
    (_body("nicestreakbadge", "Division 1"), 404), ({"email": "pupil@example.com"}, 400), ([1, 2], 400),
])
def test_a_bad_revocation_is_a_4xx_json_that_changes_nothing(app, pupil, body, status):
    admin = _admin(app)
    before = _state(app, pupil.user_id)[0].to_dict()
    for path in ("/admin/badges/revoke", "/admin/badges/restore"):
        refused = admin.post(path, body)
        assert refused.status_code in (status, 409) and refused.get_json()["error"], path
    assert _state(app, pupil.user_id)[0].to_dict() == before
    with in_namespace(app):
        assert BadgeAudit.query().count() == 0


def _race(jobs: list) -> list:
    """Run the jobs (callables) in threads started together; their results in job order."""
    results: list = [None] * len(jobs)
    start = threading.Barrier(len(jobs))

    def run(i, job):
        start.wait()
        results[i] = job()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def test_racing_revocations_restores_and_awards_leave_every_count_exact(app, pupil):
    admin = _admin(app)
    for name, points in (("race_prize", 100), *((f"race_extra_{i}", 10 + i) for i in range(4))):
        made = admin.post("/admin/badges/custom", {"name": name, "description": "d", "category": 2, "points": points})
        assert made.status_code == 201
    assert admin.post("/admin/badges/custom/race_prize/award", {"emails": ["pupil@example.com"]}).status_code == 200

    def call(path, body):
        tab = admin.second_tab()
        return lambda: (path, tab.post(path, body).status_code)

    prize, pupil_only = _body("race_prize"), {"emails": ["pupil@example.com"]}
    jobs = [("/admin/badges/revoke" if i % 2 == 0 else "/admin/badges/restore", prize) for i in range(8)]
    jobs += [(f"/admin/badges/custom/race_extra_{i}/award", pupil_only) for i in range(4)]
    jobs += [("/admin/badges/custom/race_prize/award", pupil_only) for _ in range(2)]
    changes = []
    for _ in range(3):  # rounds: the prize is revoked and restored several times over
        results = _race([call(*job) for job in jobs])
        assert all(status in (200, 409) for _, status in results), results
        changes += [path for path, status in results if status == 200 and path.endswith(("/revoke", "/restore"))]

    ud, awards, stats = _state(app, pupil.user_id)
    live = {k: ub for k, ub in awards.items() if not ub.revoked}
    assert ud.points == sum(ub.points_earned for ub in live.values())
    assert sorted(ud.owned_badges) == sorted(live) and sorted(ud.revoked_badges) == sorted(set(awards) - set(live))
    by_category = [0] * 6
    for ub in live.values():
        in_catalog = catalog.BY_NAME.get(ub.badge_name)
        by_category[int(in_catalog.category) if in_catalog else 2] += 1  # the race's custom badges are category 2
    assert ud.badge_counts == by_category
    for name in {ub.badge_name for ub in awards.values()}:
        mine = [ub for ub in live.values() if ub.badge_name == name]
        assert (stats[name].holders, stats[name].awards) == (min(1, len(mine)), len(mine)), name
    revokes = changes.count("/admin/badges/revoke")
    assert revokes - changes.count("/admin/badges/restore") == (1 if awards["race_prize"].revoked else 0)
    with in_namespace(app):
        assert BadgeAudit.query().count() == len(changes) >= 1
    assert all(f"race_extra_{i}" in live for i in range(4))
