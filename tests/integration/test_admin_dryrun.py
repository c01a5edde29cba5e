"""Dry runs of a candidate badge against the real emulators: who may start one, bad candidates refused, the counts
on a seeded population of 240 students, nothing written to any student, and the badge made from it awarded by the
next sweep exactly as often as the dry run said (tests.integration.dryrun_users works the counts out from its seed).
"""
from __future__ import annotations

import pytest
from google.cloud import ndb

from models.badges import BadgeAudit, CustomBadge, PendingNotification, UserBadge
from models.dryrun import DryRun, DryRunPage
from models.user import UserData
from tests.integration.dryrun_users import NOW, candidates, populate
from tests.support import Student, in_namespace, seeded_app

PINNED = {"X-Test-Now": NOW.isoformat()}
CRON = {"X-Appengine-Cron": "true", **PINNED}


def _admin(app) -> Student:
    return Student(app).sign_in("admin@example.com", admin=True)


@pytest.fixture
def inline(config, task_queues):
    """The app without a task queue: a dry run (and a sweep) runs its pages itself, in order, 25 users a page."""
    return seeded_app(config.with_(tasks_emulator_host=None, sweep_page_size=25))


def _students() -> dict[str, dict]:
    return {ud.key.id(): ud.to_dict() for ud in UserData.query().fetch()}


def test_only_an_admin_with_the_csrf_token_uses_the_dry_run_and_award_tools(app, student):
    body = {"family": "streak", "params": {"streak": 30}}
    award = {"email": "pupil@example.com", "badge": "nicestreakbadge", "context": "Addition 1", "reason": "r"}
    posts = {"/admin/badges/dryrun": body, "/admin/badges/dryrun/dry-x/badge": {"name": "x_badge"},
             "/admin/badges/revoke": award, "/admin/badges/restore": award}
    for who in ("phantom", "pupil"):
        if who == "pupil":
            student.sign_in("pupil@example.com")
        for path, payload in posts.items():
            refused = student.post(path, payload)
            assert refused.status_code == 403 and "admin" in refused.get_json()["error"], (who, path)
        assert student.get("/admin/badges/dryrun/dry-x").status_code == 403
    admin = _admin(app)
    for path, payload in posts.items():
        no_token = admin.client.post(path, json=payload)
        assert no_token.status_code == 403 and "CSRF" in no_token.get_json()["error"], path
    page_task = "/admin/tasks/dryrun/page"  # Cloud Tasks only: its header, else 403, even for an admin
    assert admin.post(page_task, {"run_id": "dry-x", "page": 0}).status_code == 403
    queue = {"X-AppEngine-QueueName": "badge-sweep"}
    assert app.test_client().post(page_task, json={"page": "0"}, headers=queue).status_code == 400
    unknown = app.test_client().post(page_task, headers=queue, json={
        "run_id": "dry-x", "page": 0, "namespace": app.extensions["meteorite.config"].namespace})
    assert unknown.status_code == 200 and unknown.get_json()["status"] == "unknown run"
    for odd in ("__key__", "x" * 600, "dry-nosuchrun"):
        assert admin.get(f"/admin/badges?dryrun={odd}").status_code == 200
    with in_namespace(app):
        assert (DryRun.query().count(), CustomBadge.query().count(), BadgeAudit.query().count()) == (0, 0, 0)


@pytest.mark.parametrize("body", [
    {"family": "nosuchfamily", "params": {}}, {"family": "streak", "params": {}},
    {"family": "streak", "params": {"streak": 30, "extra": 1}}, {"family": "streak", "params": {"streak": -1}},
    {"family": "streak", "params": {"streak": 10 ** 15}}, {"family": "monthly_top", "params": {"subject": "Algebra"}},
    {"family": "custom", "params": {"emails": ["not an email"]}}, {"params": {"streak": 30}}, ["streak"], "streak",
])
def test_a_bad_candidate_is_a_400_json_that_starts_nothing(app, body):
    admin = _admin(app)
    refused = admin.post("/admin/badges/dryrun", body)
    assert refused.status_code == 400 and refused.get_json()["error"]
    with in_namespace(app):
        assert DryRun.query().count() == 0


def test_unknown_runs_and_bad_badges_from_a_run_are_refused_and_change_nothing(inline):
    admin = _admin(inline)
    assert admin.get("/admin/badges/dryrun/dry-nosuchrun").status_code == 404
    assert admin.get("/admin/badges/dryrun/" + "d" * 400).status_code == 404
    assert admin.post("/admin/badges/dryrun/dry-nosuchrun/badge", {"name": "ok_name"}).status_code == 404
    run_id = admin.post("/admin/badges/dryrun", {"family": "points", "params": {"points": 5}}).get_json()["run_id"]
    for bad in ({"name": "x"}, {"name": "nicestreakbadge"}, {"name": "fine_name", "points": -3},
                {"name": "fine_name", "category": 9}):
        refused = admin.post(f"/admin/badges/dryrun/{run_id}/badge", bad)
        assert refused.status_code in (400, 409) and refused.get_json()["error"], bad
    with in_namespace(inline):
        assert CustomBadge.query().count() == 0


