"""The badge sweep against the real emulators (Datastore, memcached, Cloud Tasks dispatching to the app on :8190).

Users are written straight to the Datastore (tests.integration.sweep_users: each profile says which awards it
deserves, independently of the rule code). The end-to-end test drives the cron URL and lets the
Cloud Tasks emulator deliver every page to the running app; the other tests run pages in-process (no queue, so
the start handler drains them inline) or post page tasks themselves.
"""
from __future__ import annotations

import os
import threading
import time

import pytest
from google.cloud import ndb
from werkzeug.serving import make_server

from badges import catalog
from badges.sweep import pages, runs
from models.badges import PendingNotification, UserBadge
from models.sweep import MonthlyAward, SweepClaim
from models.user import UserData, UserMonthlyPoints
from tests.integration.sweep_users import NOW, assert_exact, awards_by_user, populate

CRON = {"X-Appengine-Cron": "true", "X-Test-Now": NOW.isoformat()}
TASK = {"X-AppEngine-QueueName": "badge-sweep"}
PORT = int(os.environ.get("APP_PORT", "8190"))  # where the Cloud Tasks emulator delivers (services.sh)


@pytest.fixture
def ds(ndb_client, namespace):
    """Open an ndb context on the test's namespace (never while a request runs in this thread)."""
    return lambda: ndb_client.context(namespace=namespace, cache_policy=False)


@pytest.fixture
def config(config):
    """Pages of 100 users (the app's are 500): the 1,000-user run crosses ten page boundaries on Cloud Tasks."""
    return config.with_(sweep_page_size=100)


@pytest.fixture
def served(app, task_queues):
    """The app on 127.0.0.1:$APP_PORT (8190 in the test profile), where the Cloud Tasks emulator of the test
    profile delivers, and the test's own queues delivering to it."""
    assert task_queues is not None, "TASKS_EMULATOR_HOST not set: the sweep's end-to-end test needs the emulator"
    server = None
    for _ in range(50):  # a previous test's server may still be closing its socket
        try:
            server = make_server("127.0.0.1", PORT, app, threaded=True)
            break
        except OSError:
            time.sleep(0.1)
    assert server is not None, f"port {PORT} is busy: is another app serving the test profile?"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    task_queues.resume()
    yield app
    task_queues.remove()  # nothing of this test is delivered once its server is gone
    server.shutdown()
    thread.join(5)
    server.server_close()


@pytest.fixture
def own_datastore(config, monkeypatch):
    """A Datastore emulator of this test's own, for a test that writes thousands of entities: the app (made after
    this fixture) and the test's client use it, and everything it held goes with it, where the shared emulator
    would keep every namespace's entities until it is reset. Yields an ndb client on it."""
    from clients.datastore import make_client
    from tests.own_services import datastore_emulator, free_port

    port = free_port()
    server = datastore_emulator(port)
    server.start()
    monkeypatch.setenv("DATASTORE_EMULATOR_HOST", f"127.0.0.1:{port}")
    try:
        yield make_client(config)
    finally:
        server.kill()