def _dry_run(admin: Student, body: dict) -> dict:
    started = admin.client.post("/admin/badges/dryrun", json=body, headers=admin.headers(PINNED))
    assert started.status_code == 202, started.get_json()
    status = admin.get(f"/admin/badges/dryrun/{started.get_json()['run_id']}").get_json()
    assert status["state"] == "done", status
    return status


def test_the_next_sweep_awards_a_dry_run_badge_exactly_as_often_as_the_dry_run_counted(inline):
    admin = _admin(inline)
    with in_namespace(inline):
        expected = populate(240)
        before = _students()
    runs = {name: _dry_run(admin, body) for name, body in candidates(expected).items()}
    for name, status in runs.items():
        assert (status["users_seen"], status["users_failed"], status["pages_recorded"]) == (240, 0, 10), name
        assert status["would_earn"] == len(expected.students.get(name, ())), name
        assert status["per_context"] == dict(expected.per_context.get(name, {})), name
        assert status["awards"] == (sum(status["per_context"].values()) or status["would_earn"]), name
    assert min(status["would_earn"] for status in runs.values()) >= 10  # every candidate is earned by many
    with in_namespace(inline):  # read-only: no award, no notification, no student changed
        assert UserBadge.query().count() == PendingNotification.query().count() == 0
        assert _students() == before

    for name, status in runs.items():
        made = admin.post(f"/admin/badges/dryrun/{status['run_id']}/badge",
                          {"name": f"dry_{name}", "shown": name.title(), "category": 1, "points": 10})
        assert made.status_code == 201 and made.get_json()["family"] == status["family"], made.get_json()
    swept = inline.test_client().get("/admin/startnewbadgemapreduce", headers=CRON)
    assert swept.status_code == 200
    with in_namespace(inline):
        awarded = [ub for ub in UserBadge.query().fetch() if ub.badge_name.startswith("dry_")]
    for name, status in runs.items():
        mine = [ub for ub in awarded if ub.badge_name == f"dry_{name}"]
        assert len({ub.key.parent().id() for ub in mine}) == status["would_earn"], name
        assert len(mine) == status["awards"], name
        contexts = {}
        for ub in mine:
            if ub.target_context_name is not None:
                contexts[ub.target_context_name] = contexts.get(ub.target_context_name, 0) + 1
        assert contexts == status["per_context"], name
    print("dry run vs sweep:", {name: (s["would_earn"], s["awards"]) for name, s in runs.items()})


def test_a_dry_run_fans_out_over_cloud_tasks_and_counts_each_page_once(config, task_queues):
    app = seeded_app(config.with_(sweep_page_size=7))
    admin = _admin(app)
    with in_namespace(app):
        expected = populate(30, seed=3)
    started = admin.client.post("/admin/badges/dryrun", json=candidates(expected)["streak"],
                                headers=admin.headers(PINNED))
    run_id = started.get_json()["run_id"]
    waiting = admin.get(f"/admin/badges/dryrun/{run_id}").get_json()
    assert (waiting["state"], waiting["pages_recorded"], waiting["users_estimate"]) == ("running", 0, 30)
    delivered: set[str] = set()
    responses = task_queues.deliver(app.test_client(), "badge-sweep", delivered)
    assert [r.get_json()["status"] for r in responses] == ["recorded"] * 5 and len(delivered) == 5
    delivered.clear()  # every page delivered a second time: recorded once, no page fans out again
    again = task_queues.deliver(app.test_client(), "badge-sweep", delivered)
    assert [r.get_json()["status"] for r in again] == ["already recorded"] * 5
    status = admin.get(f"/admin/badges/dryrun/{run_id}").get_json()
    assert (status["state"], status["users_seen"], status["pages_recorded"]) == ("done", 30, 5)
    assert status["would_earn"] == len(expected.students["streak"])
    assert status["per_context"] == dict(expected.per_context["streak"])
    with in_namespace(app):
        assert DryRunPage.query().count() == 5 and UserBadge.query().count() == 0
        assert ndb.Key(UserData, "d0000").get().owned_badges == []


def test_the_admin_page_starts_a_dry_run_by_form_and_shows_its_progress(inline):
    admin = _admin(inline)
    form = {"csrf_token": admin.csrf, "family": "custom", "emails": "d0000@example.com, nobody@example.com"}
    with in_namespace(inline):
        populate(3)
    started = admin.client.post("/admin/badges/dryrun", data=form)
    assert started.status_code == 303 and "dryrun=dry-" in started.headers["Location"]
    page = admin.client.get(started.headers["Location"]).data.decode()
    assert '<progress id="dryrun-progress"' in page and 'value="100"' in page and "done" in page
    assert 'id="dryrun-would-earn">1<' in page and '/static/js/admin-dryrun.js' in page
    refused = admin.client.post("/admin/badges/dryrun", data={"csrf_token": admin.csrf, "family": "streak",
                                                             "params": "{streak: 30"})
    assert refused.status_code == 303 and "params+must+be+JSON" in refused.headers["Location"]