def wait_done(client, run_id: str, timeout: float = 150.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        status = client.get(f"/admin/badgemapreduce/{run_id}", headers=CRON).get_json()
        if status["state"] != "running" or time.monotonic() > deadline:
            return status
        time.sleep(1.0)


def start(client, headers=CRON) -> str:
    response = client.get("/admin/startnewbadgemapreduce", headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    text = response.get_data(as_text=True)
    assert text.startswith("OK: ")
    return text[4:]


# ------------------------------------------------------------------------------------------------ end to end

def test_cron_sweeps_a_thousand_users_through_cloud_tasks_exactly(own_datastore, served, namespace, client):
    ds = lambda: own_datastore.context(namespace=namespace, cache_policy=False)  # noqa: E731
    with ds():
        expected = populate(1_000, poison=1)
    run_id = start(client)
    status = wait_done(client, run_id)
    assert status["state"] == "done", status
    deserved = sum(len(d) for d, _ in expected.values())
    assert (status["users_seen"], status["users_processed"], status["users_skipped"], status["users_failed"]) == (
        1_001, 1_000, 0, 1)
    assert [f["user_id"] for f in status["failures"]] == ["poison0"]
    assert status["badges_awarded"] == deserved
    with ds():
        assert_exact(expected)
        sources = {(b.source, b.backfilled) for b in UserBadge.query().fetch()}
        assert sources == {("sweep", True)}

    again = wait_done(client, start(client))  # everyone is reviewed now: all skipped but the poison user
    assert again["state"] == "done", again
    assert (again["users_seen"], again["users_skipped"], again["users_failed"], again["badges_awarded"]) == (
        1_001, 1_000, 1, 0)
    with ds():
        assert_exact(expected)


def test_cron_and_task_endpoints_refuse_requests_without_their_headers(app, client, student):
    assert client.get("/admin/startnewbadgemapreduce").status_code == 403
    assert client.get("/admin/cron/exercise_stats").status_code == 403
    assert client.get("/admin/badgemapreduce/nope").status_code == 403
    refused = client.post("/admin/tasks/sweep/page", json={"run_id": "x", "page": 0})
    assert refused.status_code == 403 and "X-AppEngine-QueueName" in refused.get_json()["error"]
    student.sign_in("pupil@example.com")
    assert student.get("/admin/startnewbadgemapreduce").status_code == 403
    assert student.post("/admin/tasks/sweep/page", {"run_id": "x", "page": 0}).status_code == 403
    # The right headers get in (an unknown run is answered, not retried).
    assert client.get("/admin/badgemapreduce/nope", headers=TASK).status_code == 404
    known = client.post("/admin/tasks/sweep/page", json={"run_id": "nope", "page": 0, "namespace": app.extensions[
        "meteorite.config"].namespace}, headers=TASK)
    assert known.status_code == 200 and known.get_json()["status"] == "unknown run"
    assert client.post("/admin/tasks/sweep/page", json={"page": "x"}, headers=TASK).status_code == 400


# ------------------------------------------------------------------------------------------------ in-process pages

@pytest.fixture
def inline(config, ndb_client, namespace):
    """The app without a task queue: the start handler runs the pages itself, in order."""
    from content.seed import seed
    from main import create_app

    application = create_app(config.with_(tasks_emulator_host=None, sweep_page_size=7))
    with ndb_client.context(namespace=namespace, cache_policy=False):
        seed()
    return application


def test_a_page_delivered_twice_is_recorded_once(inline, ds):
    client = inline.test_client()
    namespace = inline.extensions["meteorite.config"].namespace
    with ds():
        expected = populate(20)
        queued: list = []
        run = runs.start_run(clock=NOW, pinned=True, page_size=50, triggered_by="test", enqueue=queued.append,
                             namespace=namespace)
    assert [t.page for t in queued] == [0]
    first = client.post("/admin/tasks/sweep/page", json=queued[0].payload(), headers=TASK).get_json()
    second = client.post("/admin/tasks/sweep/page", json=queued[0].payload(), headers=TASK).get_json()
    assert (first["status"], second["status"]) == ("recorded", "already recorded")
    status = client.get(f"/admin/badgemapreduce/{run.run_id}", headers=TASK).get_json()
    assert (status["state"], status["users_seen"], status["users_processed"]) == ("done", 20, 20)
    assert status["badges_awarded"] == sum(len(d) for d, _ in expected.values())
    with ds():
        assert_exact(expected)


def test_a_redelivered_page_never_fans_out_twice_and_a_live_duplicate_backs_off(inline, ds):
    namespace = inline.extensions["meteorite.config"].namespace
    lac = inline.extensions["meteorite.services"].lac
    with ds():
        populate(10)
        queued: list = []
        run = runs.start_run(clock=NOW, pinned=True, page_size=4, triggered_by="test", enqueue=queued.append,
                             namespace=namespace)
        page0 = queued.pop()
        assert pages.run_page(page0, lac=lac, enqueue=queued.append)["status"] == "recorded"
        assert pages.run_page(page0, lac=lac, enqueue=queued.append)["status"] == "already recorded"
        assert [t.page for t in queued] == [1]
        # A delivery still running holds the claim: a concurrent duplicate is told to come back later.
        SweepClaim(id=queued[0].page_id, run_id=run.run_id, token="other", claimed=runs.utcnow()).put()
        with pytest.raises(pages.Busy):
            pages.run_page(queued[0], lac=lac, enqueue=queued.append)
    response = inline.test_client().post("/admin/tasks/sweep/page", json=queued[0].payload(), headers=TASK)
    assert response.status_code == 503


def test_dormant_users_are_skipped_and_a_new_catalogue_row_reaches_them(inline, ds, monkeypatch):
    client = inline.test_client()
    with ds():
        populate(14, kinds=("rich",))
    first = client.get(f"/admin/badgemapreduce/{start(client)}", headers=TASK).get_json()
    assert (first["state"], first["users_processed"], first["users_skipped"]) == ("done", 14, 0)
    dormant = client.get(f"/admin/badgemapreduce/{start(client)}", headers=TASK).get_json()
    assert (dormant["users_processed"], dormant["users_skipped"], dormant["badges_awarded"]) == (0, 14, 0)

    # A new row (and so a new catalogue version): every dormant user is looked at again and earns it.
    row = catalog.Badge("fiftythousandairebadge", "Fifty Thousand", catalog.Category(1), 7, catalog.Family.POINTS,
                        catalog.make_params(points=50_000))
    monkeypatch.setattr(catalog, "CATALOG", catalog.CATALOG + (row,))
    monkeypatch.setattr(catalog, "NON_CONTEXT", catalog.NON_CONTEXT + (row,))
    monkeypatch.setattr(catalog, "BY_NAME", {**catalog.BY_NAME, row.name: row})
    monkeypatch.setattr(catalog, "CATALOG_VERSION", catalog.catalog_version(catalog.CATALOG))
    backfill = client.get(f"/admin/badgemapreduce/{start(client)}", headers=TASK).get_json()
    assert (backfill["users_processed"], backfill["users_skipped"], backfill["badges_awarded"]) == (14, 0, 14)
    with ds():
        assert all("fiftythousandairebadge" in keys for keys in awards_by_user().values())
        assert {ud.points for ud in UserData.query().fetch()} == {150_000 + 7}
        notes = [n for n in PendingNotification.query().fetch() if n.badge_name == row.name]
        assert len(notes) == 14 and all(n.backfilled for n in notes)


def test_a_poison_user_is_counted_failed_while_the_others_succeed(inline, ds):
    client = inline.test_client()
    with ds():
        expected = populate(12, poison=1)
    status = client.get(f"/admin/badgemapreduce/{start(client)}", headers=TASK).get_json()
    assert (status["state"], status["users_seen"], status["users_processed"], status["users_failed"]) == (
        "done", 13, 12, 1)
    assert status["failures"][0]["user_id"] == "poison0" and "TypeError" in status["failures"][0]["error"]
    with ds():
        assert_exact(expected)


def test_monthly_top_badges_are_awarded_once_to_the_ten_best_of_the_month(inline, ds):
    client = inline.test_client()
    with ds():
        populate(14, kinds=("blank",))
        rows = [UserMonthlyPoints(parent=ndb.Key(UserData, f"u{i:05d}"), id="2012-03:Arithmetic", month="2012-03",
                                  subject="Arithmetic", points=100 * (i + 1)) for i in range(12)]
        rows.append(UserMonthlyPoints(parent=ndb.Key(UserData, "u00013"), id="2012-02:Arithmetic",
                                      month="2012-02", subject="Arithmetic", points=99_999))  # another month
        rows.append(UserMonthlyPoints(parent=ndb.Key(UserData, "u00000"), id="2012-03:Algebra", month="2012-03",
                                      subject="Algebra", points=5))
        ndb.put_multi(rows)
    for _ in range(2):
        assert client.get(f"/admin/badgemapreduce/{start(client)}", headers=TASK).get_json()["state"] == "done"
    with ds():
        found = awards_by_user()
        arithmetic = {uid for uid, keys in found.items() if "monthlytoparithmeticianbadge[Mar '12]" in keys}
        assert arithmetic == {f"u{i:05d}" for i in range(2, 12)}
        assert found["u00000"] == {"monthlytopalgebraistbadge[Mar '12]"}
        assert sum(len(keys) for keys in found.values()) == 11
        records = {r.key.id(): r.state for r in MonthlyAward.query().fetch()}
        assert records == {f"2012-03:{s}": "done" for s in ("Arithmetic", "Pre-algebra", "Algebra", "Trigonometry")}
